"""What a production server must have before it serves anyone: its own secret key.

Without ``CDS_SECRET_KEY`` the settings use a random key generated once per installation under
``var/`` — fine for the demo (``cds demo``) and for development with ``CDS_DEBUG=True``, but a
production server must not depend on a file anyone with access to ``var/`` could copy, nor
change its key (and log everyone out) when ``var/`` is recreated. So the server entry points
(``cds.wsgi`` for gunicorn and runserver, ``cds serve``) refuse to start, and
``cds django-check --deploy`` reports the missing key.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY_VI = "Chưa đặt CDS_SECRET_KEY: máy chủ không khởi động khi CDS_DEBUG=False."
MISSING_KEY_EN = "CDS_SECRET_KEY is not set: the server does not start with CDS_DEBUG=False."
HINT = (
    "Đặt CDS_SECRET_KEY là một chuỗi ngẫu nhiên ≥ 50 ký tự, ví dụ "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` / "
    "set CDS_SECRET_KEY to a random string of 50+ characters."
)


def refuse_without_secret_key(demo: bool = False) -> None:
    """Raise unless a key was configured, or this is debug mode or the demo."""
    if settings.DEBUG or demo or not getattr(settings, "SECRET_KEY_GENERATED", False):
        return
    raise ImproperlyConfigured(f"{MISSING_KEY_VI}\n{MISSING_KEY_EN}\n{HINT}")


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if getattr(settings, "SECRET_KEY_GENERATED", False):
        return [Error(f"{MISSING_KEY_VI} / {MISSING_KEY_EN}", hint=HINT, id="cds.E001")]
    return []
