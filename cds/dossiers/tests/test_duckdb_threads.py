"""DuckDB's threads per connection come from CDS_DUCKDB_THREADS; a nonsense value stops the start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cds.dossiers.store import connect

ROOT = Path(__file__).resolve().parents[3]


def _threads(con) -> int:
    return con.execute("SELECT current_setting('threads')").fetchone()[0]


def test_a_connection_uses_the_threads_cds_duckdb_threads_sets(settings):
    settings.CDS_DUCKDB_THREADS = 3
    with connect() as con:
        assert _threads(con) == 3


def test_threads_asked_for_by_the_caller_win_over_the_setting(settings):
    settings.CDS_DUCKDB_THREADS = 3
    with connect(threads=2) as con:
        assert _threads(con) == 2


def test_unset_the_connection_uses_the_machines_cores(settings):
    settings.CDS_DUCKDB_THREADS = 0
    with connect() as con:
        assert _threads(con) == (os.cpu_count() or 1)


def test_the_test_run_sets_one_thread_for_itself_and_the_commands_it_starts_unless_given_one(settings):
    import conftest  # the root conftest: what the run was given before it set its own

    expected = conftest.DUCKDB_THREADS_GIVEN or "1"
    assert os.environ["CDS_DUCKDB_THREADS"] == expected
    assert settings.CDS_DUCKDB_THREADS == int(expected)
    with connect() as con:
        assert _threads(con) == (int(expected) or os.cpu_count() or 1)


@pytest.mark.parametrize("value", ["hai", "-1", "1.5"])
def test_a_bad_cds_duckdb_threads_stops_the_start_naming_the_variable(tmp_path, value):
    env = {**os.environ, "CDS_VAR_DIR": str(tmp_path), "CDS_DUCKDB_THREADS": value}
    result = subprocess.run(
        [sys.executable, "-c", "import cds.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"CDS_DUCKDB_THREADS={value!r}" in result.stderr
    assert "không hợp lệ" in result.stderr and "not valid" in result.stderr
