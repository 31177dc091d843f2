"""`cds cleanup` removes what a killed import and an abandoned preview left, and keeps the rest."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from cds.web.views.excel import upload_dir

pytestmark = pytest.mark.django_db


def test_cleanup_removes_a_dead_imports_workdir_and_an_old_preview_but_not_a_fresh_one(
    settings, tmp_path, capsys
):
    settings.VAR_DIR = tmp_path
    settings.CDS_DOSSIER_STORE = str(tmp_path / "dossiers")
    dead = Path(tempfile.mkdtemp(prefix="cds-dvc-999999999-"))  # no such process
    alive = Path(tempfile.mkdtemp(prefix=f"cds-dvc-{os.getpid()}-"))  # this one is running
    old, fresh = upload_dir() / "old", upload_dir() / "fresh"
    old.mkdir(parents=True)
    fresh.mkdir()
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    try:
        call_command("cleanup")
        assert not dead.exists() and alive.exists()
        assert not old.exists() and fresh.exists()
        assert "thư mục tạm của lần nhập bị dừng" in capsys.readouterr().out  # other runs may leave more
    finally:
        for path in (dead, alive):
            if path.exists():
                path.rmdir()
