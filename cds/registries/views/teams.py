"""Team pages: list, detail (personal data for the unit and its supervisors), edit, activities."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cds.accounts.scope import Action, can, get_for_user_or_404

from .. import operations
from ..forms import ActivityForm, MemberForm, TeamForm
from ..models import Team
from .deleting import confirm_delete
from .editing import edit_child, edit_page, save_form


def search_text(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "registries/index.html")


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    rows = Team.objects.select_related("unit", "village").for_user(request.user)
    if q := search_text(request):
        rows = rows.filter(Q(name__icontains=q) | Q(unit__name__icontains=q) | Q(area__icontains=q))
    return render(request, "registries/team_list.html", {"teams": rows[:500], "q": q})


def _team(request: HttpRequest, pk: int, action: Action = "view") -> Team:
    return get_for_user_or_404(Team.objects.select_related("unit", "village"), request.user, action, pk=pk)


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    personal = can(request.user, "edit", team.unit)  # personal data: the unit and its supervisors only
    form = MemberForm(request.POST or None) if personal else None
    if request.method == "POST":
        if form is None:
            raise Http404
        form.instance.team = team
        if save_form(request, form, lambda actor: operations.save_member(form.instance, actor)):
            return redirect("registries:team", pk=pk)
    context = {"team": team, "members": team.members.all(), "personal": personal, "form": form,
               "decisions": team.decisions.select_related("document"), "activities": team.activities.all()[:50]}  # fmt: skip
    return render(request, "registries/team_detail.html", context)


@login_required
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    team = _team(request, pk, "edit") if pk else None
    form = TeamForm(request.POST or None, instance=team, user=request.user)

    def save(actor: operations.Actor) -> str:
        moved = "area" in form.changed_data or "unit" in form.changed_data
        return operations.save_team(form.instance, actor, area_changed=moved)

    return edit_page(request, form, save, _("Tổ công nghệ số cộng đồng"), "registries:team")


@login_required
def activity_edit(request: HttpRequest, team_pk: int, pk: int | None = None) -> HttpResponse:
    team = _team(request, team_pk, "edit")
    activity = get_object_or_404(team.activities, pk=pk) if pk else None
    form = ActivityForm(request.POST or None, instance=activity)
    back = reverse("registries:team", args=[team.pk])
    title = _("Hoạt động của %(team)s") % {"team": team.name}
    delete_url = reverse("registries:activity_delete", args=[team.pk, activity.pk]) if activity else None
    return edit_child(request, form, ("team", team), back, title, delete_url, operations.save_activity)


@login_required
def activity_delete(request: HttpRequest, team_pk: int, pk: int) -> HttpResponse:
    team = _team(request, team_pk, "edit")
    activity = get_object_or_404(team.activities, pk=pk)
    what = _("hoạt động ngày %(date)s của %(team)s") % {
        "date": f"{activity.held_on:%d/%m/%Y}",
        "team": team.name,
    }
    back = reverse("registries:team", args=[team.pk])
    return confirm_delete(request, activity, what, back, operations.delete_activity)
