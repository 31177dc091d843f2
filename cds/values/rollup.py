"""Roll values up the unit hierarchy and over periods, following each indicator's rule.

The rules (from the catalog): ``sum`` adds; ``recompute`` rebuilds a rate from its summed
numerator and denominator (rates are never averaged); ``latest`` takes the last sub-period for
stocks; ``max``; ``all``/``any`` for yes/no; ``none`` is not aggregated.

A unit's own recorded value wins over the aggregate of its children (a city may report its own
total); otherwise children are aggregated, recursively. For a current (post-2025) unit, values
recorded on the legacy units it came from are carried over through the lineage shares, so a
2023 → 2026 series exists for today's units.

Everything is computed from two queries per indicator (subtree units, subtree values), which is
what makes a whole-country roll-up one request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from cds.catalog.services import Definition, get_catalog
from cds.lib.periods import Period
from cds.units.models import Era, Unit, UnitLineage, subtree_q

from .models import DataValue

SUB_PERIOD_KINDS = {"year": ("quarter", "month"), "half": ("quarter", "month"), "quarter": ("month",)}


@dataclass
class Aggregate:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    approximate: bool = False
    contributors: int = 0
    source: str = "none"  # own / children / periods / reported-rate / none
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.value is None


@dataclass
class _Cell:
    number: Decimal
    approximate: bool = False


NATION = 0  # id of the virtual root above the provinces, for whole-country roll-ups


class _Tree:
    """The units of a subtree with their children, loaded in one query.

    ``root`` None means the whole country of ``era``: a virtual root above its provinces.
    """

    def __init__(self, root: Unit | None, era: str = Era.CURRENT):
        self.root = root
        self.era = root.era if root is not None else era
        self.root_id = root.pk if root is not None else NATION
        self.path = root.path if root is not None else "/"
        units = Unit.objects.filter(subtree_q(self.path), era=self.era).values_list("id", "parent_id")
        self.children: dict[int, list[int]] = defaultdict(list)
        for unit_id, parent_id in units:
            if unit_id != self.root_id:
                self.children[parent_id if parent_id is not None else NATION].append(unit_id)

    def values_q(self, prefix: str = "unit__") -> Q:
        """Selects rows that belong to this subtree's units."""
        return subtree_q(self.path, f"{prefix}path") & Q(**{f"{prefix}era": self.era})


def _subtree_cells(
    codes: set[str], tree: _Tree, period_codes: set[str], where: Q | None = None
) -> dict[str, dict[tuple[int, str], _Cell]]:
    """Every recorded number of ``codes`` in the subtree and periods, in one query (two with lineage).

    ``where``: a further condition on the values (e.g. ``Q(status="approved")`` for reports)."""
    rows = DataValue.objects.filter(
        tree.values_q(), indicator__code__in=codes, period__in=period_codes, number__isnull=False
    )
    if where is not None:
        rows = rows.filter(where)
    rows = rows.values_list("indicator__code", "unit_id", "period", "number", "qualifier")
    cells: dict[str, dict[tuple[int, str], _Cell]] = defaultdict(dict)
    for code, unit_id, period, number, qualifier in rows:
        cells[code][(unit_id, period)] = _Cell(number, bool(qualifier))
    if tree.era == Era.CURRENT:
        for code, carried in _lineage_cells(codes, tree, period_codes, where).items():
            for key, cell in carried.items():
                cells[code].setdefault(key, cell)  # a value recorded on today's unit wins
    return cells


def _lineage_cells(
    codes: set[str], tree: _Tree, period_codes: set[str], where: Q | None = None
) -> dict[str, dict[tuple[int, str], _Cell]]:
    """Values recorded on legacy units, carried to their current successors by share."""
    links = UnitLineage.objects.filter(
        tree.values_q("new__"), old__level__in=["commune", "village"]
    ).values_list("old_id", "new_id", "share")
    by_old: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for old_id, new_id, share in links:
        by_old[old_id].append((new_id, share))
    if not by_old:
        return {}
    # The whole country needs every legacy value; a province only its predecessors' (an id list).
    scope = {"unit__era": Era.LEGACY} if tree.root is None else {"unit_id__in": list(by_old)}
    rows = DataValue.objects.filter(
        indicator__code__in=codes, period__in=period_codes, number__isnull=False, **scope
    )
    if where is not None:
        rows = rows.filter(where)
    rows = rows.values_list("indicator__code", "unit_id", "period", "number", "qualifier")
    out: dict[str, dict[tuple[int, str], _Cell]] = defaultdict(dict)
    for code, old_id, period, number, qualifier in rows:
        for new_id, share in by_old.get(old_id, ()):
            cell = out[code].setdefault((new_id, period), _Cell(Decimal(0)))
            cell.number += number * share
            cell.approximate = cell.approximate or bool(qualifier) or share != 1
    return out


def _combine(rule: str, numbers: list[Decimal]) -> Decimal | None:
    if not numbers:
        return None
    if rule in {"sum", "recompute"}:
        return sum(numbers, Decimal(0))
    if rule == "max":
        return max(numbers)
    if rule == "all":
        return Decimal(int(all(n != 0 for n in numbers)))
    if rule == "any":
        return Decimal(int(any(n != 0 for n in numbers)))
    return None


def _sub_period_codes(period: Period) -> list[list[str]]:
    """Codes of the sub-periods to fall back on, finest last (a year: its quarters, then months)."""
    return [[p.code for p in period.sub_periods(kind)] for kind in SUB_PERIOD_KINDS.get(period.kind, ())]


def _period_value(
    definition: Definition,
    unit_id: int,
    period: Period,
    cells: dict[tuple[int, str], _Cell],
    sub_codes: list[list[str]],
) -> tuple[_Cell | None, str]:
    own = cells.get((unit_id, period.code))
    if own is not None:
        return own, "own"
    rule = definition.aggregate_periods
    if rule == "none":
        return None, "none"
    for subs in sub_codes:
        found = [(p, cells[(unit_id, p)]) for p in subs if (unit_id, p) in cells]
        if not found:
            continue
        if rule == "latest":
            chosen = found[-1][1]
            return _Cell(chosen.number, chosen.approximate or len(found) < len(subs)), "periods"
        total = _combine("sum" if rule == "recompute" else rule, [c.number for _, c in found])
        if total is None:
            return None, "none"
        partial = len(found) < len(subs)
        return _Cell(total, any(c.approximate for _, c in found) or partial), "periods"
    return None, "none"


def _with_parts(codes: list[str], catalog) -> set[str]:  # type: ignore[no-untyped-def]
    """``codes`` and the numerators and denominators their rates are recomputed from."""
    needed = set(codes)
    for code in codes:
        definition = catalog[code]
        if definition.kind == "rate":
            needed.update(c for c in (definition.numerator, definition.denominator) if c)
    return needed


def _needed_periods(period: Period) -> set[str]:
    return {period.code, *(code for subs in _sub_period_codes(period) for code in subs)}


class Rollup:
    """Roll-ups of many indicators for one subtree and period, from one load of units and values.

    ``unit`` None means the whole country of ``era``. ``value(code)`` answers for the root,
    ``value(code, unit_id)`` for any unit inside the subtree, so a table of children costs nothing
    more than the parent.
    """

    def __init__(
        self,
        codes: list[str],
        unit: Unit | None,
        period: Period,
        era: str = Era.CURRENT,
        *,
        where: Q | None = None,
        _loaded: tuple[_Tree, dict[str, dict[tuple[int, str], _Cell]]] | None = None,
    ):
        self.period = period
        self.catalog = get_catalog(period.start)
        self.sub_codes = _sub_period_codes(period)
        if _loaded is None:
            self.tree = _Tree(unit, era)
            self.cells = _subtree_cells(
                _with_parts(codes, self.catalog), self.tree, _needed_periods(period), where
            )
        else:
            self.tree, self.cells = _loaded
        self._memo: dict[tuple[str, int], Aggregate] = {}

    @classmethod
    def for_periods(
        cls, wanted: list[tuple[list[str], Period]], unit: Unit | None, era: str = Era.CURRENT
    ) -> list[Rollup]:
        """One engine per (codes, period) of ``wanted``, all from one load of the subtree and one
        query of its values per distinct list of codes: a dashboard's eight quarters cost three
        queries, not sixteen."""
        tree = _Tree(unit, era)
        periods_by_codes: dict[frozenset[str], set[str]] = defaultdict(set)
        for period_codes, period in wanted:  # one query per distinct list of codes
            periods_by_codes[frozenset(_with_parts(period_codes, get_catalog(period.start)))] |= (
                _needed_periods(period)
            )
        cells: dict[str, dict[tuple[int, str], _Cell]] = defaultdict(dict)
        for codes, periods in periods_by_codes.items():
            for code, found in _subtree_cells(set(codes), tree, periods).items():
                cells[code].update(found)
        return [cls(c, unit, p, era, _loaded=(tree, cells)) for c, p in wanted]

    def value(self, code: str, unit_id: int | None = None) -> Aggregate:
        node = self.tree.root_id if unit_id is None else unit_id
        definition = self.catalog[code]
        if definition.kind != "rate":
            return self._visit(definition, node)
        num = self._visit(self.catalog[definition.numerator], node)
        den = self._visit(self.catalog[definition.denominator], node)
        if num.value is not None and den.value:
            return Aggregate(
                num.value / den.value * definition.scale,
                numerator=num.value,
                denominator=den.value,
                approximate=num.approximate or den.approximate,
                contributors=min(num.contributors, den.contributors),
                source="recomputed",
            )
        own = self.cells.get(code, {}).get((node, self.period.code))
        if own is not None:  # only the typed rate is known (e.g. a quarterly rate in a footnote)
            return Aggregate(own.number, approximate=own.approximate, contributors=1, source="reported-rate")
        notes = ["mẫu số bằng 0"] if den.value == 0 else []
        return Aggregate(None, numerator=num.value, denominator=den.value, notes=notes)

    def _visit(self, definition: Definition, node: int) -> Aggregate:
        key = (definition.code, node)
        if key not in self._memo:
            self._memo[key] = self._compute(definition, node)
        return self._memo[key]

    def _compute(self, definition: Definition, node: int) -> Aggregate:
        cells = self.cells.get(definition.code, {})
        cell, source = _period_value(definition, node, self.period, cells, self.sub_codes)
        if cell is not None:
            return Aggregate(cell.number, approximate=cell.approximate, contributors=1, source=source)
        rule = definition.aggregate_units
        if rule == "none":
            return Aggregate(None)
        parts = [self._visit(definition, child) for child in self.tree.children.get(node, [])]
        parts = [p for p in parts if p.value is not None]
        total = _combine(
            "sum" if rule == "recompute" else rule, [p.value for p in parts if p.value is not None]
        )
        if total is None:
            return Aggregate(None)
        return Aggregate(
            total,
            approximate=any(p.approximate for p in parts),
            contributors=sum(p.contributors for p in parts),
            source="children",
        )


def rollup(code: str, unit: Unit | None, period: Period, era: str = Era.CURRENT) -> Aggregate:
    """The value of ``code`` for ``unit`` (and everything under it) over ``period``.

    ``unit`` None rolls up the whole country of ``era`` in the same handful of queries.
    """
    return Rollup([code], unit, period, era).value(code)


def rollup_many(
    codes: list[str], unit: Unit | None, period: Period, era: str = Era.CURRENT
) -> dict[str, Aggregate]:
    engine = Rollup(codes, unit, period, era)
    return {code: engine.value(code) for code in codes}


def rollup_children(code: str, unit: Unit, period: Period) -> list[tuple[Unit, Aggregate]]:
    """Each direct child of ``unit`` with its rolled-up value (for comparison tables)."""
    engine = Rollup([code], unit, period)
    return [(child, engine.value(code, child.pk)) for child in unit.children.order_by("name")]
