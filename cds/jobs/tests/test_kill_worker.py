"""A worker killed (SIGKILL, a real process) in the middle of a dossier import: the store holds the
file's dossiers wholly or not at all, and the next worker runs the job again to its end."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
ROWS = 200_000


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _job(db: Path) -> tuple[str, int, str, int]:
    with sqlite3.connect(db, timeout=30) as con:
        row = con.execute("SELECT status, progress, message_en, attempts FROM jobs_job").fetchone()
    return row


def _stored(store: Path) -> int:
    files = sorted(store.glob("province=*/year=*/data.parquet"))
    if not files:
        return 0
    listed = ", ".join(f"'{f}'" for f in files)
    return int(duckdb.sql(f"SELECT count(*) FROM read_parquet([{listed}])").fetchone()[0])


def test_a_worker_killed_mid_import_leaves_the_store_before_and_the_job_is_run_again(tmp_path):
    var = tmp_path / "var"
    env = {
        **os.environ,
        "CDS_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "cds.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CDS_DATABASE_URL", None)
    env.pop("CDS_DOSSIER_STORE", None)
    env.pop("CDS_JOB_DIR", None)
    _manage(env, "migrate", "-v0")
    export = tmp_path / "mot-cua.csv"
    _manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "from cds.accounts.models import Role, RoleAssignment\n"
        "from cds.units.testing import small_tree\n"
        "from cds.dossiers.synth import write_synthetic\n"
        "from cds.jobs import services\n"
        "tree = small_tree()\n"
        "user = get_user_model().objects.create_user('mot.cua', password='x-Pass-2025')\n"
        "RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree['province'])\n"
        f"write_synthetic(tree['province'], 2023, {ROWS}, r'{export}')\n"
        f"path, digest = services.save_upload([open(r'{export}', 'rb').read()])\n"
        "services.start('dossier_import', user=user, unit=tree['province'], upload=path, file_name='mot-cua.csv', "
        "key=digest)\n",
    )
    db, store = var / "cds.sqlite3", var / "dossiers"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:  # kill it once the import is checking or writing
            status, progress, message, _attempts = _job(db)
            if status == "running" and progress >= 47:
                break
            assert status in ("queued", "running"), (status, message)
            time.sleep(0.05)
        else:
            pytest.fail("the job never reached its checking phase")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert _job(db)[0] == "running"  # as the dead worker left it
    assert _stored(store) in (0, ROWS)  # before or after, never between

    _manage(env, "worker", "--batch")  # settles the lost job (run again: attempt 2) and runs it
    status, progress, _message, attempts = _job(db)
    assert (status, progress, attempts) == ("done", 100, 2)
    assert _stored(store) == ROWS
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM dossiers_dossierimport").fetchone()[0] == 1
        assert (
            con.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
            ).fetchone()[0]
            == 1
        )  # the killed attempt, recorded as failed on the queue
    assert list(store.glob(".staging-*")) == []
