"""Personal API keys: created once, stored as a digest, revocable.

``create_token`` returns the only copy of the key; ``user_for_token`` is what the API's bearer
authentication calls on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from cds.lib.errors import InputError, Location

from .models import ApiToken

PREFIX = "cds_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new key for ``user``: the row, and the key itself (shown once, never stored)."""
    if not user.is_active:
        raise InputError(
            f"Tài khoản «{user.get_username()}» đã bị khoá, không thể cấp khoá API.",
            f"Account '{user.get_username()}' is inactive; cannot issue an API key.",
            Location(column="user", value=user.get_username()),
        )
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:12], digest=digest(key))
    return token, key


def revoke_token(token: ApiToken) -> bool:
    """Revoke a key; False when it was already revoked."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return True


def find_token(ref: str, user: Any = None) -> ApiToken:
    """A token by id or by the prefix ``token list`` shows (optionally only ``user``'s)."""
    qs = ApiToken.objects.select_related("user")
    if user is not None:
        qs = qs.filter(user=user)
    ref = ref.strip().rstrip("…")
    found = list(qs.filter(pk=int(ref))) if ref.isdigit() else list(qs.filter(prefix__startswith=ref)[:2])
    if len(found) != 1:
        vi = "Không tìm thấy" if not found else "Có nhiều hơn một"
        en = "No" if not found else "More than one"
        raise InputError(
            f"{vi} khoá API khớp «{ref}».",
            f"{en} API key matches '{ref}'.",
            Location(column="token", value=ref),
        )
    return found[0]


def user_for_token(key: str) -> Any | None:
    """The active user a presented key belongs to, or None (unknown, revoked, inactive user)."""
    if not key.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user").filter(digest=digest(key), revoked_at__isnull=True).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write a minute
    return token.user
