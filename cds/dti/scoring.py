"""Score every unit of a scope on a framework for a year, from values and assessments.

Without ``detail`` (whole scopes: ``score_and_store``, rankings) scores come from ``fast.py``: one
narrow load of the units' own values into arrays and one numpy expression per item, with the
per-item path below for the cells it cannot settle exactly (same results). With ``detail``
(scorecards) all catalog values come from one ``Rollup`` at the scope root, scored item by item.
Years up to 2024 use the 63-province map, 2025 on the 34-province
map (values recorded on legacy communes reach today's communes through the lineage).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.units.models import REORGANISATION_DATE, Era, Unit, subtree_q
from cds.units.services import map_day
from cds.values.rollup import Aggregate, Rollup

from .fast import fast_scores
from .framework import Framework
from .models import Assessment
from .rules import MISSING, UNSCORED, ZERO, ItemScore, clamp, manual_score, score
from .unitscore import VERIFIED_ITEM, UnitScore, measure_for, result_status


def era_for_year(year: int) -> str:
    """The map a year's results live on: 2025 results are for today's communes."""
    return Era.LEGACY if year < REORGANISATION_DATE.year else Era.CURRENT


def year_day(year: int) -> dt.date:
    """The day whose map a year's results are read on: the year's last (a unit assessed for the
    year existed at its close; one that ceased before, ``units.history``, is not on it)."""
    return dt.date(year, 12, 31)


def scope_units(scope: Unit | None, level: str, era: str, year: int | None = None) -> list[Unit]:
    """The units of ``level`` in ``scope`` on ``era``'s map; with ``year``, those that existed at
    its close (``year_day``)."""
    qs = Unit.objects.filter(level=level, era=era)
    if year is not None:
        qs = qs.as_of(map_day(era, year_day(year)))
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
    targets = units if units is not None else scope_units(scope, framework.level, era, year)
    period = Period.of("year", year, 0)
    assessments = _assessments(framework_id, year, [u.pk for u in targets])
    if not detail:
        return fast_scores(framework, year, scope, era, period, targets, assessments)
    rollup = Rollup(framework.codes(), scope, period, era)
    return [_score_unit(framework, year, unit, rollup, assessments.get(unit.pk), detail) for unit in targets]


def _assessments(framework_id: int | None, year: int, unit_ids: list[int]) -> dict[int, Assessment]:
    if framework_id is None:
        return {}
    rows = Assessment.objects.filter(framework_id=framework_id, year=year).prefetch_related("items")
    wanted = set(unit_ids)
    return {a.unit_id: a for a in rows if a.unit_id in wanted}


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
        unit, total, framework.total, pillars, items, result_status(framework, year, assessment), missing
    )


__all__ = ["MISSING", "era_for_year", "scope_units", "score_units"]
