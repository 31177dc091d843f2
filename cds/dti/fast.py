"""Scores of a whole scope in one pass over arrays (what ``score_units(detail=False)`` runs).

The per-item, per-unit path (``scoring._score_unit``: a ``Measure`` and ``Decimal`` arithmetic for
each of 100 items × 3,321 communes) stays the reference; this module gives the same results much
faster:

1. One narrow query reads the values each item needs as floats — the unit's own value for the
   year, by indicator id, no join to the indicator table — into one array per catalog code
   (``nan`` where a unit has none).
2. Each data item is evaluated once for all units as a numpy expression (the rule's formula, the
   same order of operations), then rounded half-up to integer cents.
3. Cells the arrays cannot settle exactly go through the reference path, so results are identical:
   - no own value, a zero denominator, a rule reading rates as ratio parts: the full ``Rollup``
     (lineage, sub-periods, children), built only when there is such a cell;
   - a result within 1e-6 cent of a half cent, or a value within 1e-9 of a threshold (``floor``,
     a step): the exact ``Decimal`` computation on the unit's own values, read again as Decimals.
4. Pillars are sums of integer cents; only the ten pillar totals per unit become ``Decimal``
   (``min(subtotal, max) × weight``, as the framework specifies); item results are shared
   immutable ``ItemScore`` objects per distinct number of points.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import FloatField
from django.db.models.functions import Cast

from cds.catalog.models import Indicator
from cds.catalog.services import Catalog, get_catalog
from cds.lib.periods import Period
from cds.units.models import Unit, subtree_q
from cds.values.models import DataValue
from cds.values.rollup import Aggregate, Cell, Rollup

from .framework import Framework, Item
from .models import Assessment
from .rules import MISSING, OK, UNSCORED, ZERO, ItemScore, clamp, manual_score, score
from .unitscore import VERIFIED_ITEM, UnitScore, measure_for, result_status

HALF_CENT_TOLERANCE = 1e-6  # in cents: closer than this to x.5 → decided in Decimal
THRESHOLD_TOLERANCE = 1e-9  # relative: a value this close to a floor or a step → decided in Decimal


@dataclass
class _Plan:
    """How to evaluate one data item over arrays: which codes it reads and the formula."""

    item: Item
    kind: str  # "rate" (n/d × 100), "value" (a code's value), "density" (count/population × per), "slow"
    codes: tuple[str, ...] = ()
    scale: float = 1.0  # a rate code's scale (its value is n/d × scale)
    value_is_rate: bool = False  # "value" of a catalog rate read as percent (steps, yes/no, per item)


def _plan(item: Item, catalog: Catalog) -> _Plan | None:
    rule = item.rule
    if rule.type == "manual":
        return None

    def plain(code: str | None) -> bool:
        return code is not None and code in catalog and not catalog[code].is_rate

    if rule.type == "per_population":
        if plain(rule.indicator) and plain(rule.population):
            return _Plan(item, "density", (rule.indicator or "", rule.population))
        return _Plan(item, "slow")
    if rule.indicator is None:  # proportional to a ratio of two catalog codes
        if rule.type == "proportional" and plain(rule.numerator) and plain(rule.denominator):
            return _Plan(item, "rate", (rule.numerator or "", rule.denominator or ""))
        return _Plan(item, "slow")
    if rule.indicator not in catalog or rule.type not in ("proportional", "steps", "yes_no", "per_item"):
        return _Plan(item, "slow")
    definition = catalog[rule.indicator]
    if definition.is_rate:
        if not (plain(definition.numerator) and plain(definition.denominator)):
            return _Plan(item, "slow")
        parts = (definition.numerator or "", definition.denominator or "")
        if rule.type == "proportional":
            return _Plan(item, "rate", parts)
        return _Plan(item, "value", parts, float(definition.scale), value_is_rate=True)
    return _Plan(item, "value", (rule.indicator,))


class _OwnCells:
    """What ``measure_for`` reads from a ``Rollup``, for cells whose own values are all recorded."""

    def __init__(self, catalog: Catalog, period: Period, cells: dict[str, dict[tuple[int, str], Cell]], full):
        self.catalog = catalog
        self.period = period
        self.cells = cells
        self._full = full

    def value(self, code: str, unit_id: int | None = None) -> Aggregate:
        return self._full().value(code, unit_id)  # not reached: every cell read here is recorded


def _load(
    codes: list[str], scope: Unit | None, era: str, period: Period, columns: dict[int, int]
) -> dict[str, np.ndarray]:
    """Own values of ``codes`` for the period, one float array per code over ``columns`` (nan: none)."""
    width = len(columns)
    out = {code: np.full(width, np.nan) for code in codes}
    if not codes or not width:
        return out
    ids = dict(Indicator.objects.filter(code__in=codes).values_list("id", "code"))
    if not ids:
        return out
    path = scope.path if scope is not None else "/"
    qs = (
        DataValue.objects.filter(
            subtree_q(path, "unit__path"),
            unit__era=era,
            indicator_id__in=list(ids),
            period=period.code,
            number__isnull=False,
        )
        .annotate(as_float=Cast("number", FloatField()))
        .values_list("indicator_id", "unit_id", "as_float")
    )
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:  # raw rows: no per-value Decimal conversion
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return out
    data = np.array(rows, dtype=np.float64)
    indicator_ids = data[:, 0].astype(np.int64)
    unit_ids = data[:, 1].astype(np.int64)
    unit_col = np.full(max(int(unit_ids.max()), max(columns)) + 1, -1, dtype=np.int64)
    unit_col[np.fromiter(columns.keys(), np.int64)] = np.fromiter(columns.values(), np.int64)
    col = unit_col[unit_ids]
    for indicator_id, code in ids.items():
        mask = (indicator_ids == indicator_id) & (col >= 0)
        out[code][col[mask]] = data[mask, 2]
    return out


def _near(values: np.ndarray, at: float) -> np.ndarray:
    return np.abs(values - at) <= THRESHOLD_TOLERANCE * max(1.0, abs(at))


def _evaluate(
    plan: _Plan, arrays: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(points as floats, cells settled here, cells to decide in Decimal, cells scored a plain 0)."""
    rule, maximum = plan.item.rule, float(plan.item.max_points)
    with np.errstate(divide="ignore", invalid="ignore"):
        if plan.kind in ("rate", "density") or plan.value_is_rate:
            num, den = arrays[plan.codes[0]], arrays[plan.codes[1]]
            ok = ~np.isnan(num) & ~np.isnan(den) & (den != 0)
        else:
            num = arrays[plan.codes[0]]
            den = None
            ok = ~np.isnan(num)
        unsure = np.zeros(num.shape, dtype=bool)
        plain_zero = np.zeros(num.shape, dtype=bool)  # proportional below the floor: ZERO, not 0.00
        if plan.kind == "density":
            full_at = float(rule.full_at or 1)
            density = num / den * float(rule.per)
            points = maximum * np.minimum(density, full_at) / full_at
        elif plan.kind == "rate" or (rule.type == "proportional"):
            rate = num / den * 100.0 if plan.kind == "rate" else num
            full_at = float(rule.full_at or 100)
            floor = float(rule.floor)
            plain_zero = rate < floor
            unsure |= _near(rate, floor)
            points = np.where(plain_zero, 0.0, maximum * np.minimum(rate, full_at) / full_at)
        else:
            value = num / den * plan.scale * 100.0 / plan.scale if plan.value_is_rate else num
            if rule.type == "steps":
                points = np.zeros(value.shape)
                settled = np.zeros(value.shape, dtype=bool)
                for at, pts in rule.steps:
                    reached = ~settled & (value >= float(at))
                    points = np.where(reached, float(pts), points)
                    settled |= reached
                    unsure |= _near(value, float(at))
            elif rule.type == "yes_no":
                points = np.where(value != 0, maximum, float(rule.points_no))
            else:  # per_item
                points = value * float(rule.points_each)
        points = np.where(ok, np.clip(points, 0.0, maximum), 0.0)
    hundredths = points * 100.0
    unsure |= np.abs(hundredths - np.floor(hundredths) - 0.5) < HALF_CENT_TOLERANCE
    return points, ok & ~unsure, ok & unsure, plain_zero


def fast_scores(
    framework: Framework,
    year: int,
    scope: Unit | None,
    era: str,
    period: Period,
    targets: list[Unit],
    assessments: dict[int, Assessment],
) -> list[UnitScore]:
    catalog = get_catalog(period.start)
    items = framework.items()
    n, width = len(targets), len(items)
    columns: dict[int, int] = {}
    for unit in targets:
        columns.setdefault(unit.pk, len(columns))
    unit_cols = np.fromiter((columns[u.pk] for u in targets), np.int64, count=n)
    plans = [_plan(item, catalog) for item in items]
    codes = sorted({c for p in plans if p is not None for c in p.codes})
    arrays = {code: values[unit_cols] for code, values in _load(codes, scope, era, period, columns).items()}

    cents = np.zeros((n, width), dtype=np.int64)
    fine = np.zeros((n, width), dtype=bool)  # points carry two decimals (Decimal("x.xx"), not ZERO)
    decided: dict[tuple[int, int], ItemScore] = {}  # (row, item) → result not taken from the arrays
    plain_zero = np.zeros((n, width), dtype=bool)

    # Assessments first: verified points replace an item, manual items take the unit's points.
    for row, unit in enumerate(targets):
        assessment = assessments.get(unit.pk)
        if assessment is None:
            continue
        entries = {entry.item_code: entry for entry in assessment.items.all()}
        for j, item in enumerate(items):
            entry = entries.get(item.code)
            if entry is not None and entry.verified_points is not None:
                decided[row, j] = ItemScore(
                    clamp(entry.verified_points, item.max_points), VERIFIED_ITEM, "đã thẩm định"
                )
            elif item.is_manual and entry is not None:
                decided[row, j] = manual_score(item.max_points, entry.self_points)

    to_full: list[tuple[int, int]] = []  # no own value, zero denominator…: the Rollup
    to_exact: list[tuple[int, int]] = []  # near a rounding or threshold edge: Decimal on own values
    for j, plan in enumerate(plans):
        if plan is None:
            continue
        if plan.kind == "slow":
            to_full += [(row, j) for row in range(n)]
            continue
        points, settled, unsure, zero = _evaluate(plan, arrays)
        column = np.floor(points * 100.0 + 0.5).astype(np.int64)
        cents[:, j] = np.where(settled, column, 0)
        fine[:, j] = settled & ~zero
        plain_zero[:, j] = settled & zero
        to_exact += [(int(row), j) for row in np.flatnonzero(unsure)]
        to_full += [(int(row), j) for row in np.flatnonzero(~settled & ~unsure)]

    full: list[Rollup] = []

    def full_rollup() -> Rollup:
        if not full:
            full.append(Rollup(framework.codes(), scope, period, era))
        return full[0]

    to_exact = [cell for cell in to_exact if cell not in decided]
    to_full = [cell for cell in to_full if cell not in decided]
    if to_exact:
        wanted: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for row, j in to_exact:
            plan = plans[j]
            assert plan is not None  # to_exact holds only items with a plan
            wanted[plan.codes].add(targets[row].pk)
        exact = _OwnCells(catalog, period, _decimal_cells(wanted, period.code), full_rollup)
        _score_cells(to_exact, items, targets, exact, period, decided)
    if to_full:
        _score_cells(to_full, items, targets, full_rollup(), period, decided)
    for (row, j), result in decided.items():
        cents[row, j] = int(result.points * 100)
        exponent = result.points.as_tuple().exponent  # an int: points are finite
        fine[row, j] = isinstance(exponent, int) and exponent < 0
        plain_zero[row, j] = False

    # Pillars: integer cents per pillar, then the framework's Decimal rule per unit and pillar.
    bounds, start = [], 0
    for pillar in framework.pillars:
        bounds.append((pillar, start, start + len(pillar.items)))
        start += len(pillar.items)
    pillar_cents = [cents[:, a:b].sum(axis=1).tolist() for _, a, b in bounds]
    pillar_fine = [fine[:, a:b].any(axis=1).tolist() for _, a, b in bounds]

    # Item results as one object matrix: a shared ItemScore per number of cents, then the
    # exceptions (manual items, points of ZERO below a floor, results decided one by one).
    top = int(cents.max()) if cents.size else 0
    by_cents = np.empty(top + 1, dtype=object)
    by_cents[:] = [ItemScore(Decimal(c).scaleb(-2), OK) for c in range(top + 1)]
    table = by_cents[cents]
    table[plain_zero] = ItemScore(ZERO, OK)
    unscored = manual_score(ZERO, None)
    manual = [j for j, item in enumerate(items) if item.is_manual]
    table[:, manual] = unscored
    for (row, j), result in decided.items():
        table[row, j] = result
    rows = table.tolist()
    item_codes = [item.code for item in items]
    base_missing = [items[j].code for j in manual]
    odd_rows = {row for row, _ in decided}

    pillar_rows = list(zip(*pillar_cents, *pillar_fine, strict=True)) if bounds else [()] * n
    pillar_meta = [(pillar.code, pillar.max_points, pillar.weight) for pillar, _, _ in bounds]
    count = len(bounds)
    no_assessment = result_status(framework, year, None)
    results: list[UnitScore] = []
    for row, unit in enumerate(targets):
        scores = dict(zip(item_codes, rows[row], strict=True))
        if row in odd_rows:
            missing = [code for code, r in scores.items() if r.status in (MISSING, UNSCORED)]
        else:
            missing = list(base_missing)
        sums = pillar_rows[row]
        pillars: dict[str, Decimal] = {}
        for p, (code, maximum, weight) in enumerate(pillar_meta):
            amount = sums[p]
            subtotal = Decimal(amount).scaleb(-2) if sums[count + p] else Decimal(amount // 100)
            pillars[code] = min(subtotal, maximum) * weight
        total = sum(pillars.values(), ZERO)
        assessment = assessments.get(unit.pk)
        status = no_assessment if assessment is None else result_status(framework, year, assessment)
        results.append(UnitScore(unit, total, framework.total, pillars, scores, status, missing))
    return results


def _decimal_cells(
    wanted: dict[tuple[str, ...], set[int]], period: str
) -> dict[str, dict[tuple[int, str], Cell]]:
    """The own recorded values of a few (codes, units) as the Rollup loads them (Decimals).

    One small indexed query per group of codes (an OR of groups makes SQLite scan the table).
    """
    ids = dict(
        Indicator.objects.filter(code__in={c for codes in wanted for c in codes}).values_list("code", "id")
    )
    cells: dict[str, dict[tuple[int, str], Cell]] = defaultdict(dict)
    for codes, unit_ids in wanted.items():
        rows = DataValue.objects.filter(
            indicator_id__in=[ids[c] for c in codes if c in ids],
            unit_id__in=sorted(unit_ids),
            period=period,
            number__isnull=False,
        ).values_list("indicator__code", "unit_id", "number", "qualifier")
        for code, unit_id, number, qualifier in rows:
            if number is not None:  # never: the query leaves nulls out
                cells[code][(unit_id, period)] = Cell(number, bool(qualifier))
    return cells


def _score_cells(
    cells: list[tuple[int, int]],
    items: list[Item],
    targets: list[Unit],
    source: Any,
    period: Period,
    out: dict,
) -> None:
    caches: dict[int, dict] = defaultdict(dict)
    for row, j in cells:
        item, unit_id = items[j], targets[row].pk
        measure = measure_for(item, unit_id, source, caches[unit_id], period.code)
        out[row, j] = score(item.rule, item.max_points, measure, False)
