"""«Cán bộ đơn vị»: a supervisor creates officer accounts for the units below them (a unit picker
that searches by name and shows the parents), resets their passwords, sees their contacts.

Thin over ``cds.accounts.people`` (scope, rules and history live there); a new password is shown
once, on the answer page, never stored in clear nor sent by e-mail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cds.accounts.models import Contact, Role, RoleAssignment
from cds.accounts.people import (
    NotAllowed,
    change_own_password,
    create_officer,
    manageable_people,
    manageable_units,
    reset_password,
)
from cds.accounts.scope import signed_in
from cds.lib.errors import InputError
from cds.units.services import find_units
from cds.values.services import Actor

from .common import lang


@login_required
def people(request: HttpRequest) -> HttpResponse:
    units = manageable_units(request.user)
    if not units.exists():
        raise Http404
    context: dict = {"form": {}, "status": 200}
    if request.method == "POST":
        context.update(_post(request, units))
    query = request.GET.get("q", "").strip() or context["form"].get("q", "")
    picks = []
    if query:
        # both maps, today's first, each labelled with its map (like the home page's unit search)
        candidates = find_units(query, limit=30, both_eras=True).candidates
        allowed = set(units.filter(pk__in=[c.unit.pk for c in candidates]).values_list("pk", flat=True))
        picks = [c for c in candidates if c.unit.pk in allowed][:15]
    staff = list(manageable_people(request.user)[:500])
    roles: dict[int, list] = {}
    for a in RoleAssignment.objects.filter(user__in=staff, role=Role.OFFICER).select_related(
        "unit", "unit__parent"
    ):
        roles.setdefault(a.user_id, []).append(a.unit)
    phones = dict(Contact.objects.filter(user__in=staff).values_list("user_id", "phone"))
    rows = [{"user": u, "units": roles.get(u.pk, []), "phone": phones.get(u.pk, "")} for u in staff]
    context.update({"q": query, "picks": picks, "rows": rows})
    return render(request, "web/people.html", context, status=context.pop("status"))


def _post(request: HttpRequest, units) -> dict:
    actor = Actor.for_user(request.user)
    action = request.POST.get("action", "")
    form = {
        k: request.POST.get(k, "").strip() for k in ("username", "full_name", "email", "phone", "unit", "q")
    }
    try:
        if action == "create":
            if not form["unit"].isdigit():
                raise InputError(
                    "Hãy tìm và chọn đơn vị của cán bộ.",
                    "Search for and choose the officer's unit.",
                )
            unit = units.filter(pk=int(form["unit"])).first()
            if unit is None:
                raise NotAllowed("Bạn không quản lý đơn vị này.", "You do not manage this unit.")
            made = create_officer(
                actor, request.user, form["username"], unit, form["full_name"], form["email"], form["phone"]
            )
            return {
                "done": _("Đã tạo tài khoản %(u)s cho %(unit)s.")
                % {"u": made.user.username, "unit": unit.name},
                "password": made.password,
                "for_user": made.user.username,
            }
        if action == "reset":
            made = reset_password(actor, request.user, request.POST.get("username", ""))
            return {
                "done": _("Đã đặt lại mật khẩu của %(u)s.") % {"u": made.user.username},
                "password": made.password,
                "for_user": made.user.username,
            }
    except NotAllowed as err:
        return {"error": err.message(lang(request)), "form": form, "status": 404}
    except InputError as err:
        return {"error": err.message(lang(request)), "form": form, "status": 422}
    return {"error": _("Thao tác không hợp lệ."), "form": form, "status": 422}


@login_required
def password(request: HttpRequest) -> HttpResponse:
    """«Đổi mật khẩu»: anyone signed in replaces their own password (``change_own_password``); the
    session stays signed in, other sessions of the account are signed out by Django."""
    context: dict = {"status": 200}
    if request.method == "POST":
        try:
            change_own_password(
                Actor.for_user(request.user),
                request.user,
                request.POST.get("current", ""),
                request.POST.get("new", ""),
                request.POST.get("repeat", ""),
            )
        except InputError as err:
            context.update({"error": err.vi if lang(request) == "vi" else err.en, "status": 422})
        else:
            update_session_auth_hash(request, signed_in(request))
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("web:home")
    return render(request, "web/password.html", context, status=context.pop("status"))
