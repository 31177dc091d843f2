"""Training pages: Phụ lục II for a unit found by name, courses with participants by group."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cds.accounts.scope import get_for_user_or_404
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.units.models import Unit
from cds.units.services import find_units

from .. import operations, training
from ..forms import CourseForm, ParticipationFormSet
from ..models import Course
from .deleting import confirm_delete
from .editing import refused
from .teams import search_text


@login_required
def training_appendix(request: HttpRequest) -> HttpResponse:
    """``?unit=Tịnh Châu, Quảng Ngãi&period=quý III/2023``: the unit is found by its name among
    the units the user may see; several matches are offered as choices, written out in full."""
    name = request.GET.get("unit", "").strip()
    context: dict[str, object] = {"name": name, "period_text": request.GET.get("period", "")}
    try:
        period = parse_period(request.GET.get("period") or str(dt.date.today().year))
    except InputError as error:
        context["error"] = f"{error.message('vi')} / {error.message('en')}"
        return render(request, "registries/training.html", context)
    if name:
        visible = set(Unit.objects.for_user(request.user).values_list("pk", flat=True))
        found = find_units(name, as_of=period.end, limit=50)
        choices = [c for c in found.candidates if c.unit.pk in visible]
        if len(choices) == 1 or (found.best is not None and found.best.pk in visible):
            unit = found.best if found.best is not None and found.best.pk in visible else choices[0].unit
            context.update(unit=unit, table=training.appendix(unit, period))
        elif choices:
            context["choices"] = [", ".join([c.unit.name, *c.parents]) for c in choices]
        else:
            context["error"] = _("Không tìm thấy đơn vị «%(name)s» trong phạm vi của bạn.") % {"name": name}
    return render(request, "registries/training.html", context)


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.select_related("unit").prefetch_related("participations").for_user(request.user)
    if q := search_text(request):
        courses = courses.filter(name__icontains=q)
    return render(request, "registries/course_list.html", {"courses": courses[:500], "q": q})


@login_required
def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A course and its participants by group (officials, team members, residents) in one form."""
    course = get_for_user_or_404(Course, request.user, "edit", pk=pk) if pk else None
    form = CourseForm(request.POST or None, instance=course, user=request.user)
    formset = ParticipationFormSet(request.POST or None, instance=course or Course())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            operations.Participants(
                d["group"], d["participants"], d.get("completed") or 0, d.get("certified") or 0
            )
            for d in formset.cleaned_data
            if d and not d.get("DELETE") and d.get("group")
        ]
        try:
            operations.save_course(form.instance, operations.Actor.for_user(request.user), rows)
        except InputError as error:
            refused(form, error)
        else:
            return redirect("registries:courses")
    context = {
        "form": form,
        "formset": formset,
        "title": _("Khóa, lớp tập huấn"),
        "delete_url": reverse("registries:course_delete", args=[course.pk]) if course else None,
    }
    return render(request, "registries/course_form.html", context)


@login_required
def course_delete(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_for_user_or_404(Course, request.user, "edit", pk=pk)
    what = _("khóa, lớp tập huấn «%(name)s»") % {"name": course.name}
    return confirm_delete(request, course, what, reverse("registries:courses"), operations.delete_course)
