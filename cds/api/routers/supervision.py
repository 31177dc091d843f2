# ruff: noqa: B008  (django-ninja declares query parameters as Query(...) defaults)
"""What supervisors ask: validation of a unit's report, targets, roll-ups, completeness, deadlines."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router

from cds.catalog.services import get_catalog
from cds.lib.periods import Period
from cds.units.models import Unit, subtree_q
from cds.values.completeness import completeness, count_states
from cds.values.deadlines import NotAllowed, deadline_for, deadlines_for, default_due, rule_for, set_deadline
from cds.values.models import SourceKind
from cds.values.rollup import Rollup
from cds.values.services import Actor
from cds.values.validation import check_unit, target_lines

from ..convert import aggregate_out, period_out, target_line_out, unit_out, violation_out
from ..errors import ApiError, answers, not_found
from ..schemas import (
    CompletenessOut,
    DeadlineIn,
    DeadlineOut,
    RollupOut,
    TargetsOut,
    ValidationOut,
)
from ..scope import caller, period_from, unit_for

router = Router(tags=["supervision"])
READ_ERRORS = answers(400, 404)


@router.get("/validation", response={200: ValidationOut, **READ_ERRORS}, operation_id="validation_check")
def validation_check(
    request: HttpRequest, unit: int, period: str = Query(..., max_length=64)
) -> dict[str, Any]:
    """Errors and warnings in what the unit reported for the period (rates against their parts …)."""
    chosen, when = unit_for(request, unit), period_from(period)
    report = check_unit(chosen, when)
    return {
        "unit": unit_out(chosen),
        "period": period_out(when),
        "errors": [violation_out(v) for v in report.errors],
        "warnings": [violation_out(v) for v in report.warnings],
        "targets": [target_line_out(t) for t in report.targets],
    }


@router.get("/targets", response={200: TargetsOut, **READ_ERRORS}, operation_id="targets_list")
def targets_list(request: HttpRequest, unit: int, period: str = Query(..., max_length=64)) -> dict[str, Any]:
    """Each target (chỉ tiêu) that applies to the unit and period, met or not and by how much."""
    chosen, when = unit_for(request, unit), period_from(period)
    lines = target_lines(chosen, when, get_catalog(when.start))
    return {
        "unit": unit_out(chosen),
        "period": period_out(when),
        "targets": [target_line_out(t) for t in lines],
    }


@router.get("/rollups", response={200: RollupOut, **READ_ERRORS}, operation_id="rollups_get")
def rollups_get(
    request: HttpRequest,
    indicator: str = Query(..., max_length=64),
    unit: int = Query(...),
    period: str = Query(..., max_length=64),
    children: bool = Query(True, description="also each child unit the caller may see"),
) -> dict[str, Any]:
    """An indicator for a unit and its children; rates recomputed from summed parts, never averaged."""
    chosen, when = unit_for(request, unit), period_from(period)
    definition = get_catalog(when.start).get(indicator)
    if definition is None:
        raise not_found("indicator", indicator)
    engine = Rollup([indicator], chosen, when, chosen.era)
    kids: list[dict[str, Any]] = []
    if children:
        visible = Unit.objects.for_user(caller(request), "view").filter(parent=chosen).order_by("name", "pk")
        kids = [
            {"unit": unit_out(c), "result": aggregate_out(engine.value(indicator, c.pk), definition)}
            for c in visible
        ]
    return {
        "indicator": indicator,
        "unit": unit_out(chosen),
        "period": period_out(when),
        "result": aggregate_out(engine.value(indicator), definition),
        "children": kids,
    }


Level = Literal["province", "district", "commune", "village"]


@router.get("/completeness", response={200: CompletenessOut, **READ_ERRORS}, operation_id="completeness_get")
def completeness_get(
    request: HttpRequest,
    unit: int,
    period: str = Query(..., max_length=64),
    level: Level = Query("commune", description="which units below ``unit`` to list"),
    deadline: dt.date | None = Query(
        None,
        description="instead of the stored deadlines (/api/deadlines): reports not submitted after it are late",
    ),
) -> dict[str, Any]:
    """Each unit of ``level`` in the scope: not started, draft, submitted, returned, approved or late.

    Late means past the deadline of the unit's own scope (its nearest ancestor's, else the
    nationwide one, else 15 days after the period), unless ``deadline`` is given."""
    scope, when = unit_for(request, unit), period_from(period)
    units = list(
        Unit.objects.for_user(caller(request), "view")
        .filter(subtree_q(scope.path), level=level)
        .order_by("name", "pk")
    )
    reports = completeness(units, when, deadline or deadlines_for(units, when))
    return {
        "scope": unit_out(scope),
        "period": period_out(when),
        "deadline": deadline or deadline_for(scope, when),
        "counts": count_states(reports),
        "units": [
            {
                "unit": unit_out(r.unit),
                "status": r.status,
                "workflow_status": r.workflow_status,
                "late": r.late,
                "deadline": r.deadline,
                "values": r.values,
                "last_change": r.last_change,
            }
            for r in reports
        ],
    }


def _deadline_out(unit: Unit | None, period: Period) -> dict[str, Any]:
    rule = rule_for(unit, period)
    return {
        "unit": unit_out(rule.unit) if rule and rule.unit else None,
        "period": period_out(period),
        "due": rule.due if rule else default_due(period),
        "default": rule is None,
        "set_by": rule.set_by.get_username() if rule and rule.set_by else None,
        "set_at": rule.set_at if rule else None,
        "reason": rule.reason if rule else "",
    }


@router.get("/deadlines", response={200: DeadlineOut, **READ_ERRORS}, operation_id="deadlines_get")
def deadlines_get(
    request: HttpRequest, period: str = Query(..., max_length=64), unit: int | None = None
) -> dict[str, Any]:
    """When the unit's reports for the period are due, and who set it (without ``unit``: nationwide)."""
    chosen = unit_for(request, unit) if unit is not None else None
    return _deadline_out(chosen, period_from(period))


@router.post(
    "/deadlines", response={200: DeadlineOut, **answers(400, 403, 404)}, operation_id="deadlines_set"
)
def deadlines_set(request: HttpRequest, payload: DeadlineIn) -> dict[str, Any]:
    """Set the deadline of a unit's subtree for a period (supervisors of the unit; without ``unit``,
    nationwide: administrators). Every change is kept with who, when, old, new and why."""
    chosen = unit_for(request, payload.unit) if payload.unit is not None else None
    period = period_from(payload.period)
    actor = Actor.for_user(caller(request), SourceKind.API)
    try:
        set_deadline(chosen, period, payload.due, actor, payload.reason)
    except NotAllowed as err:
        raise ApiError(403, err.vi, err.en, field="unit", value=payload.unit) from None
    return _deadline_out(chosen, period)
