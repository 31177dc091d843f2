"""kill -9 in the middle of an import: the database and the dossier store are before or after, never
between, and the next run completes what was pending.

Each import runs as its own process (``cds data import FILE``, ``cds dvc import FILE``) on a file
SQLite database under a temporary ``CDS_VAR_DIR``, copied from one migrated template per run; when
the suite runs against PostgreSQL (``CDS_DATABASE_URL`` set, as under ``scripts/with_postgres.py``)
each run gets its own database on that server instead, created from a migrated template database
(``CREATE DATABASE … TEMPLATE``) and dropped at the end. A run
is killed with SIGKILL after a delay drawn from the length of an uninterrupted run (so kills land in
start-up, in planning and in the write), its state is compared with the state before and after an
uninterrupted run, and the same command is then run again to the end: it must reach the same
"after" (for dossiers including the KPI values, which a kill may have left pending).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb
import pytest

from cds.dossiers.tests.helpers import dossier, write_export

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
RUNS = 4
SETUP = """
import django; django.setup()
from cds.units.testing import small_tree
small_tree()
"""
COUNTS = [f"dvc.{c}" for c in ("dossiers_total", "dossiers_online")] + [
    "docs.issued_total",
    "docs.plans_issued",
    "docs.decisions_issued",
    "docs.dispatches_issued",
    "docs.notices_issued",
    "docs.other_issued",
    "steering.members",
]


SERVER_URL = os.environ.get("CDS_DATABASE_URL", "")
ON_POSTGRES = urlsplit(SERVER_URL).scheme in {"postgres", "postgresql"}
URL_FILE = "database-url"  # in a run's var dir: its own PostgreSQL database
_names = itertools.count()
_created: list[str] = []


def _database_url(name: str) -> str:
    return urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}"))


def _new_database(var: Path, template: Path | None = None) -> None:
    """PostgreSQL: give ``var`` a database of its own (a copy of ``template``'s, or empty)."""
    name = f"kill_{os.getpid()}_{next(_names)}"
    copy = f" TEMPLATE {urlsplit((template / URL_FILE).read_text()).path[1:]}" if template else ""
    with psycopg_connection(SERVER_URL) as server:
        server.execute(f"CREATE DATABASE {name}{copy}")
    _created.append(name)
    (var / URL_FILE).write_text(_database_url(name))


def psycopg_connection(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


@contextmanager
def database(var: Path) -> Iterator[Any]:
    """A connection to the run's database (SQLite file or PostgreSQL), for reading its state."""
    con = (
        psycopg_connection((var / URL_FILE).read_text())
        if ON_POSTGRES
        else sqlite3.connect(var / "cds.sqlite3")
    )
    try:
        yield con
    finally:
        con.close()


def environment(var: Path) -> dict[str, str]:
    """The run's own database, store and temp directory (where an import keeps its work files)."""
    (var / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "CDS_VAR_DIR": str(var), "TMPDIR": str(var / "tmp")}
    env["DJANGO_SETTINGS_MODULE"] = "cds.settings"
    env.pop("CDS_DATABASE_URL", None)
    if ON_POSTGRES:
        env["CDS_DATABASE_URL"] = (var / URL_FILE).read_text()
    env.pop("CDS_DOSSIER_STORE", None)
    return env


def cds(var: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = environment(var)
    return subprocess.run(
        [sys.executable, "-m", "cds.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


def start(var: Path, *args: str) -> subprocess.Popen:
    env = environment(var)
    return subprocess.Popen(
        [sys.executable, "-m", "cds.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A migrated file database with the small test tree (Tỉnh T99, communes T99901 and T99902)."""
    var = tmp_path_factory.mktemp("template")
    if ON_POSTGRES:
        _new_database(var)
    cds(var, "migrate")
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=environment(var), check=True)
    assert (var / "cds.sqlite3").exists() != ON_POSTGRES, "the runs must use the database under test"
    yield var
    if ON_POSTGRES:  # the runs' databases, then the template's (a killed run's session ends with them)
        with psycopg_connection(SERVER_URL) as server:
            for name in reversed(_created):
                server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _created.clear()


def fresh(template: Path, into: Path) -> Path:
    shutil.copytree(template, into)
    if ON_POSTGRES:
        _new_database(into, template)
    return into


def values_state(var: Path) -> tuple:
    """Every stored value, its history and import batches, as one checksum with the counts."""
    with database(var) as db:
        rows = db.execute(
            "SELECT unit_id, indicator_id, period, CAST(number AS TEXT), raw, note, status, version "
            "FROM values_datavalue ORDER BY unit_id, indicator_id, period"
        ).fetchall()
        changes = db.execute("SELECT COUNT(*) FROM values_valuechange").fetchone()[0]
        batches = db.execute("SELECT COUNT(*) FROM values_importbatch").fetchone()[0]
    return len(rows), changes, batches, hashlib.sha256(repr(rows).encode()).hexdigest()


def store_state(var: Path) -> tuple:
    """The dossier store (rows and content checksum of every partition) and the import records."""
    root = var / "dossiers"
    files = sorted(p for p in root.rglob("data.parquet") if not any(s.startswith(".") for s in p.parts))
    rows, digest = 0, hashlib.sha256()
    if files:
        listed = ", ".join(f"'{f}'" for f in files)
        con = duckdb.connect()
        rows = con.execute(f"SELECT COUNT(*) FROM read_parquet([{listed}])").fetchone()[0]
        for row in con.execute(
            f"SELECT dossier_code, received_at, channel FROM read_parquet([{listed}]) ORDER BY 1"
        ).fetchall():
            digest.update(repr(row).encode())
        con.close()
    with database(var) as db:
        imports = db.execute("SELECT COUNT(*) FROM dossiers_dossierimport").fetchone()[0]
    return rows, imports, digest.hexdigest()


def kpi_state(var: Path) -> tuple:
    with database(var) as db:
        values = db.execute(
            "SELECT v.unit_id, i.code, v.period, CAST(v.number AS TEXT) FROM values_datavalue v "
            "JOIN catalog_indicator i ON i.id = v.indicator_id ORDER BY 1, 2, 3"
        ).fetchall()
        pending = db.execute("SELECT COUNT(*) FROM dossiers_dossierrefresh WHERE done_at IS NULL").fetchone()[
            0
        ]
    return values, pending


def leftovers(var: Path) -> list[Path]:
    """Temporary files an import left: staging directories in the store, work directories in TMPDIR."""
    return sorted((var / "dossiers").glob(".staging-*")) + sorted((var / "tmp").glob("cds-dvc-*"))


def killed_after(var: Path, delay: float, *args: str) -> bool:
    """Run a command and SIGKILL it after ``delay`` seconds; True if it was still running then."""
    process = start(var, *args)
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def timed(var: Path, *args: str) -> float:
    began = time.monotonic()
    cds(var, *args)
    return time.monotonic() - began


def values_file(path: Path) -> Path:
    """Some thousands of values of the two communes, monthly over three years."""
    lines = ["unit,period,indicator,value,note"]
    for unit in ("T99901", "T99902"):
        for year in (2022, 2023, 2024):
            for month in range(1, 13):
                for n, code in enumerate(COUNTS):
                    lines.append(f"{unit},{year}-{month:02d},{code},{(year * month + n) % 997},kill test")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def kill_runs(
    template: Path, tmp_path: Path, seed: int, length: float, *command: str
) -> Iterator[tuple[int, Path, float]]:
    """RUNS fresh databases, each with ``cds *command`` killed after a random delay: yields (run,
    var dir, delay) for the caller's checks, then asserts enough kills landed inside a run."""
    draw = random.Random(seed)
    killed_mid_run = 0
    for run in range(RUNS):
        var = fresh(template, tmp_path / f"run{run}")
        delay = draw.uniform(0.1, length)
        mid_run = killed_after(var, delay, *command)
        killed_mid_run += mid_run
        length = length if mid_run else max(0.4, delay * 0.7)  # the machine got faster: draw earlier
        yield run, var, delay
    assert killed_mid_run >= RUNS // 2, "the delays should land inside the runs"


def test_a_values_import_killed_anywhere_leaves_before_or_after_and_the_rerun_finishes(
    template: Path, tmp_path: Path
) -> None:
    data = values_file(tmp_path / "values.csv")
    before_var = fresh(template, tmp_path / "before")
    before = values_state(before_var)
    after_var = fresh(template, tmp_path / "after")
    length = timed(after_var, "data", "import", str(data))
    after = values_state(after_var)
    assert after[0] == len(data.read_text().splitlines()) - 1 and before[0] == 0
    for run, var, delay in kill_runs(template, tmp_path, 13, length, "data", "import", str(data)):
        assert values_state(var) in (before, after), f"run {run}: killed after {delay:.2f}s, state between"
        cds(var, "data", "import", str(data))  # the next run: the file again, to the end
        rows, _, _, checksum = values_state(var)
        assert (rows, checksum) == (after[0], after[3]), f"run {run}: the rerun did not finish the import"


def test_a_dossier_import_killed_anywhere_leaves_before_or_after_and_the_rerun_finishes_the_kpis(
    template: Path, tmp_path: Path
) -> None:
    rows = [
        dossier(
            f"HS{n:06d}",
            ("T99901", "T99902")[n % 2],
            received_at=f"{1 + n % 28:02d}/{1 + n % 12:02d}/2023 08:00",
        )
        for n in range(30000)
    ]
    data = write_export(tmp_path / "dossiers.csv", rows)
    before_var = fresh(template, tmp_path / "before")
    before = store_state(before_var)
    after_var = fresh(template, tmp_path / "after")
    length = timed(after_var, "dvc", "import", str(data))
    after, after_kpis = store_state(after_var), kpi_state(after_var)
    assert after[0] == len(rows) and after_kpis[1] == 0 and before[0] == 0
    for run, var, delay in kill_runs(template, tmp_path, 8, length, "dvc", "import", str(data)):
        assert store_state(var) in (before, after), f"run {run}: killed after {delay:.2f}s, state between"
        cds(var, "dvc", "import", str(data))  # the next run finishes the import and any pending refresh
        assert store_state(var)[::2] == after[::2], f"run {run}: the rerun did not finish the import"
        assert kpi_state(var) == after_kpis, f"run {run}: KPI values differ from an uninterrupted run"
        assert leftovers(var) == [], f"run {run}: a killed import's files were left behind"
