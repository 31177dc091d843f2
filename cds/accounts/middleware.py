"""Scope asked once per request: every ``for_user`` of a request shares one memo.

``request.user`` is a new object for every request, so ``cds.accounts.scope.remember`` keeps the
person's role assignments, each action's unit filter and the objects ``get_for_user_or_404``
found on it: a page that asks for ``view`` several times (the unit, its children, the menu) reads
the role assignments once. The user is still loaded lazily: a request that never asks who is
calling costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .scope import remember


class ScopeMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user  # the lazy user of AuthenticationMiddleware

        def remembered() -> Any:
            remember(user)
            return user

        request.user = cast(Any, SimpleLazyObject(remembered))
        return self.get_response(request)
