"""Declarative validation of a unit's values for a period, and their targets.

Which checks exist follows from the catalog (kinds, rate parts, totals with parts) and from the
second splits of a total that ``data/rules.yaml`` lists; how strict they are comes from that
file. Every violation carries the numbers involved and reads in Vietnamese
and English, e.g. "14/23 = 60,87%, báo cáo ghi 164%".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cds.catalog.formatting import format_value
from cds.catalog.services import Catalog, Definition, get_catalog
from cds.catalog.targets import evaluate, share_of_target, targets_for
from cds.lib.periods import Period
from cds.lib.vn_numbers import format_number, format_percent
from cds.units.models import Unit
from cds.units.services import units_below

from .models import DataValue
from .rollup import Coverage, Rollup

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"


@cache
def load_rules(path: Path = RULES_FILE) -> dict[str, dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["rules"]


def second_splits(
    catalog: Catalog, rules: dict[str, dict[str, Any]] | None = None
) -> dict[str, list[tuple[str, ...]]]:
    """The second splits of a total (``parts_sum_to_total.second_splits`` in ``rules.yaml``) that
    ``catalog`` can check — the total and every part in it, the rule not turned off — by the
    total's code: what ``check_values`` checks and what the catalog page lists beside the total."""
    rule = (load_rules() if rules is None else rules).get("parts_sum_to_total", {})
    if rule.get("severity") == "off":
        return {}
    found: dict[str, list[tuple[str, ...]]] = {}
    for split in rule.get("second_splits", []):
        if split["total"] in catalog and all(code in catalog for code in split["parts"]):
            found.setdefault(split["total"], []).append(tuple(split["parts"]))
    return found


@dataclass(frozen=True)
class Violation:
    rule: str
    severity: str
    indicator: str
    message_vi: str
    message_en: str
    numbers: dict[str, Any] = field(default_factory=dict)


@dataclass
class TargetLine:
    indicator: str
    name_vi: str
    value: Decimal | None
    comparator: str
    target: Decimal
    met: bool | None
    gap: Decimal | None
    text_vi: str
    text_en: str
    coverage: Coverage | None = None  # how much of the area the judged value stands for
    name_en: str = ""  # the indicator's English name (English pages), "" when the catalog has none
    # the share of a quota reached, in per cent (``targets.share_of_target``: value ÷ target × 100);
    # None for a rate's target (points), a ceiling, a yes/no, a zero quota or no value
    share: Decimal | None = None


@dataclass
class CheckReport:
    unit: Unit
    period: Period
    violations: list[Violation]
    targets: list[TargetLine]

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "warning"]


def _pct(value: Decimal) -> str:
    return format_percent(value, decimals=2)


def _num(value: Decimal) -> str:
    return format_number(value)


def check_values(
    values: dict[str, Decimal], catalog: Catalog, previous: dict[str, Decimal] | None = None
) -> list[Violation]:
    """Check one unit-period's numbers (code → number). Pure: used by forms, imports and ``cds check``."""
    rules = load_rules()
    out: list[Violation] = []

    def add(rule: str, code: str, vi: str, en: str, **numbers: Any) -> None:
        severity = rules.get(rule, {}).get("severity", "error")
        if severity != "off":
            out.append(Violation(rule, severity, code, vi, en, numbers))

    for code, number in values.items():
        definition = catalog.get(code)
        if definition is None:
            continue
        name_vi, name_en = definition.name_vi, definition.name_en
        if definition.kind in {"count", "amount"} and number < 0:
            add(
                "non_negative",
                code,
                f"{name_vi}: giá trị âm ({_num(number)}).",
                f"{name_en}: negative value ({number}).",
                value=number,
            )
        if definition.kind == "count" and number != number.to_integral_value():
            add(
                "integer_count",
                code,
                f"{name_vi}: số lượng phải là số nguyên, nhận {_num(number)}.",
                f"{name_en}: a count must be a whole number, got {number}.",
                value=number,
            )
        if definition.kind == "rate":
            _check_rate(code, number, values, catalog, rules, add)

    for definition in catalog.rates():
        if definition.code in values or definition.problem_vi:
            continue  # checked above with the reported value; a rate set aside has no parts to check
        num, den = (values.get(c) for c in definition.rate_codes)
        if num is not None and den is not None:
            _check_parts_order(definition, num, den, rules, add)

    for definition in catalog.totals():
        _check_parts(definition, values, catalog, add)
    for code, splits in second_splits(catalog, rules).items():
        for parts in splits:
            _check_parts(replace(catalog[code], parts=parts), values, catalog, add, named=True)

    if previous:
        jump = rules.get("period_jump", {})
        factor = Decimal(str(jump.get("factor", 3)))
        floor = Decimal(str(jump.get("min_previous", 10)))
        for code, number in values.items():
            before = previous.get(code)
            definition = catalog.get(code)
            if (
                before is None
                or definition is None
                or before < floor
                or definition.kind in {"boolean", "text", "date"}
            ):
                continue
            ratio = number / before
            if ratio > factor or ratio < 1 / factor:
                add(
                    "period_jump",
                    code,
                    f"{definition.name_vi}: {format_value(definition, number)} so với kỳ trước "
                    f"{format_value(definition, before)} "
                    f"(gấp {format_number(ratio, decimals=1)} lần) — kiểm tra lại.",
                    f"{definition.name_en}: {number} against {before} last period "
                    f"({ratio:.1f}×) — please check.",
                    value=number,
                    previous=before,
                )
    return out


Add = Callable[..., None]


def _check_rate(
    code: str, number: Decimal, values: dict[str, Decimal], catalog: Catalog, rules: dict[str, Any], add: Add
) -> None:
    definition = catalog[code]
    rng = rules.get("rate_range", {})
    if code not in rng.get("exempt", []) and not (
        Decimal(rng.get("min", 0)) <= number <= Decimal(rng.get("max", 100))
    ):
        add(
            "rate_range",
            code,
            f"{definition.name_vi}: tỷ lệ {_pct(number)} nằm ngoài khoảng 0–100%.",
            f"{definition.name_en}: rate {number}% is outside 0–100%.",
            value=number,
        )
    if definition.problem_vi:
        return  # set aside by the catalog (no parts to check it against)
    num, den = (values.get(c) for c in definition.rate_codes)
    if num is None or den is None:
        return
    _check_parts_order(definition, num, den, rules, add)
    if den == 0:
        return
    computed = num / den * definition.scale
    tolerance = Decimal(str(rules.get("reported_rate_matches_parts", {}).get("tolerance_points", 0.05)))
    if abs(computed - number) > tolerance:
        fraction = f"{_num(num)}/{_num(den)} = {_pct(computed)}"
        add(
            "reported_rate_matches_parts",
            code,
            f"{definition.name_vi}: {fraction}, báo cáo ghi {_pct(number)}.",
            f"{definition.name_en}: {num}/{den} = {computed:.2f}%, the report says {number}%.",
            numerator=num,
            denominator=den,
            computed=computed.quantize(Decimal("0.01")),
            reported=number,
        )


def parts_contradict(total: Decimal | None, parts: list[Decimal | None]) -> Decimal | None:
    """What a total's known parts add up to when they contradict it, else None: all parts known →
    another sum; some unknown → more than the total (an unknown part is not zero, so a smaller sum
    proves nothing). The one test behind ``parts_sum_to_total`` and every page or report that says a
    total disagrees with its parts."""
    known = [p for p in parts if p is not None]
    if total is None or not known:
        return None
    added = sum(known, Decimal(0))
    return added if (added != total if len(known) == len(parts) else added > total) else None


def _check_parts(
    definition: Definition, values: dict[str, Decimal], catalog: Catalog, add: Add, named: bool = False
) -> None:
    """A total against the parts present: all present → equal; some missing → their sum ≤ total.

    A missing part is unknown, not zero, so a sum of the others below the total proves nothing,
    but one above it is wrong whatever the missing parts are; the message names what is missing.
    ``named``: a second split (``rules.yaml``), whose parts the message names — the form shows the
    total's own parts under it, and the two checks must not read alike.
    """
    total = values.get(definition.code)
    present = [(code, values[code]) for code in definition.parts if code in values]
    if total is None or not present:
        return
    missing = [catalog[code] if code in catalog else None for code in definition.parts if code not in values]
    part_sum = parts_contradict(total, [values.get(code) for code in definition.parts])
    if part_sum is None:
        return

    def show(number: Decimal, lang: str = "vi") -> str:  # money in its display unit, as pages show it
        return format_value(definition, number, lang=lang)

    listed = " + ".join(show(number) for _, number in present)
    listed_en = " + ".join(show(number, "en") for _, number in present)
    names_vi = "; ".join(d.name_vi for d in missing if d)
    names_en = "; ".join(d.name_en for d in missing if d)
    missing_vi = f" (chưa có số liệu: {names_vi})" if missing else ""
    missing_en = f" (no data yet: {names_en})" if missing else ""
    what_vi = "tổng các phần" if not missing else "tổng các phần đã có"
    what_en = "parts" if not missing else "parts present"
    if named:
        what_vi += " (" + " + ".join(catalog[c].name_vi for c, _ in present) + ")"
        what_en += " (" + " + ".join(catalog[c].name_en for c, _ in present) + ")"
    add(
        "parts_sum_to_total",
        definition.code,
        f"{definition.name_vi}: {what_vi} {listed} = {show(part_sum)}, lớn hơn tổng báo cáo {show(total)}"
        f"{missing_vi}."
        if missing
        else f"{definition.name_vi}: {what_vi} {listed} = {show(part_sum)}, báo cáo ghi {show(total)}.",
        f"{definition.name_en}: {what_en} {listed_en} = {show(part_sum, 'en')}, more than the reported "
        f"total {show(total, 'en')}{missing_en}."
        if missing
        else f"{definition.name_en}: {what_en} {listed_en} = {show(part_sum, 'en')}, reported total "
        f"{show(total, 'en')}.",
        total=total,
        parts_sum=part_sum,
        missing=[code for code in definition.parts if code not in values],
    )


def _check_parts_order(
    definition: Definition, num: Decimal, den: Decimal, rules: dict[str, Any], add: Add
) -> None:
    if definition.code in rules.get("numerator_le_denominator", {}).get("exempt", []):
        return
    if num > den:
        add(
            "numerator_le_denominator",
            definition.code,
            f"{definition.name_vi}: tử số {_num(num)} lớn hơn mẫu số {_num(den)}.",
            f"{definition.name_en}: numerator {num} is larger than denominator {den}.",
            numerator=num,
            denominator=den,
        )


def own_numbers(unit: Unit, period: Period) -> dict[str, Decimal]:
    rows = DataValue.objects.filter(unit=unit, period=period.code, number__isnull=False).values_list(
        "indicator__code", "number"
    )
    return {code: number for code, number in rows if number is not None}


def registry_counts(unit: Unit, period: Period, catalog: Catalog) -> dict[str, Decimal]:
    """The counts of units (``counts_units``) the registry gives ``unit`` for ``period``: checked
    with the typed values, so «14/13 thôn» is caught like any numerator above its denominator."""
    out = {}
    for definition in catalog.definitions():
        if definition.counts_units and definition.fills(unit.level):
            counted = units_below(unit.path, unit.era, definition.counts_units, period.end)
            if definition.counts_units == "village" and not counted.get(unit.pk):
                continue  # no thôn list imported: unknown (not 0, which made «3/0 thôn» an error)
            out[definition.code] = Decimal(counted.get(unit.pk, 0))
    return out


def check_unit(unit: Unit, period: Period) -> CheckReport:
    """Violations in what ``unit`` reported for ``period``, and where it stands against its targets."""
    catalog = get_catalog(period.start)
    values = {**own_numbers(unit, period), **registry_counts(unit, period, catalog)}
    previous = own_numbers(unit, period.previous())
    violations = check_values(values, catalog, previous) + own_against_children(unit, period, values, catalog)
    return CheckReport(unit, period, violations, target_lines(unit, period, catalog))


def own_against_children(
    unit: Unit, period: Period, values: dict[str, Decimal], catalog: Catalog
) -> list[Violation]:
    """A territory total typed for ``unit`` that differs from its children's complete sum: both numbers.

    A partial sum (3 of 10 communes) below the total is expected and only shown with its coverage;
    a complete sum that differs, or any sum above the total, is a contradiction.
    """
    rule = load_rules().get("own_total_matches_children", {})
    severity = rule.get("severity", "warning")
    codes = [
        c
        for c in values
        if c in catalog
        and catalog[c].scope == "territory"
        and catalog[c].kind in {"count", "amount", "number"}
    ]
    if severity == "off" or not codes or not unit.children.exists():
        return []
    engine = Rollup(codes, unit, period, unit.era)
    out = []
    for code in codes:
        agg = engine.value(code)
        sums = agg.children_coverage
        if not agg.disagrees or sums is None:
            continue
        own_value, children_value = agg.own_value, agg.children_value
        if own_value is None or children_value is None:  # ``disagrees`` says both are known
            continue
        if not sums.complete and children_value <= own_value:
            continue  # a partial sum below the total is expected, not a contradiction
        definition = catalog[code]
        own, children = _num(own_value), _num(children_value)
        out.append(
            Violation(
                "own_total_matches_children",
                severity,
                code,
                f"{definition.name_vi}: đơn vị ghi {own}, tổng các đơn vị trực thuộc là {children} "
                f"({sums.text_vi}).",
                f"{definition.name_en}: the unit typed {agg.own_value}, its units add up to "
                f"{agg.children_value} ({sums.text_en}).",
                {"own": agg.own_value, "children": agg.children_value, "coverage": sums.units("vi")},
            )
        )
    return out


def target_lines(unit: Unit, period: Period, catalog: Catalog) -> list[TargetLine]:
    """Each target that applies to ``unit`` in ``period``, against the rolled-up value (one load)."""
    targets = {code: t for code, t in targets_for(unit, period.code).items() if code in catalog}
    if not targets:
        return []
    engine = Rollup(list(targets), unit, period)
    lines = []
    for code, target in targets.items():
        agg = engine.value(code)
        value = agg.value
        result = evaluate(target, value)
        lines.append(
            TargetLine(
                code,
                catalog[code].name_vi,
                value,
                target.comparator,
                target.value,
                result.met,
                result.gap,
                result.text_vi,
                result.text_en,
                agg.coverage,
                catalog[code].name_en or "",
                share_of_target(target, value),
            )
        )
    return lines
