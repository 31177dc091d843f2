"""Test support: people with one role on one unit, built explicitly.

The root ``conftest.py`` builds the three people every page and API test starts from on
``cds.units.testing.small_tree()``: ``officer`` (of Xã An), ``supervisor`` (of the whole small
province) and ``outsider`` (officer of the neighbouring Xã Bình), with logged-in clients
``as_officer`` / ``as_supervisor`` / ``as_outsider``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from cds.units.models import Unit

from .models import RoleAssignment

PASSWORD = "a-Long-pass-2025"


def person(name: str, role: str | None = None, unit: Unit | None = None, **extra: Any) -> Any:
    """A user (password ``PASSWORD``) with ``role`` on ``unit`` when given; ``extra`` goes to the
    user (e.g. ``is_superuser=True``)."""
    user = get_user_model().objects.create_user(name, password=PASSWORD, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def logged_in(user: Any, **client_options: Any) -> Client:
    """A test client signed in as ``user`` through the lockout backend, as the login page signs in
    (``client_options`` go to the client, e.g. ``raise_request_exception=False``)."""
    client = Client(**client_options)
    client.force_login(user, backend="cds.accounts.lockout.LockoutBackend")
    return client


def client_of(name: str, role: str | None = None, unit: Unit | None = None, **client_options: Any) -> Client:
    """A test client signed in as a new ``person(name, role, unit)``."""
    return logged_in(person(name, role, unit), **client_options)
