"""Security events (logins, failed logins, lockouts, refused access) as structured log lines.

One logger, ``cds.security``, so operators can route these events to their own file or SIEM
(OWASP ASVS 16.3.1–16.3.2) without touching the rest of the logging.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
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
    user = getattr(request, "user", None) if request is not None else None
    username = user.get_username() if user is not None and user.is_authenticated else ""
    path = request.path if request is not None else ""
    security_log(
        "access.refused", status=status, what=what, user=username, ip=client_ip(request), path=path, **fields
    )


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the entry the trusted proxies added to X-Forwarded-For."""
    if request is None:
        return ""
    proxies = int(settings.CDS_TRUSTED_PROXIES)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Each trusted proxy appends the address it saw; anything further left is client-supplied.
    return chain[-proxies] if len(chain) >= proxies else remote
