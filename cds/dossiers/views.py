"""The /dvc/ pages: a unit's online-service KPIs, their changes and the offline hot spots; its
766 index (groups, gaps, the dossiers that cost points, a trend chart) and the ranking of a scope's units."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from cds.accounts.scope import get_for_user_or_404
from cds.catalog.formatting import format_points
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.units.models import Unit
from cds.web.charts import line_chart
from cds.web.views.common import default_period

from . import index766, services
from .basis import basis_of
from .display import format_kpi, kpi_text
from .kpi import COUNTS, RATES

RATE = "dvc.online_dossier_rate"


@login_required
def unit_kpis(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Out-of-scope units are simply not found (404), as everywhere else."""
    unit = get_for_user_or_404(Unit, request.user, "view", pk=unit_id)
    error = ""
    try:
        period = parse_period(request.GET.get("period") or default_period(unit).code)
    except InputError as exc:
        language_now = "en" if (translation.get_language() or "vi").startswith("en") else "vi"
        error, period = exc.message(language_now), default_period(unit)
    if request.GET.get("window") and period.kind != "range":
        period = period.reporting_window()
    # one pass over the counts for all three periods, kept while no import or unit reload changes them
    overview = services.overview(unit, period, remember=True)
    row, changes = overview.row, overview.changes
    catalog = get_catalog(period.end)  # the indicator names in force for the period
    language = "en" if (translation.get_language() or "vi").startswith("en") else "vi"
    kpis = []
    for code in (*RATES, *COUNTS):
        definition = catalog.get(code)
        shown = kpi_text(row, code, definition, lang=language)
        change = changes.get(code)
        kpis.append(
            {
                "code": code,
                "definition": definition,
                "value": shown.text,  # the one formatter's text, or why there is none
                "note": shown.note,  # which dossiers a partial figure covers
                "basis": basis_of(code),
                "change": change[0] if change else None,
                "year": change[1] if change else None,
            }
        )
    total, online, rate = (catalog.get(c) for c in ("dvc.dossiers_total", "dvc.dossiers_online", RATE))
    spots = [
        {
            "spot": s,
            "total": format_kpi("dvc.dossiers_total", s.total, total, lang=language),
            "online": format_kpi("dvc.dossiers_online", s.online, online, lang=language),
            "in_person": format_kpi("dvc.dossiers_total", s.in_person, total, lang=language),
            "rate": format_kpi(RATE, s.online_rate, rate, lang=language),
        }
        for s in overview.hotspots
    ]
    return render(
        request,
        "dossiers/unit.html",
        {
            "unit": unit,
            "period": period,
            "kpis": kpis,
            "spots": spots,
            "error": error,
            "has_data": row is not None,
            "english": language == "en",
            # hot spots need the service level: without it "no offline hot spot" would be a false claim
            "spots_note": kpi_text(row, "dvc.services_with_dossiers", lang=language).text
            if row and row.is_unknown("dvc.services_with_dossiers")
            else None,
        },
    )


def _period_from(request: HttpRequest, default: str) -> tuple[Period, str]:
    """The page's period (Nghị định 09 window when asked) and the error to show for a bad one."""
    try:
        period = parse_period(request.GET.get("period") or default)
    except InputError as exc:
        language = "en" if (translation.get_language() or "vi").startswith("en") else "vi"
        return parse_period(default), exc.message(language)
    if request.GET.get("window") and period.kind != "range":
        period = period.reporting_window()
    return period, ""


def _trend(unit: Unit, period: Period, english: bool) -> str:
    """The computable points of the 12 months up to the period, as the line chart every page uses."""

    months = [Period.containing(period.end, "month")]
    for _ in range(11):
        months.insert(0, months[0].previous())
    results = index766.series(unit, months)
    points = [(m.label_en if english else m.label_vi, r.covered_points if r.covered_max else None)
              for m, r in zip(months, results, strict=True)]  # fmt: skip
    title = "Computable index points by month" if english else "Điểm tính được của Bộ chỉ số theo tháng"
    return line_chart(points, title, value_text=lambda v: format_points(Decimal(v)))


@login_required
def unit_index(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's 766 index: each group's points, maximum and gap, which dossiers cost points, why a
    figure is N/A, and the trend of the computable points (out-of-scope units: 404)."""
    unit = get_for_user_or_404(Unit, request.user, "view", pk=unit_id)
    period, error = _period_from(request, default_period(unit).code)
    english = (translation.get_language() or "vi").startswith("en")
    result = index766.compute_index(unit, period)
    return render(
        request,
        "dossiers/index.html",
        {
            "unit": unit,
            "period": period,
            "error": error,
            "english": english,
            "spec": index766.load_spec(),
            "record": index766.as_record(result),
            "trend": _trend(unit, period, english),
        },
    )


@login_required
def index_ranking(request: HttpRequest) -> HttpResponse:
    """A supervisor's ranking of the units below ``?in=`` on the index (ties share a rank), with the
    change on the previous period; the unit must be in the caller's scope (404 otherwise)."""
    try:
        unit_id = int(request.GET.get("in") or "")
    except ValueError:
        raise Http404 from None
    unit = get_for_user_or_404(Unit, request.user, "view", pk=unit_id)
    period, error = _period_from(request, default_period(unit).code)
    ranking = index766.rank_index(unit, period)
    visible = set(
        Unit.objects.for_user(request.user, "view").filter(parent=unit).values_list("pk", flat=True)
    )
    rows = [
        index766.rank_record(r, ranking) | {"id": r.unit.pk} for r in ranking.rows if r.unit.pk in visible
    ]
    return render(
        request,
        "dossiers/index_ranking.html",
        {
            "unit": unit,
            "period": period,
            "error": error,
            "english": (translation.get_language() or "vi").startswith("en"),
            "rows": rows,
            "basis": ranking.basis,
            "basis_max": ranking.covered_max,
        },
    )
