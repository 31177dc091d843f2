"""Page tests: the people and the tree (``officer``, ``supervisor``, ``outsider``, ``tree``,
``as_officer``…) are the root ``conftest.py``'s; here only what pages need besides."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period

PERIOD = parse_period("2024Q3")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (Playwright)")


@pytest.fixture(autouse=True)
def fresh_figures():  # type: ignore[no-untyped-def]
    """Test databases reuse ids after each rollback: never let one test see another's figures."""
    from cds.web import cache

    cache.clear()
    yield
    cache.clear()
