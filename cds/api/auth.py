"""Who is calling: a personal API key (``Authorization: Bearer …``) or the browser session.

Session calls are CSRF-checked by django-ninja's ``django_auth``; key calls are not (a key is
not sent by browsers on their own, so there is nothing to forge).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from cds.accounts.scope import remember
from cds.accounts.tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token)
        if user is not None:
            remember(user)  # one scope memo per request, as on the pages
            request.user = user  # so logging and anything reading request.user sees the caller
        return user


AUTH = [TokenAuth(), django_auth]
