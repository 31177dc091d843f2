from __future__ import annotations

import pytest

from cds.units.testing import ensure_units_loaded


@pytest.fixture
def units(national_units: None, db: None) -> None:
    """The national lists inside a test's transaction (reloaded if a transactional test flushed them)."""
    ensure_units_loaded()
