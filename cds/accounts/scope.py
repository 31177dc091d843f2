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
from typing import Any, TypeVar, cast

from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cds.lib.refusals import NotFound, Refused
from cds.units.models import Action, ScopedQuerySet, Unit, UnitLineage, reference_version, subtree_q

from .models import Role, RoleAssignment

__all__ = [
    "Action", "can", "get_for_user_or_404", "remember", "require", "scope_q", "scoped", "signed_in", "units_for",
]  # fmt: skip

_M = TypeVar("_M", bound=Model)
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
    return cast(dict[int, str], _history.get_or_set(key, lambda: _read_history(units), HISTORY_SECONDS))


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


# Memoised per request: a view's ``request.user`` (and the API's ``request.auth``) is a new object
# for every request, so what ``remember`` keeps on it lives exactly as long as the request. Code
# outside a request never calls ``remember`` and reads the role assignments afresh every time.
_MEMO = "_cds_scope"


def remember(user: Any) -> dict[Any, Any]:
    """Start (or return) the per-request memo of ``user``'s scope: role assignments, one filter per
    action, and the objects ``get_for_user_or_404`` found."""
    memo: dict[Any, Any] | None = getattr(user, _MEMO, None)
    if memo is None:
        memo = {}
        setattr(user, _MEMO, memo)
    return memo


def _memo(user: Any) -> dict[Any, Any] | None:
    return getattr(user, _MEMO, None)


def scope_q(user: Any, action: Action, known: Principal | None = None) -> Q | None:
    """A filter on Unit for ``action``; None means every unit (administrators).

    ``known`` is the person's ``principal()`` when the caller has already read it; a user under
    ``remember`` reads it, and builds each action's filter, once per request.
    """
    memo = _memo(user) if known is None else None
    if memo is None:
        return _scope_q(user, action, known)
    if ("q", action) not in memo:
        if "principal" not in memo:
            memo["principal"] = principal(user)
        memo["q", action] = _scope_q(user, action, memo["principal"])
    q: Q | None = memo["q", action]
    return q


def _scope_q(user: Any, action: Action, known: Principal | None) -> Q | None:
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


def principal_of(user: Any) -> Principal | None:
    """``principal(user)``, read once per request for a remembered user."""
    memo = _memo(user)
    if memo is None:
        return principal(user)
    if "principal" not in memo:
        memo["principal"] = principal(user)
    who: Principal | None = memo["principal"]
    return who


def signed_in(request: HttpRequest) -> User:
    """The signed-in person of a page's request (behind ``login_required``), else ``PermissionDenied``:
    the one way a view gets its ``User`` rather than ``request.user``'s ``User | AnonymousUser``."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def get_for_user_or_404(
    model_or_qs: type[_M] | ScopedQuerySet[_M], user: Any, action: Action = "view", **lookup: Any
) -> _M:
    """The one object matching ``lookup`` among those ``user`` may ``action``, else ``Http404``
    (out of scope is never found, like a row that does not exist). The model's manager (or the
    queryset) must be a ``ScopedQuerySet``; for a remembered user, found once per request."""
    qs = (
        model_or_qs
        if isinstance(model_or_qs, QuerySet)
        else cast(ScopedQuerySet[_M], model_or_qs._default_manager.all())
    )
    memo = _memo(user)
    key = ("found", qs.model, str(qs.query), action, repr(sorted(lookup.items())))
    if memo is not None and key in memo:
        found: _M = memo[key]
        return found
    try:
        found = qs.for_user(user, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound(_("Trang này không có, hoặc nằm ngoài phạm vi đơn vị của bạn.")) from None
    if memo is not None:
        memo[key] = found
    return found


def units_for(user: Any, action: Action = "view", known: Principal | None = None) -> QuerySet[Unit]:
    """``Unit.objects.for_user(user, action)``: the units ``user`` may ``action`` (``known``: the
    person's ``principal()`` when already read)."""
    if known is None:
        return Unit.objects.for_user(user, action)
    q = scope_q(user, action, known)
    return Unit.objects.all() if q is None else Unit.objects.filter(q)


def scoped(queryset: ScopedQuerySet[_M], user: Any, action: Action = "view") -> ScopedQuerySet[_M]:
    """``queryset.for_user(user, action)`` for a queryset of a scoped model."""
    return queryset.for_user(user, action)


def can(user: Any, action: Action, unit: Unit) -> bool:
    """Whether ``user`` may ``action`` on ``unit`` (once per request for a remembered user)."""
    memo = _memo(user)
    key = ("can", action, unit.pk)
    if memo is not None and key in memo:
        return bool(memo[key])
    allowed = Unit.objects.for_user(user, action).filter(pk=unit.pk).exists()
    if memo is not None:
        memo[key] = allowed
    return allowed


def require(user: Any, action: Action, unit: Unit) -> None:
    """Raise PermissionDenied unless ``user`` may ``action`` on ``unit`` (views usually 404 instead)."""
    if not can(user, action, unit):
        raise Refused(_("Đơn vị %(unit)s nằm ngoài phạm vi bạn được làm việc này.") % {"unit": unit.name})
