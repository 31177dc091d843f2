"""Read target (chỉ tiêu) files — YAML or CSV — and store them, all-or-nothing.

A row says: indicator, period, scope (a unit level or one unit) and the target itself, written
as people write it ("≥ 80%", "80% trở lên", "không quá 5") or as comparator + value, and
where it came from. Every row is checked before anything is written; loading the same file
again changes nothing. The format is documented in ``data/README.md``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from cds.lib.errors import InputError, Location
from cds.lib.periods import Period, parse_period
from cds.lib.text import fold_words
from cds.lib.vn_numbers import Kind as NumberKind
from cds.lib.vn_numbers import parse_number
from cds.units.services import resolve_unit

from .models import Comparator, Indicator, Kind, Target
from .services import CatalogNotLoaded, Definition, get_catalog
from .yaml_lines import Mapping, read_utf8, read_yaml

ROW_KEYS = ("indicator", "period", "level", "unit", "target", "comparator", "value", "source")
LEVELS = {
    "province": "province",
    "tinh": "province",
    "district": "district",
    "huyen": "district",
    "commune": "commune",
    "xa": "commune",
    "village": "village",
    "thon": "village",
}
_SYMBOLS = (("≥", ">="), ("≤", "<="), (">=", ">="), ("<=", "<="), (">", ">"), ("<", "<"), ("=", "="))
_PREFIX_WORDS = (("toi thieu", ">="), ("it nhat", ">="), ("toi da", "<="), ("khong qua", "<="), ("tu", ">="))
_SUFFIX_WORDS = (("tro len", ">="), ("tro xuong", "<="))
_QUALIFIER_COMPARATOR = {"over": ">", "more_than": ">", "under": "<"}
# how a target of each indicator kind is read as a number; every other kind reads as "number"
_NUMBER_KINDS: dict[str, NumberKind] = {"count": "count", "amount": "amount", "rate": "rate"}
_TRUE, _FALSE = {"co", "dat", "yes", "true"}, {"khong", "chua", "no", "false"}


@dataclass
class TargetLoadResult:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return vars(self).copy()


@dataclass(frozen=True)
class _Row:
    indicator: Indicator
    period: str
    level: str
    unit: Any  # cds.units.models.Unit | None
    comparator: str
    value: Decimal
    source: str

    @property
    def key(self) -> tuple[int, str, str, int | None]:
        return (self.indicator.pk, self.period, self.level, self.unit.pk if self.unit else None)


def load_targets_file(path: Path | str) -> TargetLoadResult:
    """Check every row of a YAML/CSV target file, then create or update its targets atomically."""
    path = Path(path)
    raw_rows = _read_rows(path)
    rows: list[_Row] = []
    seen: dict[tuple[int, str, str, int | None], int] = {}
    for line, raw in raw_rows:
        row = _row(path.name, line, raw)
        if row.key in seen:
            raise InputError(
                f"chỉ tiêu này đã có ở dòng {seen[row.key]} (cùng chỉ tiêu, kỳ và phạm vi)",
                f"this target repeats line {seen[row.key]} (same indicator, period and scope)",
                Location(file=path.name, row=line, column="indicator", value=row.indicator.code),
            )
        seen[row.key] = line or 0
        rows.append(row)
    result = TargetLoadResult(path.name, rows=len(rows))
    with transaction.atomic():
        for row in rows:
            target, created = Target.objects.get_or_create(
                indicator=row.indicator,
                period=row.period,
                level=row.level,
                unit=row.unit,
                defaults={"comparator": row.comparator, "value": row.value, "source": row.source},
            )
            if created:
                result.created += 1
            elif (target.comparator, target.value, target.source) == (row.comparator, row.value, row.source):
                result.unchanged += 1
            else:
                target.comparator, target.value, target.source = row.comparator, row.value, row.source
                target.save(update_fields=["comparator", "value", "source"])
                result.updated += 1
    return result


def _read_rows(path: Path) -> list[tuple[int | None, dict[str, Any]]]:
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    document, _ = read_yaml(path)
    if not isinstance(document, Mapping) or not isinstance(document.get("targets"), list):
        raise InputError(
            "tệp chỉ tiêu YAML cần danh sách «targets»",
            "a YAML target file needs a «targets» list",
            Location(file=path.name),
        )
    default_source = document.get("source", "")
    rows = []
    for entry in document["targets"]:
        if not isinstance(entry, Mapping):
            raise InputError(
                "mỗi chỉ tiêu là một bảng khóa: giá trị",
                "each target is a mapping of fields",
                Location(file=path.name, row=document.line_of("targets")),
            )
        for key in entry:
            if key not in ROW_KEYS:
                raise InputError(
                    f"trường «{key}» không được hỗ trợ; các trường: {', '.join(ROW_KEYS)}",
                    f"unknown field «{key}»; fields: {', '.join(ROW_KEYS)}",
                    Location(file=path.name, row=entry.line_of(key), column=str(key)),
                )
        rows.append((entry.line, {"source": default_source, **entry}))
    return rows


def _read_csv(path: Path) -> list[tuple[int | None, dict[str, Any]]]:
    text, _data = read_utf8(path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in ROW_KEYS]
    if unknown or not {"indicator", "period"} <= set(header):
        raise InputError(
            f"tiêu đề cột phải là: {', '.join(ROW_KEYS)} (cần indicator, period)",
            f"the header must use: {', '.join(ROW_KEYS)} (indicator and period required)",
            Location(file=path.name, row=1, value=", ".join(unknown) or None),
        )
    rows: list[tuple[int | None, dict[str, Any]]] = []
    for number, record in enumerate(reader, start=2):
        cells = {k.strip().lower(): (v or "").strip() for k, v in record.items() if k}
        if any(cells.values()):
            rows.append((number, cells))
    return rows


def read_target(raw: dict[str, Any], unit: Any) -> _Row:
    """One target typed in a form for ``unit`` (``indicator``, ``period``, ``target`` as people write
    it, ``source``), checked by the same rules as a file's row; the caller checks it may set it."""
    return _row("", None, raw, unit)


def _row(file: str, line: int | None, raw: dict[str, Any], unit: Any = None) -> _Row:
    def fail(column: str, vi: str, en: str) -> InputError:
        return InputError(vi, en, Location(file=file, row=line, column=column, value=raw.get(column)))

    code = str(raw.get("indicator") or "").strip()
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise fail(
            "indicator", "mã chỉ tiêu không có trong danh mục", "no indicator with this code in the catalog"
        )
    try:
        period = parse_period(str(raw.get("period") or ""))
    except InputError as err:
        raise err.located(file=file, row=line, column="period") from None
    definition = _definition(code, period)
    if definition is None:
        raise fail(
            "indicator",
            "chỉ tiêu không có trong phiên bản danh mục áp dụng cho kỳ này",
            "the indicator is not in the catalog version in force for this period",
        )
    if definition.kind == Kind.TEXT:
        raise fail(
            "indicator", "không đặt chỉ tiêu cho một mục dạng văn bản", "a text item cannot have a target"
        )
    if definition.kind == Kind.DATE:  # a milestone's date is not a quantity to reach
        raise fail("indicator", "không đặt chỉ tiêu cho một mốc thời gian", "a date cannot have a target")
    level, unit = ("", unit) if unit is not None else _scope(raw, period, fail)
    comparator, value = _target(raw, definition, fail)
    source = str(raw.get("source") or "").strip()
    if not source:
        raise fail(
            "source",
            "thiếu nguồn (văn bản giao chỉ tiêu, hoặc «demo»)",
            "missing source (the document that set the target, or «demo»)",
        )
    if len(source) > 255:
        raise fail("source", "nguồn dài quá 255 ký tự", "the source is longer than 255 characters")
    return _Row(indicator, period.code, level, unit, comparator, value, source)


def _definition(code: str, period: Period) -> Definition | None:
    try:
        return get_catalog(period.start).get(code)
    except CatalogNotLoaded:
        return None


def _scope(raw: dict[str, Any], period: Period, fail: Any) -> tuple[str, Any]:
    level_text, unit_text = str(raw.get("level") or "").strip(), str(raw.get("unit") or "").strip()
    if bool(level_text) == bool(unit_text):
        raise fail(
            "level",
            "ghi đúng một trong hai: cấp (level) hoặc đơn vị (unit)",
            "give exactly one of level or unit",
        )
    if level_text:
        level = LEVELS.get(fold_words(level_text))
        if level is None:
            raise fail(
                "level",
                "cấp phải là tỉnh, huyện, xã hoặc thôn (province, district, commune, village)",
                "level must be province, district, commune or village",
            )
        return level, None
    try:
        return "", resolve_unit(unit_text, as_of=period.start)
    except InputError as err:
        raise fail("unit", f"đơn vị: {err.vi}", f"unit: {err.en}") from None


def _target(raw: dict[str, Any], definition: Definition, fail: Any) -> tuple[str, Decimal]:
    """(comparator, value) from «target: "≥ 80%"» or from «comparator» + «value»."""
    text = raw.get("target")
    column = "target"
    if text in (None, ""):
        column = "value"
        comparator_text = str(raw.get("comparator") or ">=").strip()
        text = f"{comparator_text} {raw.get('value') if raw.get('value') is not None else ''}".strip()
    elif raw.get("comparator") or raw.get("value") not in (None, ""):
        raise fail(
            "target",
            "ghi «target» hoặc «comparator» + «value», không ghi cả hai",
            "give either «target» or «comparator» + «value», not both",
        )
    comparator, rest = _split_comparator(str(text))
    if definition.kind == Kind.BOOLEAN:
        word = fold_words(rest)
        if word not in _TRUE | _FALSE:
            raise fail(
                column, "chỉ tiêu Có/Không: ghi «có» hoặc «không»", "a yes/no target is «có» or «không»"
            )
        return "=", Decimal(1 if word in _TRUE else 0)
    kind = _NUMBER_KINDS.get(definition.kind, "number")
    if (
        isinstance(raw.get(column), int | float)
        and not isinstance(raw.get(column), bool)
        and column == "value"
    ):
        value, qualifier = _plain_number(raw[column], fail, column), ""
    else:
        try:
            # a rate's target is at most its scale (100%): it decides "1.463" (1,463%)
            ceiling = definition.scale if kind == "rate" else None
            parsed = parse_number(rest, kind=kind, maximum=ceiling)
        except InputError as err:
            raise fail(column, err.vi, err.en) from None
        value, qualifier = parsed.value, parsed.qualifier
        if parsed.denominator is not None:
            raise fail(column, "chỉ tiêu không ghi dạng phân số", "a target is not a fraction")
    if qualifier == "about":
        raise fail(
            column, "chỉ tiêu phải là con số cụ thể, không ghi «khoảng»", "a target is exact, not «about»"
        )
    if qualifier:
        if comparator:
            raise fail(column, "ghi dấu so sánh hai lần", "the comparison is written twice")
        comparator = _QUALIFIER_COMPARATOR[qualifier]
    if value < 0 or (definition.kind == Kind.RATE and value > definition.scale):
        raise fail(
            column, f"giá trị phải từ 0 đến {definition.scale}", f"the value must be 0 to {definition.scale}"
        )
    return comparator or Comparator.GE, value


def _split_comparator(text: str) -> tuple[str, str]:
    text = text.strip()
    for symbol, comparator in _SYMBOLS:
        if text.startswith(symbol):
            return comparator, text[len(symbol) :].strip()
    folded = fold_words(text)
    for suffix, comparator in _SUFFIX_WORDS:
        if folded.endswith(" " + suffix):
            words = text.split()
            rest = " ".join(words[: -len(suffix.split())])
            for prefix, _ in _PREFIX_WORDS:  # "từ 80% trở lên"
                if fold_words(rest).startswith(prefix + " "):
                    rest = " ".join(rest.split()[len(prefix.split()) :])
            return comparator, rest
    for prefix, comparator in _PREFIX_WORDS:
        if folded.startswith(prefix + " ") and prefix != "tu":
            return comparator, " ".join(text.split()[len(prefix.split()) :])
    return "", text


def _plain_number(value: int | float, fail: Any, column: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise fail(column, "không phải là số", "is not a number") from None
