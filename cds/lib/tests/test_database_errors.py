"""One diagnosis of a database error: busy, never set up, or other — never a server path."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, OperationalError, ProgrammingError

from cds import cli
from cds.lib.database import explain, is_busy, without_paths


def test_a_locked_database_is_busy_not_a_missing_set_up() -> None:
    problem = explain(OperationalError("database is locked"))
    assert problem.vi == "Đang có người nhập dữ liệu, vui lòng thử lại sau ít giây."
    assert "migrate" not in problem.vi + problem.en
    assert is_busy(OperationalError("canceling statement due to lock timeout"))


def test_only_a_missing_table_asks_for_cds_migrate() -> None:
    assert "cds migrate" in explain(OperationalError("no such table: values_datavalue")).en
    assert "cds migrate" in explain(ProgrammingError('relation "values_datavalue" does not exist')).en
    assert "migrate" not in explain(OperationalError("disk I/O error")).en


def test_messages_never_show_server_paths() -> None:
    problem = explain(OperationalError("unable to read /srv/cds/var/cds.sqlite3-wal: disk I/O error"))
    assert "/srv" not in problem.vi + problem.en
    assert without_paths(r"C:\Users\x\cds\var\db.sqlite3 failed") == "«…» failed"


@pytest.mark.parametrize(
    ("error", "code", "says"),
    [
        (OperationalError("database is locked"), 75, "Đang có người nhập dữ liệu"),
        (OperationalError("no such table: units_unit"), 2, "cds migrate"),
        (DatabaseError("disk I/O error at /srv/cds/var/cds.sqlite3"), 2, "disk I/O error"),
    ],
)
def test_the_cds_command_gives_the_one_diagnosis(monkeypatch, capsys, error, code, says) -> None:
    def fail(argv: list[str]) -> None:
        raise error

    monkeypatch.setattr("django.core.management.execute_from_command_line", fail)
    with pytest.raises(SystemExit) as exited:
        cli.main(["data", "import", "x.csv"])
    err = capsys.readouterr().err
    assert exited.value.code == code
    assert says in err and "/srv" not in err
    if code == 75:
        assert "Has the database been set up" not in err
