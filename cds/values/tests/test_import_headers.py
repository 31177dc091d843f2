"""Issue 15: a values file's header row as people write it — Vietnamese column names with or
without tone marks, in capitals, the code and the name columns, English — maps to the canonical
columns (unit, period, indicator, value, note); a header it cannot place is refused with every
name it accepts."""

from __future__ import annotations

import csv
import io

import pytest

from cds.values.io import import_values
from cds.values.models import DataValue
from cds.values.services import Actor

pytestmark = pytest.mark.django_db
ACTOR = Actor("tester")


def write(path, header, row):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


HEADERS = [
    ["Mã đơn vị", "Kỳ", "Chỉ tiêu", "Giá trị", "Ghi chú"],
    ["Ma don vi", "Ky", "Chi tieu", "Gia tri", "Ghi chu"],
    ["MÃ ĐƠN VỊ", "KỲ BÁO CÁO", "MÃ CHỈ TIÊU", "GIÁ TRỊ", "GHI CHÚ"],
    ["Tên đơn vị", "Kỳ số liệu", "Tên chỉ tiêu", "Số liệu", "Nguồn"],
    ["Đơn vị hành chính", "Thời kỳ", "Chỉ tiêu", "Kết quả", "Ghi chú"],
    ["Mã ĐVHC", "Kỳ báo cáo", "Mã chỉ tiêu", "Giá trị thực hiện", "Ghi chú"],
    ["Unit", "Period", "Indicator", "Value", "Note"],
    ["Unit code", "Reporting period", "Indicator code", "Value", "Notes"],
    ["Unit name", "Period", "Indicator name", "Value", "Remarks"],
    ["STT", "Mã đơn vị (*)", "Kỳ (quý/năm)", "Chỉ tiêu", "Giá trị (số)", "Ghi chú"],
]


@pytest.mark.parametrize("header", HEADERS, ids=[" | ".join(h) for h in HEADERS])
def test_a_header_row_as_people_write_it_maps_to_the_canonical_columns(tree, tmp_path, header) -> None:
    row = ["T99901", "2023Q3", "dvc.dossiers_total", "1.463", "sổ một cửa"]
    if header[0] == "STT":
        row = ["1", *row]
    report = import_values(write(tmp_path / "q3.csv", header, row), ACTOR)
    assert report.ok, [e.vi for e in report.errors]
    assert DataValue.objects.get().number == 1463


def test_the_code_column_wins_over_the_name_column_when_a_file_has_both(tree, tmp_path) -> None:
    header = ["Mã đơn vị", "Tên đơn vị", "Kỳ", "Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị"]
    row = ["T99901", "Xã An", "2023Q3", "dvc.dossiers_total", "Tổng số hồ sơ", "12"]
    report = import_values(write(tmp_path / "both.csv", header, row), ACTOR)
    assert report.ok, [e.vi for e in report.errors]
    assert DataValue.objects.get().unit == tree["a"]


def test_an_unknown_header_is_refused_with_every_name_the_column_may_have(tree, tmp_path) -> None:
    header = ["Mã đơn vị", "Kỳ", "Chỉ tiêu", "Con số"]
    report = import_values(
        write(tmp_path / "odd.csv", header, ["T99901", "2023Q3", "dvc.dossiers_total", "12"]), ACTOR
    )
    (error,) = report.errors
    for accepted in ("«value»", "Giá trị", "Số liệu", "Kết quả"):
        assert accepted in error.vi and accepted in error.en
    assert "«Con số»" in error.vi
    assert "gia tri" not in error.vi  # marks are optional when matching: the names are listed once, with them
