"""Security events (logins, failed logins, lockouts, refused access) as structured log lines.

One logger, ``cds.security``, so operators can route these events to their own file or SIEM
(OWASP ASVS 16.3.1–16.3.2) without touching the rest of the logging.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("cds.security")


def security_log(event: str, **fields: Any) -> None:
    details = " ".join(f"{key}={value!r}" for key, value in fields.items())
    level = logging.INFO if event in {"login.ok", "logout"} else logging.WARNING
    logger.log(
        level, "%s %s", event, details, extra={"event": event, **{f"cds_{k}": v for k, v in fields.items()}}
    )


def refused(request: HttpRequest | None, what: str, status: int, **fields: Any) -> None:
    """Log an authorisation failure (401/403, or a 404 for a unit outside the caller's scope)."""
    from .lockout import client_ip

    user = getattr(request, "user", None) if request is not None else None
    username = user.get_username() if user is not None and user.is_authenticated else ""
    path = request.path if request is not None else ""
    security_log(
        "access.refused", status=status, what=what, user=username, ip=client_ip(request), path=path, **fields
    )


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from .lockout import clear, client_ip

    ip = client_ip(request)
    clear(user.get_username(), ip)
    security_log("login.ok", username=user.get_username(), ip=ip)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_log("logout", username=user.get_username())


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    from .lockout import record_failure

    record_failure(credentials.get("username") or "", request)
