"""What the page frame needs to know about the person, from the per-request scope memo.

Rows are found through ``Model.objects.for_user(request.user, action)`` and
``cds.accounts.scope.get_for_user_or_404``; ``ScopeMemoMiddleware`` makes each request read the
person's role assignments once, however many times a page asks. These helpers answer the frame's
questions (the menu, the greeting) from the same memo.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cds.accounts.models import RoleAssignment
from cds.accounts.scope import Action, principal_of, remember
from cds.lib.periods import Period
from cds.units.models import Unit
from cds.values.models import DataValue


def may_any(request: HttpRequest, action: Action) -> bool:
    """Whether the person may ``action`` any unit at all (e.g. shows the reviewer's menu)."""
    memo: dict[Any, Any] = remember(request.user)
    key = ("any", action)
    if key not in memo:
        memo[key] = Unit.objects.for_user(request.user, action).exists()
    return bool(memo[key])


def admin(request: HttpRequest) -> bool:
    who = principal_of(request.user)
    return who is not None and who.admin


def assignments(request: HttpRequest) -> list[RoleAssignment]:
    """The person's role assignments with their units, widest unit first (read once per request)."""
    who = principal_of(request.user)
    if who is None:
        return []
    return sorted(who.assignments, key=lambda a: (a.unit.depth if a.unit else -1, a.pk))


def last_reported_province(period: Period) -> Unit | None:
    """The province of the value last written for ``period`` (where an administrator's pages open)."""
    latest = (
        DataValue.objects.filter(period=period.code).order_by("-updated_at").select_related("unit").first()
    )
    if latest is None:
        return None
    return Unit.objects.get(pk=int(latest.unit.path.strip("/").split("/")[0]))
