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

from cds.catalog.services import Definition, get_catalog
from cds.lib.periods import Period
from cds.units.models import Era, Unit, UnitLineage

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
        units = Unit.objects.filter(path__startswith=self.path, era=self.era).values_list("id", "parent_id")
        self.children: dict[int, list[int]] = defaultdict(list)
        for unit_id, parent_id in units:
            if unit_id != self.root_id:
                self.children[parent_id if parent_id is not None else NATION].append(unit_id)

    def units(self) -> dict[str, str]:
        """Filter arguments selecting this subtree's units."""
        return {"path__startswith": self.path, "era": self.era}


def _subtree_cells(code: str, tree: _Tree, period_codes: set[str]) -> dict[tuple[int, str], _Cell]:
    unit_filter = {f"unit__{k}": v for k, v in tree.units().items()}
    rows = DataValue.objects.filter(
        indicator__code=code, period__in=period_codes, number__isnull=False, **unit_filter
    ).values_list("unit_id", "period", "number", "qualifier")
    cells = {(u, p): _Cell(n, bool(q)) for u, p, n, q in rows}
    if tree.era == Era.CURRENT:
        for key, cell in _lineage_cells(code, tree, period_codes).items():
            existing = cells.get(key)
            if existing is None:
                cells[key] = cell
    return cells


def _lineage_cells(code: str, tree: _Tree, period_codes: set[str]) -> dict[tuple[int, str], _Cell]:
    """Values recorded on legacy units, carried to their current successors by share."""
    links = UnitLineage.objects.filter(
        new__path__startswith=tree.path, new__era=tree.era, old__level__in=["commune", "village"]
    ).values_list("old_id", "new_id", "share")
    by_old: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for old_id, new_id, share in links:
        by_old[old_id].append((new_id, share))
    if not by_old:
        return {}
    rows = DataValue.objects.filter(
        indicator__code=code, period__in=period_codes, unit_id__in=by_old.keys(), number__isnull=False
    ).values_list("unit_id", "period", "number", "qualifier")
    out: dict[tuple[int, str], _Cell] = {}
    for old_id, period, number, qualifier in rows:
        for new_id, share in by_old[old_id]:
            cell = out.setdefault((new_id, period), _Cell(Decimal(0)))
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


def _period_value(
    definition: Definition, unit_id: int, period: Period, cells: dict[tuple[int, str], _Cell]
) -> tuple[_Cell | None, str]:
    own = cells.get((unit_id, period.code))
    if own is not None:
        return own, "own"
    rule = definition.aggregate_periods
    if rule == "none":
        return None, "none"
    for kind in SUB_PERIOD_KINDS.get(period.kind, ()):
        subs = period.sub_periods(kind)
        found = [(p, cells[(unit_id, p.code)]) for p in subs if (unit_id, p.code) in cells]
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


def _needed_periods(period: Period) -> set[str]:
    codes = {period.code}
    for kind in SUB_PERIOD_KINDS.get(period.kind, ()):
        codes.update(p.code for p in period.sub_periods(kind))
    return codes


def _tree_value(definition: Definition, tree: _Tree, period: Period) -> Aggregate:
    cells = _subtree_cells(definition.code, tree, _needed_periods(period))
    unit_rule = definition.aggregate_units

    def visit(unit_id: int) -> Aggregate:
        cell, source = _period_value(definition, unit_id, period, cells)
        if cell is not None:
            return Aggregate(cell.number, approximate=cell.approximate, contributors=1, source=source)
        if unit_rule == "none":
            return Aggregate(None)
        parts = [visit(child) for child in tree.children.get(unit_id, [])]
        parts = [p for p in parts if p.value is not None]
        total = _combine("sum" if unit_rule == "recompute" else unit_rule, [p.value for p in parts])  # type: ignore[misc]
        if total is None:
            return Aggregate(None)
        return Aggregate(
            total,
            approximate=any(p.approximate for p in parts),
            contributors=sum(p.contributors for p in parts),
            source="children",
        )

    return visit(tree.root_id)


def rollup(code: str, unit: Unit | None, period: Period, era: str = Era.CURRENT) -> Aggregate:
    """The value of ``code`` for ``unit`` (and everything under it) over ``period``.

    ``unit`` None rolls up the whole country of ``era`` in the same handful of queries.
    """
    catalog = get_catalog(period.start)
    definition = catalog[code]
    tree = _Tree(unit, era)
    if definition.kind != "rate":
        return _tree_value(definition, tree, period)
    num = _tree_value(catalog[definition.numerator], tree, period)
    den = _tree_value(catalog[definition.denominator], tree, period)
    if num.value is not None and den.value:
        rate = num.value / den.value * definition.scale
        return Aggregate(
            rate,
            numerator=num.value,
            denominator=den.value,
            approximate=num.approximate or den.approximate,
            contributors=min(num.contributors, den.contributors),
            source="recomputed",
        )
    own = None
    if unit is not None:
        own = DataValue.objects.filter(
            indicator__code=code, unit=unit, period=period.code, number__isnull=False
        ).first()
    if own is not None:
        return Aggregate(own.number, approximate=bool(own.qualifier), contributors=1, source="reported-rate")
    notes = ["mẫu số bằng 0"] if den.value == 0 else []
    return Aggregate(None, numerator=num.value, denominator=den.value, notes=notes)


def rollup_children(code: str, unit: Unit, period: Period) -> list[tuple[Unit, Aggregate]]:
    """Each direct child of ``unit`` with its rolled-up value (for comparison tables)."""
    return [(child, rollup(code, child, period)) for child in unit.children.order_by("name")]
