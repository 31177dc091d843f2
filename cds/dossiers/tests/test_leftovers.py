"""A killed import's temporary files are removed by the next import: its work directory (named with
its process id, removed once that process is gone) and its staging directory in the store."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cds.dossiers.importer import import_file

from .helpers import dossier, write_export


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_next_import_removes_what_a_killed_import_left_and_keeps_a_running_ones(tree, store, tmp_path):
    tmp = Path(tempfile.gettempdir())
    dead = Path(tempfile.mkdtemp(prefix=f"cds-dvc-{_dead_pid()}-", dir=tmp))
    (dead / "stage.parquet").write_bytes(b"half written")
    running = Path(tempfile.mkdtemp(prefix=f"cds-dvc-{os.getppid()}-", dir=tmp))  # a live process's
    store.root.mkdir(parents=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=store.root))
    (staging / "data.parquet").write_bytes(b"half written")
    try:
        report = import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
        assert report.new == 1
        assert not dead.exists() and not staging.exists()
        assert running.exists()
        assert list(store.root.glob(".staging-*")) == []
    finally:
        for path in (dead, running):
            subprocess.run(["rm", "-rf", str(path)], check=False)


def test_an_import_leaves_no_work_directory_of_its_own(tree, store, tmp_path):
    mine = f"cds-dvc-{os.getpid()}-"
    import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
    assert [p for p in Path(tempfile.gettempdir()).glob(f"{mine}*")] == []


def test_a_killed_imports_work_directory_is_removed_even_when_the_rerun_recognises_the_file(
    tree, store, tmp_path
):
    """A kill after the commit and before the clean-up: the rerun finds the file already imported and
    stops early, and still removes the dead import's work directory (seen on PostgreSQL in CI)."""
    export = write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")])
    assert import_file(export, store=store).new == 1
    dead = Path(tempfile.mkdtemp(prefix=f"cds-dvc-{_dead_pid()}-", dir=Path(tempfile.gettempdir())))
    try:
        again = import_file(export, store=store)
        assert again.new == 0
        assert not dead.exists()
    finally:
        subprocess.run(["rm", "-rf", str(dead)], check=False)
