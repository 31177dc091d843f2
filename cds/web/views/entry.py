"""Data entry for one unit and period, the review workflow, and the history of the values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cds.accounts.scope import Action, can, get_for_user_or_404
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError, Location
from cds.units.models import Unit
from cds.values.completeness import workflow_status as state_of
from cds.values.deadlines import deadline_for
from cds.values.models import DataValue, ValueChange
from cds.values.services import Actor, ValueWriteError
from cds.values.workflow import (
    BlockingError,
    IncompleteReport,
    SubmittedReport,
    UnexplainedWarning,
    last_return,
    recall_report,
    refuse_changes_to_submitted,
    report_completeness,
    review_report,
    submit_report,
)

from ..entry import EntryForm
from .common import default_period, lang, read_period, recent_periods, unit_exists_in

REVIEW_ACTIONS = {"approve", "return", "reopen"}


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    # edit and review scopes lie inside the view scope: a post needs only its own check (else 404)
    needed: Action = "view" if not action else "review" if action in REVIEW_ACTIONS else "edit"
    unit = get_for_user_or_404(Unit.objects.select_related("parent"), request.user, needed, pk=pk)
    period, error_vi, error_en = read_period(request.GET.get("period"), default_period(unit))
    here = f"{reverse('web:entry', args=[unit.pk])}?period={period.code}"
    if request.method == "POST":
        return _post(request, unit, period, here)
    form = EntryForm(unit, period, lang=lang(request))
    form.check()
    if error_vi and error_en:
        form.messages.append(error_vi if lang(request) == "vi" else error_en)
    return _render(request, unit, period, form)


def _post(request: HttpRequest, unit, period, here: str) -> HttpResponse:
    """Save, submit or review. A save reads and writes only the fields sent changed; the whole
    form is built only to check a submission or to show what went wrong."""
    action = request.POST.get("action", "save")
    if not unit_exists_in(unit, period):
        return redirect(here)
    language = lang(request)
    actor = Actor.for_user(request.user)
    form = None
    try:
        if action in REVIEW_ACTIONS:
            seen = parse_seen(request.POST.get("seen"))
            done = review_report(unit, period, action, actor, request.POST.get("reason", ""), seen)
            messages.success(request, _("Đã xử lý %(n)s giá trị.") % {"n": len(done)})
            return redirect(here)
        if action == "recall":
            recall_report(unit, period, actor, request.POST.get("reason", ""))
            messages.success(request, _("Đã rút lại báo cáo về nháp. Sửa xong, hãy gửi duyệt lại."))
            return redirect(here)
        quick = EntryForm.for_save(unit, period, request.POST, lang=language)
        changed = [i.indicator_code for i in quick.changed_inputs()]
        if request.POST.get("recall") == "1" and changed:  # the officer asked: recall, then change
            recalled = recall_report(unit, period, actor, request.POST.get("reason", ""))
            data = request.POST.copy()
            for value in recalled:  # the versions the page read are the ones just recalled
                key = f"ver:{value.indicator.code}"
                if data.get(key) == str(value.version - 1):
                    data[key] = str(value.version)
            quick = EntryForm.for_save(unit, period, data, lang=language)
        refuse_changes_to_submitted(unit, period, [quick.stored[c] for c in changed if c in quick.stored])
        if not quick.save(actor, refresh=False):
            form = EntryForm(unit, period, request.POST, lang=language)
            form.attach(quick.write_errors)
            form.messages.insert(0, _("Chưa lưu: hãy sửa các ô báo đỏ rồi lưu lại."))
            return _render(request, unit, period, form, status=422)
        if action != "submit":
            messages.success(request, _("Đã lưu nháp."))
            return redirect(here)
        explanations = {key[2:]: str(text) for key, text in request.POST.items() if key.startswith("n:")}
        confirmed = request.POST.get("confirm_incomplete") == "1"
        submit_report(unit, period, actor, explanations, confirm_incomplete=confirmed)
        messages.success(request, _("Đã gửi báo cáo để cơ quan giám sát duyệt."))
        return redirect(here)
    except ValueWriteError as err:  # a submission refused by its rules, or a review of changed values
        form = EntryForm(unit, period, lang=language)
        form.take_notes(request.POST)  # explanations typed now count even when the value did not change
        form.check()
        errors = sum(isinstance(e, BlockingError) for e in err.errors)
        unexplained = sum(isinstance(e, UnexplainedWarning) for e in err.errors)
        incomplete = [e for e in err.errors if isinstance(e, IncompleteReport)]
        form.messages.extend(e.message(language) for e in incomplete)
        if errors:
            form.messages.append(_("Đã lưu nháp nhưng chưa gửi được: còn %(n)s lỗi cần sửa.") % {"n": errors})
        elif unexplained:
            form.messages.append(
                _("Đã lưu nháp nhưng chưa gửi được: %(n)s cảnh báo cần ghi giải trình.") % {"n": unexplained}
            )
        elif incomplete:
            form.messages.insert(0, _("Đã lưu nháp nhưng chưa gửi được: báo cáo còn thiếu chỉ tiêu."))
        else:  # a review of values changed since they were shown: each difference, in words
            form.messages.extend(e.vi if language == "vi" else e.en for e in err.errors)
        return _render(request, unit, period, form, status=422)
    except SubmittedReport as err:  # nothing written: the typed values stay on the form, with the way out
        form = EntryForm(unit, period, request.POST, lang=language)
        form.messages.append(err.message(language))
        return _render(request, unit, period, form, status=409, offer_recall=True)
    except InputError as err:
        form = form or EntryForm(unit, period, lang=language)
        form.messages.append(err.message(language))
        return _render(request, unit, period, form, status=422)


def parse_seen(text: str | None) -> dict[str, int] | None:
    """The review buttons' hidden field ("code:version,…") → code → version; absent → None."""
    if text is None:
        return None
    seen: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        code, _sep, version = item.rpartition(":")
        if not code or not version.isdigit():
            raise InputError(
                "Không đọc được phiên bản số liệu đã xem; hãy tải lại trang.",
                "Cannot read the versions of the values you reviewed; reload the page.",
                Location(column="seen", value=item[:80]),
            )
        seen[code] = int(version)
    return seen


def _render(
    request: HttpRequest, unit, period, form: EntryForm, status: int = 200, offer_recall: bool = False
) -> HttpResponse:
    state = state_of(form.statuses())
    can_edit, can_review = can(request.user, "edit", unit), can(request.user, "review", unit)
    return render(
        request,
        "web/entry.html",
        {
            "unit": unit,
            "period": period,
            "form": form,
            "state": state,
            "deadline": deadline_for(unit, period),
            "exists": unit_exists_in(unit, period),
            "periods": recent_periods(unit),
            "can_edit": can_edit,
            "can_review": can_review,
            # a reviewer of the unit reviews it; its own people (and a supervisor on their own unit) enter it
            "can_submit": can_edit and not can_review,
            "returned": last_return(unit, period) if state == "returned" else None,
            "completeness": report_completeness(unit, period)
            if state in {"draft", "returned", "not_started"}
            else None,
            "offer_recall": offer_recall,
        },
        status=status,
    )


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the unit's values for a period: per value, and per submission step."""
    unit = get_for_user_or_404(Unit.objects.select_related("parent"), request.user, "view", pk=pk)
    period, _e, _f = read_period(request.GET.get("period"), default_period(unit))
    code = request.GET.get("indicator", "")
    changes = (
        ValueChange.objects.filter(value__unit=unit, value__period=period.code)
        .select_related("value__indicator", "changed_by")
        .order_by("-changed_at", "-id")
    )
    if code:
        changes = changes.filter(value__indicator__code=code)
    catalog = get_catalog(period.start)
    english = lang(request) == "en"
    shown = list(changes[:500])
    steps: dict[tuple, dict] = {}
    for change in shown:
        definition = catalog.get(change.value.indicator.code)
        change.name = (
            (definition.name_en if english else definition.name_vi)
            if definition
            else change.value.indicator.code
        )
        if change.action in {"submit", "approve", "return", "reopen"}:
            key = (change.action, change.changed_at.replace(microsecond=0), change.actor, change.reason)
            step = steps.setdefault(key, {"change": change, "count": 0})
            step["count"] += 1
    value = (
        DataValue.objects.filter(unit=unit, period=period.code, indicator__code=code).first()
        if code
        else None
    )
    return render(
        request,
        "web/history.html",
        {
            "unit": unit,
            "period": period,
            "changes": shown,
            "steps": list(steps.values()),
            "indicator": code,
            "value": value,
        },
    )
