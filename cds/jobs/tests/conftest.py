from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.dossiers.store import DossierStore
from cds.units.testing import small_tree


@pytest.fixture
def places(settings: Any, tmp_path: Path) -> Path:
    settings.CDS_DOSSIER_STORE = str(tmp_path / "store")
    settings.CDS_JOB_DIR = str(tmp_path / "jobs")
    settings.CDS_JOB_REPORT_WORKERS = 1  # a forked process cannot see the test's open transaction
    return tmp_path


@pytest.fixture
def store(places: Path) -> DossierStore:
    return DossierStore(places / "store")


@pytest.fixture
def tree(db: None) -> dict:
    return small_tree()


def _officer(name: str, unit: Any) -> Any:
    user = get_user_model().objects.create_user(name, password="x-Pass-2025")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=unit)
    return user


@pytest.fixture
def officer(tree: dict) -> Any:
    """The province's one-stop-shop data officer."""
    return _officer("mot.cua", tree["province"])


@pytest.fixture
def other_officer(tree: dict) -> Any:
    return _officer("xa.binh", tree["b"])


@pytest.fixture
def officer_client(client: Any, officer: Any) -> Any:
    client.force_login(officer, backend="cds.accounts.lockout.LockoutBackend")
    return client
