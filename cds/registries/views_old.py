"""Registry pages: thin over the services; every query starts from the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cds.accounts.scope import can, scoped
from cds.lib.errors import InputError
from cds.lib.periods import parse_period

from . import documents, plans, training
from .citations import extract
from .forms import DocumentForm, MemberForm, PasteForm, TeamForm
from .models import Document, Plan, Team


def _q(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "registries/index.html")


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    teams = scoped(Team.objects.select_related("unit"), request.user)
    if q := _q(request):
        teams = teams.filter(Q(name__icontains=q) | Q(unit__name__icontains=q) | Q(area__icontains=q))
    return render(request, "registries/team_list.html", {"teams": teams[:500], "q": q})


def _team(request: HttpRequest, pk: int, action: str = "view") -> Team:
    return get_object_or_404(scoped(Team.objects.select_related("unit"), request.user, action), pk=pk)  # type: ignore[arg-type]


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    personal = can(request.user, "edit", team.unit)  # personal data: the unit and its supervisors only
    form = MemberForm(request.POST or None) if personal else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            form.instance.team = team
            form.save()
            return redirect("registries:team", pk=pk)
    context = {"team": team, "members": team.members.all(), "personal": personal, "form": form,
               "decisions": team.decisions.select_related("document"), "activities": team.activities.all()[:50]}  # fmt: skip
    return render(request, "registries/team_detail.html", context)


@login_required
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    team = _team(request, pk, "edit") if pk else None
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        return redirect("registries:team", pk=form.save().pk)
    return render(request, "registries/form.html", {"form": form, "title": "Tổ công nghệ số cộng đồng"})


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    docs = scoped(Document.objects.select_related("unit"), request.user)
    if q := _q(request):
        docs = docs.filter(
            Q(subject__icontains=q) | Q(number=q) | Q(symbol__icontains=q) | Q(issuer__icontains=q)
        )
    return render(request, "registries/document_list.html", {"documents": docs[:500], "q": q})


@login_required
def document_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    doc = get_object_or_404(scoped(Document.objects, request.user, "edit"), pk=pk) if pk else None
    form = DocumentForm(request.POST or None, instance=doc, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("registries:documents")
    return render(request, "registries/form.html", {"form": form, "title": "Văn bản"})


@login_required
def document_paste(request: HttpRequest) -> HttpResponse:
    """Paste a paragraph → see what was found → confirm → saved (nothing is saved before)."""
    form = PasteForm(request.POST or None, user=request.user)
    proposals: list[Any] = []
    saved = None
    if request.method == "POST" and form.is_valid():
        unit, text = form.cleaned_data["unit"], form.cleaned_data["text"]
        proposals = documents.preview(unit, extract(text))
        if "confirm" in request.POST:
            chosen = set(request.POST.getlist("keep"))
            own = set(request.POST.getlist("own"))
            for i, p in enumerate(proposals):
                p.issued_by_unit = str(i) in own
            saved = documents.register(unit, [p for i, p in enumerate(proposals) if str(i) in chosen])
    return render(
        request, "registries/document_paste.html", {"form": form, "proposals": proposals, "saved": saved}
    )


@login_required
def training_appendix(request: HttpRequest) -> HttpResponse:
    from cds.accounts.scope import units_for

    unit = (
        get_object_or_404(units_for(request.user), pk=request.GET.get("unit") or 0)
        if request.GET.get("unit")
        else None
    )
    error, table = None, None
    if unit:
        try:
            table = training.appendix(
                unit, parse_period(request.GET.get("period") or str(dt.date.today().year))
            )
        except InputError as err:
            error = err.message("vi")
    return render(request, "registries/training.html", {"table": table, "unit": unit, "error": error})


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    rows = []
    for plan in scoped(Plan.objects.select_related("unit", "document"), request.user):
        tasks = [(t, t.state_on(today)) for t in plan.tasks.all()]
        rows.append({"plan": plan, "progress": plans.progress(plan, today), "tasks": tasks})
    return render(request, "registries/plan_list.html", {"rows": rows, "today": today})
