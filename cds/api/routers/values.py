"""Values: read with filters, write drafts, and move them through submit / approve / return / reopen.

Writes go through ``record_values`` (history, optimistic locking), ``withdraw_values`` and the workflow operations
``submit_report`` / ``review_report`` (the submission rules; reviews carry the versions seen) with
an ``Actor`` of source kind "api"; the caller needs ``edit`` on the unit to write and submit, and
``review`` to approve, return and reopen.
"""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from cds.accounts.scope import Action
from cds.catalog.models import Indicator
from cds.lib.errors import Location
from cds.lib.periods import Period
from cds.units.models import Unit, subtree_q
from cds.values.models import DataValue, SourceKind
from cds.values.reminders import remind
from cds.values.services import Actor, ValueInput, ValueRef, record_values, unknown_indicator, withdraw_values
from cds.values.workflow import recall_report, review_report, submit_report

from ..convert import value_out
from ..errors import answers, not_found
from ..pagination import Page
from ..schemas import (
    RemindIn,
    RemindOut,
    ReopenIn,
    ReviewIn,
    StatusChangeIn,
    StatusChangeOut,
    SubmitIn,
    ValueChangeOut,
    ValueOut,
    ValuesWriteIn,
    WithdrawIn,
    WithdrawOut,
    WriteOut,
)
from ..scope import caller, period_from, unit_for

router = Router(tags=["values"])

StatusName = Literal["draft", "submitted", "returned", "approved"]
WRITE_ERRORS = answers(400, 403, 404, 409)
READ_ERRORS = answers(400, 404)


def _values(request: HttpRequest) -> Any:
    return DataValue.objects.for_user(caller(request), "view").select_related(
        "unit", "indicator", "updated_by"
    )


@router.get("/values", response={200: list[ValueOut], **READ_ERRORS}, operation_id="values_list")
@paginate(Page)
def values_list(
    request: HttpRequest,
    unit: int | None = None,
    below: bool = Query(False, description="also the units below ``unit``"),
    period: str | None = Query(None, max_length=64),
    indicator: str | None = Query(None, max_length=64),
    status: StatusName | None = None,
) -> Any:
    """Values the caller may see, newest period first; filter by unit, period, indicator, status."""
    qs = _values(request)
    if unit is not None:
        chosen = unit_for(request, unit)
        qs = qs.filter(subtree_q(chosen.path, "unit__path")) if below else qs.filter(unit=chosen)
    if period:
        qs = qs.filter(period=period_from(period).code)
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    if status:
        qs = qs.filter(status=status)
    return _Rows(qs.order_by("-period_end", "unit__code", "indicator__code", "pk"))


class _Rows:
    """A queryset that turns into API rows only for the page asked for."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def all(self) -> Any:
        return self.qs

    def __len__(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [value_out(v) for v in self.qs[item]]


@router.get("/values/{int:value_id}", response={200: ValueOut, **READ_ERRORS}, operation_id="values_detail")
def values_detail(request: HttpRequest, value_id: int) -> dict[str, Any]:
    value = _values(request).filter(pk=value_id).first()
    if value is None:
        raise not_found("value", value_id)
    return value_out(value)


@router.get(
    "/values/{int:value_id}/history",
    response={200: list[ValueChangeOut], **READ_ERRORS},
    operation_id="values_history",
)
def values_history(request: HttpRequest, value_id: int) -> list[dict[str, Any]]:
    """Who changed the value, when, from what to what, and why."""
    value = _values(request).filter(pk=value_id).first()
    if value is None:
        raise not_found("value", value_id)
    return [
        {
            "changed_at": c.changed_at,
            "changed_by": c.changed_by.get_username() if c.changed_by else None,
            "actor": c.actor,
            "action": c.action,
            "old_raw": c.old_raw,
            "new_raw": c.new_raw,
            "old_status": c.old_status,
            "new_status": c.new_status,
            "reason": c.reason,
            "source_kind": c.source_kind,
        }
        for c in value.changes.select_related("changed_by")
    ]


@router.post("/values", response={200: WriteOut, **WRITE_ERRORS}, operation_id="values_write")
def values_write(request: HttpRequest, payload: ValuesWriteIn) -> dict[str, Any]:
    """Write values as drafts for one unit and period: all or nothing."""
    unit = unit_for(request, payload.unit, "edit")
    period = period_from(payload.period)
    inputs = [
        ValueInput(
            unit,
            item.indicator,
            period,
            item.value,
            note=item.note,
            source_ref="API",
            expected_version=item.expected_version,
            where=Location(column=f"values[{i}].value", value=item.value),
        )
        for i, item in enumerate(payload.values)
    ]
    actor = Actor.for_user(caller(request), SourceKind.API)
    result = record_values(inputs, actor, reason=payload.reason)
    codes = {item.indicator for item in payload.values} | {c.indicator_code for c in result.changes}
    stored = DataValue.objects.filter(unit=unit, period=period.code, indicator__code__in=codes)
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "values": [value_out(v) for v in stored.select_related("unit", "indicator", "updated_by")],
    }


@router.post("/values/withdraw", response={200: WithdrawOut, **WRITE_ERRORS}, operation_id="values_withdraw")
def values_withdraw(request: HttpRequest, payload: WithdrawIn) -> dict[str, Any]:
    """Make values of a unit and period unknown again ("chưa có số liệu"), with a reason; the
    history keeps the old values. Needs *edit* like a write; approved values must be reopened first."""
    unit = unit_for(request, payload.unit, "edit")
    period = period_from(payload.period)
    versions = payload.versions or {}
    refs = [
        ValueRef(unit, code, period, versions.get(code), Location(column=f"indicators[{i}]", value=code))
        for i, code in enumerate(payload.indicators)
    ]
    result = withdraw_values(refs, Actor.for_user(caller(request), SourceKind.API), payload.reason)
    return {"withdrawn": len(result.withdrawn), "absent": result.absent}


def _report(request: HttpRequest, payload: StatusChangeIn, needs: Action) -> tuple[Unit, Period]:
    unit = unit_for(request, payload.unit, needs)
    if payload.indicators is not None:
        _known_indicators(payload.indicators)
    return unit, period_from(payload.period)


def _out(action: str, values: list[DataValue]) -> dict[str, Any]:
    return {"action": action, "changed": len(values), "values": [value_out(v) for v in values]}


def _known_indicators(codes: list[str]) -> None:
    known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in known:
            raise unknown_indicator(code, Location(column="indicators"))


@router.post("/values/submit", response={200: StatusChangeOut, **WRITE_ERRORS}, operation_id="values_submit")
def values_submit(request: HttpRequest, payload: SubmitIn) -> dict[str, Any]:
    """Send drafts (and returned values) of a unit and period to the supervisor.

    The same rules as the web form: validation errors block the submission (400 listing them),
    and every warning needs an explanation in ``explanations`` or the value's note."""
    unit, period = _report(request, payload, "edit")
    actor = Actor.for_user(caller(request), SourceKind.API)
    done = submit_report(
        unit,
        period,
        actor,
        payload.explanations,
        payload.indicators,
        payload.reason,
        payload.confirm_incomplete,
    )
    return _out("submit", done)


@router.post("/values/recall", response={200: StatusChangeOut, **WRITE_ERRORS}, operation_id="values_recall")
def values_recall(request: HttpRequest, payload: StatusChangeIn) -> dict[str, Any]:
    """Take your unit's submitted report back to draft to change it (kept in the history)."""
    unit, period = _report(request, payload, "edit")
    actor = Actor.for_user(caller(request), SourceKind.API)
    return _out("recall", recall_report(unit, period, actor, payload.reason))


@router.post("/values/remind", response={200: RemindOut, **WRITE_ERRORS}, operation_id="values_remind")
def values_remind(request: HttpRequest, payload: RemindIn) -> dict[str, Any]:
    """«Nhắc nhở»: notify the officers of every late unit among ``units`` (units you review)."""
    units = [unit_for(request, pk, "review") for pk in dict.fromkeys(payload.units)]
    done = remind(units, period_from(payload.period), Actor.for_user(caller(request), SourceKind.API))
    return {
        "reminded": [u.pk for u in done.units],
        "people": done.people,
        "without_officer": [u.pk for u in done.without_officer],
    }


def _review(
    request: HttpRequest, payload: StatusChangeIn, action: str, seen: dict[str, int] | None
) -> dict[str, Any]:
    unit, period = _report(request, payload, "review")
    actor = Actor.for_user(caller(request), SourceKind.API)
    return _out(action, review_report(unit, period, action, actor, payload.reason, seen, payload.indicators))


@router.post(
    "/values/approve", response={200: StatusChangeOut, **WRITE_ERRORS}, operation_id="values_approve"
)
def values_approve(request: HttpRequest, payload: ReviewIn) -> dict[str, Any]:
    """Approve submitted values as you saw them (``versions``); approved values are locked."""
    return _review(request, payload, "approve", payload.versions)


@router.post("/values/return", response={200: StatusChangeOut, **WRITE_ERRORS}, operation_id="values_return")
def values_return(request: HttpRequest, payload: ReviewIn) -> dict[str, Any]:
    """Send submitted values back to the unit, with a reason, as you saw them (``versions``)."""
    return _review(request, payload, "return", payload.versions)


@router.post("/values/reopen", response={200: StatusChangeOut, **WRITE_ERRORS}, operation_id="values_reopen")
def values_reopen(request: HttpRequest, payload: ReopenIn) -> dict[str, Any]:
    """Unlock approved values for correction, with a reason."""
    return _review(request, payload, "reopen", payload.versions)
