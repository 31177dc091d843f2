"""The single answer to "which units may this person see / edit / review?".

Actions:
- ``view``: read values, pages, exports and reports of a unit;
- ``edit``: write draft values and submit them (officers on their unit, supervisors in their subtree);
- ``review``: approve, return or reopen submissions — supervisors for the units *below* their own
  (nobody approves their own unit's report), administrators everywhere.

A supervisor or viewer of a unit also sees the history of the units it came from in the 2025
reorganisation (legacy communes whose successors are in their subtree, with those communes'
districts and provinces), so a 2023 → 2026 series is visible to the people now responsible.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from cds.units.models import Unit, UnitLineage, subtree_q

from .models import Role, RoleAssignment

Action = Literal["view", "edit", "review"]
NOTHING = Q(pk__in=[])


def is_admin(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists()


def _subtree(unit: Unit, include_self: bool = True) -> Q:
    q = subtree_q(unit.path)
    return q if include_self else q & ~Q(pk=unit.pk)


def _lineage_history(units: list[Unit]) -> Q:
    """Legacy units whose successors lie in these units' subtrees, and their legacy ancestors."""
    if not units:
        return NOTHING
    inside = reduce(or_, (subtree_q(u.path, "new__path") for u in units))
    old_paths = UnitLineage.objects.filter(inside).values_list("old__path", flat=True).distinct()
    ids: set[int] = set()
    for path in old_paths:
        ids.update(int(part) for part in path.strip("/").split("/"))
    return Q(pk__in=ids) if ids else NOTHING


def scope_q(user: Any, action: Action) -> Q | None:
    """A filter on Unit for ``action``; None means every unit (administrators)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if is_admin(user):
        return None
    assignments = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
    parts: list[Q] = []
    wide = [a.unit for a in assignments if a.role in {Role.SUPERVISOR, Role.VIEWER} and a.unit]
    for a in assignments:
        if a.unit is None:
            continue
        if action == "view":
            parts.append(_subtree(a.unit))
        elif action == "edit" and a.role in {Role.SUPERVISOR, Role.OFFICER}:
            parts.append(_subtree(a.unit))
        elif action == "review" and a.role == Role.SUPERVISOR:
            parts.append(_subtree(a.unit, include_self=False))
    if action == "view":
        parts.append(_lineage_history(wide))
    return reduce(or_, parts) if parts else NOTHING


def units_for(user: Any, action: Action = "view") -> QuerySet[Unit]:
    """The units ``user`` may ``action``; use it as the base of every unit query."""
    q = scope_q(user, action)
    return Unit.objects.all() if q is None else Unit.objects.filter(q)


def scoped(
    queryset: QuerySet[Any], user: Any, action: Action = "view", unit_field: str = "unit"
) -> QuerySet[Any]:
    """Restrict any queryset of rows that belong to a unit (values, teams, dossiers, assessments…)."""
    q = scope_q(user, action)
    if q is None:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": Unit.objects.filter(q).values("pk")})


def can(user: Any, action: Action, unit: Unit) -> bool:
    q = scope_q(user, action)
    return q is None or Unit.objects.filter(q, pk=unit.pk).exists()


def require(user: Any, action: Action, unit: Unit) -> None:
    """Raise PermissionDenied unless ``user`` may ``action`` on ``unit`` (views usually 404 instead)."""
    if not can(user, action, unit):
        raise PermissionDenied(f"{action} {unit.code}")
