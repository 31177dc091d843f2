"""Page tests: the people and the tree (``officer``, ``supervisor``, ``outsider``, ``tree``,
``as_officer``…) are the root ``conftest.py``'s; here only what pages need besides."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cds.lib.periods import parse_period
from cds.units.models import Unit
from cds.values.services import Actor, ValueInput, record_values

from .browsing import browser  # noqa: F401 (Chromium for the browser tests, one per module)

PERIOD = parse_period("2024Q3")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (Playwright)")


@pytest.fixture(autouse=True)
def fresh_figures() -> Iterator[None]:
    """Test databases reuse ids after each rollback: never let one test see another's figures."""
    from cds.web import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_of_three(tree: dict[str, Unit]) -> dict[str, Unit]:
    """``tree`` with 2 of Xã An's 3 dossiers of the quarter online (a rate of 66,67%)."""
    record_values(
        [
            ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "3"),
            ValueInput(tree["a"], "dvc.dossiers_online", PERIOD, "2"),
        ],
        Actor("t"),
    )
    return tree
