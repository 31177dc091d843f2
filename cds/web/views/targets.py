"""«Chỉ tiêu giao»: a supervisor sets the targets of the units they manage, per indicator and period
(thin over ``cds.accounts.targets.set_target``: rules, scope and history live there)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cds.accounts.people import NotAllowed
from cds.accounts.targets import set_target, target_units
from cds.catalog.models import Target
from cds.catalog.services import get_catalog
from cds.catalog.targets import goal_text
from cds.lib.errors import InputError
from cds.units.services import unit_order
from cds.values.services import Actor

from .common import default_period, lang


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    allowed = target_units(request.user)
    shown = allowed.filter(level__in=["province", "district", "commune"])
    units = sorted(  # today's map first, the widest unit first, then Vietnamese alphabetical order
        shown.only("id", "name", "level", "era", "path", "depth")[:600],
        key=lambda u: (u.era != "current", u.depth, unit_order(u)),
    )
    if not units:
        raise Http404
    chosen = request.POST.get("unit") or request.GET.get("unit") or str(units[0].pk)
    unit = allowed.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if unit is None:
        raise Http404
    language = lang(request)
    form = {"indicator": "", "period": default_period(unit).code, "target": "", "source": ""}
    status = 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        try:
            set_target(Actor.for_user(request.user), request.user, unit, dict(form))
        except NotAllowed:
            raise Http404 from None
        except InputError as err:
            messages.error(request, err.message(language))
            status = 422
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect(f"{reverse('web:targets')}?unit={unit.pk}")
    catalog = get_catalog(default_period(unit).start)
    definitions = [
        d for d in catalog.dataset(unit.level) or catalog.definitions() if d.kind not in {"text", "date"}
    ]
    english = language == "en"
    rows = []
    for t in (
        Target.objects.filter(unit=unit).select_related("indicator").order_by("-period", "indicator__code")
    ):
        d = catalog.get(t.indicator.code)
        name = (d.name_en if english else d.name_vi) if d else t.indicator.code
        rows.append({"t": t, "name": name, "goal": goal_text(t, language)})
    context = {"units": units, "unit": unit, "form": form, "definitions": definitions, "rows": rows}
    return render(request, "web/targets.html", context, status=status)
