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
from cds.catalog.formatting import format_value
from cds.catalog.models import Target
from cds.catalog.services import get_catalog
from cds.catalog.targets import goal_text, share_text
from cds.lib.errors import InputError
from cds.units.services import unit_order
from cds.values.models import DataValue
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
    targets = list(
        Target.objects.filter(unit=unit).select_related("indicator").order_by("-period", "indicator__code")
    )
    # the unit's own stored value for each target's indicator and period (one query): the page shows
    # it beside the target, and for a quota the share reached («đạt 73,3% chỉ tiêu»), derived here
    stored = {
        (v.indicator_id, v.period): v
        for v in DataValue.objects.filter(
            unit=unit,
            indicator_id__in={t.indicator_id for t in targets},
            period__in={t.period for t in targets},
        ).only("indicator_id", "period", "number", "text", "qualifier")
    }
    for t in targets:
        d = catalog.get(t.indicator.code)
        name = (d.name_en if english else d.name_vi) if d else t.indicator.code
        value = stored.get((t.indicator_id, t.period))
        number = value.number if value is not None else None
        figure = format_value(d, number, value.qualifier, lang=language, text=value.text) if value else ""
        rows.append(
            {
                "t": t,
                "name": name,
                "goal": goal_text(t, language),
                "value": figure,
                "share": share_text(t, number, language),
            }
        )
    context = {"units": units, "unit": unit, "form": form, "definitions": definitions, "rows": rows}
    return render(request, "web/targets.html", context, status=status)
