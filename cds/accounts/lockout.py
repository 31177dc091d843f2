"""Brute-force protection: lock a username from one client address after repeated failures.

Failures are counted per (username, IP) over a sliding window, as OWASP ASVS 6.3.1 asks: a
guesser is stopped without letting anyone lock a colleague out from another machine. Behind a
reverse proxy every request would come from the proxy's address, so the client address is read
from ``X-Forwarded-For`` only when ``CDS_TRUSTED_PROXIES`` says how many proxies to trust.

Why not django-axes: its backend refuses ``authenticate()`` calls without a request (the test
client's ``login()``, the CLI), which other apps' code relies on; the whole job is one small
table and one backend.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from .audit import client_ip, security_log
from .models import LoginFailure


def max_failures() -> int:
    return int(settings.CDS_LOGIN_MAX_FAILURES)


def window() -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.CDS_LOGIN_LOCKOUT_MINUTES))


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def failures(username: str, ip: str) -> int:
    since = timezone.now() - window()
    return LoginFailure.objects.filter(username=normalise(username), ip=ip, at__gte=since).count()


def is_locked(username: str, ip: str) -> bool:
    return failures(username, ip) >= max_failures()


def record_failure(username: str, request: HttpRequest | None) -> None:
    ip = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""
    LoginFailure.objects.create(username=normalise(username), ip=ip, user_agent=agent)
    count = failures(username, ip)
    security_log("login.failed", username=normalise(username), ip=ip, failures=count)
    if count == max_failures():
        security_log("login.locked", username=normalise(username), ip=ip, minutes=window().seconds // 60)


def clear(username: str, ip: str | None = None) -> int:
    """Forget failures (after a successful login, or when an administrator unlocks)."""
    qs = LoginFailure.objects.filter(username=normalise(username))
    if ip is not None:
        qs = qs.filter(ip=ip)
    return qs.delete()[0]


class LockoutBackend(ModelBackend):
    """Django's ModelBackend that refuses every attempt while a username is locked from an address.

    Raising PermissionDenied stops Django from asking any other backend, so a correct password
    does not get through during the lockout either. It is the only backend (not one placed before
    ModelBackend) so that sessions, ``force_login`` and permissions work as with ModelBackend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        name = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD, "")
        ip = client_ip(request)
        if is_locked(name or "", ip):
            security_log("login.refused_locked", username=normalise(name), ip=ip)
            raise PermissionDenied  # authenticate() stops at it and shows no message
        return super().authenticate(request, username=username, password=password, **kwargs)
