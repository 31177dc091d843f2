"""People and places for page tests: a supervisor of a small province, an officer of one of its
communes, and an outsider (officer of a neighbouring commune), all built explicitly."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.lib.periods import parse_period
from cds.values.tests.factories import small_tree

from .browsing import browser  # noqa: F401 (Chromium for the browser tests, one per module)

PASSWORD = "a-Long-pass-2025"
PERIOD = parse_period("2024Q3")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (Playwright)")


def person(name: str, role: str | None = None, unit=None):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture(autouse=True)
def fresh_figures():  # type: ignore[no-untyped-def]
    """Test databases reuse ids after each rollback: never let one test see another's figures."""
    from cds.web import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    return small_tree()


@pytest.fixture
def officer(tree):  # type: ignore[no-untyped-def]
    return person("xa.an", Role.OFFICER, tree["a"])


@pytest.fixture
def supervisor(tree):  # type: ignore[no-untyped-def]
    return person("so.thunghiem", Role.SUPERVISOR, tree["province"])


@pytest.fixture
def outsider(tree):  # type: ignore[no-untyped-def]
    return person("xa.binh", Role.OFFICER, tree["b"])


@pytest.fixture
def as_officer(client, officer):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    return client


@pytest.fixture
def as_supervisor(client, supervisor):  # type: ignore[no-untyped-def]
    client.force_login(supervisor)
    return client


@pytest.fixture
def as_outsider(client, outsider):  # type: ignore[no-untyped-def]
    client.force_login(outsider)
    return client
