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

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, Literal

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from cds.units.models import Unit, UnitLineage, reference_version, subtree_q

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


# The 2025 lineage is reference data (``cds units`` loads it); each process keeps a scope's
# history (Django's local-memory cache) under the units' reference version, which a reload bumps
# in the database: every worker reads the new lineage at its next request. The time limit only
# bounds memory.
HISTORY_SECONDS = 3600
_history = caches["scope-history"]


def forget_history() -> None:
    """Drop the kept lineage histories (after loading units, and between tests)."""
    _history.clear()


def _lineage_history(units: list[Unit]) -> dict[int, str]:
    """Legacy units whose successors lie in these units' subtrees, and their legacy ancestors:
    id → path (the path lets ``scope_q`` drop ids that an assignment's subtree covers anyway)."""
    if not units:
        return {}
    key = f"{reference_version('units')}|" + "|".join(sorted(u.path for u in units))
    return _history.get_or_set(key, lambda: _read_history(units), HISTORY_SECONDS)  # type: ignore[no-any-return]


def _read_history(units: list[Unit]) -> dict[int, str]:
    inside = reduce(or_, (subtree_q(u.path, "new__path") for u in units))
    old_paths = UnitLineage.objects.filter(inside).values_list("old__path", flat=True).distinct()
    found: dict[int, str] = {}
    for path in old_paths:
        parts = path.strip("/").split("/")
        for depth, part in enumerate(parts, start=1):
            found[int(part)] = "/" + "/".join(parts[:depth]) + "/"
    return found


@dataclass(frozen=True)
class Principal:
    """What scoping needs to know about a person, read in one go (a page asks for several actions)."""

    admin: bool
    assignments: tuple[RoleAssignment, ...]


def principal(user: Any) -> Principal | None:
    """The person's administrator flag and role assignments; None for anonymous or inactive users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    assignments = tuple(RoleAssignment.objects.filter(user=user).select_related("unit"))
    admin = bool(user.is_superuser) or any(a.role == Role.ADMIN for a in assignments)
    return Principal(admin, assignments)


def scope_q(user: Any, action: Action, known: Principal | None = None) -> Q | None:
    """A filter on Unit for ``action``; None means every unit (administrators).

    ``known`` is the person's ``principal()`` when the caller has already read it (once per request).
    """
    who = known if known is not None else principal(user)
    if who is None:
        return NOTHING
    if who.admin:
        return None
    assignments = who.assignments
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
        # Legacy history outside every assigned subtree (ids: a long OR of ranges makes SQLite scan).
        covered = tuple(a.unit.path for a in assignments if a.unit)
        extra = [pk for pk, path in _lineage_history(wide).items() if not path.startswith(covered)]
        if extra:
            parts.append(Q(pk__in=sorted(extra)))
    return reduce(or_, parts) if parts else NOTHING


def units_for(user: Any, action: Action = "view", known: Principal | None = None) -> QuerySet[Unit]:
    """The units ``user`` may ``action``; use it as the base of every unit query."""
    q = scope_q(user, action, known)
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
