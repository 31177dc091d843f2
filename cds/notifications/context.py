"""The header's unread count, on every page of a logged-in person (one COUNT query)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .services import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
