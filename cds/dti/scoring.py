"""Score every unit of a scope on a framework for a year, from values and assessments.

Without ``detail`` (whole scopes: ``score_and_store``, rankings) scores come from ``fast.py``: one
narrow load of the units' own values into arrays and one numpy expression per item, with the
per-item path below for the cells it cannot settle exactly (same results). With ``detail``
(scorecards) all catalog values come from one ``Rollup`` at the scope root, scored item by item.
Years up to 2024 use the 63-province map, 2025 on the 34-province
map (values recorded on legacy communes reach today's communes through the lineage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.units.models import REORGANISATION_DATE, Era, Unit, subtree_q
from cds.values.rollup import Aggregate, Rollup

from .framework import Framework, Item
from .models import Assessment, AssessmentStatus, ResultStatus
from .rules import HUNDRED, MISSING, UNSCORED, ZERO, ItemScore, Measure, clamp, manual_score, score

VERIFIED_ITEM = "verified"


@dataclass
class UnitScore:
    unit: Unit
    total: Decimal
    max_total: Decimal
    pillars: dict[str, Decimal]
    items: dict[str, ItemScore]
    status: str
    missing: list[str] = field(default_factory=list)

    @property
    def index(self) -> Decimal:
        """Points / maximum, the 0–1 value published beside the points ("0,6961")."""
        return (self.total / self.max_total).quantize(Decimal("0.0001")) if self.max_total else ZERO


def era_for_year(year: int) -> str:
    """The map a year's results live on: 2025 results are for today's communes."""
    return Era.LEGACY if year < REORGANISATION_DATE.year else Era.CURRENT


def scope_units(scope: Unit | None, level: str, era: str) -> list[Unit]:
    qs = Unit.objects.filter(level=level, era=era)
    if scope is not None:
        qs = qs.filter(subtree_q(scope.path))
    return list(qs.order_by("path"))


def check_codes(framework: Framework, year: int) -> None:
    """Refuse a framework whose indicators are not in the catalog in force for the year."""
    catalog = get_catalog(Period.of("year", year, 0).start)
    unknown = [c for c in framework.codes() if c not in catalog]
    if unknown:
        raise InputError(
            f"khung {framework.key} dùng mã chỉ tiêu không có trong danh mục {catalog.version}: {', '.join(unknown)}",
            f"framework {framework.key} uses codes missing from catalog {catalog.version}: {', '.join(unknown)}",
        )


def score_units(
    framework: Framework,
    year: int,
    scope: Unit | None,
    *,
    units: list[Unit] | None = None,
    framework_id: int | None = None,
    detail: bool = False,
) -> list[UnitScore]:
    """Scores of every unit of the framework's level in ``scope`` (None: the whole country).

    ``detail`` adds each item's value text and hint (for a scorecard; slower for a whole country).
    """
    if year not in framework.years:
        raise InputError(
            f"khung {framework.key} áp dụng cho năm {', '.join(map(str, framework.years))}, không áp dụng cho năm {year}",
            f"framework {framework.key} applies to {', '.join(map(str, framework.years))}, not to {year}",
        )
    check_codes(framework, year)
    era = era_for_year(year)
    if scope is not None and scope.era != era:
        raise InputError(
            f"năm {year} dùng danh sách đơn vị {'trước' if era == Era.LEGACY else 'sau'} ngày 1/7/2025; "
            f"«{scope.name}» thuộc danh sách khác",
            f"{year} uses the unit list {'before' if era == Era.LEGACY else 'after'} 1/7/2025; "
            f"«{scope.name}» belongs to the other list",
        )
    targets = units if units is not None else scope_units(scope, framework.level, era)
    period = Period.of("year", year, 0)
    assessments = _assessments(framework_id, year, [u.pk for u in targets])
    if not detail:
        from .fast import fast_scores  # imports this module

        return fast_scores(framework, year, scope, era, period, targets, assessments)
    rollup = Rollup(framework.codes(), scope, period, era)
    return [_score_unit(framework, year, unit, rollup, assessments.get(unit.pk), detail) for unit in targets]


def _assessments(framework_id: int | None, year: int, unit_ids: list[int]) -> dict[int, Assessment]:
    if framework_id is None:
        return {}
    rows = Assessment.objects.filter(framework_id=framework_id, year=year).prefetch_related("items")
    wanted = set(unit_ids)
    return {a.unit_id: a for a in rows if a.unit_id in wanted}


def _status(framework: Framework, year: int, assessment: Assessment | None) -> str:
    if assessment is not None and assessment.status == AssessmentStatus.VERIFIED:
        return ResultStatus.VERIFIED
    if (
        assessment is not None
        and assessment.status == AssessmentStatus.SUBMITTED
        and assessment.submitted_at is not None
        and assessment.submitted_at.date() <= framework.deadline_on(year)
    ):
        return ResultStatus.SELF_ASSESSED
    return ResultStatus.NOT_ASSESSED if framework.self_assessment == "required" else ResultStatus.COMPUTED


def _score_unit(
    framework: Framework, year: int, unit: Unit, rollup: Rollup, assessment: Assessment | None, detail: bool
) -> UnitScore:
    rows = {row.item_code: row for row in assessment.items.all()} if assessment is not None else {}
    period = rollup.period.code
    cache: dict[str, Aggregate] = {}
    items: dict[str, ItemScore] = {}
    pillars: dict[str, Decimal] = {}
    for pillar in framework.pillars:
        subtotal = ZERO
        for item in pillar.items:
            row = rows.get(item.code)
            if row is not None and row.verified_points is not None:
                result = ItemScore(clamp(row.verified_points, item.max_points), VERIFIED_ITEM, "đã thẩm định")
            elif item.is_manual:
                result = manual_score(item.max_points, row.self_points if row is not None else None)
            else:
                measure = measure_for(item, unit.pk, rollup, cache, period)
                result = score(item.rule, item.max_points, measure, detail)
            items[item.code] = result
            subtotal += result.points
        pillars[pillar.code] = min(subtotal, pillar.max_points) * pillar.weight
    total = sum(pillars.values(), ZERO)
    missing = [code for code, r in items.items() if r.status in (MISSING, UNSCORED)]
    return UnitScore(
        unit, total, framework.total, pillars, items, _status(framework, year, assessment), missing
    )


def measure_for(
    item: Item, unit_id: int, rollup: Rollup, cache: dict[str, Aggregate], period: str | None = None
) -> Measure:
    """What the rolled-up values say for one item of one unit (rates in percent).

    ``period`` is ``rollup.period.code``, passed in because computing it costs more than a lookup.
    """
    period = period or rollup.period.code

    def get(code: str) -> Aggregate:
        if code not in cache:
            cache[code] = _own(rollup, code, unit_id, period) or rollup.value(code, unit_id)
        return cache[code]

    rule = item.rule
    if rule.type == "per_population":
        count, population = get(rule.indicator or ""), get(rule.population)
        return Measure(
            count.value, count.value, population.value, count.approximate or population.approximate
        )
    if rule.indicator is None:  # a ratio of two catalog codes
        num, den = get(rule.numerator or ""), get(rule.denominator or "")
        return Measure(None, num.value, den.value, num.approximate or den.approximate)
    agg = get(rule.indicator)
    definition = rollup.catalog[rule.indicator]
    value = agg.value
    if value is not None and definition.is_rate:
        value = value * HUNDRED / definition.scale
    if rule.type == "proportional":
        return Measure(value, agg.numerator, agg.denominator, agg.approximate)
    return Measure(value, approximate=agg.approximate)


def _own(rollup: Rollup, code: str, unit_id: int, period: str) -> Aggregate | None:
    """Fast path: a value recorded for the unit and the period itself (what a commune usually has).

    Reads the roll-up's loaded cells directly, which is what ``Rollup.value`` would return first;
    a rate is recomputed from its own recorded parts the same way. Anything else goes the long way.
    """
    definition = rollup.catalog[code]
    if definition.is_rate:
        num = rollup.cells.get(definition.numerator or "", {}).get((unit_id, period))
        den = rollup.cells.get(definition.denominator or "", {}).get((unit_id, period))
        if num is None or den is None or not den.number:
            return None
        return Aggregate(
            num.number / den.number * definition.scale,
            numerator=num.number,
            denominator=den.number,
            approximate=num.approximate or den.approximate,
            contributors=1,
            source="recomputed",
        )
    cell = rollup.cells.get(code, {}).get((unit_id, period))
    if cell is None:
        return None
    return Aggregate(cell.number, approximate=cell.approximate, contributors=1, source="own")


__all__ = ["MISSING", "UnitScore", "era_for_year", "measure_for", "scope_units", "score_units"]
