"""Every time a person reads — messages, CSV, Excel, JSON — is Việt Nam time, not the stored UTC."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl

from cds.lib.output import emit
from cds.lib.tabular import write_table
from cds.lib.vn_dates import local_time

AT = dt.datetime(2024, 3, 14, 20, 30, 5, tzinfo=dt.UTC)  # 03:30:05 on the 15th in Hà Nội


def test_a_stored_utc_moment_reads_as_the_clock_in_viet_nam() -> None:
    assert local_time(AT) == dt.datetime(2024, 3, 15, 3, 30, 5)
    assert local_time(dt.datetime(2024, 3, 15, 3, 30)) == dt.datetime(2024, 3, 15, 3, 30)


def test_csv_table_and_json_outputs_show_viet_nam_time() -> None:
    for fmt, expected in (("csv", "2024-03-15 03:30:05"), ("table", "2024-03-15 03:30:05")):
        stream = io.StringIO()
        emit([{"at": AT}], fmt, stream)
        assert expected in stream.getvalue(), fmt
    stream = io.StringIO()
    emit([{"at": AT}], "json", stream)
    assert json.loads(stream.getvalue())[0]["at"] == "2024-03-15T03:30:05+07:00"


def test_files_written_for_excel_show_viet_nam_time(tmp_path: Path) -> None:
    write_table(tmp_path / "t.csv", ["at"], [[AT]])
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[1] == ["2024-03-15 03:30:05"]
    write_table(tmp_path / "t.xlsx", ["at"], [[AT]])  # Excel refuses time zones: written as local
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").active["A2"].value == dt.datetime(
        2024, 3, 15, 3, 30, 5
    )
