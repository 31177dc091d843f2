"""``cds.accounts.scope`` asked once per request.

Every ``units_for`` call needs the person's role assignments (read once per request here) and,
for supervisors, the 2025 lineage before it can build its filter; a page asks for ``view``
several times (the unit, its children, the menu) and for ``edit`` / ``review`` once or twice more. The answers cannot change
within a request, so each is kept on the request object. The cached value is an unevaluated
queryset: every caller chains its own ``filter()`` on a clone, exactly as with ``units_for``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from cds.accounts.models import RoleAssignment
from cds.accounts.scope import Action, Principal, principal, units_for
from cds.units.models import Unit

_ATTRIBUTE = "_cds_scope"


def _memo(request: HttpRequest) -> dict[Any, Any]:
    memo = request.__dict__.get(_ATTRIBUTE)
    if memo is None:
        memo = request.__dict__[_ATTRIBUTE] = {}
    return memo


def visible_units(request: HttpRequest, action: Action = "view") -> QuerySet[Unit]:
    """``units_for(request.user, action)``, built once per request."""
    memo = _memo(request)
    if action not in memo:
        memo[action] = units_for(request.user, action, _principal(request))
    return memo[action].all()  # a clone: callers never share a result cache


def may(request: HttpRequest, action: Action, unit: Unit) -> bool:
    """``can(request.user, action, unit)`` through the memoised scope (one query, cached too)."""
    memo = _memo(request)
    key = (action, unit.pk)
    if key not in memo:
        memo[key] = visible_units(request, action).filter(pk=unit.pk).exists()
    return memo[key]


def may_any(request: HttpRequest, action: Action) -> bool:
    """Whether the person may ``action`` any unit at all (e.g. shows the reviewer's menu)."""
    memo = _memo(request)
    key = (action, "any")
    if key not in memo:
        memo[key] = visible_units(request, action).exists()
    return memo[key]


def _principal(request: HttpRequest) -> Principal | None:
    """The person's role assignments, read once per request for every action asked."""
    memo = _memo(request)
    if "principal" not in memo:
        memo["principal"] = principal(request.user)
    return memo["principal"]  # type: ignore[no-any-return]


def admin(request: HttpRequest) -> bool:
    who = _principal(request)
    return who is not None and who.admin


def assignments(request: HttpRequest) -> list[RoleAssignment]:
    """The person's role assignments with their units, widest unit first (read once per request)."""
    who = _principal(request)
    if who is None:
        return []
    return sorted(who.assignments, key=lambda a: (a.unit.depth if a.unit else -1, a.pk))
