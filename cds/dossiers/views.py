"""The /dvc/ page: a unit's online-service KPIs, their changes and the offline hot spots."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from cds.accounts.scope import get_for_user_or_404
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.units.models import Unit

from . import services
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
        period = parse_period(request.GET.get("period") or "2024")
    except InputError as exc:
        error, period = str(exc), Period.of("year", 2024)
    if request.GET.get("window") and period.kind != "range":
        period = period.reporting_window()
    overview = services.overview(unit, period)  # one scan of the store for all three
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
