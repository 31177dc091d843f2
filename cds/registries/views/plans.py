"""Plan pages: plans with progress, one plan with its tasks, adding and editing plans and tasks."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cds.accounts.scope import Action, can, get_for_user_or_404

from .. import operations, plans
from ..forms import PlanForm, TaskForm
from ..models import Plan
from .deleting import confirm_delete
from .editing import edit_child, edit_page


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    rows = []
    for plan in Plan.objects.select_related("unit", "document").for_user(request.user):
        tasks = [(t, t.state_on(today)) for t in plan.tasks.all()]
        rows.append({"plan": plan, "progress": plans.progress(plan, today), "tasks": tasks})
    return render(request, "registries/plan_list.html", {"rows": rows, "today": today})


def _plan(request: HttpRequest, pk: int, action: Action = "view") -> Plan:
    return get_for_user_or_404(Plan.objects.select_related("unit", "document"), request.user, action, pk=pk)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    today = dt.date.today()
    context = {
        "plan": plan,
        "today": today,
        "progress": plans.progress(plan, today),
        "tasks": [(t, t.state_on(today)) for t in plan.tasks.select_related("evidence_document")],
        "editable": can(request.user, "edit", plan.unit),
    }
    return render(request, "registries/plan_detail.html", context)


@login_required
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, pk, "edit") if pk else None
    form = PlanForm(request.POST or None, instance=plan, user=request.user)

    def save(actor: operations.Actor) -> str:
        return operations.save_plan(form.instance, actor)

    return edit_page(request, form, save, _("Kế hoạch CĐS"), "registries:plan")


@login_required
def task_edit(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk, "edit")
    task = get_object_or_404(plan.tasks, pk=pk) if pk else None
    form = TaskForm(request.POST or None, instance=task, plan=plan)
    back = reverse("registries:plan", args=[plan.pk])
    delete_url = reverse("registries:task_delete", args=[plan.pk, task.pk]) if task else None
    title = _("Nhiệm vụ — %(plan)s") % {"plan": plan}
    return edit_child(request, form, ("plan", plan), back, title, delete_url, operations.save_task)


@login_required
def task_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    plan = _plan(request, plan_pk, "edit")
    task = get_object_or_404(plan.tasks, pk=pk)
    back = reverse("registries:plan", args=[plan.pk])
    what = _("nhiệm vụ «%(content)s»") % {"content": task.content}
    return confirm_delete(request, task, what, back, operations.delete_task)
