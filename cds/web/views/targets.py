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
from cds.lib.periods import Period, parse_period
from cds.units.models import Unit
from cds.units.services import unit_order
from cds.values.models import DataValue
from cds.values.rollup import Aggregate, Rollup
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
    # the unit's figure for each target's indicator and period, as the dashboard reads it: its own
    # stored row (with its qualifier or text) when it has one, else the roll-up — a rate from its
    # typed parts, a district's total from its communes; either with its coverage and approval. A rate
    # is never stored, so stored rows alone said «chưa có số liệu» beside 30 of 60 dossiers online.
    stored = {
        (v.indicator_id, v.period): v
        for v in DataValue.objects.filter(
            unit=unit,
            indicator_id__in={t.indicator_id for t in targets},
            period__in={t.period for t in targets},
        ).only("indicator_id", "period", "number", "text", "qualifier")
    }
    aggregates = _rolled_up(unit, targets)
    for t in targets:
        d = catalog.get(t.indicator.code)
        name = (d.name_en if english else d.name_vi) if d else t.indicator.code
        value = stored.get((t.indicator_id, t.period))
        aggregate = aggregates.get((t.indicator.code, t.period))
        if value is not None:
            number = value.number
            figure = format_value(d, number, value.qualifier, lang=language, text=value.text)
        else:
            number = aggregate.value if aggregate is not None else None
            figure = format_value(d, number, lang=language) if number is not None else ""
        rows.append(
            {
                "t": t,
                "name": name,
                "definition": d,
                "goal": goal_text(t, language),
                "value": figure,
                # its coverage and approval («1/1 đơn vị có số liệu, 0 đã duyệt · chưa duyệt»)
                "aggregate": aggregate if aggregate is not None and aggregate.value is not None else None,
                "share": share_text(t, number, language),
            }
        )
    context = {"units": units, "unit": unit, "form": form, "definitions": definitions, "rows": rows}
    return render(request, "web/targets.html", context, status=status)


def _rolled_up(unit: Unit, targets: list[Target]) -> dict[tuple[str, str], Aggregate]:
    """(indicator code, period code) → the roll-up of ``unit`` for each target, one load for all
    their periods (``Rollup.for_periods``); a period that no longer parses is left out."""
    by_period: dict[str, list[str]] = {}
    for t in targets:
        by_period.setdefault(t.period, []).append(t.indicator.code)
    wanted: list[tuple[list[str], Period]] = []
    stored_as: list[str] = []  # each period as the target stores it
    for raw, codes in by_period.items():
        try:
            period = parse_period(raw)
        except InputError:
            continue
        known = [c for c in codes if c in get_catalog(period.start)]
        if known:
            wanted.append((known, period))
            stored_as.append(raw)
    if not wanted:
        return {}
    engines = Rollup.for_periods(wanted, unit, era=unit.era)
    return {
        (code, raw): engine.value(code, unit.pk)
        for (codes, _period), raw, engine in zip(wanted, stored_as, engines, strict=True)
        for code in codes
    }
