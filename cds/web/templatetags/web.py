"""Template helpers: Vietnamese number and date formats, the user's own units for the menu."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils import timezone, translation

from cds.lib.vn_dates import format_date
from cds.lib.vn_numbers import format_number, format_percent

from ..scope import admin, may_any

register = template.Library()


@register.filter
def vn_number(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(str(value)), decimals=decimals)


@register.filter
def vn_percent(value: Any, decimals: int = 1) -> str:
    if value is None or value == "":
        return ""
    return format_percent(Decimal(str(value)), decimals=decimals)


@register.filter
def vn_date(value: Any) -> str:
    if not value:
        return ""
    english = (translation.get_language() or "vi").startswith("en")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        day = format_date(local.date())
        return f"{local:%H:%M} {day}" if english else f"{local:%H:%M} ngày {day}"
    return format_date(value) if english else f"ngày {format_date(value)}"


@register.simple_tag(takes_context=True)
def my_units(context: template.Context, user: Any) -> dict[str, Any]:
    """What the menu offers: the units a person edits (officers) and whether they supervise."""
    if not getattr(user, "is_authenticated", False):
        return {"edit": [], "reviews": False}
    request = context.get("request")
    if request is None or getattr(request, "user", None) is not user:  # rendered without its request
        request = HttpRequest()
        request.user = user
    is_admin = admin(request)
    roles = list(user.roles.select_related("unit").order_by("unit__depth")) if not is_admin else []
    edit = [r.unit for r in roles if r.role == "officer" and r.unit]
    top = [r.unit for r in roles if r.role in {"supervisor", "viewer"} and r.unit]
    return {
        "edit": edit,
        "top": top[0] if top else None,
        "reviews": is_admin or may_any(request, "review"),
    }
