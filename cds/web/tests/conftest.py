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


def type_dossiers(typed: dict[Unit, tuple[str, str]], actor: str = "t") -> None:
    """Type ``unit: (dossiers, of them online)`` for ``PERIOD`` (drafts)."""
    record_values(
        [
            ValueInput(unit, code, PERIOD, raw)
            for unit, pair in typed.items()
            for code, raw in zip(("dvc.dossiers_total", "dvc.dossiers_online"), pair, strict=True)
        ],
        Actor(actor),
    )


@pytest.fixture
def two_of_three(tree: dict[str, Unit]) -> dict[str, Unit]:
    """``tree`` with 2 of Xã An's 3 dossiers of the quarter online (a rate of 66,67%)."""
    type_dossiers({tree["a"]: ("3", "2")})
    return tree
