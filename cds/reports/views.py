"""Pages: edit the unit-written sections, and "Tải báo cáo" downloads. Thin over the services."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cds.accounts.scope import can, units_for
from cds.lib.errors import InputError
from cds.lib.periods import check_data_period, parse_period
from cds.values.services import Actor, allowed_years

from .builders import KIND_LABELS, KINDS, ReportOptions, build_report
from .narrative import drafts_for, save_sections
from .windows import declared_window

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _unit_and_period(request: HttpRequest, unit_id: int, period_code: str, action: str):  # type: ignore[no-untyped-def]
    unit = get_object_or_404(units_for(request.user, "view"), pk=unit_id)  # out of scope → 404
    if action == "edit" and not can(request.user, "edit", unit):
        raise Http404("out of scope")
    try:
        period = check_data_period(parse_period(period_code), allowed_years())
    except InputError:
        raise Http404("bad period, or outside the data years") from None
    return unit, period


@login_required
@require_http_methods(["GET", "POST"])
def sections(request: HttpRequest, unit_id: int, period_code: str) -> HttpResponse:
    unit, period = _unit_and_period(request, unit_id, period_code, "view")
    may_edit = can(request.user, "edit", unit)
    saved = None
    if request.method == "POST":
        if not may_edit:
            raise Http404("out of scope")
        texts = {k[5:]: v for k, v in request.POST.items() if k.startswith("text_")}
        saved = save_sections(unit, period, texts, Actor.for_user(request.user))
        return redirect(f"{request.path}?saved={saved}")
    context = {
        "unit": unit,
        "period": period,
        "drafts": drafts_for(unit, period),
        "may_edit": may_edit,
        "kinds": [(k, KIND_LABELS[k]) for k in KINDS],
        "saved": request.GET.get("saved"),
        "window": declared_window(unit, period),
    }
    return render(request, "reports/sections.html", context)


@login_required
def download(request: HttpRequest, unit_id: int, period_code: str, kind: str) -> HttpResponse:
    unit, period = _unit_and_period(request, unit_id, period_code, "view")
    if kind not in KINDS:
        raise Http404("unknown report type")
    try:
        options = ReportOptions(
            provenance=request.GET.get("provenance") != "0",
            include_unapproved=request.GET.get("include_unapproved") == "1",
        )
        built = build_report(kind, unit, period, options)
    except InputError as err:
        return render(
            request, "reports/error.html", {"error": err, "unit": unit, "period": period}, status=400
        )
    draft = "-du-thao" if built.draft else ""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", f"bao-cao-{kind}-{unit.code}-{period.code}{draft}")
    response = HttpResponse(built.to_bytes(), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{slug}.docx"'
    return response
