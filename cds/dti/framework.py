"""DTI frameworks as versioned data: read a YAML file, check it, return frozen objects.

A framework is published by a province (or ministry) for a level and some years; it changes
from year to year, so it is a file, never code. Every mistake in a file is an ``InputError``
naming the file, the line and the key, in Vietnamese and English. The format is documented
in ``docs/dti.md`` and by the shipped files in ``cds/dti/data/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cds.catalog.yaml_lines import Mapping, read_yaml
from cds.lib.errors import InputError, Location
from cds.lib.vn_numbers import parse_number

from .rules import RULE_TYPES, Rule

DATA_DIR = Path(__file__).parent / "data"
LEVELS = ("province", "district", "commune")
LEVEL_VI = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}


@dataclass(frozen=True)
class Item:
    code: str
    name_vi: str
    max_points: Decimal
    rule: Rule
    pillar: str
    name_en: str = ""
    evidence: str = ""  # tài liệu kiểm chứng
    data_source: str = ""
    verifier: str = ""

    @property
    def is_manual(self) -> bool:
        return self.rule.type == "manual"


@dataclass(frozen=True)
class Pillar:
    code: str
    name_vi: str
    name_en: str
    max_points: Decimal
    weight: Decimal
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Framework:
    code: str
    version: str
    title: str
    level: str
    years: tuple[int, ...]
    pillars: tuple[Pillar, ...]
    total: Decimal
    self_assessment: str  # required | optional
    deadline: tuple[int, int]  # (day, month) in the assessed year
    template: bool
    source: str
    sha256: str
    document: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def items(self) -> list[Item]:
        return [item for pillar in self.pillars for item in pillar.items]

    def item(self, code: str) -> Item:
        for item in self.items():
            if item.code == code:
                return item
        raise KeyError(code)

    def codes(self) -> list[str]:
        """Every catalog code the framework reads, once each, in order."""
        return list(dict.fromkeys(c for item in self.items() for c in item.rule.codes()))

    def deadline_on(self, year: int) -> dt.date:
        day, month = self.deadline
        return dt.date(year, month, day)


class _Ctx:
    def __init__(self, file_name: str):
        self.file = file_name

    def error(self, node: Any, key: str | None, vi: str, en: str, value: Any = None) -> InputError:
        row = node.line_of(key) if isinstance(node, Mapping) and key else getattr(node, "line", None)
        return InputError(vi, en, Location(file=self.file, row=row, column=key, value=value))

    def mapping(self, node: Any, parent: Any, key: str | None, vi: str, en: str) -> Mapping:
        """``node`` when it is a mapping of keys; else the error (vi, en) at ``parent``'s ``key``."""
        if not isinstance(node, Mapping):
            raise self.error(parent, key, vi, en)
        return node


def read_framework(path: Path | str) -> Framework:
    """Read and check one framework file (no database needed; catalog codes are checked on load)."""
    path = Path(path)
    document, raw = read_yaml(path)
    return build_framework(document, raw, path.name)


def build_framework(document: Any, raw: bytes, file_name: str) -> Framework:
    """Check a parsed YAML document (from ``read_yaml``'s line-aware loader) and build the framework."""
    ctx = _Ctx(file_name)
    document = ctx.mapping(
        document,
        None,
        None,
        "tệp khung đánh giá phải là một bảng khóa: giá trị",
        "a framework file is a mapping",
    )
    code = _text(ctx, document, "code")
    version = str(_required(ctx, document, "version"))
    level = _text(ctx, document, "level")
    if level not in LEVELS:
        raise ctx.error(
            document,
            "level",
            f"cấp phải là một trong {', '.join(LEVELS)}",
            f"level must be one of {', '.join(LEVELS)}",
            level,
        )
    pillars = tuple(_pillar(ctx, node, i) for i, node in enumerate(_list(ctx, document, "pillars")))
    seen: set[str] = set()
    for item in (item for p in pillars for item in p.items):
        if item.code in seen:
            raise ctx.error(
                document,
                "pillars",
                f"mã tiêu chí «{item.code}» lặp lại",
                f"item code «{item.code}» appears twice",
                item.code,
            )
        seen.add(item.code)
    total = _decimal(ctx, document, "total")
    computed = sum((p.max_points * p.weight for p in pillars), Decimal(0))
    if computed != total:
        raise ctx.error(
            document,
            "total",
            f"tổng điểm khai báo {total} khác tổng điểm các trụ cột × trọng số ({computed})",
            f"declared total {total} differs from the pillars' maxima × weights ({computed})",
            total,
        )
    mode = str(document.get("self_assessment", "required"))
    if mode not in ("required", "optional"):
        raise ctx.error(
            document,
            "self_assessment",
            "self_assessment là required hoặc optional",
            "self_assessment is required or optional",
            mode,
        )
    return Framework(
        code=code,
        version=version,
        title=_text(ctx, document, "title"),
        level=level,
        years=_years(ctx, document),
        pillars=pillars,
        total=total,
        self_assessment=mode,
        deadline=_deadline(ctx, document),
        template=bool(document.get("template", False)),
        source=str(document.get("source", "")),
        sha256=hashlib.sha256(raw).hexdigest(),
        document=json.loads(json.dumps(document, default=str)),
    )


def builtin_frameworks() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def _required(ctx: _Ctx, node: Mapping, key: str) -> Any:
    if node.get(key) in (None, ""):
        raise ctx.error(node, key, f"thiếu «{key}»", f"«{key}» is missing")
    return node[key]


def _text(ctx: _Ctx, node: Mapping, key: str) -> str:
    value = _required(ctx, node, key)
    if not isinstance(value, str):
        raise ctx.error(node, key, f"«{key}» phải là văn bản", f"«{key}» must be text", value)
    return value.strip()


def _list(ctx: _Ctx, node: Mapping, key: str) -> list[Any]:
    value = _required(ctx, node, key)
    if not isinstance(value, list) or not value:
        raise ctx.error(
            node, key, f"«{key}» phải là danh sách không rỗng", f"«{key}» must be a non-empty list"
        )
    return value


def _decimal(ctx: _Ctx, node: Mapping, key: str, default: Any = None, positive: bool = True) -> Decimal:
    value = node.get(key, default)
    if value is None:
        raise ctx.error(node, key, f"thiếu «{key}»", f"«{key}» is missing")
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = (
            Decimal(str(value))
            if isinstance(value, int | float)
            else parse_number(str(value), "number").value
        )
    except (InvalidOperation, InputError):
        raise ctx.error(node, key, f"«{key}» phải là số", f"«{key}» must be a number", value) from None
    if number < 0 or (positive and number == 0) or not number.is_finite():
        raise ctx.error(node, key, f"«{key}» phải là số dương", f"«{key}» must be positive", value)
    return number


def _years(ctx: _Ctx, node: Mapping) -> tuple[int, ...]:
    value = _required(ctx, node, "years")
    years = value if isinstance(value, list) else [value]
    if not all(isinstance(y, int) and 2000 <= y <= 2100 for y in years):
        raise ctx.error(
            node,
            "years",
            "«years» là danh sách năm, ví dụ [2023, 2024]",
            "«years» is a list of years, e.g. [2023, 2024]",
            value,
        )
    return tuple(sorted(years))


def _deadline(ctx: _Ctx, node: Mapping) -> tuple[int, int]:
    raw = str(node.get("deadline", "14/12"))
    try:
        day, month = (int(part) for part in raw.split("/"))
        dt.date(2024, month, day)
    except ValueError:
        raise ctx.error(
            node,
            "deadline",
            "hạn tự đánh giá có dạng NGÀY/THÁNG, ví dụ 14/12",
            "the deadline looks like DAY/MONTH, e.g. 14/12",
            raw,
        ) from None
    return day, month


def _pillar(ctx: _Ctx, node: Any, index: int) -> Pillar:
    node = ctx.mapping(
        node,
        None,
        "pillars",
        f"trụ cột thứ {index + 1} phải là bảng khóa",
        f"pillar {index + 1} must be a mapping",
    )
    code = _text(ctx, node, "code")
    maximum = _decimal(ctx, node, "max_points")
    items = tuple(_item(ctx, child, code) for child in _list(ctx, node, "items"))
    items_total = sum((i.max_points for i in items), Decimal(0))
    if items_total != maximum:
        raise ctx.error(
            node,
            "max_points",
            f"trụ cột «{code}»: điểm tối đa {maximum} khác tổng điểm các tiêu chí ({items_total})",
            f"pillar «{code}»: max_points {maximum} differs from the sum of its items ({items_total})",
            maximum,
        )
    return Pillar(
        code=code,
        name_vi=_text(ctx, node, "name_vi"),
        name_en=str(node.get("name_en", "")),
        max_points=maximum,
        weight=_decimal(ctx, node, "weight", default=1),
        items=items,
    )


def _item(ctx: _Ctx, node: Any, pillar: str) -> Item:
    node = ctx.mapping(
        node,
        None,
        "items",
        f"trụ cột «{pillar}»: mỗi tiêu chí phải là bảng khóa",
        f"pillar «{pillar}»: each item must be a mapping",
    )
    code = str(_required(ctx, node, "code"))
    maximum = _decimal(ctx, node, "max_points")
    rule_node = ctx.mapping(
        _required(ctx, node, "rule"),
        node,
        "rule",
        f"tiêu chí {code}: «rule» phải là bảng khóa",
        f"item {code}: «rule» must be a mapping",
    )
    return Item(
        code=code,
        name_vi=_text(ctx, node, "name_vi"),
        name_en=str(node.get("name_en", "")),
        max_points=maximum,
        rule=_rule(ctx, rule_node, code, maximum),
        pillar=pillar,
        evidence=str(node.get("evidence", "")),
        data_source=str(node.get("data_source", "")),
        verifier=str(node.get("verifier", "")),
    )


def _rule(ctx: _Ctx, node: Mapping, item: str, maximum: Decimal) -> Rule:
    kind = node.get("type")
    if kind not in RULE_TYPES:
        raise ctx.error(
            node,
            "type",
            f"tiêu chí {item}: loại quy tắc phải là một trong {', '.join(RULE_TYPES)}",
            f"item {item}: rule type must be one of {', '.join(RULE_TYPES)}",
            kind,
        )
    known = {
        "proportional": {"indicator", "numerator", "denominator", "full_at", "floor", "zero_denominator"},
        "steps": {"indicator", "steps"},
        "yes_no": {"indicator", "points_no"},
        "per_population": {"indicator", "population", "per", "full_at"},
        "per_item": {"indicator", "points_each"},
        "manual": {"choices"},
    }[kind] | {"type"}
    for key in node:
        if key not in known:
            raise ctx.error(
                node,
                key,
                f"tiêu chí {item}: quy tắc {kind} không có khóa «{key}»",
                f"item {item}: rule {kind} has no key «{key}»",
                key,
            )
    args: dict[str, Any] = {"type": kind}
    if kind == "manual":
        args["choices"] = tuple(_choices(ctx, node, item, maximum))
        return Rule(**args)
    if kind == "proportional" and node.get("indicator") is None:
        args["numerator"], args["denominator"] = (
            _text(ctx, node, "numerator"),
            _text(ctx, node, "denominator"),
        )
    else:
        args["indicator"] = _text(ctx, node, "indicator")
    if kind == "proportional":
        args["full_at"] = _decimal(ctx, node, "full_at", default=100)
        args["floor"] = _decimal(ctx, node, "floor", default=0, positive=False)
        args["zero_denominator"] = str(node.get("zero_denominator", "zero"))
        if args["zero_denominator"] not in ("zero", "full"):
            raise ctx.error(
                node,
                "zero_denominator",
                "zero_denominator là zero hoặc full",
                "zero_denominator is zero or full",
            )
    elif kind == "steps":
        args["steps"] = _steps(ctx, node, item, maximum)
    elif kind == "yes_no":
        args["points_no"] = _decimal(ctx, node, "points_no", default=0, positive=False)
    elif kind == "per_population":
        args["population"] = str(node.get("population", "pop.population"))
        args["per"] = _decimal(ctx, node, "per", default=100)
        args["full_at"] = _decimal(ctx, node, "full_at")
    elif kind == "per_item":
        args["points_each"] = _decimal(ctx, node, "points_each")
    return Rule(**args)


def _steps(ctx: _Ctx, node: Mapping, item: str, maximum: Decimal) -> tuple[tuple[Decimal, Decimal], ...]:
    raw = node.get("steps")
    bad = ctx.error(
        node,
        "steps",
        f"tiêu chí {item}: «steps» là danh sách [ngưỡng, điểm], ví dụ [[4, 20], [3, 15]]",
        f"item {item}: «steps» is a list of [threshold, points], e.g. [[4, 20], [3, 15]]",
    )
    if not isinstance(raw, list) or not raw:
        raise bad
    steps = []
    for pair in raw:
        if not isinstance(pair, list) or len(pair) != 2:
            raise bad
        try:
            at, points = Decimal(str(pair[0])), Decimal(str(pair[1]))
        except InvalidOperation:
            raise bad from None
        if points > maximum or points < 0:
            raise ctx.error(
                node,
                "steps",
                f"tiêu chí {item}: điểm bậc {points} vượt điểm tối đa {maximum}",
                f"item {item}: step points {points} exceed the maximum {maximum}",
                points,
            )
        steps.append((at, points))
    return tuple(sorted(steps, reverse=True))


def _choices(ctx: _Ctx, node: Mapping, item: str, maximum: Decimal) -> list[tuple[str, Decimal]]:
    raw = node.get("choices") or []
    out = []
    for choice in raw:
        if not isinstance(choice, Mapping) or "label" not in choice or "points" not in choice:
            raise ctx.error(
                node,
                "choices",
                f"tiêu chí {item}: mỗi lựa chọn có «label» và «points»",
                f"item {item}: each choice has «label» and «points»",
            )
        points = _decimal(ctx, choice, "points", positive=False)
        if points > maximum:
            raise ctx.error(
                choice,
                "points",
                f"tiêu chí {item}: điểm lựa chọn vượt điểm tối đa {maximum}",
                f"item {item}: choice points exceed the maximum {maximum}",
                points,
            )
        out.append((str(choice["label"]), points))
    return out
