"""Issue 15: a province says once how its spreadsheet's headers map to the import's columns (a
saved mapping per source, ``cds.values.mapping``); the next import names the source and reads the
file as it is; a preview shows each column's header and the first rows by name, never by code."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cds.lib.errors import InputError
from cds.units.search import resolve_unit
from cds.values.io import import_values
from cds.values.mapping import find_mapping, preview, save_mapping
from cds.values.models import ColumnMapping, DataValue
from cds.values.services import Actor

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]

THEIR_FILE = (
    "STT,Tên xã,Kỳ báo cáo,Chỉ số,Kết quả,Người nhập\n"
    '1,"Xã Sơn Nham, Huyện Sơn Hà",2023,dvc.dossiers_total,1.463,Lan\n'
)
COLUMNS = {"Tên xã": "unit", "Chỉ số": "indicator", "Kết quả": "value", "Người nhập": "note"}


@pytest.fixture
def their_file(tmp_path):
    path = tmp_path / "bao-cao-dvc.csv"
    path.write_text(THEIR_FILE, encoding="utf-8")
    return path


def province():
    return resolve_unit("Tỉnh Quảng Ngãi", era="legacy")


def test_a_file_with_its_own_headers_imports_once_its_source_mapping_is_saved(their_file) -> None:
    refused = import_values(their_file, Actor("t"), dry_run=True)
    assert not refused.ok  # «Chỉ số» names no column of ours
    save_mapping(province(), "dvc-tinh", COLUMNS, Actor("so.khcn"))
    commune = resolve_unit("Xã Sơn Nham, Huyện Sơn Hà", era="legacy")
    columns = find_mapping("dvc-tinh", commune).columns  # the province's mapping serves its communes
    report = import_values(their_file, Actor("t"), columns=columns)
    assert report.ok, [str(e) for e in report.errors]
    (value,) = DataValue.objects.all()
    assert (value.unit, value.number, value.note) == (commune, 1463, "Lan")


def test_a_saved_header_wins_over_the_built_in_alias_of_another_column(their_file) -> None:
    # «Kết quả» is a built-in name of the value column; this source writes its value there, and
    # another source may call its notes so
    save_mapping(province(), "ghi-chu", {**COLUMNS, "Kết quả": "note", "Người nhập": "value"}, Actor("t"))
    columns = find_mapping("ghi-chu").columns
    report = import_values(their_file, Actor("t"), dry_run=True, columns=columns)
    assert not report.ok and report.errors[0].where.column == "value"  # «Lan» is not a number


def test_saving_again_replaces_the_mapping_and_bad_mappings_are_refused_in_words() -> None:
    save_mapping(province(), "dvc-tinh", {"Tên xã": "unit"}, Actor("t"))
    save_mapping(province(), "dvc-tinh", COLUMNS, Actor("t"))
    assert ColumnMapping.objects.get().columns == COLUMNS
    with pytest.raises(InputError, match="không phải là cột"):
        save_mapping(province(), "x", {"Tên xã": "xa"}, Actor("t"))
    with pytest.raises(InputError, match="hai tiêu đề"):
        save_mapping(province(), "x", {"Tên xã": "unit", "Mã xã": "unit"}, Actor("t"))
    with pytest.raises(InputError, match="dvc-tinh"):  # the sources there are
        find_mapping("khong-co")


def test_the_preview_names_each_columns_header_the_headers_left_out_and_the_rows_by_name(their_file) -> None:
    shown = preview(their_file, COLUMNS)
    assert shown.filled["unit"] == "Tên xã" and shown.filled["period"] == ""  # «Kỳ báo cáo» built in
    assert shown.ignored == ["STT"] and shown.missing == []
    (row,) = shown.rows
    assert row.unit == "Xã Sơn Nham, Huyện Sơn Hà" and row.period == "năm 2023"
    assert "dvc." not in row.indicator and row.value == "1.463"  # a name, not the code
    assert preview(their_file).missing == ["unit", "indicator"]  # without the mapping


def test_the_command_saves_a_mapping_previews_and_imports_with_it(their_file) -> None:
    out = io.StringIO()
    pairs = [a for h, c in COLUMNS.items() for a in ("--column", f"{h}={c}")]
    call_command("data", "map-save", "--source", "dvc-tinh", "--unit", "Tỉnh Quảng Ngãi", *pairs, stdout=out)
    out = io.StringIO()
    call_command("data", "map-preview", str(their_file), "--source", "dvc-tinh", stdout=out)
    assert "Xã Sơn Nham, Huyện Sơn Hà" in out.getvalue() and "Tên xã" in out.getvalue()
    call_command("data", "import", str(their_file), "--source", "dvc-tinh", stdout=io.StringIO())
    assert DataValue.objects.count() == 1
    with pytest.raises(CommandError, match="TIÊU ĐỀ=CỘT"):
        call_command("data", "map-save", "--source", "x", "--unit", "Tỉnh Quảng Ngãi", "--column", "Tên xã")
