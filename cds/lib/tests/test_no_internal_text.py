"""Messages a person sees never carry a server path, a Python or database exception's text, or
a wrong diagnosis of the database set-up. Each case breaks a file or the database the way it was
found to leak, and checks the message says what to do instead."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest
from django.db import DatabaseError, OperationalError

from cds import cli
from cds.dossiers.importer import _unreadable_csv
from cds.dossiers.mapping import load_mapping
from cds.lib.database import explain
from cds.lib.errors import InputError
from cds.lib.tabular import read_table
from cds.reports.check import read_docx
from cds.reports.wording import load_wording

LEAKS = ("Error", "Errno", "Traceback", "duckdb", "sqlite3", "There is no item", "<unicode string>")


def assert_clean(message: str, *paths: Path) -> None:
    for path in paths:
        assert str(path.parent) not in message, message
    for word in LEAKS:
        assert word not in message, (word, message)


def test_a_broken_csv_that_duckdb_refuses_names_the_line_not_the_work_file(tmp_path) -> None:
    work = tmp_path / "cds-dvc-123-abc" / "transcoded.csv"
    work.parent.mkdir()
    work.write_text("a,b\n1,2\n3,bốn\n", encoding="utf-8")
    with pytest.raises(duckdb.Error) as raised:
        query = f"SELECT * FROM read_csv('{work}', header = true, columns = {{'a': 'INT', 'b': 'INT'}})"
        duckdb.connect().execute(query).fetchall()
    assert str(work) in str(raised.value)  # what the message used to repeat
    problem = _unreadable_csv(raised.value, "hoso.csv")
    assert_clean(str(problem), work)
    assert problem.where.file == "hoso.csv" and problem.where.row == 3 and "CSV UTF-8" in problem.vi


def test_a_missing_or_broken_mapping_file_names_only_the_file(tmp_path) -> None:
    with pytest.raises(InputError) as missing:
        load_mapping(tmp_path / "khong-co.yaml")
    assert_clean(str(missing.value), tmp_path / "x")
    assert "khong-co.yaml" in str(missing.value) and "No such file" in missing.value.en
    bad = tmp_path / "anh-xa.yaml"
    bad.write_text("columns:\n  unit: [a\n  b: c: d\n", encoding="utf-8")
    with pytest.raises(InputError) as broken:
        load_mapping(bad)
    assert_clean(str(broken.value), bad)
    assert "dòng" in broken.value.vi


def test_a_broken_wording_file_names_only_the_file_and_the_line(tmp_path) -> None:
    bad = tmp_path / "wording.yaml"
    bad.write_text("intro:\n  - a\n b: [\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_wording(bad)
    assert_clean(str(raised.value), bad)
    assert raised.value.where.file == "wording.yaml" and raised.value.where.row


@pytest.mark.parametrize(
    "content",
    [b"not a zip at all", b"PK\x03\x04broken", "zip without a document"],
)
def test_a_file_that_is_not_a_docx_is_refused_in_words(tmp_path, content) -> None:
    if content == "zip without a document":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("hello.txt", "x")
        content = buffer.getvalue()
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(content)
    for source in (path, content):
        with pytest.raises(InputError) as raised:
            read_docx(source)
        assert_clean(str(raised.value), path)
        assert "Word" in raised.value.en


def test_a_csv_row_python_cannot_read_is_described_not_quoted(tmp_path) -> None:
    huge = "x" * 200_000
    data = f'unit,period,indicator,value\nT1,2023Q3,a,"{huge}\n'.encode()
    with pytest.raises(InputError) as raised:
        read_table(data, file_name="v.csv", required=("unit", "period", "indicator", "value"))
    assert "field larger than field limit" not in str(raised.value)
    assert "ngoặc kép" in raised.value.vi and "quotes" in raised.value.en


@pytest.mark.parametrize(
    ("error", "says_vi"),
    [
        (DatabaseError("file is not a database"), "bị hỏng"),
        (OperationalError("attempt to write a readonly database"), "quyền ghi"),
        (OperationalError("database or disk is full"), "đầy"),
        (
            OperationalError(
                'connection to server on socket "/run/pg/.s.PGSQL.5432" failed: Connection refused'
            ),
            "kết nối",
        ),
        (DatabaseError('near "SELEC": syntax error in /srv/cds/cds/values/staging.py'), "nhật ký"),
    ],
)
def test_database_faults_are_named_for_what_to_do_without_their_text_or_a_set_up_diagnosis(
    error, says_vi, monkeypatch, capsys
) -> None:
    problem = explain(error)
    assert says_vi in problem.vi and "migrate" not in problem.en
    assert "/srv" not in str(problem) and "/run" not in str(problem) and "SELEC" not in str(problem)

    def fail(argv: list[str]) -> None:
        raise error

    monkeypatch.setattr("django.core.management.execute_from_command_line", fail)
    with pytest.raises(SystemExit) as code:
        cli.main(["data", "export", "x.csv"])
    assert code.value.code == 2
    err = capsys.readouterr().err
    assert says_vi in err and "/srv" not in err and "/run" not in err and "Traceback" not in err
