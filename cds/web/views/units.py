"""Home (my units, unit search) and a unit's figures — only units in the user's scope are found."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy

from cds.accounts.models import Role
from cds.accounts.scope import get_for_user_or_404, signed_in
from cds.catalog.formatting import format_value
from cds.catalog.rankings import rank_lines
from cds.catalog.services import get_catalog
from cds.dti.services import frameworks_for_year
from cds.lib.vn_numbers import format_number, format_percent
from cds.units.models import Unit, subtree_q
from cds.units.services import LineageEntry, era_on, find_units, history, map_day, unit_order
from cds.values.models import DataValue
from cds.values.rollup import rollup_many
from cds.values.validation import check_unit

from ..scope import admin
from ..status import report_states
from ..tasks import Task, officer_tasks, review_inbox, to_sign, verify_inbox
from ..templatetags.web import source_label
from .common import data_periods, default_period, lang, read_period


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    query = request.GET.get("q", "").strip()
    matches = []
    if query:
        # both maps, today's first, the former units labelled «(trước 1/7/2025)» (like ``cds units find``)
        candidates = find_units(query, limit=20, both_eras=True).candidates
        visible = set(
            Unit.objects.for_user(request.user)
            .filter(pk__in=[c.unit.pk for c in candidates])
            .values_list("pk", flat=True)
        )
        matches = [c for c in candidates if c.unit.pk in visible]
    roles = list(user.roles.select_related("unit", "unit__parent").order_by("unit__depth"))
    language = lang(request)
    mine = []
    for role in roles:
        if role.unit is None:
            continue
        period = default_period(role.unit)
        item = {"role": role, "unit": role.unit, "period": period}
        if role.role == Role.OFFICER:
            item["tasks"] = officer_tasks(role.unit, language)
            item["to_sign"] = to_sign(role.unit, language)
        elif role.role == Role.SUPERVISOR:
            communes = list(
                Unit.objects.for_user(request.user, "review")
                .filter(subtree_q(role.unit.path), level="commune", era=era_on(period.end))
                .as_of(map_day(era_on(period.end), period.end))
                .only("id", "path", "valid_from", "valid_to")
            )
            item["late"] = sum(s.late for s in report_states(communes, period))
            item["communes"] = len(communes)
        mine.append(item)
    inbox: list[Task] = []
    waiting, verify = 0, []
    if any(r.role == Role.SUPERVISOR for r in roles):
        reviewable = Unit.objects.for_user(request.user, "review")
        inbox, waiting = review_inbox(reviewable, language)
        verify = verify_inbox(reviewable, language)
    return render(
        request,
        "web/home.html",
        {
            "query": query,
            "matches": matches,
            "mine": mine,
            "admin": admin(request),
            "inbox": inbox,
            "waiting": waiting,
            "verify": verify,
        },
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user_or_404(Unit.objects.select_related("parent"), request.user, "view", pk=pk)
    stored = DataValue.objects.filter(subtree_q(unit.path, "unit__path")).values_list("period", flat=True)
    periods = [p.code for p in data_periods(stored.distinct())]
    fallback = default_period(unit)
    period, error_vi, error_en = read_period(
        request.GET.get("period") or (periods[0] if periods else None), fallback
    )
    catalog = get_catalog(period.start)
    definitions = catalog.definitions()
    aggregates = rollup_many([d.code for d in definitions], unit, period)
    rows = []
    for definition in definitions:
        agg = aggregates[definition.code]
        if agg.value is None:
            continue
        shown = format_value(definition, agg.value, lang=lang(request))
        parts = ""
        if agg.source == "recomputed" and agg.numerator is not None and agg.denominator is not None:
            parts = f"{format_number(agg.numerator)}/{format_number(agg.denominator)}"
        rows.append(
            {
                "d": definition,
                "value": shown,
                "agg": agg,
                # a count of units comes from the units registry, not from the unit («96 xã … số
                # liệu của đơn vị» on tỉnh Quảng Ngãi's page)
                "source": gettext("đếm từ danh mục đơn vị hành chính")
                if definition.counts_units and agg.source == "own"
                else source_label(agg.source),
                "parts": parts,
            }
        )
    report = check_unit(unit, period)
    children = sorted(
        Unit.objects.for_user(request.user).filter(parent=unit).order_by("name")[:300], key=unit_order
    )
    return render(
        request,
        "web/unit.html",
        {
            "unit": unit,
            "period": period,
            "periods": periods,
            "rows": rows,
            "report": report,
            "error": error_vi if lang(request) == "vi" else error_en,
            "history": [_lineage_line(h) for h in history(unit)],
            "children": children,
            "dti_year": period.year if frameworks_for_year(period.year, unit.level) else None,
            # its places in published rankings other than DTI (cds.catalog.rankings), newest first
            "published_ranks": rank_lines(unit),
        },
    )


# what the 2025 reorganisation did to a unit, in the reader's language (the CLI prints
# ``LineageEntry.__str__`` in Vietnamese)
LINEAGE_KINDS = {
    "same": gettext_lazy("giữ nguyên"),
    "merge": gettext_lazy("sáp nhập"),
    "split": gettext_lazy("chia tách"),
}


def _lineage_line(entry: LineageEntry) -> dict[str, object]:
    return {
        "unit": entry.unit,
        "parents": ", ".join(entry.parents),
        "kind": LINEAGE_KINDS.get(entry.kind, entry.kind),
        "share": format_percent(entry.share * 100),
    }
