"""Checks on the ``indicators`` of a catalog file: each entry alone, then the links between them."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from cds.lib.errors import InputError
from cds.lib.text import fold_words, nfc
from cds.lib.vn_numbers import DISPLAY_UNITS

from .models import Direction, Kind, PeriodAggregation, Scope, UnitAggregation
from .spec_types import (
    ALLOWED_AGGREGATION,
    CITATION_KEYS,
    CODE_RE,
    COUNTABLE_LEVELS,
    FIELDS,
    LEVELS,
    MAX_CITATION,
    MAX_LENGTH,
    NUMERIC_KINDS,
    REQUIRED,
    CatalogSpec,
    Citation,
    FileContext,
    IndicatorSpec,
    PillarSpec,
    check_keys,
)
from .yaml_lines import Mapping

_ENUMS = (("kind", Kind), ("aggregate_units", UnitAggregation), ("aggregate_periods", PeriodAggregation),
          ("direction", Direction), ("scope", Scope))  # fmt: skip
_TEXT_FIELDS = ("name_vi", "name_en", "unit_vi", "unit_en", "description", "source", "pillar")
_VI = {"numerator": "tử số", "denominator": "mẫu số"}


def check_indicators(
    ctx: FileContext,
    doc: Mapping,
    base: CatalogSpec | None,
    defaults: dict[str, dict[str, Any]],
    retired: tuple[str, ...],
    pillars: dict[str, PillarSpec],
) -> tuple[IndicatorSpec, ...]:
    """Every indicator of the file (with the base's, when it extends one), fully checked."""
    entries = _entries(ctx, doc, base, defaults, retired)
    indicators = tuple(_indicator(ctx, fields, line, pillars) for fields, line in entries)
    lines = {fields["code"]: line for fields, line in entries}
    _cross_check(ctx, indicators, lines)
    return _rate_levels(ctx, indicators, lines)


def _entries(
    ctx: FileContext,
    doc: Mapping,
    base: CatalogSpec | None,
    defaults: dict[str, dict[str, Any]],
    retired: tuple[str, ...],
) -> list[tuple[dict[str, Any], int | None]]:
    """Each indicator's fields after defaults (new ones) or over the base definition (amended ones)."""
    raw = doc.get("indicators", [] if base else None)
    if not isinstance(raw, list) or (not raw and not base):
        raise ctx.at(
            doc, "indicators", "«indicators» là danh sách chỉ tiêu", "«indicators» must be a list", value=None
        )
    merged: dict[str, tuple[dict[str, Any], int | None]] = {}
    if base:
        merged = {i.code: (asdict(i), None) for i in base.indicators if i.code not in retired}
    listed: set[str] = set()
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise ctx.at(
                doc,
                "indicators",
                "mỗi chỉ tiêu là một bảng khóa: giá trị",
                "each indicator is a mapping of fields",
                value=entry,
            )
        code = entry.get("code")
        if not isinstance(code, str) or len(code) > MAX_LENGTH["code"] or not CODE_RE.match(code):
            raise ctx.at(
                entry,
                "code",
                "mã chỉ tiêu là chữ thường tiếng Anh có dấu chấm, ví dụ dvc.dossiers_total (tối đa 64 ký tự)",
                "an indicator code is lowercase dotted English, e.g. "
                "dvc.dossiers_total (at most 64 characters)",
            )
        check_keys(ctx, entry, FIELDS, "chỉ tiêu", "an indicator", code=code)
        if code in listed or code in retired:
            raise ctx.at(
                entry,
                "code",
                "mã chỉ tiêu bị trùng trong tệp (hoặc vừa sửa vừa bỏ)",
                "duplicate indicator code in the file (or both amended and retired)",
                code=code,
            )
        listed.add(code)
        if code in merged:  # amending the base definition: only the listed fields change
            fields = {**merged[code][0], **entry, "_explicit": set(entry)}
        else:
            kind_defaults = defaults.get(entry["kind"], {}) if isinstance(entry.get("kind"), str) else {}
            fields = {**kind_defaults, **entry, "_explicit": set(entry) | set(kind_defaults)}
        merged[code] = (fields, entry.line)
    return list(merged.values())


def _indicator(
    ctx: FileContext, fields: dict[str, Any], line: int | None, pillars: dict[str, PillarSpec]
) -> IndicatorSpec:
    code = fields["code"]
    explicit = fields.pop("_explicit", set())  # inherited entries were checked in the base

    def fail(field: str, vi: str, en: str) -> InputError:
        return ctx.error(vi, en, line=line, field=field, code=code, value=fields.get(field))

    for key in REQUIRED:
        if fields.get(key) in (None, ""):
            raise fail(key, f"thiếu trường bắt buộc «{key}»", f"missing required field «{key}»")
    for key in _TEXT_FIELDS:
        fields[key] = "" if fields.get(key) is None else fields[key]
        if not isinstance(fields[key], str) or len(fields[key]) > MAX_LENGTH.get(key, 10_000):
            limit = MAX_LENGTH.get(key, 10_000)
            raise fail(
                key, f"«{key}» là văn bản tối đa {limit} ký tự", f"«{key}» must be text of at most {limit}"
            )
    if fields["pillar"] not in pillars:
        raise fail(
            "pillar",
            f"trụ cột «{fields['pillar']}» không có trong danh mục; các trụ cột: {', '.join(pillars)}",
            f"unknown pillar «{fields['pillar']}»; pillars: {', '.join(pillars)}",
        )
    for key, enum in _ENUMS:
        value = fields.setdefault(key, Direction.UP) if key == "direction" else fields.get(key)
        if value not in enum.values:
            raise fail(
                key,
                f"giá trị «{value}» không hợp lệ; chọn một trong: {', '.join(enum.values)}",
                f"invalid value «{value}»; choose one of: {', '.join(enum.values)}",
            )
    kind = fields["kind"]
    if "scale" in explicit and kind != Kind.RATE:
        raise fail(
            "scale", "«scale» chỉ dùng cho tỷ lệ (kind: rate)", "«scale» only applies to rates (kind: rate)"
        )
    _check_rate_fields(fields, kind, fail)
    units_allowed, periods_allowed = ALLOWED_AGGREGATION[kind]
    for key, allowed in (("aggregate_units", units_allowed), ("aggregate_periods", periods_allowed)):
        if fields[key] not in allowed:
            raise fail(
                key,
                f"chỉ tiêu loại «{kind}» không thể cộng dồn bằng «{fields[key]}»; dùng: {', '.join(allowed)}",
                f"a «{kind}» indicator cannot be aggregated by «{fields[key]}»; use: {', '.join(allowed)}",
            )
    parts = _parts(fields, code, kind, fail)
    display_unit = _display_unit(fields, kind, fail)
    basis, basis_none = _basis(fields, "basis" in explicit, fail)
    counts_units = _counts_units(fields, kind, fail)
    levels = _levels(fields, counts_units, fail)
    return IndicatorSpec(
        code=code,
        name_vi=fields["name_vi"].strip(),
        name_en=fields["name_en"].strip(),
        pillar=fields["pillar"],
        kind=kind,
        unit_vi=fields["unit_vi"],
        unit_en=fields["unit_en"],
        numerator=fields.get("numerator") or None,
        denominator=fields.get("denominator") or None,
        scale=_integer(fields, "scale", 100, 1, None, fail),
        aggregate_units=fields["aggregate_units"],
        aggregate_periods=fields["aggregate_periods"],
        direction=fields["direction"],
        decimals=_integer(fields, "decimals", 0, 0, 6, fail),
        parts=parts,
        description=fields["description"].strip(),
        source=fields["source"].strip(),
        scope=fields["scope"],
        display_unit=display_unit,
        basis=basis,
        basis_none=basis_none,
        levels=levels,
        counts_units=counts_units,
        aliases=_aliases(fields, fail),
    )


_LEVEL_VI = {"province": "tỉnh", "district": "huyện", "commune": "xã", "village": "thôn"}


def _counts_units(fields: dict[str, Any], kind: str, fail: Any) -> str:
    """``counts_units: commune``: the value is how many communes exist under the unit on the
    period's last day (the units registry), never typed — the denominator of «12/13 xã»."""
    value = fields.get("counts_units") or ""
    if not value:
        return ""
    if value not in COUNTABLE_LEVELS:
        raise fail(
            "counts_units",
            f"«counts_units» là một cấp đơn vị: {', '.join(COUNTABLE_LEVELS)}",
            f"«counts_units» is a unit level: {', '.join(COUNTABLE_LEVELS)}",
        )
    wanted = (Kind.COUNT, "territory", "sum", "latest")
    found = (kind, fields["scope"], fields["aggregate_units"], fields["aggregate_periods"])
    if found != wanted or fields.get("parts"):
        raise fail(
            "counts_units",
            "chỉ tiêu đếm đơn vị hành chính (counts_units) là số lượng (count) trên địa bàn (territory), "
            "cộng theo đơn vị (sum), lấy số cuối kỳ (latest), không có «parts»",
            "a count of units (counts_units) is a count, territory, sum over units, latest over "
            "periods, without «parts»",
        )
    return value


def _levels(fields: dict[str, Any], counts_units: str, fail: Any) -> tuple[str, ...]:
    """The levels whose units fill the indicator (their data set), in ``LEVELS`` order; () = every
    level. A count of units is filled only above the level it counts (a commune has no communes)."""
    raw = fields.get("levels")
    above = LEVELS[: LEVELS.index(counts_units)] if counts_units in LEVELS else LEVELS
    if raw is None or raw == ():
        return above if above != LEVELS else ()
    if (
        not isinstance(raw, list | tuple)
        or not raw
        or len(set(raw)) != len(raw)
        or not all(level in LEVELS for level in raw)
    ):
        raise fail(
            "levels",
            f"«levels» là danh sách các cấp không lặp lại: {', '.join(LEVELS)}",
            f"«levels» is a list of distinct levels: {', '.join(LEVELS)}",
        )
    if counts_units and not set(raw) <= set(above):
        raise fail(
            "levels",
            f"chỉ tiêu đếm số {_LEVEL_VI[counts_units]} chỉ dùng cho cấp trên cấp "
            f"{_LEVEL_VI[counts_units]} ({', '.join(above)})",
            f"a count of {counts_units} units is only filled above that level ({', '.join(above)})",
        )
    levels = tuple(level for level in LEVELS if level in raw)
    return () if levels == LEVELS else levels


def _rate_levels(
    ctx: FileContext, indicators: tuple[IndicatorSpec, ...], lines: dict[str, int | None]
) -> tuple[IndicatorSpec, ...]:
    """A rate is computed at the levels where both its parts are filled: its ``levels`` (when
    given) lie within theirs, and when not given are theirs."""
    by_code = {i.code: i for i in indicators}
    out = []
    for ind in indicators:
        if ind.kind == Kind.RATE:
            parts = [set(by_code[c].levels or LEVELS) for c in (ind.numerator, ind.denominator) if c]
            both = tuple(level for level in LEVELS if all(level in p for p in parts))
            if ind.levels and not set(ind.levels) <= set(both):
                raise ctx.error(
                    f"tỷ lệ chỉ tính được ở cấp có cả tử số và mẫu số ({', '.join(both)})",
                    f"a rate can only be computed where both its parts are filled ({', '.join(both)})",
                    line=lines.get(ind.code),
                    field="levels",
                    code=ind.code,
                    value=list(ind.levels),
                )
            if not ind.levels and both != LEVELS:
                ind = replace(ind, levels=both)
        out.append(ind)
    return tuple(out)


def _aliases(fields: dict[str, Any], fail: Any) -> tuple[str, ...]:
    """``aliases``: the other phrasings reports use for the indicator — NFC text, each said once."""
    raw = fields.get("aliases") or ()
    limit = MAX_LENGTH["alias"]
    vi = f"«aliases» là danh sách cách gọi khác (văn bản, tối đa {limit} ký tự mỗi cách)"
    en = f"«aliases» is a list of other phrasings (text, at most {limit} characters each)"
    if not isinstance(raw, list | tuple):
        raise fail("aliases", vi, en)
    aliases: list[str] = []
    seen = {fold_words(fields["name_vi"])}
    for alias in raw:
        if not isinstance(alias, str) or not alias.strip() or len(alias) > limit:
            raise fail("aliases", vi, en)
        key = fold_words(alias)
        if key in seen:
            raise fail(
                "aliases",
                f"cách gọi «{alias}» bị lặp (hoặc trùng tên chỉ tiêu)",
                f"the phrasing «{alias}» is repeated (or is the indicator's own name)",
            )
        seen.add(key)
        aliases.append(nfc(alias))
    return tuple(aliases)


def _basis(fields: dict[str, Any], listed: bool, fail: Any) -> tuple[tuple[Citation, ...], str]:
    """``basis``: a list of citations ``{doc, part, url}``, or ``{none: "why no legal text"}``.

    An indicator inherited from the base version (``listed`` false) keeps the base's basis, which
    ``asdict`` turned into plain dicts and a ``basis_none`` key.
    """
    raw = fields.get("basis")
    if not listed:
        inherited = tuple(Citation(**dict(c)) for c in raw or ())
        return inherited, str(fields.get("basis_none") or "")
    shape_vi = (
        "«basis» là danh sách căn cứ pháp lý [{doc: «văn bản», part: «điều, khoản, phụ lục», url: "
        "«địa chỉ»}], hoặc {none: «lý do không có văn bản nào quy định»}"
    )
    shape_en = (
        "«basis» is a list of legal citations [{doc: «document», part: «article, appendix, item», "
        "url: «address»}], or {none: «why no legal text defines it»}"
    )
    if isinstance(raw, dict):
        reason = raw.get("none")
        if set(raw) != {"none"} or not isinstance(reason, str) or not reason.strip():
            raise fail("basis", shape_vi, shape_en)
        return (), reason.strip()
    if not isinstance(raw, list) or not raw:
        raise fail("basis", shape_vi, shape_en)
    citations: list[Citation] = []
    for item in raw:
        if not isinstance(item, dict) or not set(item) <= set(CITATION_KEYS):
            raise fail("basis", shape_vi, shape_en)
        for key in CITATION_KEYS:
            value = item.get(key, "")
            if not isinstance(value, str) or len(value) > MAX_CITATION[key]:
                raise fail(
                    "basis",
                    f"«basis.{key}» là văn bản tối đa {MAX_CITATION[key]} ký tự",
                    f"«basis.{key}» must be text of at most {MAX_CITATION[key]} characters",
                )
        if not item.get("doc", "").strip():
            raise fail(
                "basis",
                "mỗi căn cứ phải nêu văn bản («doc»: số, ngày, cơ quan ban hành)",
                "each citation names its document («doc»: number, date, issuing body)",
            )
        url = item.get("url", "").strip()
        if url and not url.startswith(("https://", "http://")):
            raise fail(
                "basis",
                f"«basis.url» phải là địa chỉ http(s)://, không phải «{url}»",
                f"«basis.url» must be an http(s):// address, not «{url}»",
            )
        citations.append(Citation(item["doc"].strip(), item.get("part", "").strip(), url))
    return tuple(citations), ""


def _display_unit(fields: dict[str, Any], kind: str, fail: Any) -> str:
    """Amounts are stored in đồng and shown in the unit officials read them in."""
    value = fields.get("display_unit") or ""
    if value and kind != Kind.AMOUNT:
        raise fail(
            "display_unit",
            "«display_unit» chỉ dùng cho số tiền (kind: amount)",
            "«display_unit» only applies to amounts (kind: amount)",
        )
    if value and value not in DISPLAY_UNITS:
        raise fail(
            "display_unit",
            f"đơn vị hiển thị «{value}» không hợp lệ; chọn một trong: {', '.join(DISPLAY_UNITS)}",
            f"invalid display unit «{value}»; choose one of: {', '.join(DISPLAY_UNITS)}",
        )
    return value


def _check_rate_fields(fields: dict[str, Any], kind: str, fail: Any) -> None:
    for key in ("numerator", "denominator"):
        value = fields.get(key)
        if value is not None and not isinstance(value, str):
            raise fail(key, f"«{key}» phải là một mã chỉ tiêu", f"«{key}» must be an indicator code")
        if kind == Kind.RATE and not value:
            raise fail(
                key,
                f"tỷ lệ phải có «{key}» (tỷ lệ luôn được tính từ tử số và mẫu số)",
                f"a rate needs a «{key}» (rates are always computed from their parts)",
            )
        if kind != Kind.RATE and value:
            raise fail(
                key,
                f"chỉ tỷ lệ mới có «{key}»; loại «{kind}» không có",
                f"only rates have a «{key}»; kind «{kind}» does not",
            )


def _parts(fields: dict[str, Any], code: str, kind: str, fail: Any) -> tuple[str, ...]:
    parts = fields.get("parts") or []
    if not isinstance(parts, list | tuple) or not all(isinstance(p, str) for p in parts):
        raise fail("parts", "«parts» là danh sách mã chỉ tiêu", "«parts» must be a list of indicator codes")
    if parts and kind not in NUMERIC_KINDS:
        raise fail(
            "parts",
            f"chỉ số lượng, số tiền hoặc số đo mới có «parts»; loại «{kind}» không có",
            f"only counts, amounts and numbers have «parts»; kind «{kind}» does not",
        )
    if len(set(parts)) != len(parts) or code in parts or len(parts) == 1:
        raise fail(
            "parts",
            "«parts» gồm ít nhất hai mã khác nhau và khác chính chỉ tiêu",
            "«parts» needs at least two distinct codes other than the indicator itself",
        )
    return tuple(parts)


def _integer(fields: dict[str, Any], key: str, default: int, low: int, high: int | None, fail: Any) -> int:
    value = fields.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        span_vi, span_en = (
            (f"{low}–{high}", f"{low}–{high}") if high is not None else (f"từ {low}", f"≥ {low}")
        )
        raise fail(key, f"«{key}» là số nguyên {span_vi}", f"«{key}» must be a whole number {span_en}")
    return value


def _cross_check(
    ctx: FileContext, indicators: tuple[IndicatorSpec, ...], lines: dict[str, int | None]
) -> None:
    """Links between indicators: a rate's parts and a total's parts exist and fit together."""
    by_code = {i.code: i for i in indicators}

    def fail(ind: IndicatorSpec, field: str, value: Any, vi: str, en: str) -> InputError:
        return ctx.error(vi, en, line=lines.get(ind.code), field=field, code=ind.code, value=value)

    for ind in indicators:
        for key in ("numerator", "denominator") if ind.kind == Kind.RATE else ():
            ref = getattr(ind, key)
            other = by_code.get(ref)
            if other is None:
                raise fail(
                    ind,
                    key,
                    ref,
                    f"{_VI[key]} «{ref}» không có trong danh mục",
                    f"{key} «{ref}» is not in the catalog",
                )
            if other.kind not in NUMERIC_KINDS or ref == ind.code:
                raise fail(
                    ind,
                    key,
                    ref,
                    f"{_VI[key]} «{ref}» là loại «{other.kind}»; phải là số lượng, số tiền hoặc số đo",
                    f"{key} «{ref}» is a «{other.kind}»; it must be a count, amount or number",
                )
            if other.scope != ind.scope:
                raise fail(
                    ind,
                    "scope",
                    ind.scope,
                    f"tỷ lệ có phạm vi «{ind.scope}» nhưng {_VI[key]} «{ref}» có phạm vi «{other.scope}»",
                    f"the rate's scope is «{ind.scope}» but its {key} «{ref}» has scope «{other.scope}»",
                )
        if ind.kind == Kind.RATE and ind.numerator == ind.denominator:
            raise fail(
                ind,
                "denominator",
                ind.denominator,
                "tử số và mẫu số trùng nhau",
                "numerator and denominator are the same indicator",
            )
        for part in ind.parts:
            other = by_code.get(part)
            if other is None:
                raise fail(
                    ind,
                    "parts",
                    part,
                    f"thành phần «{part}» không có trong danh mục",
                    f"part «{part}» is not in the catalog",
                )
            mine = "/".join((ind.kind, ind.aggregate_units, ind.aggregate_periods, ind.scope))
            theirs = "/".join((other.kind, other.aggregate_units, other.aggregate_periods, other.scope))
            if mine != theirs:
                raise fail(
                    ind,
                    "parts",
                    part,
                    f"thành phần «{part}» có loại/cách cộng dồn/phạm vi {theirs} khác với tổng ({mine})",
                    f"part «{part}» has kind/aggregation/scope {theirs}, unlike its total ({mine})",
                )
    _check_part_loops(ctx, by_code, lines)
    _check_phrasings_unique(ctx, indicators, lines)


def _check_phrasings_unique(
    ctx: FileContext, indicators: tuple[IndicatorSpec, ...], lines: dict[str, int | None]
) -> None:
    """An alias names one indicator only: never another's alias or another's name (accents, case ignored)."""
    owner = {fold_words(i.name_vi): i.code for i in indicators}
    for ind in indicators:
        for alias in ind.aliases:
            key = fold_words(alias)
            other = owner.setdefault(key, ind.code)
            if other != ind.code:
                raise ctx.error(
                    f"cách gọi «{alias}» đã dùng cho chỉ tiêu «{other}»; mỗi cách gọi chỉ thuộc một chỉ tiêu",
                    f"the phrasing «{alias}» already names indicator «{other}»; a phrasing names one "
                    "indicator only",
                    line=lines.get(ind.code),
                    field="aliases",
                    code=ind.code,
                    value=alias,
                )


def _check_part_loops(
    ctx: FileContext, by_code: dict[str, IndicatorSpec], lines: dict[str, int | None]
) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(code: str, path: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            loop = " → ".join([*path[path.index(code) :], code])
            raise ctx.error(
                f"«parts» tạo vòng lặp: {loop}",
                f"«parts» form a loop: {loop}",
                line=lines.get(code),
                field="parts",
                code=code,
            )
        state[code] = 1
        for part in by_code[code].parts:
            visit(part, [*path, code])
        state[code] = 2

    for code in by_code:
        visit(code, [])
