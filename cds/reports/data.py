"""The numbers a report quotes, loaded once per report: this period, the previous period, the same
period last year, the sub-period series for footnotes, targets, and where each value came from.

A year report also picks up the unit's own values recorded on an explicit date range inside the
year's annual reporting window (Sơn Nham's "từ ngày 15/12/2023 đến 31/10/2024"), and remembers
the range so the report can say which window a section's figures cover.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cds.catalog.formatting import is_valid
from cds.catalog.services import Catalog, Definition, get_catalog
from cds.catalog.targets import TargetResult, evaluate, targets_for
from cds.lib.periods import Period, parse_period
from cds.units.models import Unit
from cds.values.models import DataValue, SourceKind
from cds.values.rollup import Aggregate, Rollup

log = logging.getLogger(__name__)


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


@dataclass
class Provenance:
    code: str
    name: str
    shown: str
    period: str
    source_kind: str
    source_ref: str
    batch: str


@dataclass
class ReportData:
    unit: Unit
    period: Period
    catalog: Catalog
    figures: dict[str, Figure]
    previous: dict[str, Figure]
    last_year: dict[str, Figure]
    series: dict[str, list[tuple[Period, Figure]]]
    targets: dict[str, object]
    windows: dict[str, Period] = field(default_factory=dict)  # code → range the value came from
    used: set[str] = field(default_factory=set)

    def get(self, code: str) -> Figure | None:
        return self.figures.get(code)

    def target(self, code: str) -> TargetResult | None:
        target = self.targets.get(code)
        figure = self.figures.get(code)
        if target is None or figure is None:
            return None
        return evaluate(target, figure.value)  # type: ignore[arg-type]

    def provenance(self) -> list[Provenance]:
        """Where every number the report used came from (own values: kind, file/row, batch)."""
        from .wording import show_value

        codes = sorted(self.used)
        periods = {self.period.code} | {w.code for w in self.windows.values()}
        rows = (
            DataValue.objects.filter(unit=self.unit, period__in=periods, indicator__code__in=codes)
            .select_related("indicator", "import_batch")
            .order_by("indicator__code")
        )
        own = {row.indicator.code: row for row in rows}
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
                ref, batch, period = "", "", self.period.code
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
    )


class Source:
    """Roll-up engines shared by every report of a run: one ``Rollup`` per period over ``root``'s
    subtree, loading every code any of the reports needs in one go.

    A single report uses its own unit as the root; a batch uses the scope, so the figures of all
    its communes come from the same few queries per period (a Rollup answers any unit of its
    subtree). Sub-periods of a loaded period (the quarters of a year, for the footnote series)
    are answered from the year's engine, whose load already holds their values.
    """

    def __init__(self, root: Unit, codes: Iterable[str]) -> None:
        self.root = root
        self.codes = sorted(set(codes))
        self._engines: dict[str, Rollup] = {}

    def engine(self, period: Period, catalog: Catalog) -> Rollup:
        if period.code not in self._engines:
            parent = next((e for e in self._engines.values() if _holds_sub_period(e.period, period)), None)
            if parent is not None:
                self._engines[period.code] = _narrowed(parent, period)
            else:
                codes = [c for c in self.codes if c in catalog]
                self._engines[period.code] = Rollup(codes, self.root, period, era=self.root.era)
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


def _narrowed(engine: Rollup, period: Period) -> Rollup:
    """The engine of a year answering one of its quarters: the year's load already holds every
    value of its quarters and months, so only the period and the memo change (no query)."""
    narrowed = copy.copy(engine)
    narrowed.period = period
    narrowed.sub_codes = [[p.code for p in period.sub_periods("month")]]
    narrowed._memo = {}
    return narrowed


def window_periods(unit: Unit, period: Period) -> list[Period]:
    """Explicit ranges the unit recorded values on inside a year's annual reporting window."""
    if period.kind != "year":
        return []
    start = dt.date(period.year - 1, 12, 15)
    codes = (
        DataValue.objects.filter(unit=unit, period_start__gte=start, period_end__lte=period.end)
        .filter(period__contains="..")
        .values_list("period", flat=True)
        .distinct()
    )
    return sorted((parse_period(c) for c in codes), key=lambda p: (p.end, p.start))


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
) -> ReportData:
    catalog = get_catalog(period.start)
    codes = list(codes) if codes is not None else catalog.codes()
    source = source or Source(unit, [*codes, *series_codes])
    figures = source.figures(codes, unit, period, catalog)
    windows: dict[str, Period] = {}
    for window in window_periods(unit, period):
        for code, fig in Source(unit, codes).figures(codes, unit, window, catalog).items():
            if code not in figures or figures[code].source != "own":
                figures[code] = fig
                windows[code] = window
    _qualifiers(unit, figures)
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
    targets = targets_for(unit, period.code)
    return ReportData(unit, period, catalog, figures, previous, last_year, series, targets, windows)


def _qualifiers(unit: Unit, figures: dict[str, Figure]) -> None:
    """ "khoảng", "trên", "hơn" as written, for values the unit recorded itself."""
    approx = [f for f in figures.values() if f.approximate and f.source == "own"]
    if not approx:
        return
    rows = DataValue.objects.filter(
        unit=unit,
        indicator__code__in=[f.code for f in approx],
        period__in={f.period.code for f in approx if f.period},
    ).values_list("indicator__code", "period", "qualifier")
    by_key = {(code, period): q for code, period, q in rows}
    for f in approx:
        f.qualifier = by_key.get((f.code, f.period.code if f.period else ""), "")
