"""Test support: the shipped catalog, for tests that run after a transactional test emptied the database."""

from __future__ import annotations

from .loader import load_builtin_catalogs
from .models import CatalogVersion


def ensure_catalog_loaded() -> None:
    """Load the shipped catalog files unless the database has them (one query when it does).

    ``migrate`` loads them, but a ``transaction=True`` test flushes every table afterwards.
    """
    if not CatalogVersion.objects.exists():
        load_builtin_catalogs()
