"""How a consolidated report states a figure of the area that not every reporting unit is in.

A figure whose coverage is complete is written as it is. One that covers at least
``settings.CDS_REPORT_MIN_COVERAGE`` percent of the reporting units says whose figures it adds
up ("25.000 hồ sơ (theo số liệu của 150/170 xã)"); one below that is not written as a total at
all — the report lists it with how many units reported instead. A comparison with an earlier
period is only made when both periods stand for the same number of units.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings

from cds.catalog.formatting import format_value
from cds.catalog.services import Catalog
from cds.units.models import Unit
from cds.values.rollup import Coverage, Rollup

from .data import Figure, ReportData
from .wording import Renderer


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
    withheld = []
    for code, figure in list(data.figures.items()):
        coverage = figure.coverage
        if coverage is None or coverage.expected <= 1:
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
    return withheld


def withheld_line(spec: dict[str, Any], withheld: list[Figure], minimum: Decimal | None = None) -> str | None:
    """The sentence listing figures not written as totals, each with how many units reported."""
    template = spec.get("withheld")
    if not template or not withheld:
        return None
    minimum = minimum_share() if minimum is None else minimum
    items = "; ".join(
        f"{f.definition.name_vi} ({f.coverage.units('vi')} có số liệu)" for f in withheld if f.coverage
    )
    threshold = f"{int(minimum * 100)}%"
    return Renderer(None, {"withheld_list": items, "threshold": threshold, "count": str(len(withheld))}).text(
        template
    )


def total_row(
    spec: dict[str, Any], engine: Rollup, codes: list[str], catalog: Catalog, children: list[Unit]
) -> tuple[str, list[str]]:
    """The Phụ lục's last row: the sum of the rows shown (rates rebuilt from the same units' parts),
    labelled with whose figures it adds up when some units have none."""
    cells, coverages = [], []
    for code in codes:
        parts = [engine.value(code, child.pk) for child in children]
        agg = engine.value(code)
        shown = agg.children_value  # what the rows add up to, never a typed total beside them
        cells.append("" if shown is None else format_value(catalog[code], shown, with_unit=False))
        if any(p.value is not None for p in parts) and agg.children_coverage is not None:
            coverages.append(agg.children_coverage)
    incomplete = [c for c in coverages if not c.complete]
    if not incomplete:
        return spec.get("total_label", "Tổng cộng"), cells
    low = min(incomplete, key=lambda c: c.reported)
    high = max(coverages, key=lambda c: c.reported)
    units = low.units("vi") if low.reported == high.reported else _span(low, high)
    label = Renderer(None, {"units": units}).text(spec.get("total_label_partial", "Tổng cộng ({units})"))
    return label or "Tổng cộng", cells


def _span(low: Coverage, high: Coverage) -> str:
    """ "13–150/170 xã": columns cover different numbers of units."""
    one = low.units("vi")
    return one.replace(f"{low.reported}/", f"{low.reported}–{high.reported}/", 1)
