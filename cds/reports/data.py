"""The numbers a report quotes, loaded once per report: this period, the previous period, the same
period last year, the sub-period series for footnotes, targets, and where each value came from.

One data window per report (``windows.py``): by default the period itself; when the unit declared
another window for the period (Sơn Nham's "từ ngày 15/12/2023 đến ngày 31/10/2024"), every figure
comes from values recorded on that window, plus the values the unit typed for the period itself —
never a value computed for another range (``window_engine``). The previous and last year's
figures come from the same window a year earlier, so a change is never between two windows.

Only approved values are read unless the report is built with ``include_unapproved`` (then it is
a DỰ THẢO and ``unapproved()`` lists the values that are not approved).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from cds.catalog.formatting import format_value, is_valid
from cds.catalog.models import Target
from cds.catalog.services import Catalog, Definition, get_catalog
from cds.catalog.targets import TargetResult, evaluate, targets_for
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.units.models import Era, Level, Unit
from cds.units.services import predecessors
from cds.values.models import DataValue, SourceKind, Status
from cds.values.rollup import SUB_PERIOD_KINDS, Aggregate, Coverage, Rollup

from .windows import declared_window

log = logging.getLogger(__name__)

APPROVED = Q(status=Status.APPROVED)


def value_filter(include_unapproved: bool) -> Q | None:
    """The values a report may read: approved ones, or all with ``include_unapproved``."""
    return None if include_unapproved else APPROVED


@dataclass
class Figure:
    """One indicator's value for the report's unit and period, with what a sentence may need."""

    code: str
    definition: Definition
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    approximate: bool = False
    qualifier: str = ""
    period: Period | None = None  # the period the value was recorded on (a range for window data)
    source: str = ""
    coverage: Coverage | None = None  # how many reporting units the value stands for
    note: str = ""  # whose figures an incomplete total adds up ("13/170 xã"), said by its sentence
    contributors: int = 0  # units whose own values make up the figure (roll-ups)
    # the units below add up to another number than the unit's own (a district's dossiers include
    # its own one-stop desk's): said beside it (wording filter ``children``), never hidden
    children_value: Decimal | None = None
    # read from the dossier store (counts `cds dvc import` computed): ``coverage`` is then how many
    # reporting units below have dossiers on record, said "có hồ sơ của 14/14 xã" (coverage.py)
    records: bool = False


@dataclass
class Provenance:
    code: str
    name: str
    shown: str
    period: str
    source_kind: str
    source_ref: str
    batch: str


@dataclass(frozen=True)
class Incomparable:
    """A figure of ``period`` (before ``unit`` existed) carried from only some of the units it was
    formed from: ``covered``/``total`` of them hold it, ``missing`` names the others."""

    code: str
    period: Period
    covered: int
    total: int
    missing: tuple[str, ...]


@dataclass
class ReportData:
    unit: Unit
    period: Period
    catalog: Catalog
    figures: dict[str, Figure]
    previous: dict[str, Figure]
    last_year: dict[str, Figure]
    series: dict[str, list[tuple[Period, Figure]]]
    targets: dict[str, Target]
    windows: dict[str, Period] = field(default_factory=dict)  # code → range the value came from
    used: set[str] = field(default_factory=set)
    window: Period | None = None  # the data window every figure comes from (None: the period)
    include_unapproved: bool = False
    # figures of an earlier period before the unit was formed that do not cover every unit it was
    # formed from: not compared (``across_reorganisation``), said once (``parts.window_line``)
    incomparable: list[Incomparable] = field(default_factory=list)
    # why the report compares with no figure of the previous period (``no_comparison``):
    # "formed" (the unit did not exist then), "unapproved" (figures recorded, none approved),
    # "none" (nothing recorded); "" when some figure is compared or the period has no previous
    uncompared: str = ""
    uncompared_with: str = ""  # the period or window it would have been compared with («năm 2024»)
    # previous-period figures dropped because they add up other units than this period's
    # (``coverage.gate_figures``): (earlier units, these units), «170/170 xã», «96/96 xã»
    units_changed: tuple[str, str] | None = None

    @property
    def data_window(self) -> Period:
        return self.window or self.period

    def _periods_read(self) -> dict[str, Q | None]:
        """Period codes the figures may come from → extra condition on the values there."""
        if self.window is not None and self.window.code != self.period.code:
            return {self.window.code: None, self.period.code: ~Q(source_kind=SourceKind.COMPUTED)}
        codes: dict[str, Q | None] = {self.period.code: None}
        for kind in ("quarter", "month"):
            if self.period.kind in ("year", "half") or (self.period.kind == "quarter" and kind == "month"):
                codes.update({p.code: None for p in self.period.sub_periods(kind)})
        return codes

    def unapproved(self, extra: Iterable[str] = ()) -> list[tuple[str, str, str, str]]:
        """(indicator, unit, period, status) of every value not approved that the used figures may
        include: the unit's subtree, the used codes (and ``extra``) and their parts, the periods read."""
        codes = set(self.used) | set(extra)
        for code in list(codes):
            d = self.catalog.get(code)
            if d is not None and d.kind == "rate":
                codes.update(c for c in (d.numerator, d.denominator) if c)
        where = Q()
        for period_code, condition in self._periods_read().items():
            where |= Q(period=period_code) & (condition or Q())
        rows = (
            DataValue.objects.filter(
                Q(unit__path__startswith=self.unit.path) & Q(unit__era=self.unit.era),
                where,
                indicator__code__in=codes,
            )
            .exclude(status=Status.APPROVED)
            .select_related("indicator", "unit")
            .order_by("indicator__code", "unit__name", "period")
        )
        return [
            (
                self.catalog[row.indicator.code].name_vi
                if row.indicator.code in self.catalog
                else row.indicator.code,
                row.unit.name,
                _period_label(row.period),
                Status(row.status).label,
            )
            for row in rows
        ]

    def get(self, code: str) -> Figure | None:
        return self.figures.get(code)

    def target(self, code: str) -> TargetResult | None:
        target = self.targets.get(code)
        figure = self.figures.get(code)
        if target is None or figure is None:
            return None
        return evaluate(target, figure.value)

    def provenance(self) -> list[Provenance]:
        """Where every number the report used came from (own values: kind, file/row, batch)."""
        codes = sorted(self.used)
        read = {
            c: extra
            for c, extra in self._periods_read().items()
            if c in (self.period.code, self.data_window.code)
        }
        where = Q()
        for code, extra in read.items():
            where |= Q(period=code) & (extra or Q())
        rows = DataValue.objects.filter(where, unit=self.unit, indicator__code__in=codes)
        if not self.include_unapproved:
            rows = rows.filter(APPROVED)
        rows = rows.select_related("indicator", "import_batch").order_by("indicator__code")
        order = {code: i for i, code in enumerate(read)}  # the window first, then the period
        own: dict[str, DataValue] = {}
        for found in sorted(rows, key=lambda r: order.get(r.period, 99)):
            own.setdefault(found.indicator.code, found)
        out = []
        for code in codes:
            figure = self.figures.get(code)
            if figure is None:
                continue
            row = own.get(code)
            if row is not None:
                kind = SourceKind(row.source_kind).label
                ref = row.source_ref or row.note[:120]
                batch = str(row.import_batch) if row.import_batch_id else ""
                period = row.period
            else:
                kind = {
                    "children": "Tổng hợp từ đơn vị trực thuộc",
                    "periods": "Cộng dồn các kỳ",
                    "recomputed": "Tính từ tử số/mẫu số",
                }.get(figure.source, figure.source)
                ref, batch = "", ""
                period = figure.period.code if figure.period else self.data_window.code
                if figure.source == "recomputed":
                    d = figure.definition
                    ref = f"{d.numerator} / {d.denominator}"
            out.append(
                Provenance(code, figure.definition.name_vi, show_value(figure), period, kind, ref, batch)
            )
        return out


def _figure(code: str, definition: Definition, agg: Aggregate, period: Period) -> Figure | None:
    if agg.value is None:
        return None
    if not is_valid(definition, agg.value):  # a figure we cannot back is not printed: no data
        log.warning("report leaves out an invalid value of %s for %s", code, period.code)
        return None
    return Figure(
        code,
        definition,
        agg.value,
        agg.numerator,
        agg.denominator,
        agg.approximate,
        period=period,
        source=agg.source,
        coverage=agg.coverage,
        contributors=agg.contributors,
        children_value=agg.children_value
        if agg.own_value is not None and agg.children_value not in (None, agg.own_value)
        else None,
    )


class Source:
    """Roll-up engines shared by every report of a run: one ``Rollup`` per period over ``root``'s
    subtree, loading every code any of the reports needs in one go.

    A single report uses its own unit as the root; a batch uses the scope, so the figures of all
    its communes come from the same few queries per period (a Rollup answers any unit of its
    subtree). Sub-periods of a loaded period (the quarters of a year, for the footnote series)
    are answered from the year's engine, whose load already holds their values.
    """

    def __init__(self, root: Unit, codes: Iterable[str], where: Q | None = APPROVED) -> None:
        self.root = root
        self.codes = sorted(set(codes))
        self.where = where
        self._engines: dict[str, Rollup] = {}

    def engine(self, period: Period, catalog: Catalog) -> Rollup:
        if period.code not in self._engines:
            parent = next((e for e in self._engines.values() if _holds_sub_period(e.period, period)), None)
            if parent is not None:
                self._engines[period.code] = parent.narrowed(period)
            else:
                codes = [c for c in self.codes if c in catalog]
                self._engines[period.code] = Rollup(
                    codes, self.root, period, era=self.root.era, where=self.where
                )
        return self._engines[period.code]

    def figures(
        self, codes: Iterable[str], unit: Unit, period: Period, catalog: Catalog
    ) -> dict[str, Figure]:
        engine = self.engine(period, catalog)
        node = None if unit.pk == self.root.pk else unit.pk
        out = {}
        for code in codes:
            if code not in catalog or code not in self.codes:
                continue
            fig = _figure(code, catalog[code], engine.value(code, node), period)
            if fig is not None:
                out[code] = fig
        return out


def _holds_sub_period(outer: Period, inner: Period) -> bool:
    return (
        inner.kind == "quarter"
        and outer.kind in ("year", "half")
        and any(p.code == inner.code for p in outer.sub_periods("quarter"))
    )


def window_engine(
    unit: Unit, period: Period, window: Period, codes: Iterable[str], catalog: Catalog, where: Q | None
) -> Rollup:
    """Figures of ``unit`` for ``period`` read on ``window`` (``Rollup.for_window``): values recorded
    on the window, then the values typed (not computed) on the period itself where the window has
    none; a rate's numerator and denominator always come from the same one of the two."""
    return Rollup.for_window([c for c in codes if c in catalog], unit, window, period, where)


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29/2
        return day.replace(year=day.year - 1, day=28)


def _period_label(code: str) -> str:
    try:
        return parse_period(code).label_vi
    except InputError:  # a stored code is always valid; shown raw otherwise
        return code


def series_periods(period: Period) -> list[Period]:
    """Sub-periods quoted in footnotes: the quarters of a year/half, or this year's quarters so far."""
    if period.kind in ("year", "half"):
        return period.sub_periods("quarter")
    if period.kind == "quarter":
        return [Period.of("quarter", period.year, q) for q in range(1, period.index + 1)]
    return []


def load(
    unit: Unit,
    period: Period,
    codes: list[str] | None = None,
    series_codes: Sequence[str] = (),
    source: Source | None = None,
    window: Period | None = None,
    include_unapproved: bool = False,
) -> ReportData:
    """The figures of ``unit`` for ``period``, all from one data window: ``window`` (validated by
    ``windows.report_window``) or the period itself."""
    catalog = get_catalog(period.start)
    codes = list(codes) if codes is not None else catalog.codes()
    where = value_filter(include_unapproved)
    if window is not None and window.code == period.code:
        window = None
    if window is None:
        source = source or Source(unit, [*codes, *series_codes], where)
        figures = source.figures(codes, unit, period, catalog)
        last = period.same_period_last_year()
        last_year = source.figures(codes, unit, last, get_catalog(last.start))
        previous: dict[str, Figure] = {}
        if period.kind != "range":
            before = period.previous()
            previous = (
                last_year
                if before.code == last.code
                else source.figures(codes, unit, before, get_catalog(before.start))
            )
        series: dict[str, list[tuple[Period, Figure]]] = {}
        if series_codes:
            for sub in series_periods(period):
                for code, fig in source.figures(series_codes, unit, sub, catalog).items():
                    series.setdefault(code, []).append((sub, fig))
    else:
        engine = window_engine(unit, period, window, codes, catalog, where)
        figures = _engine_figures(engine, codes, catalog, period)
        last = period.same_period_last_year()
        last_window = declared_window(unit, last) or Period.between(
            _year_before(window.start), _year_before(window.end)
        )
        last_year = _engine_figures(
            window_engine(unit, last, last_window, codes, get_catalog(last.start), where),
            codes,
            catalog,
            last,
        )
        previous = last_year if period.kind == "year" else {}
        series = {}  # calendar quarters are other windows: no series beside a declared window
    incomparable = across_reorganisation(unit, last, last_year, figures, where)
    if previous is not last_year and period.kind != "range":
        incomparable += across_reorganisation(unit, period.previous(), previous, figures, where)
    for lost in incomparable:  # never «tăng … so với năm 2024» over part of the units
        (last_year if lost.period.code == last.code else previous).pop(lost.code, None)
    _qualifiers(unit, figures, [c for c in (window.code if window else None, period.code) if c])
    uncompared = ""
    compares = period.kind != "range" and (window is None or period.kind == "year")
    uncompared_with = ""
    if compares and figures and not incomparable and not any(code in previous for code in figures):
        if window is None:
            before = period.previous()
            uncompared = no_comparison(unit, before, codes, where, source)
        else:  # a declared window compares with last year's window, not with the calendar year
            before = last_window
            uncompared = no_comparison(unit, before, codes, where, None, last)
        uncompared_with = before.label_vi
    targets = targets_for(unit, period.code)
    return ReportData(
        unit,
        period,
        catalog,
        figures,
        previous,
        last_year,
        series,
        targets,
        window=window,
        include_unapproved=include_unapproved,
        incomparable=incomparable,
        uncompared=uncompared,
        uncompared_with=uncompared_with,
    )


def no_comparison(
    unit: Unit,
    before: Period,
    codes: list[str],
    where: Q | None,
    source: Source | None,
    window_of: Period | None = None,
) -> str:
    """Why a report holds no figure of ``before`` (the previous period, or last year's window for
    the period ``window_of``) to compare with: figures recorded there but none approved, or the
    unit formed after it began (a commune or province of 1/7/2025) and nothing carried from the
    units before, or nothing recorded. s14: the province's 2025 report had no comparison with 2024
    and did not say why."""
    if where is not None:
        if window_of is None:
            everything = Source(source.root if source else unit, codes, None)
            recorded = everything.figures(codes, unit, before, get_catalog(before.start))
        else:
            catalog = get_catalog(window_of.start)
            engine = window_engine(unit, window_of, before, codes, catalog, None)
            recorded = _engine_figures(engine, codes, catalog, window_of)
        if recorded:
            return "unapproved"
    if unit.valid_from is not None and unit.valid_from > before.start:
        return "formed"
    return "none"


def across_reorganisation(
    unit: Unit, earlier: Period, before: dict[str, Figure], now: dict[str, Figure], where: Q | None
) -> list[Incomparable]:
    """The figures of ``earlier`` that a unit formed after it (a commune of 1/7/2025) holds only
    through its predecessors and that do not cover every predecessor commune existing in
    ``earlier`` (the units history: ``valid_from``/``valid_to``): a value recorded on the unit
    itself stands; a rate is covered where its value or both its parts are recorded. Issue 14:
    «11.540 … tăng gấp 3,6 lần so với năm 2024» must not compare with part of the communes.
    Only the figures the report could compare (held in ``now`` too) are looked at."""
    figures = {code: fig for code, fig in before.items() if code in now}
    if unit.era != Era.CURRENT or unit.valid_from is None or earlier.end >= unit.valid_from or not figures:
        return []
    olds = [
        old
        for old, _share, _kind in predecessors(unit)
        if old.level == Level.COMMUNE
        and (old.valid_from is None or old.valid_from <= earlier.end)
        and (old.valid_to is None or old.valid_to > earlier.start)
    ]
    if not olds:
        return []
    periods = {earlier.code} | {
        p.code for kind in SUB_PERIOD_KINDS.get(earlier.kind, ()) for p in earlier.sub_periods(kind)
    }
    needed: dict[str, list[list[str]]] = {}
    for code, fig in figures.items():
        d = fig.definition
        needed[code] = [[code]] + ([[d.numerator, d.denominator]] if d.numerator and d.denominator else [])
    rows = DataValue.objects.filter(
        unit__in=[unit, *olds],
        indicator__code__in={c for ways in needed.values() for way in ways for c in way},
        period__in=periods,
        number__isnull=False,
    )
    if where is not None:
        rows = rows.filter(where)
    held = set(rows.values_list("unit_id", "indicator__code"))
    out = []
    for code, ways in needed.items():
        if (unit.pk, code) in held:
            continue
        missing = [o for o in olds if not any(all((o.pk, c) in held for c in way) for way in ways)]
        if missing:
            out.append(
                Incomparable(
                    code, earlier, len(olds) - len(missing), len(olds), tuple(o.name for o in missing)
                )
            )
    return out


def _engine_figures(
    engine: Rollup, codes: Iterable[str], catalog: Catalog, period: Period | None = None
) -> dict[str, Figure]:
    """Figures of the engine's root; each keeps the range it was read on (the window, or
    ``period`` for a value typed for the period itself)."""
    ranges = {engine.period.code: engine.period} | ({period.code: period} if period else {})
    out = {}
    for code in codes:
        if code in catalog:
            agg = engine.value(code)
            fig = _figure(code, catalog[code], agg, ranges.get(agg.range_code, engine.period))
            if fig is not None:
                out[code] = fig
    return out


def _qualifiers(unit: Unit, figures: dict[str, Figure], periods: list[str]) -> None:
    """ "khoảng", "trên", "hơn" as written, for values the unit recorded itself (on the window
    first, then the period)."""
    approx = [f for f in figures.values() if f.approximate and f.source == "own"]
    if not approx:
        return
    rows = DataValue.objects.filter(
        unit=unit,
        indicator__code__in=[f.code for f in approx],
        period__in={*periods, *(f.period.code for f in approx if f.period)},
    ).values_list("indicator__code", "period", "qualifier")
    by_key = {(code, period): q for code, period, q in rows}
    for f in approx:
        own = f.period.code if f.period else ""
        f.qualifier = next((by_key[(f.code, p)] for p in (own, *periods) if (f.code, p) in by_key), "")


def show_value(figure: Figure, **options: Any) -> str:
    """A figure as the report writes it: the one formatter, with the figure's qualifier."""
    return format_value(figure.definition, figure.value, figure.qualifier, **options)
