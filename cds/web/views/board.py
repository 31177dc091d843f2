"""Supervision: who has and hasn't reported (completeness board), late units, roll-ups by child."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cds.accounts.models import Role
from cds.accounts.scope import get_for_user_or_404, signed_in
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.lib.text import fold
from cds.lib.vn_dates import parse_date
from cds.lib.vn_numbers import format_number
from cds.notifications.services import unit_contacts
from cds.units.models import Unit, subtree_q
from cds.units.services import era_on, map_day, unit_order
from cds.values.deadlines import default_due, may_set_deadline, rule_for, set_deadline
from cds.values.reminders import remind
from cds.values.rollup import Aggregate, Rollup
from cds.values.services import Actor

from ..scope import admin, last_reported_province, may_any
from ..status import LABELS, LATE, STATES, ReportState, report_states
from ..templatetags.web import SOURCE_LABELS, vn_date
from .common import columns_for, default_period, default_period_for, lang, read_period, table_response

BOARD_LIMIT = 2000


def _area(request: HttpRequest, period: Period) -> Unit | None:
    """The subtree the board covers: ?in=<unit>, or for an administrator the province last reported on."""
    if request.GET.get("in"):
        return get_for_user_or_404(
            Unit.objects.select_related("parent"), request.user, "view", pk=request.GET["in"]
        )
    if admin(request):
        return last_reported_province(period)
    return None


def board_units(request: HttpRequest, period: Period) -> tuple[QuerySet[Unit], Unit | None]:
    """Communes of the period's map that the user may see (within ?in= if given)."""
    area = _area(request, period)
    era = era_on(period.end)
    units = (
        Unit.objects.for_user(request.user, "view")
        .filter(level="commune", era=era)
        .as_of(map_day(era, period.end))  # not a commune that ceased before (units.history)
    )
    if area is not None:
        units = units.filter(subtree_q(area.path))
    return units.order_by("parent__name", "name"), area


def deadline_scope(request: HttpRequest, area: Unit | None, period: Period | None = None) -> Unit | None:
    """Whose deadline the board shows and sets: the area asked for, else the highest unit the
    person supervises (None: nationwide, for administrators and people without supervision)."""
    if area is not None:
        return area
    supervised = [
        a.unit
        for a in signed_in(request).roles.select_related("unit")
        if a.role == Role.SUPERVISOR and a.unit
    ]
    if period is not None:  # the supervised unit on the period's map (a province exists in both eras)
        on_map = [u for u in supervised if u.era == era_on(period.end)]
        supervised = on_map or supervised
    return min(supervised, key=lambda u: (u.depth, u.pk)) if supervised and not admin(request) else None


def _states(request: HttpRequest) -> tuple[Period, list[ReportState], Unit | None]:
    """Each commune's report state; ``unit.parent_name`` set from one query of the ~15 parents
    (not a parent object per row: the board reads up to 2.000 communes)."""
    period, _e, _f = read_period(request.GET.get("period"), default_period_for(request.user))
    units, area = board_units(request, period)
    chosen = list(units.only("id", "name", "code", "parent_id", "path", "era", "level")[:BOARD_LIMIT])
    parents: dict[int | None, str] = dict(
        Unit.objects.filter(pk__in={u.parent_id for u in chosen}).values_list("id", "name")
    )
    for unit in chosen:
        unit.parent_name = parents.get(unit.parent_id, "")
    return period, report_states(chosen, period), area


@login_required
def board(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _set_deadline(request)
    period, states, area = _states(request)
    scope = deadline_scope(request, area, period)
    rule = rule_for(scope, period)
    counts = Counter(s.state for s in states)
    late_count = sum(s.late for s in states)
    wanted = request.GET.get("status", "")
    query = fold(request.GET.get("q", ""))
    shown = [
        s
        for s in states
        if (not wanted or (s.late if wanted == LATE else s.state == wanted))
        and (not query or query in fold(s.unit.name) or query in fold(s.unit.parent_name))
    ]
    chips = [(key, LABELS[key], counts.get(key, 0)) for key in STATES] + [(LATE, LABELS[LATE], late_count)]
    entry_url = reverse("web:entry", args=[0]).replace("/0/", "/{}/")
    labels = {key: str(LABELS[key]) for key in STATES}
    contacts = unit_contacts(s.unit.pk for s in shown)
    reviewable = set(
        Unit.objects.for_user(request.user, "review")
        .filter(pk__in=[s.unit.pk for s in shown if s.late])
        .values_list("pk", flat=True)
    )
    rows = [
        {
            "url": f"{entry_url.format(s.unit.pk)}?period={period.code}",
            "name": s.unit.name,
            "parent": s.unit.parent_name,
            "state": s.state,
            "label": labels[s.state],
            "late": s.late,
            "total": format_number(s.total),
            "changed": vn_date(s.last_change),
            "pk": s.unit.pk,
            "contacts": contacts.get(s.unit.pk, []),
            "remind": s.late and s.unit.pk in reviewable,
        }
        for s in shown
    ]
    return render(
        request,
        "web/board.html",
        {
            "period": period,
            "rows": rows,
            "late_label": str(LABELS[LATE]),
            "total": len(states),
            "chips": chips,
            "wanted": wanted,
            "q": request.GET.get("q", ""),
            "area": area,
            "deadline": rule.due if rule else default_due(period),
            "deadline_rule": rule,
            "deadline_unit": scope,
            "can_set_deadline": may_set_deadline(request.user, scope),
            "can_review": may_any(request, "review"),
            "periods": _period_menu(period),
            "truncated": len(states) >= BOARD_LIMIT,
            "can_remind": bool(reviewable),
        },
    )


def _period_menu(current: Period) -> list[Period]:
    last = default_period()
    running = Period.containing(timezone.localdate(), "quarter")
    out = [running, last] if running != last else [last]
    while len(out) < 8:
        out.append(out[-1].previous())
    out += [Period.of("year", last.year - 1)]
    return out if current in out else [current, *out]


def _posted_board(request: HttpRequest) -> tuple[Period, Unit | None, str]:
    """The board a form was posted from: its period, its area (``in``: a unit the person may see)
    and the address to go back to."""
    period, _e, _f = read_period(request.POST.get("period"), default_period())
    area = (
        get_for_user_or_404(
            Unit.objects.select_related("parent"), request.user, "view", pk=request.POST["in"]
        )
        if request.POST.get("in")
        else None
    )
    back = f"{reverse('web:board')}?period={period.code}" + (f"&in={area.pk}" if area else "")
    return period, area, back


def _set_deadline(request: HttpRequest) -> HttpResponse:
    """Set the deadline of the board's scope (``in``: a unit the person may see) for a period."""
    period, area, back = _posted_board(request)
    scope = deadline_scope(request, area, period)
    try:
        due = parse_date(request.POST.get("due", ""))
        set_deadline(scope, period, due, Actor.for_user(request.user), request.POST.get("reason", "").strip())
    except InputError as err:  # a bad date, a date before the period, or NotAllowed
        messages.error(request, err.message(lang(request)))
        return redirect(back)
    messages.success(request, _("Đã đặt hạn nộp."))
    return redirect(back)


@login_required
def remind_late(request: HttpRequest) -> HttpResponse:
    """«Nhắc nhở»: notify the officers of one late unit (``unit``) or of every late unit of the board."""
    if request.method != "POST":
        return redirect("web:board")
    period, area, back = _posted_board(request)
    if request.POST.get("unit"):
        units = [
            get_for_user_or_404(
                Unit.objects.select_related("parent"), request.user, "review", pk=request.POST["unit"]
            )
        ]
    else:
        units = list(
            Unit.objects.for_user(request.user, "review")
            .filter(level="commune", era=era_on(period.end))
            .as_of(map_day(era_on(period.end), period.end))
        )
        if area is not None:
            units = [u for u in units if u.path.startswith(area.path)]
    try:
        done = remind(units, period, Actor.for_user(request.user))
    except InputError as err:
        messages.error(request, err.message(lang(request)))
        return redirect(back)
    messages.success(
        request,
        _("Đã nhắc %(units)s đơn vị (%(people)s người).") % {"units": len(done.units), "people": done.people},
    )
    if done.without_officer:
        names = ", ".join(u.name for u in done.without_officer[:10])
        messages.warning(
            request, _("Chưa có cán bộ nào được giao để nhận nhắc nhở: %(names)s") % {"names": names}
        )
    return redirect(back)


@login_required
def late_export(request: HttpRequest) -> HttpResponse:
    period, states, _area_unit = _states(request)
    columns = columns_for(request, [("Mã đơn vị", "Unit code"), ("Đơn vị", "Unit"), ("Trực thuộc", "Parent"),
                                    ("Trạng thái", "Status"), ("Số giá trị", "Values"),
                                    ("Cập nhật lần cuối", "Last change"), ("Hạn nộp", "Deadline")])  # fmt: skip
    rows = [
        [
            s.unit.code,
            s.unit.name,
            s.unit.parent_name,
            s.label,
            s.total,
            s.last_change.replace(tzinfo=None) if s.last_change else "",
            s.deadline,
        ]
        for s in states
        if s.late
    ]
    return table_response(columns, rows, f"don-vi-tre-han-{period.code}", request.GET.get("format", "csv"))


def _rollup_cells(unit: Unit, a: Aggregate) -> list[object]:
    """One export row: the figure, where it comes from (in words), and how much of the area it covers."""
    cov = a.coverage
    source = _(SOURCE_LABELS[a.source]) if SOURCE_LABELS.get(a.source) else ""
    return [unit.code, unit.name, a.value, a.numerator, a.denominator, source, cov.expected,
            cov.reported, cov.approved, a.approved, a.own_value, a.children_value]  # fmt: skip


ROLLUP_COLUMNS = [("Mã đơn vị", "Unit code"), ("Đơn vị", "Unit"), ("Giá trị", "Value"), ("Tử số", "Numerator"),
                  ("Mẫu số", "Denominator"), ("Nguồn", "Source"), ("Số đơn vị", "Units expected"),
                  ("Có số liệu", "Units reported"), ("Đã duyệt", "Units approved"), ("Đã duyệt hết", "All approved"),
                  ("Giá trị tự nhập", "Own value"), ("Tổng các đơn vị trực thuộc", "Sum of the units below")]  # fmt: skip


@login_required
def rollup_view(request: HttpRequest) -> HttpResponse:
    """Any indicator for a unit and each of its children, rates recomputed from summed parts."""
    fallback_unit = Unit.objects.for_user(request.user, "view").order_by("depth", "name").first()
    unit = get_for_user_or_404(
        Unit.objects.select_related("parent"),
        request.user,
        "view",
        pk=request.GET.get("unit") or (fallback_unit.pk if fallback_unit else None),
    )
    period, error_vi, error_en = read_period(request.GET.get("period"), default_period(unit))
    catalog = get_catalog(period.start)
    code = request.GET.get("indicator") or "dvc.online_dossier_rate"
    definition = catalog.get(code) or catalog.definitions()[0]
    engine = Rollup([definition.code], unit, period, era=unit.era)
    children = sorted(
        Unit.objects.for_user(request.user, "view").filter(parent=unit).order_by("name")[:500], key=unit_order
    )
    rows = [(child, engine.value(definition.code, child.pk)) for child in children]
    if request.GET.get("format") in {"csv", "xlsx"}:
        columns = columns_for(request, ROLLUP_COLUMNS)
        data = [_rollup_cells(u, a) for u, a in [(unit, engine.value(definition.code)), *rows]]
        return table_response(
            columns, data, f"tong-hop-{definition.code}-{period.code}", request.GET["format"]
        )
    return render(
        request,
        "web/rollup.html",
        {
            "unit": unit,
            "period": period,
            "definition": definition,
            "definitions": catalog.definitions(),
            "total": engine.value(definition.code),
            "rows": rows,
            "late_label": str(LABELS[LATE]),
            "error": error_vi if lang(request) == "vi" else error_en,
        },
    )
