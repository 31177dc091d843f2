"""The /dvc/ page: a unit's online-service KPIs, their changes and the offline hot spots."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cds.accounts.scope import units_for
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.lib.vn_numbers import format_number, format_percent

from . import services
from .basis import basis_of
from .kpi import COUNTS, RATES


@login_required
def unit_kpis(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Out-of-scope units are simply not found (404), as everywhere else."""
    unit = units_for(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
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
    kpis = []
    for code in (*RATES, *COUNTS):
        value = row.value(code) if row else None
        shown = (
            "N/A"
            if value is None
            else format_percent(value, 2, fixed=True)
            if code in RATES
            else format_number(value)
        )
        note_vi, note_en = row.note(code) if row else ("", "")
        change = changes.get(code)
        kpis.append(
            {
                "code": code,
                "definition": catalog.get(code),
                "value": shown,
                "note_vi": note_vi,  # "chưa có số liệu: tệp không có cột …" or the dossiers it covers
                "note_en": note_en,
                "basis": basis_of(code),
                "change": change[0] if change else None,
                "year": change[1] if change else None,
            }
        )
    spots = [
        {
            "spot": s,
            "total": format_number(s.total),
            "online": format_number(s.online),
            "in_person": format_number(s.in_person),
            "rate": format_percent(s.online_rate or 0, 2, fixed=True),
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
            # hot spots need the service level: without it "no offline hot spot" would be a false claim
            "spots_note": row.note("dvc.services_with_dossiers")
            if row and row.is_unknown("dvc.services_with_dossiers")
            else None,
        },
    )
