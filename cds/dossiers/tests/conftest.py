from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from cds.dossiers.store import DossierStore


@pytest.fixture
def store(tmp_path: Path) -> DossierStore:
    return DossierStore(tmp_path / "store")


@pytest.fixture
def admin_client(client, db):
    """A logged-in administrator (sees every unit)."""
    user = get_user_model().objects.create_superuser("boss", password="x-Pass-2025")
    client.force_login(user, backend="cds.accounts.lockout.LockoutBackend")
    return client
