"""Test support: the national unit lists, loaded once and shared by every test that needs them."""

from __future__ import annotations

from cds.units.loader import LoadSummary, load_units
from cds.units.models import Era, Level, Unit, UnitLineage

CURRENT_COMMUNES = 3321


def ensure_units_loaded() -> LoadSummary | None:
    """Load the national lists unless this database already has them (a count query when it does).

    Called by the session fixture ``national_units`` in the root ``conftest.py``; call it again
    from a test that runs after a transactional test flushed the database.
    """
    loaded = Unit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).count() == CURRENT_COMMUNES
    if loaded and UnitLineage.objects.exists():
        return None
    return load_units()


def get_unit(code: str, era: str = Era.CURRENT, level: str | None = None) -> Unit:
    """A loaded unit by official code (codes repeat across eras, and a district may share a number)."""
    qs = Unit.objects.filter(era=era, code=code)
    return qs.get(level=level) if level else qs.get()
