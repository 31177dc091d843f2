"""Dashboards: one unit over time against its targets; units of a scope compared on an indicator.

Charts are SVG drawn on the server (``cds.web.charts``); every figure on the page can be
downloaded as CSV or XLSX with ``?format=csv|xlsx`` — the same numbers, not a re-computation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cds.accounts.scope import get_for_user_or_404
from cds.catalog.formatting import format_value, is_valid
from cds.catalog.services import Catalog, Definition, get_catalog
from cds.catalog.targets import evaluate, targets_for
from cds.lib.periods import Period, roman
from cds.registries.plans import overdue_tasks
from cds.units.models import Unit, subtree_q
from cds.units.services import era_on, map_day, unit_order
from cds.values.rollup import Aggregate, Coverage, Rollup
from cds.values.validation import parts_contradict

from ..cache import remembered, values_stamp
from ..charts import bar_chart, histogram, line_chart
from ..scope import admin, assignments, last_reported_province
from .common import columns_for, default_period, default_period_for, lang, read_period, table_response

# The national KPI set's headline rates (Quyết định 766/QĐ-TTg), reported every quarter.
KEY_INDICATORS = [
    "dvc.online_dossier_rate",
    "dvc.online_payment_rate",
    "dvc.dossier_digitised_rate",
    "dvc.result_digitised_rate",
    "dvc.services_with_online_dossiers_rate",
    "dvc.on_time_rate",
    "dvc.satisfaction_rate",
]
SERIES_LENGTH = 8
OVERDUE_SHOWN = 20


def _name(definition: Definition, english: bool) -> str:
    return definition.name_en if english else definition.name_vi


def _shown(definition: Definition, value: Decimal | None, english: bool = False) -> str:
    return format_value(definition, value, lang="en" if english else "vi", unknown="")


def _labeller(definition: Definition, english: bool):
    """A chart's labels: the figure as the page writes it beside the chart (``format_value``)."""
    return lambda value: _shown(definition, Decimal(str(value)), english)


def _valid(definition: Definition, value: Decimal | None) -> Decimal | None:
    """A value to plot, compare or judge against a target; an invalid stored one is left out."""
    return value if value is None or is_valid(definition, value) else None


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user_or_404(Unit.objects.select_related("parent"), request.user, "view", pk=pk)
    english = lang(request) == "en"
    last, error_vi, error_en = read_period(request.GET.get("period"), default_period(unit))
    periods = [last]
    while len(periods) < SERIES_LENGTH:
        periods.append(periods[-1].previous())
    periods.reverse()
    catalog = get_catalog(last.start)
    codes = [c for c in KEY_INDICATORS if c in catalog]
    key = ("dashboard", unit.pk, last.code, catalog.version)
    latest, key_series = remembered(
        key, values_stamp(unit, periods[0], last), lambda: _figures(unit, periods, catalog, codes)
    )
    series: dict[str, list[tuple[Period, Decimal | None]]] = {
        code: [(p, a.value) for p, a in zip(periods, key_series[code], strict=True)] for code in codes
    }
    targets = targets_for(unit, last.code)
    charts, table = [], []
    for code in codes:
        definition = catalog[code]
        target = targets.get(code)
        points = [(_period_label(p, english), _valid(definition, v)) for p, v in series[code]]
        charts.append(
            {
                "definition": definition,
                "name": _name(definition, english),
                "svg": line_chart(
                    points,
                    _name(definition, english),
                    target.value if target else None,
                    "%",
                    value_text=_labeller(definition, english),
                ),
                "latest": _shown(definition, series[code][-1][1], english),
                "aggregate": key_series[code][-1],  # its coverage and approval are shown beside it
                "target": target,
            }
        )
        for period, agg in zip(periods, key_series[code], strict=True):
            value = _valid(definition, agg.value)
            result = evaluate(target, value) if target else None
            table.append(
                [
                    code,
                    _name(definition, english),
                    period.label_en if english else period.label_vi,
                    value,
                    target.value if target else None,
                    "" if result is None else result.met,
                    *_coverage_cells(agg),
                ]
            )
    if request.GET.get("format") in {"csv", "xlsx"}:
        columns = columns_for(request, [("Mã chỉ tiêu", "Indicator code"), ("Chỉ tiêu", "Indicator"),
                                        ("Kỳ", "Period"), ("Giá trị", "Value"), ("Chỉ tiêu đặt ra", "Target"),
                                        ("Đạt chỉ tiêu", "Target met"), *COVERAGE_COLUMNS])  # fmt: skip
        return table_response(columns, table, f"bieu-do-{unit.code}-{last.code}", request.GET["format"])
    pillars, off_target = _pillar_summary(latest, targets, catalog, english)
    return render(
        request,
        "web/dashboard.html",
        {
            "unit": unit,
            "period": last,
            "charts": charts,
            "pillars": pillars,
            "off_target": off_target,
            "overdue": _overdue(request, unit, last),
            "error": error_vi if not english else error_en,
        },
    )


def _figures(unit: Unit, periods: list[Period], catalog: Catalog, codes: list[str]):
    """Every indicator's value for the last period, and the key rates (with coverage) over all ``periods``.

    One engine per period of the series, all from one load (``Rollup.for_periods``): the key
    rates (and their parts) over the series, the whole catalog for the last period's pillar summary.
    """
    wanted = [(codes, p) for p in periods[:-1]] + [(catalog.codes(), periods[-1])]
    engines = Rollup.for_periods(wanted, unit, era=unit.era)
    last = engines[-1]
    latest = {code: last.value(code) for code in catalog.codes()}
    return latest, {code: [engine.value(code) for engine in engines] for code in codes}


COVERAGE_COLUMNS = [("Số đơn vị", "Units expected"), ("Có số liệu", "Units reported"),
                    ("Đã duyệt", "Units approved"), ("Đã duyệt hết", "All approved")]  # fmt: skip


def _coverage_cells(agg: Aggregate) -> list[object]:
    cov = agg.coverage
    return [cov.expected, cov.reported, cov.approved, agg.approved]


def _period_label(period: Period, english: bool) -> str:
    if english:
        return period.label_en
    return f"{roman(period.index)}/{period.year}" if period.kind == "quarter" else period.label_vi


def _overdue(request: HttpRequest, unit: Unit, period: Period) -> dict[str, object]:
    """The unit's plan tasks past their deadline: today for the latest period, else at the period's end."""
    today = dt.date.today()
    as_of = today if period.end >= default_period(unit, today).end else period.end + dt.timedelta(days=1)
    tasks = overdue_tasks(unit, as_of).filter(plan__unit__in=Unit.objects.for_user(request.user, "view"))
    shown = list(tasks.order_by("deadline", "pk")[: OVERDUE_SHOWN + 1])
    return {"tasks": shown[:OVERDUE_SHOWN], "more": len(shown) > OVERDUE_SHOWN, "as_of": as_of}


def _weakest(coverages: list[Coverage]) -> Coverage | None:
    """The least-covered of a pillar's figures (smallest share of units with data, then of approved):
    each figure of the pillar stands on at least that share of the area. On a tie the widest area
    is named (a province's 171/171 communes, not its own 1/1 figure)."""
    return min(coverages, key=lambda c: (c.share, c.approved / max(c.reported, 1), -c.expected), default=None)


def _pillar_summary(latest: dict[str, Aggregate], targets: dict, catalog: Catalog, english: bool):
    """Per pillar: indicators with a value, the coverage of the least-covered of them, targets met
    and missed; and the list of misses."""
    pillars: dict[str, dict] = {}
    covered: dict[str, list[Coverage]] = {}
    off = []
    for definition in catalog.definitions():
        name = definition.pillar_name_en if english else definition.pillar_name_vi
        row = pillars.setdefault(
            definition.pillar, {"name": name, "total": 0, "filled": 0, "met": 0, "missed": 0}
        )
        row["total"] += 1
        agg = latest.get(definition.code)
        value = _valid(definition, agg.value) if agg is not None else None
        if value is not None and agg is not None:
            row["filled"] += 1
            covered.setdefault(definition.pillar, []).append(agg.coverage)
        target = targets.get(definition.code)
        if target is None:
            continue
        result = evaluate(target, value)
        if result.met:
            row["met"] += 1
        elif result.met is False:
            row["missed"] += 1
            off.append(
                {"name": _name(definition, english), "text": result.text_en if english else result.text_vi}
            )
    for code, row in pillars.items():
        row["coverage"] = _weakest(covered.get(code, []))
    return list(pillars.values()), off


def _root_for(request: HttpRequest, period: Period) -> Unit | None:
    """The scope to compare within: ?in=<unit>, else the person's own widest unit of the period's map."""
    if request.GET.get("in"):
        return get_for_user_or_404(
            Unit.objects.select_related("parent"), request.user, "view", pk=request.GET["in"]
        )
    era = era_on(period.end)
    own = [r.unit for r in assignments(request) if r.unit]
    for unit in own:
        if unit.era == era:
            return unit
    if own:
        return own[0]
    if admin(request):
        found = last_reported_province(period)
        if found is not None:
            return found
    return Unit.objects.for_user(request.user).order_by("depth").first()


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Units of a scope compared on one indicator: sorted bars, distribution, top and bottom."""
    english = lang(request) == "en"
    period, error_vi, error_en = read_period(request.GET.get("period"), default_period_for(request.user))
    root = _root_for(request, period)
    catalog = get_catalog(period.start)
    comparable = [d for d in catalog.definitions() if d.kind != "date"]  # a date is not ranked
    chosen = catalog.get(request.GET.get("indicator", ""))
    definition = chosen if chosen in comparable else catalog["dvc.online_dossier_rate"]
    level = request.GET.get("level", "children")
    bars: list[tuple[Unit, Decimal]] = []
    missing: list[Unit] = []
    covered: dict[int, Aggregate] = {}
    disagreeing: list[tuple[Unit, str, str]] = []  # a total its own parts contradict: drawn, and said
    if root is not None:
        visible = Unit.objects.for_user(request.user)
        units = (
            visible.filter(subtree_q(root.path), level="commune").as_of(map_day(root.era, period.end))
            if level == "commune"
            else visible.filter(parent=root)
        )
        engine = Rollup([definition.code, *definition.parts], root, period, era=root.era)
        for unit in sorted(units.order_by("name")[:2000], key=unit_order):  # ties and the missing: a–z
            covered[unit.pk] = engine.value(definition.code, unit.pk)
            value = _valid(definition, covered[unit.pk].value)
            (missing.append(unit) if value is None else bars.append((unit, value)))
            said = parts_contradict(value, [engine.value(c, unit.pk).value for c in definition.parts])
            if said is not None:
                disagreeing.append(
                    (unit, _shown(definition, value, english), _shown(definition, said, english))
                )
    bars.sort(key=lambda b: b[1], reverse=definition.direction != "down")
    target = targets_for(bars[0][0], period.code).get(definition.code) if bars else None
    suffix = "%" if definition.kind == "rate" else ""
    if request.GET.get("format") in {"csv", "xlsx"}:
        columns = columns_for(request, [("Hạng", "Rank"), ("Mã đơn vị", "Unit code"), ("Đơn vị", "Unit"),
                                        ("Giá trị", "Value"), ("Chỉ tiêu đặt ra", "Target"), *COVERAGE_COLUMNS])  # fmt: skip
        rows = [
            [i + 1, u.code, u.name, v, target.value if target else None, *_coverage_cells(covered[u.pk])]
            for i, (u, v) in enumerate(bars)
        ]
        rows += [["", u.code, u.name, None, None, *_coverage_cells(covered[u.pk])] for u in missing]
        return table_response(
            columns, rows, f"so-sanh-{definition.code}-{period.code}", request.GET["format"]
        )
    title = _name(definition, english)
    chart = bar_chart(
        [(u.name, v) for u, v in bars],
        title,
        target.value if target else None,
        suffix,
        value_text=_labeller(definition, english),
    )
    dist, bins = histogram([v for _, v in bars], title, suffix=suffix)
    return render(
        request,
        "web/compare.html",
        {
            "root": root,
            "period": period,
            "definition": definition,
            "definitions": comparable,
            "level": level,
            "chart": chart,
            "dist": dist,
            "bins": bins,
            "top": [(u, _shown(definition, v, english), covered[u.pk]) for u, v in bars[:5]],
            "bottom": [(u, _shown(definition, v, english), covered[u.pk]) for u, v in bars[-5:][::-1]]
            if len(bars) > 5
            else [],
            "missing": missing,
            "disagreeing": disagreeing,
            "count": len(bars),
            "target": target,
            "error": error_vi if not english else error_en,
            "query": request.GET.urlencode(),
        },
    )
