"""Targets a supervisor sets for the units of their scope, per indicator and period.

``set_target`` is the one writer from the app: the target is read by the catalog's own rules
(``catalog.target_files.read_target``: «≥ 80%», «không quá 5», «có»; a source is required), the
unit must be one the person supervises (their own unit or one below it — scope in the data
layer, ``target_units``), and the change is recorded (before/after) in ``cds.history``. Targets
for a whole level stay in the province's target file (they are not one supervisor's scope).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from cds.catalog.models import Target
from cds.catalog.target_files import read_target
from cds.history.changes import ActorLike, record, snapshot
from cds.history.models import ChangeAction
from cds.lib.errors import Location
from cds.units.models import Unit, subtree_q

from .models import Role
from .people import NotAllowed
from .scope import principal


def target_units(user: Any) -> QuerySet[Unit]:
    """The units ``user`` may set targets for: each unit they supervise and every unit below it."""
    who = principal(user)
    if who is None:
        return Unit.objects.none()
    if who.admin:
        return Unit.objects.all()
    parts = [subtree_q(a.unit.path) for a in who.assignments if a.role == Role.SUPERVISOR and a.unit]
    if not parts:
        return Unit.objects.none()
    q = Q()
    for part in parts:
        q |= part
    return Unit.objects.filter(q)


def set_target(actor: ActorLike, by: Any, unit: Unit, raw: dict[str, Any]) -> Target:
    """Create or change the target of ``unit`` for ``raw['indicator']`` and ``raw['period']``."""
    if not target_units(by).filter(pk=unit.pk).exists():
        raise NotAllowed(
            f"Bạn không giám sát {unit.name}: chỉ đặt chỉ tiêu cho đơn vị mình quản lý.",
            f"You do not supervise {unit.name}: you may set targets only for the units you manage.",
            Location(column="unit", value=unit.code),
        )
    row = read_target(raw, unit)
    with transaction.atomic():
        target = (
            Target.objects.select_for_update()
            .filter(indicator=row.indicator, period=row.period, unit=unit, level="")
            .first()
        )
        before = snapshot(target) if target is not None else None
        if target is None:
            target = Target(indicator=row.indicator, period=row.period, unit=unit, level="")
        elif (target.comparator, target.value, target.source) == (row.comparator, row.value, row.source):
            return target
        target.comparator, target.value, target.source = row.comparator, row.value, row.source
        target.save()
        action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
        record(actor, action, target, before, snapshot(target), "đặt chỉ tiêu")
    return target
