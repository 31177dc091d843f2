"""Finding things for the caller: anything outside their scope is "not found" (404).

A unit the caller may see but not change gives 403 for writes, so an officer learns why their
approve call failed; a unit they may not see gives 404 whatever the action, like a unit that
does not exist.
"""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404, HttpRequest

from cds.accounts.scope import Action, can, get_for_user_or_404
from cds.lib.errors import InputError
from cds.lib.periods import Period, check_data_period, parse_period
from cds.units.models import Unit
from cds.values.services import allowed_years

from .errors import ApiError, not_found

_ACTION_VI = {"view": "xem", "edit": "nhập / gửi số liệu", "review": "duyệt, trả lại hoặc mở lại"}


def caller(request: HttpRequest) -> Any:
    # django-ninja sets ``request.auth`` at run time; django-stubs' HttpRequest has no such attribute
    return cast(Any, request).auth


def unit_for(request: HttpRequest, unit_id: int, action: Action = "view") -> Unit:
    """The unit if the caller may ``action`` it; 404 when they may not even see it, else 403."""
    user = caller(request)
    try:
        unit = get_for_user_or_404(Unit, user, "view", pk=unit_id)
    except Http404:
        raise not_found("unit", unit_id) from None
    if action != "view" and not can(user, action, unit):
        raise ApiError(
            403,
            f"Bạn không có quyền {_ACTION_VI[action]} số liệu của {unit.name}.",
            f"You may not {action} the values of {unit.name}.",
            field="unit",
            value=unit_id,
        )
    return unit


def period_from(text: str, field: str = "period") -> Period:
    """A period the API may be asked about: parsed, and within the data years (as on the pages)."""
    try:
        return check_data_period(parse_period(text), allowed_years())
    except InputError as err:
        raise err.located(column=field, value=text) from None
