from __future__ import annotations

from pathlib import Path

import pytest

from cds.dossiers.store import DossierStore
from cds.values.tests.factories import small_tree


@pytest.fixture
def store(tmp_path: Path) -> DossierStore:
    return DossierStore(tmp_path / "store")


@pytest.fixture
def tree(db: None) -> dict:
    return small_tree()
