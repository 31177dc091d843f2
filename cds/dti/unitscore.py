"""One unit's DTI score, and how one data item is measured for one unit from rolled-up values.

Shared by the per-item reference path (``scoring``) and the array path (``fast``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cds.units.models import Unit
from cds.values.rollup import Aggregate, Rollup

from .framework import Framework, Item
from .models import Assessment, AssessmentStatus, ResultStatus
from .rules import HUNDRED, ZERO, ItemScore, Measure

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


def result_status(framework: Framework, year: int, assessment: Assessment | None) -> str:
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
