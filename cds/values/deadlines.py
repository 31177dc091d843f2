"""Reporting deadlines per scope: a supervisor sets them for their subtree, the nearest applies.

A deadline is stored for (unit, period), or for a period everywhere (administrators only). The
one that applies to a unit is the deepest of its ancestors' (itself included), else the
nationwide one, else ``DEFAULT_GRACE_DAYS`` after the period ends. ``set_deadline`` is the only
writer; it records who, when, old, new and why in the same transaction. The completeness board,
the entry form and the API's "late" status all read ``deadlines_for``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from cds.accounts.models import Role
from cds.accounts.scope import principal
from cds.history.context import request_id
from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.lib.vn_dates import format_date
from cds.units.models import Unit

from .models import Deadline, DeadlineChange
from .services import Actor, allowed_years

DEFAULT_GRACE_DAYS = 15


class NotAllowed(InputError):
    """The person may not set a deadline there (the web and API answer 403)."""


def default_due(period: Period) -> dt.date:
    return period.end + dt.timedelta(days=DEFAULT_GRACE_DAYS)


def current_round(today: dt.date) -> Period:
    """The quarter whose reports are being collected on ``today``: the quarter that just ended until
    its (default) deadline has passed, then the running one. The pages open on it and the demo's
    latest quarter is it, so the first screen shows the round people are working on."""
    running = Period.containing(today, "quarter")
    ended = running.previous()
    return ended if today <= default_due(ended) else running


def may_set_deadline(user: Any, unit: Unit | None) -> bool:
    """Administrators anywhere (and nationwide); supervisors for their own unit and below it."""
    who = principal(user)
    if who is None:
        return False
    if who.admin:
        return True
    if unit is None:
        return False
    return any(
        a.role == Role.SUPERVISOR and a.unit is not None and unit.path.startswith(a.unit.path)
        for a in who.assignments
    )


def _ancestor_ids(unit: Unit) -> list[int]:
    """The unit's ancestors and itself, nearest first (from its materialised path)."""
    return [int(part) for part in reversed(unit.path.strip("/").split("/")) if part]


def rules_for(units: Iterable[Unit], period: Period) -> dict[int, Deadline | None]:
    """unit id → the stored deadline that applies to it (None: the default applies)."""
    units = list(units)
    wanted = {pk for u in units for pk in _ancestor_ids(u)}
    rows = list(Deadline.objects.filter(period=period.code).select_related("unit", "set_by"))
    by_unit = {d.unit_id: d for d in rows if d.unit_id is not None and d.unit_id in wanted}
    nationwide = next((d for d in rows if d.unit_id is None), None)
    out: dict[int, Deadline | None] = {}
    for unit in units:
        found = next((by_unit[pk] for pk in _ancestor_ids(unit) if pk in by_unit), None)
        out[unit.pk] = found or nationwide
    return out


def deadlines_for(units: Iterable[Unit], period: Period) -> dict[int, dt.date]:
    """unit id → when its report for ``period`` is due."""
    fallback = default_due(period)
    return {pk: rule.due if rule else fallback for pk, rule in rules_for(units, period).items()}


def rule_for(unit: Unit | None, period: Period) -> Deadline | None:
    """The stored deadline that applies to ``unit`` (None: everywhere) for ``period``, if any."""
    if unit is None:
        return Deadline.objects.filter(period=period.code, unit__isnull=True).select_related("set_by").first()
    return rules_for([unit], period)[unit.pk]


def deadline_for(unit: Unit | None, period: Period) -> dt.date:
    rule = rule_for(unit, period)
    return rule.due if rule else default_due(period)


def check_deadline(unit: Unit | None, period: Period, due: dt.date, actor: Actor) -> None:
    """Raise ``NotAllowed`` or ``InputError`` if ``set_deadline`` would refuse (forms check first)."""
    if actor.user is not None and not may_set_deadline(actor.user, unit):
        where = unit.name if unit is not None else "toàn quốc"
        raise NotAllowed(
            f"Bạn không có quyền đặt hạn nộp cho {where}; chỉ cơ quan giám sát đặt hạn cho các đơn vị mình quản lý.",
            f"You may not set the deadline for {unit.name if unit is not None else 'the whole country'}; "
            "supervisors set deadlines for the units they supervise.",
            Location(column="unit", value=unit.code if unit is not None else ""),
        )
    if due < period.start:
        raise InputError(
            f"Hạn nộp {format_date(due)} sớm hơn ngày bắt đầu {period.label_vi} ({format_date(period.start)}).",
            f"The deadline {due:%d/%m/%Y} is before {period.label_en} starts ({period.start:%d/%m/%Y}).",
            Location(column="due", value=format_date(due)),
        )
    latest = latest_deadline()
    if due > latest:
        raise InputError(
            f"Hạn nộp {format_date(due)} quá xa: muộn nhất là {format_date(latest)} "
            "(hết năm sau năm số liệu cuối cùng).",
            f"The deadline {due:%d/%m/%Y} is too far ahead: at the latest {latest:%d/%m/%Y} "
            "(the end of the year after the last data year).",
            Location(column="due", value=format_date(due)),
        )


def latest_deadline() -> dt.date:
    """The latest deadline anyone may set: 31/12 of the year after the last data year
    (``CDS_DATA_LAST_YEAR``; by default next year, so 31/12 two years from now)."""
    return dt.date(allowed_years()[-1] + 1, 12, 31)


def set_deadline(unit: Unit | None, period: Period, due: dt.date, actor: Actor, reason: str = "") -> Deadline:
    """Set when reports of ``unit``'s subtree (None: everywhere) are due for ``period``.

    People need supervision of the unit (``may_set_deadline``); named processes (``actor.user``
    None: the CLI, the demo) may set any. A deadline before the period starts, or after
    ``latest_deadline()``, is refused.
    """
    check_deadline(unit, period, due, actor)
    with transaction.atomic():
        current = Deadline.objects.select_for_update().filter(period=period.code, unit=unit).first()
        if current is not None and current.due == due:
            return current
        old_due = current.due if current is not None else None
        if current is None:
            current = Deadline(unit=unit, period=period.code)
        current.due, current.reason, current.set_by = due, reason, actor.user
        current.save()
        DeadlineChange.objects.create(
            unit=unit,
            period=period.code,
            old_due=old_due,
            new_due=due,
            reason=reason,
            changed_by=actor.user,
            actor=actor.label,
            source_kind=actor.source_kind,
            request_id=request_id(),
        )
    return current
