"""Roll values up the unit hierarchy and over periods, following each indicator's rule.

The rules (from the catalog): ``sum`` adds; ``recompute`` rebuilds a rate from its summed
numerator and denominator (rates are never averaged); ``latest`` takes the last sub-period for
stocks; ``max``; ``all``/``any`` for yes/no; ``none`` is not aggregated.

What a value at a unit means follows the indicator's ``scope``. An ``own`` indicator (documents
the People's Committee issued, its budget, its website) is the unit's own value or nothing: it is
never summed from children. A ``territory`` indicator (dossiers, residents, teams) is summed over
the children, recursively; where the unit also has its own typed value, both are kept on the
``Aggregate`` — the typed value is the headline, the children's sum stands beside it with its
coverage, and ``validation.check_unit`` warns when they disagree. Nothing is replaced silently.

Every aggregate carries its ``Coverage``: N reporting units expected (the communes of the
subtree — or the unit itself for ``own`` figures and for a commune), n whose data is in the
figure, m of those with every value behind it approved. A unit's own typed territory total
counts for all the reporting units under it. A rate is rebuilt from the numerators and
denominators of the same units — those that have both — so its parts always cover each other.

For a current (post-2025) unit, values recorded on the legacy units it came from are carried
over through the lineage shares, so a 2023 → 2026 series exists for today's units.

Everything is computed from two queries per indicator (subtree units, subtree values), which is
what makes a whole-country roll-up one request.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from cds.catalog.models import Scope
from cds.catalog.services import Catalog, Definition, get_catalog
from cds.lib.output import fields_of
from cds.lib.periods import Period
from cds.units.models import Era, Unit, UnitLineage, subtree_q
from cds.units.services import map_day, unit_order, units_below

from .models import DataValue, SourceKind, Status

SUB_PERIOD_KINDS = {"year": ("quarter", "month"), "half": ("quarter", "month"), "quarter": ("month",)}


LEVEL_WORDS = {  # the reporting units counted by a coverage, as the sentences name them
    "commune": ("xã", "communes"),
    "district": ("huyện", "districts"),
    "province": ("tỉnh", "provinces"),
    "village": ("thôn", "villages"),
}
UNIT_WORDS = ("đơn vị", "units")


@dataclass(frozen=True)
class Coverage:
    """How much of the area a figure stands for: n of N reporting units, m of them approved."""

    expected: int  # N: reporting units of the subtree (1 for an own figure and for a commune)
    reported: int = 0  # n: units whose data is in the figure (n ≤ N)
    approved: int = 0  # m: units whose every value behind the figure is approved (m ≤ n)
    level: str = ""  # level of the reporting units ("commune"), "" when mixed

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.expected + other.expected,
            self.reported + other.reported,
            self.approved + other.approved,
            self.level if self.level == other.level else "",
        )

    @property
    def complete(self) -> bool:
        return self.reported >= self.expected

    @property
    def all_approved(self) -> bool:
        return self.reported > 0 and self.approved >= self.reported

    @property
    def share(self) -> Decimal:
        """n/N as a fraction (1 for an empty subtree, which nothing is missing from)."""
        return Decimal(self.reported) / Decimal(self.expected) if self.expected else Decimal(1)

    def units(self, lang: str = "vi") -> str:
        """ "13/170 xã" — the reporting units the figure is based on."""
        words = LEVEL_WORDS.get(self.level, UNIT_WORDS)
        return f"{self.reported}/{self.expected} {words[0] if lang == 'vi' else words[1]}"

    @property
    def text_vi(self) -> str:
        return f"{self.reported}/{self.expected} đơn vị có số liệu, {self.approved} đã duyệt"

    @property
    def text_en(self) -> str:
        return f"{self.reported}/{self.expected} units with data, {self.approved} approved"

    def as_dict(self) -> dict[str, object]:
        return fields_of(self, "expected", "reported", "approved", "level", "complete", "text_vi", "text_en")


NO_COVERAGE = Coverage(0)


@dataclass
class Aggregate:
    """A figure for a unit and period, with where it comes from and how much of the area it covers.

    ``value`` is the headline: the unit's own typed value when it has one, else (territory
    indicators only) the children's sum. ``own_value`` and ``children_value`` keep both, so a
    page can show the sum beside a typed total; ``children_coverage`` is the sum's coverage.
    """

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    approximate: bool = False
    contributors: int = 0
    source: str = "none"  # own / children / periods / recomputed / reported-rate / none
    notes: list[str] = field(default_factory=list)
    coverage: Coverage = NO_COVERAGE
    scope: str = "territory"
    own_value: Decimal | None = None
    children_value: Decimal | None = None
    children_coverage: Coverage | None = None
    range_code: str = ""  # the period code the unit's own value (or a rate's parts) was read on

    @property
    def is_empty(self) -> bool:
        return self.value is None

    @property
    def approved(self) -> bool:
        """Every value behind the figure is approved (False for an empty figure)."""
        return self.value is not None and self.coverage.all_approved

    @property
    def disagrees(self) -> bool:
        """The unit's own typed value and its children's sum are both known and differ."""
        return (
            self.own_value is not None
            and self.children_value is not None
            and self.own_value != self.children_value
        )


@dataclass
class Cell:
    """One recorded number as a roll-up reads it: the value, whether approximate, whether approved."""

    number: Decimal
    approximate: bool = False
    approved: bool = False


_RANK = {"nation": 0, "province": 1, "district": 2, "commune": 3, "village": 4}
NATION = 0  # id of the virtual root above the provinces, for whole-country roll-ups


class _Tree:
    """The units of a subtree with their children, loaded in one query.

    ``root`` None means the whole country of ``era``: a virtual root above its provinces. With
    ``span`` (first, last day) on the legacy map, only the units that still existed on its first
    day (a commune that ceased in 2020, ``units.history``, is not one of a 2024 province's
    reporting units) and already existed on its last (one an arrangement formed on 1/1/2025 is not
    one of 2022's).
    """

    def __init__(
        self, root: Unit | None, era: str = Era.CURRENT, span: tuple[dt.date, dt.date] | None = None
    ):
        self.root = root
        self.era = root.era if root is not None else era
        self.root_id = root.pk if root is not None else NATION
        self.path = root.path if root is not None else "/"
        found = Unit.objects.filter(subtree_q(self.path), era=self.era)
        if span is not None and self.era == Era.LEGACY:  # today's units stand for their past (lineage)
            found = found.filter(
                (Q(valid_to__isnull=True) | Q(valid_to__gt=span[0]))
                & (Q(valid_from__isnull=True) | Q(valid_from__lte=span[1]))
                | Q(pk=self.root_id)
            )
        units = found.values_list("id", "parent_id", "level")
        self.children: dict[int, list[int]] = defaultdict(list)
        self.level: dict[int, str] = {NATION: "nation"}
        for unit_id, parent_id, level in units:
            self.level[unit_id] = level
            if unit_id != self.root_id:
                self.children[parent_id if parent_id is not None else NATION].append(unit_id)
        self._expected: dict[int, Coverage] = {}
        self._units_below: dict[tuple[str, dt.date], dict[int, int]] = {}

    def units_below(self, level: str, day: dt.date) -> dict[int, int]:
        """Units of ``level`` existing on ``day`` under each unit of the tree (registry; cached)."""
        key = (level, map_day(self.era, day))
        if key not in self._units_below:
            self._units_below[key] = units_below(self.path, self.era, level, day)
        return self._units_below[key]

    def is_reporting_unit(self, node: int) -> bool:
        """Communes report; so does a village asked about alone, and any unit with nothing below it."""
        level = self.level.get(node, "")
        return level in ("commune", "village") or not self.children.get(node)

    def expected(self, node: int) -> Coverage:
        """N for ``node``: its reporting units, none of them reported yet."""
        if node not in self._expected:
            if self.is_reporting_unit(node):
                self._expected[node] = Coverage(1, level=self.level.get(node, ""))
            else:
                first, *rest = self.children[node]
                total = self.expected(first)
                for child in rest:
                    total = total + self.expected(child)
                self._expected[node] = total
        return self._expected[node]

    def covered(self, node: int, approved: bool) -> Coverage:
        """Coverage of a value that stands for the whole of ``node`` (its own, or a commune's)."""
        n = self.expected(node)
        return Coverage(n.expected, n.expected, n.expected if approved else 0, n.level)

    def values_q(self, prefix: str = "unit__") -> Q:
        """Selects rows that belong to this subtree's units."""
        return subtree_q(self.path, f"{prefix}path") & Q(**{f"{prefix}era": self.era})


def _subtree_cells(
    codes: set[str], tree: _Tree, period_codes: set[str], where: Q | None = None
) -> dict[str, dict[tuple[int, str], Cell]]:
    """Every recorded number of ``codes`` in the subtree and periods, in one query (two with lineage).

    ``where``: a further condition on the values (e.g. ``Q(status="approved")`` for reports)."""
    cells: dict[str, dict[tuple[int, str], Cell]] = defaultdict(dict)
    for code, unit_id, period, number, qualifier, status in _numbers(
        DataValue.objects.filter(tree.values_q()), codes, period_codes, where
    ):
        cells[code][(unit_id, period)] = Cell(number, bool(qualifier), status == Status.APPROVED)
    if tree.era == Era.CURRENT:
        for code, carried in _lineage_cells(codes, tree, period_codes, where).items():
            for key, cell in carried.items():
                cells[code].setdefault(key, cell)  # a value recorded on today's unit wins
    return cells


def _numbers(
    values: QuerySet[DataValue], codes: set[str], period_codes: set[str], where: Q | None
) -> Iterator[tuple[str, int, str, Decimal, str, str]]:
    """(indicator code, unit id, period, number, qualifier, status) of the recorded numbers of
    ``codes`` in ``period_codes`` among ``values``, ``where`` also holds."""
    rows = values.filter(indicator__code__in=codes, period__in=period_codes, number__isnull=False)
    if where is not None:
        rows = rows.filter(where)
    fields = rows.values_list("indicator__code", "unit_id", "period", "number", "qualifier", "status")
    for code, unit_id, period, number, qualifier, status in fields:
        if number is not None:  # excluded by the query; says so to the type checker
            yield code, unit_id, period, number, qualifier, status


def _lineage_cells(
    codes: set[str], tree: _Tree, period_codes: set[str], where: Q | None = None
) -> dict[str, dict[tuple[int, str], Cell]]:
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
    out: dict[str, dict[tuple[int, str], Cell]] = defaultdict(dict)
    for code, old_id, period, number, qualifier, status in _numbers(
        DataValue.objects.filter(**scope), codes, period_codes, where
    ):
        for new_id, share in by_old.get(old_id, ()):
            cell = out[code].setdefault((new_id, period), Cell(Decimal(0), approved=True))
            cell.number += number * share
            cell.approximate = cell.approximate or bool(qualifier) or share != 1
            cell.approved = cell.approved and status == Status.APPROVED
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
    period_code: str,
    cells: dict[tuple[int, str], Cell],
    sub_codes: list[list[str]],
) -> tuple[Cell | None, str]:
    own = cells.get((unit_id, period_code))
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
            partial = len(found) < len(subs)
            return Cell(chosen.number, chosen.approximate or partial, chosen.approved), "periods"
        total = _combine("sum" if rule == "recompute" else rule, [c.number for _, c in found])
        if total is None:
            return None, "none"
        partial = len(found) < len(subs)
        approved = all(c.approved for _, c in found)
        return Cell(total, any(c.approximate for _, c in found) or partial, approved), "periods"
    return None, "none"


def _with_parts(codes: list[str], catalog: Catalog) -> set[str]:
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
        _loaded: tuple[_Tree, dict[str, dict[tuple[int, str], Cell]]] | None = None,
        _fallback: tuple[str, ...] = (),
    ):
        self.period = period
        self.catalog = get_catalog(period.start)
        self.sub_codes = _sub_period_codes(period)
        self.fallback = _fallback  # period codes read, exactly, where a unit has nothing on ``period``
        if _loaded is None:
            self.tree = _Tree(unit, era, (period.start, period.end))
            self.cells = _subtree_cells(
                _with_parts(codes, self.catalog), self.tree, _needed_periods(period), where
            )
        else:
            self.tree, self.cells = _loaded
        self._forget_answers()
        # (code, period code) whose unit counts are in ``cells``: shared with the quarter copies of
        # ``narrowed`` as ``cells`` is, and keyed by period as the cells are, so each period counts
        # the units of its own last day whichever engine asked first
        self._counted: set[tuple[str, str]] = set()

    def _forget_answers(self) -> None:
        """Empty the memos of this engine's period: every answer of ``value`` and ``_pair``."""
        self._memo: dict[tuple[str, int], Aggregate] = {}
        self._pairs: dict[tuple[str, int], Aggregate | None] = {}  # ``_pair``'s answers, None included

    def narrowed(self, period: Period) -> Rollup:
        """This engine answering ``period``, a quarter of its own period: the load already holds
        every value of its quarters and months, so only the period and the memos change (no query).
        Every memo is per period: a quarter never answers with a figure its year computed."""
        narrowed = copy.copy(self)
        narrowed.period = period
        narrowed.sub_codes = [[p.code for p in period.sub_periods("month")]]
        narrowed._forget_answers()
        return narrowed

    def _cells(self, definition: Definition) -> dict[tuple[int, str], Cell]:
        """The recorded numbers of ``definition`` — for a count of units (``counts_units``), the
        units registry's instead: each unit above the counted level gets the number of such units
        under it on the period's last day, as its own approved figure (a typed value of such a code
        is never stored). Read on first use, one query per level and day for all engines of a tree."""
        level = definition.counts_units
        if level and (definition.code, self.period.code) not in self._counted:
            self._counted.add((definition.code, self.period.code))
            counts = self.tree.units_below(level, self.period.end)
            cells = self.cells.setdefault(definition.code, {})
            rank = _RANK[level]
            for node, node_level in self.tree.level.items():
                if level == "village":
                    # the registry holds a commune's thôn only once its list is imported
                    # (`cds units import-villages`): none is unknown, not 0 («0 thôn … 1 đã duyệt»
                    # on xã Tịnh Khê's page); a district or province sums the communes that have
                    # one, with the coverage saying how many
                    if node_level == "commune" and counts.get(node):
                        cells[(node, self.period.code)] = Cell(Decimal(counts[node]), approved=True)
                elif _RANK.get(node_level, 9) < rank:
                    cells[(node, self.period.code)] = Cell(Decimal(counts.get(node, 0)), approved=True)
        return self.cells.get(definition.code, {})

    @classmethod
    def for_periods(
        cls, wanted: list[tuple[list[str], Period]], unit: Unit | None, era: str = Era.CURRENT
    ) -> list[Rollup]:
        """One engine per (codes, period) of ``wanted``, all from one load of the subtree and one
        query of its values per distinct list of codes: a dashboard's eight quarters cost three
        queries, not sixteen."""
        span = (min(p.start for _, p in wanted), max(p.end for _, p in wanted)) if wanted else None
        tree = _Tree(unit, era, span)
        periods_by_codes: dict[frozenset[str], set[str]] = defaultdict(set)
        for period_codes, period in wanted:  # one query per distinct list of codes
            periods_by_codes[frozenset(_with_parts(period_codes, get_catalog(period.start)))] |= (
                _needed_periods(period)
            )
        cells: dict[str, dict[tuple[int, str], Cell]] = defaultdict(dict)
        for codes, periods in periods_by_codes.items():
            for code, found in _subtree_cells(set(codes), tree, periods).items():
                cells[code].update(found)
        return [cls(c, unit, p, era, _loaded=(tree, cells)) for c, p in wanted]

    @classmethod
    def for_window(
        cls, codes: list[str], unit: Unit, window: Period, period: Period, where: Q | None = None
    ) -> Rollup:
        """Figures of ``unit``'s subtree read on a declared data ``window`` of ``period``: the values
        recorded on the window, and where a unit has none, the values it *typed* (not computed) for
        the period itself — its answers for that report. Nothing computed for another range is read.

        Each unit's figure comes from one range; a rate's numerator and denominator come from the
        same range (the window if both are there, else the period's typed values), never one from
        each: Sơn Nham typed 07 civil servants for 2024 and 8 for the window, so its "07 trained"
        of 2024 reads 07/07 while the window's "8 app users" reads 8/8."""
        tree = _Tree(unit, unit.era, (min(window.start, period.start), max(window.end, period.end)))
        needed = _with_parts(list(codes), get_catalog(window.start))
        cells = _subtree_cells(needed, tree, {window.code}, where)
        typed = ~Q(source_kind=SourceKind.COMPUTED) & (where or Q())
        for code, found in _subtree_cells(needed, tree, {period.code}, typed).items():
            cells[code].update(found)
        return cls(list(codes), unit, window, unit.era, _loaded=(tree, cells), _fallback=(period.code,))

    def _ranges(self) -> list[tuple[str, list[list[str]]]]:
        """(period code, its sub-periods) in the order a unit's value is looked for."""
        return [(self.period.code, self.sub_codes), *((code, []) for code in self.fallback)]

    def _own_cell(
        self, definition: Definition, node: int, cells: dict[tuple[int, str], Cell]
    ) -> tuple[Cell | None, str, str]:
        """The unit's own value: (cell, source, range code) from the first range that has one."""
        for code, subs in self._ranges():
            cell, source = _period_value(definition, node, code, cells, subs)
            if cell is not None:
                return cell, source, code
        return None, "none", ""

    def value(self, code: str, unit_id: int | None = None) -> Aggregate:
        node = self.tree.root_id if unit_id is None else unit_id
        definition = self.catalog[code]
        if definition.kind != "rate":
            return self._visit(definition, node)
        key = (code, node)
        if key not in self._memo:
            self._memo[key] = self._rate(definition, node)
        return self._memo[key]

    # -- counts, amounts, numbers, booleans

    def _visit(self, definition: Definition, node: int) -> Aggregate:
        key = (definition.code, node)
        if key not in self._memo:
            self._memo[key] = self._compute(definition, node)
        return self._memo[key]

    def _compute(self, definition: Definition, node: int) -> Aggregate:
        cells = self._cells(definition)
        cell, source, range_code = self._own_cell(definition, node, cells)
        own = None
        if cell is not None:
            own = Aggregate(
                cell.number,
                approximate=cell.approximate,
                contributors=1,
                source=source,
                coverage=self._own_coverage(definition, node, cell.approved),
                scope=definition.scope,
                own_value=cell.number,
                range_code=range_code,
            )
        rule = definition.aggregate_units
        if definition.scope == Scope.OWN or rule == "none":  # never summed from children
            return own or Aggregate(
                None, coverage=self._own_coverage(definition, node), scope=definition.scope
            )
        parts = [self._visit(definition, child) for child in self.tree.children.get(node, [])]
        found = [p for p in parts if p.value is not None]
        total = _combine(
            "sum" if rule == "recompute" else rule, [p.value for p in found if p.value is not None]
        )
        coverage = self._children_coverage(node, parts)
        if own is not None:
            own.children_value, own.children_coverage = total, coverage if parts else None
            return own
        if total is None:
            return Aggregate(None, coverage=coverage, scope=definition.scope)
        return Aggregate(
            total,
            approximate=any(p.approximate for p in found),
            contributors=sum(p.contributors for p in found),
            source="children",
            coverage=coverage,
            scope=definition.scope,
            children_value=total,
            children_coverage=coverage,
        )

    def _own_coverage(self, definition: Definition, node: int, approved: bool | None = None) -> Coverage:
        """An own figure stands for the unit alone (1/1); a territory total for its whole area."""
        if definition.scope == Scope.OWN:
            level = self.tree.level.get(node, "")
            return Coverage(1, 0 if approved is None else 1, int(bool(approved)), level)
        if approved is None:
            return self.tree.expected(node)
        return self.tree.covered(node, approved)

    def _children_coverage(self, node: int, parts: list[Aggregate]) -> Coverage:
        if not parts:
            return self.tree.expected(node)
        if self.tree.is_reporting_unit(node):  # a commune summed from its villages counts once
            found = [p for p in parts if p.value is not None]
            return (
                self.tree.covered(node, all(p.approved for p in found)) if found else self.tree.expected(node)
            )
        first, *rest = (p.coverage for p in parts)
        for other in rest:
            first = first + other
        return first

    # -- rates: numerator and denominator from the same units

    def _rate(self, definition: Definition, node: int) -> Aggregate:
        typed = self.cells.get(definition.code, {})
        reported, range_code = next(
            ((typed[(node, code)], code) for code, _ in self._ranges() if (node, code) in typed), (None, "")
        )
        # set aside by the catalog: never computed from parts it cannot back, the reason instead; a
        # rate the unit reported is a recorded figure, not a computed one, and stays shown
        problem = [f"{definition.problem_vi} / {definition.problem_en}"] if definition.problem_vi else []
        pair = None if problem else self._pair(definition, node)
        if pair is not None and pair.value is not None:
            return pair
        if reported is not None:  # only the typed rate is known (e.g. a quarterly rate in a footnote)
            return Aggregate(
                reported.number,
                approximate=reported.approximate,
                contributors=1,
                source="reported-rate",
                coverage=self._own_coverage(definition, node, reported.approved),
                notes=problem,
                scope=definition.scope,
                own_value=reported.number,
                range_code=range_code,
            )
        if problem:
            return Aggregate(
                None, notes=problem, coverage=self._own_coverage(definition, node), scope=definition.scope
            )
        if pair is not None:
            return pair  # known parts, zero denominator
        numerator, denominator = definition.rate_codes
        num = self._visit(self.catalog[numerator], node)
        den = self._visit(self.catalog[denominator], node)
        coverage = self._own_coverage(definition, node)
        return Aggregate(
            None, numerator=num.value, denominator=den.value, coverage=coverage, scope=definition.scope
        )

    def _pair(self, definition: Definition, node: int) -> Aggregate | None:
        """The rate at ``node`` from the numerator and denominator of the same units (None: none has both)."""
        key = (f"{definition.code}#pair", node)
        if key in self._pairs:
            return self._pairs[key]
        num_def, den_def = (self.catalog[code] for code in definition.rate_codes)
        own = None
        for range_code, subs in self._ranges():  # both parts from one range, never one from each
            num, _ = _period_value(num_def, node, range_code, self._cells(num_def), subs)
            den, _ = _period_value(den_def, node, range_code, self._cells(den_def), subs)
            if num is None or den is None:
                continue
            own = self._rate_aggregate(
                definition,
                num.number,
                den.number,
                num.approximate or den.approximate,
                1,
                "recomputed",
                self._own_coverage(definition, node, num.approved and den.approved),
            )
            own.own_value, own.range_code = own.value, range_code
            break
        children = [] if definition.scope == Scope.OWN else self.tree.children.get(node, [])
        pairs = [(child, self._pair(definition, child)) for child in children]
        found = [p for _, p in pairs if p is not None]
        result: Aggregate | None = own
        if found:
            coverage = self._children_coverage(
                node,
                [p if p is not None else Aggregate(None, coverage=self.tree.expected(c)) for c, p in pairs],
            )
            summed = self._rate_aggregate(
                definition,
                sum((p.numerator for p in found if p.numerator is not None), Decimal(0)),
                sum((p.denominator for p in found if p.denominator is not None), Decimal(0)),
                any(p.approximate for p in found),
                sum(p.contributors for p in found),
                "recomputed",
                coverage,
            )
            if own is None:
                summed.children_value, summed.children_coverage = summed.value, coverage
                result = summed
            else:
                own.children_value, own.children_coverage = summed.value, coverage
        self._pairs[key] = result
        return result

    def _rate_aggregate(
        self,
        definition: Definition,
        num: Decimal,
        den: Decimal,
        approximate: bool,
        contributors: int,
        source: str,
        coverage: Coverage,
    ) -> Aggregate:
        value = num / den * definition.scale if den else None
        return Aggregate(
            value,
            numerator=num,
            denominator=den,
            approximate=approximate,
            contributors=contributors,
            source=source,
            notes=[] if den else ["mẫu số bằng 0"],
            coverage=coverage,
            scope=definition.scope,
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
    children = sorted(unit.children.all(), key=unit_order)  # Vietnamese alphabetical order
    return [(child, engine.value(code, child.pk)) for child in children]
