"""How a consolidated report states a figure of the area that not every reporting unit is in.

A figure whose coverage is complete is written as it is. One that covers at least
``settings.CDS_REPORT_MIN_COVERAGE`` percent of the reporting units says whose figures it adds
up ("25.000 hồ sơ (theo số liệu của 150/170 xã)"); one below that is not written as a total at
all — the report lists it with how many units reported instead. A comparison with an earlier
period is only made when both periods stand for the same number of units.

A figure read from the dossier store (the counts `cds dvc import` computes for every unit of the
area, and the rates of them) covers the reporting units that have dossiers on record in its
period: "51,29% (theo hồ sơ trên Hệ thống thông tin giải quyết TTHC, có hồ sơ của 14/14 xã)",
gated like any other aggregate (``records_coverage``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings

from cds.catalog.formatting import format_value
from cds.catalog.services import Catalog
from cds.dossiers.kpi import COUNTS
from cds.units.models import Level, Unit, subtree_q
from cds.units.on_map import units_on_map
from cds.values.models import DataValue, SourceKind
from cds.values.rollup import Coverage, Rollup

from . import data as report_data
from .data import Figure, ReportData
from .wording import Renderer, phrase


def minimum_share() -> Decimal:
    return Decimal(settings.CDS_REPORT_MIN_COVERAGE) / 100


def note(coverage: Coverage) -> str:
    """Whose figures an aggregate adds up, as its sentence says it after "theo số liệu …": "13/14
    xã" (every one approved: "theo số liệu đã duyệt của 13/14 xã", wording._with_notes), or with
    how many are approved when not all are (a draft): "14/14 xã, 10 xã đã duyệt"."""
    units = coverage.units("vi")
    if coverage.all_approved:
        return units
    word = units.split(" ", 1)[1]
    return f"{units}, {coverage.approved} {word} đã duyệt"


def gate_figures(data: ReportData, minimum: Decimal | None = None) -> list[Figure]:
    """Note every aggregate's coverage (how many units it adds up, how many approved), take out
    those below ``minimum``; return the ones taken out. A figure of the unit alone has no note."""
    minimum = minimum_share() if minimum is None else minimum
    for figures in (data.figures, data.previous, data.last_year):
        records_coverage(data.unit, figures, data.include_unapproved)
    withheld = []
    for code, figure in list(data.figures.items()):
        coverage = figure.coverage
        if coverage is None or coverage.expected <= 1:
            continue
        if figure.records and coverage.reported:  # "có hồ sơ của 14/14 xã", whatever the share
            figure.note = coverage.units("vi")
            if coverage.share >= minimum:
                continue
        if coverage.complete:
            if figure.source == "children" or figure.contributors > 1:  # summed from its units
                figure.note = note(coverage)  # "(theo số liệu đã duyệt của 14/14 xã)"
            continue
        if coverage.share < minimum:
            withheld.append(data.figures.pop(code))
            continue
        figure.note = note(coverage)  # the sentence says "(theo số liệu đã duyệt của 13/170 xã)"
    for earlier in (data.previous, data.last_year):
        for code in list(earlier):
            now, before = data.figures.get(code), earlier[code].coverage
            if now is None or now.coverage is None or before is None:
                continue
            if (before.reported, before.expected) != (now.coverage.reported, now.coverage.expected):
                del earlier[code]  # "tăng 35% so với năm 2023" between different sets of units is not true
                if earlier is data.previous and data.units_changed is None:  # said why (window_line)
                    data.units_changed = (before.units("vi"), now.coverage.units("vi"))
    return withheld


def reporting_units(unit: Unit, day: dt.date) -> tuple[set[int], str]:
    """The units below ``unit`` that report for themselves on the map of ``day`` (a period's start,
    as the roll-up counts them, ``values.rollup``: a commune, or a unit with no commune or district
    below it — huyện Lý Sơn on the 2024 map, whose three communes ceased in 2020), and their level
    ("commune", or "" when mixed: «đơn vị»)."""
    rows = list(units_on_map(unit, day).values_list("pk", "parent_id", "level"))
    parents = {parent for _, parent, _ in rows}
    found = {pk: level for pk, _, level in rows if level == Level.COMMUNE or pk not in parents}
    levels = set(found.values())
    return set(found), levels.pop() if len(levels) == 1 else ""


def _record_code(figure: Figure) -> str | None:
    """The dossier count a figure is read from: its own code, or a rate's numerator."""
    d = figure.definition
    code = d.numerator if d.kind == "rate" else d.code
    return code if code in COUNTS else None


def records_coverage(unit: Unit, figures: dict[str, Figure], include_unapproved: bool = False) -> None:
    """Mark the figures ``unit`` has from the dossier store (its own count computed by `cds dvc
    import`, or a rate of such counts) and set their coverage to the reporting units below that
    have dossiers on record in the figure's period (n/N xã). A commune's own figure, and a figure
    summed from counts the units typed, are left as they are."""
    wanted = {f.code: c for f in figures.values() if f.period is not None and (c := _record_code(f))}
    if not wanted or unit.level in (Level.COMMUNE, Level.VILLAGE):
        return
    period_of = {f.code: f.period for f in figures.values() if f.period is not None}
    periods = {period_of[code].code for code in wanted}
    rows = DataValue.objects.filter(
        subtree_q(unit.path, "unit__path"),
        unit__era=unit.era,
        indicator__code__in=set(wanted.values()),
        period__in=periods,
        source_kind=SourceKind.COMPUTED,
    )
    if not include_unapproved:
        rows = rows.filter(report_data.APPROVED)
    own: set[tuple[str, str]] = set()
    below: dict[tuple[str, str], set[int]] = {}
    # communes, and a district with none (Lý Sơn), on the figures' map (not one that ceased before)
    start = min(period_of[code].start for code in wanted)
    reporting, level = reporting_units(unit, start)
    for unit_id, code, period in rows.values_list("unit_id", "indicator__code", "period"):
        if unit_id == unit.pk:
            own.add((code, period))
        elif unit_id in reporting:
            below.setdefault((code, period), set()).add(unit_id)
    for code, count in wanted.items():
        figure = figures[code]
        key = (count, period_of[code].code)
        if key not in own and not (figure.source == "children" and key in below):
            continue  # typed by people: its coverage is the roll-up's
        reported = len(below.get(key, ()))
        approved = figure.coverage.all_approved if figure.coverage else False
        figure.records = True
        figure.coverage = Coverage(len(reporting), reported, reported if approved else 0, level)


def _withheld_items(withheld: list[Figure]) -> str:
    """The withheld figures' names, the coverage said once per group of figures sharing it (it was
    repeated after each: «A (32/96 xã có số liệu); B (32/96 xã có số liệu); …»)."""
    groups: dict[str, list[str]] = {}
    for f in withheld:
        assert f.coverage is not None
        groups.setdefault(f.coverage.units("vi"), []).append(f.definition.name_vi)
    parts = []
    for units, names in groups.items():
        if len(names) == 1:
            parts.append(f"{names[0]} ({units} có số liệu)")
        elif len(groups) == 1:
            parts.append(f"{'; '.join(names)} (cả {len(names)} chỉ tiêu: {units} có số liệu)")
        else:
            parts.append(f"{'; '.join(names)} ({len(names)} chỉ tiêu trên: {units} có số liệu)")
    return "; ".join(parts)


def withheld_line(spec: dict[str, Any], withheld: list[Figure], minimum: Decimal | None = None) -> str | None:
    """The sentence listing figures not written as totals, each with how many units reported."""
    template = spec.get("withheld")
    if not template or not withheld:
        return None
    minimum = minimum_share() if minimum is None else minimum
    items = _withheld_items([f for f in withheld if f.coverage])
    threshold = f"{int(minimum * 100)}%"
    return Renderer(None, {"withheld_list": items, "threshold": threshold, "count": str(len(withheld))}).text(
        template
    )


def total_row(
    spec: dict[str, Any],
    engine: Rollup,
    codes: list[str],
    catalog: Catalog,
    children: list[Unit],
    wording: dict[str, Any] | None = None,
) -> tuple[str, list[str]]:
    """The Phụ lục's last row: the sum of the rows shown (rates rebuilt from the same units' parts),
    labelled with whose figures it adds up when some units have none."""
    cells, coverages = [], []
    for code in codes:
        parts = [engine.value(code, child.pk) for child in children]
        agg = engine.value(code)
        shown = agg.children_value  # what the rows add up to, never a typed total beside them
        covered = agg.children_coverage
        if shown is None and catalog[code].kind == "rate":  # a unit's own rate: not rolled up
            shown, covered = _rows_rate(catalog[code], parts, children)
            if covered is not None and not covered.complete and covered.level != "commune":
                shown = covered = (
                    None  # n/N huyện beside the other columns' n/N xã: one label cannot say both
                )
        cells.append("" if shown is None else format_value(catalog[code], shown, with_unit=False))
        if any(p.value is not None for p in parts) and covered is not None:
            coverages.append(covered)
    incomplete = [c for c in coverages if not c.complete]
    total = phrase(wording, "total")
    if not incomplete:
        return spec.get("total_label", total), cells
    low = min(incomplete, key=lambda c: c.reported)
    high = max(coverages, key=lambda c: c.reported)
    units = low.units("vi") if low.reported == high.reported else _span(low, high)
    label = Renderer(None, {"units": units}).text(spec.get("total_label_partial", total + " ({units})"))
    return label or total, cells


def _rows_rate(
    definition: Any, parts: list[Any], children: list[Unit]
) -> tuple[Decimal | None, Coverage | None]:
    """A rate of the rows' summed parts (the rows that hold both), and the rows it adds up: the
    total row of a rate the roll-up keeps per unit (scope own: «dịch vụ công trực tuyến có phát
    sinh hồ sơ», summed as (unit, service) pairs) — a total equals its rows."""
    both = [p for p in parts if p.value is not None and p.numerator is not None and p.denominator]
    if not both:
        return None, None
    numerator = sum((p.numerator for p in both), Decimal(0))
    denominator = sum((p.denominator for p in both), Decimal(0))
    levels = {child.level for child in children}
    level = levels.pop() if len(levels) == 1 else ""
    approved = sum(1 for p in both if p.coverage.all_approved)
    return numerator / denominator * definition.scale, Coverage(len(children), len(both), approved, level)


def _span(low: Coverage, high: Coverage) -> str:
    """ "13–150/170 xã": columns cover different numbers of units."""
    one = low.units("vi")
    return one.replace(f"{low.reported}/", f"{low.reported}–{high.reported}/", 1)
