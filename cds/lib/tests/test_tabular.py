"""read_table / write_table: every file is built here, in tmp_path or as bytes."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cds.lib import tabular
from cds.lib.errors import InputError
from cds.lib.tabular import read_table, write_table
from cds.lib.testing import as_cp1258, zipped

ALIASES = {
    "unit": ["đơn vị", "don vi", "tên đơn vị", "mã đơn vị"],
    "value": ["giá trị", "số liệu"],
    "indicator": ["chỉ tiêu", "mã chỉ tiêu"],
    "note": ["ghi chú"],
}


def read(source: Any, file_name: str = "data.csv", **options: Any) -> tabular.Table:
    options.setdefault("required", ["unit", "value"])
    options.setdefault("aliases", ALIASES)
    return read_table(source, file_name=file_name, **options)


def refused(source: Any, file_name: str = "data.csv", **options: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        read(source, file_name, **options)
    assert file_name in str(caught.value)
    return caught.value


def xlsx_bytes(
    cells: dict[str, Any], merges: tuple[str, ...] = (), sheets: dict[str, dict] | None = None
) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, sheet_cells in (sheets or {"Sheet1": cells}).items():
        sheet = workbook.create_sheet(title)
        for ref, value in sheet_cells.items():
            sheet[ref] = value
        for ref in merges:
            sheet.merge_cells(ref)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_member(data: bytes, name: str, change) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            out.writestr(info.filename, change(content) if info.filename == name else content)
    return target.getvalue()


def add_member(data: bytes, name: str, content: bytes) -> bytes:
    target = io.BytesIO(data)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return target.getvalue()


# --- CSV text encodings -----------------------------------------------------------------------

VIETNAMESE = "Đơn vị,Giá trị\nTỉnh Quảng Ngãi,1\nXã Tịnh Châu,2\nHà Nội,3\n"
EXPECTED = [(2, "Tỉnh Quảng Ngãi", "1"), (3, "Xã Tịnh Châu", "2"), (4, "Hà Nội", "3")]


def triples(table: tabular.Table) -> list[tuple[int, str, str]]:
    return [(row.number, row.values["unit"], row.values["value"]) for row in table.rows]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (VIETNAMESE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8"), "utf-8-sig"),
        (as_cp1258(VIETNAMESE), "cp1258"),
        (VIETNAMESE.replace(",", "\t").encode("utf-16"), "utf-16"),
    ],
)
def test_it_reads_vietnamese_csv_in_each_encoding_as_nfc(data: bytes, encoding: str) -> None:
    table = read(data)
    assert table.encoding == encoding
    assert table.columns == ["unit", "value"]
    assert triples(table) == EXPECTED
    assert all(unicodedata.is_normalized("NFC", row.values["unit"]) for row in table.rows)


def test_cp1258_really_arrives_decomposed_so_nfc_is_needed() -> None:
    assert as_cp1258("Tịnh").decode("cp1258") != "Tịnh"
    assert read(as_cp1258(VIETNAMESE)).rows[1].values["unit"] == "Xã Tịnh Châu"


def test_it_nfc_normalises_decomposed_utf8_text() -> None:
    table = read(unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8"))
    assert triples(table) == EXPECTED


def test_it_sniffs_semicolons_and_keeps_decimal_commas() -> None:
    table = read("Đơn vị;Giá trị;Ghi chú\nHà Nội;1,5;a, b\n".encode())
    assert table.rows[0].values == {"unit": "Hà Nội", "value": "1,5"}
    assert table.ignored_columns == ["Ghi chú"]


def test_it_sniffs_tabs() -> None:
    assert read(b"unit\tvalue\nA\t1\n").rows[0].values == {"unit": "A", "value": "1"}


def test_a_single_column_csv_is_not_split_on_decimal_commas() -> None:
    table = read(b"value\n1,5\n2,25\n", required=["value"])
    assert [row.values["value"] for row in table.rows] == ["1,5", "2,25"]


def test_quoted_cells_may_hold_delimiters_and_line_breaks() -> None:
    table = read(b'unit,value\n"A, B",1\n"line\none",2\nC,3\n')
    assert triples(table) == [(2, "A, B", "1"), (3, "line one", "2"), (4, "C", "3")]


# Legacy encodings, written with the published TCVN3 and VNI tables for a few words.
TCVN3 = {"à": 0xB5, "á": 0xB8, "ả": 0xB6, "ã": 0xB7, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE, "Đ": 0xA7}
TCVN3 |= {"ị": 0xDE, "ộ": 0xE9, "ỉ": 0xD8, "ố": 0xE8, "ờ": 0xEA, "â": 0xA9, "ê": 0xAA, "ô": 0xAB}


def as_tcvn3(text: str) -> bytes:
    return bytes(TCVN3[ch] if ch in TCVN3 else ord(ch) for ch in text)


def test_tcvn3_csv_is_refused_with_how_to_convert() -> None:
    data = as_tcvn3("unit,value\nĐơn vị Hà Nội,1\nTỉnh Quảng Ngãi,2\nSố người dân,3\n")
    error = refused(data)
    assert "TCVN3" in error.vi and "Unicode" in error.vi and "CSV UTF-8" in error.vi
    assert "TCVN3" in error.en


def test_vni_csv_is_refused() -> None:
    data = "unit,value\nHaø Noäi,1\nÑôn vò Tænh,2\nQuaûng Ngaõi,3\n".encode("cp1252")  # VNI bytes
    error = refused(data)
    assert "VNI" in error.vi and "VNI" in error.en


def test_tcvn3_text_typed_into_a_workbook_is_refused_too() -> None:
    legacy = as_tcvn3("Đơn vị Hà Nội Tỉnh Quảng Ngãi").decode("latin-1")
    data = xlsx_bytes({"A1": "Đơn vị", "B1": "Giá trị", "A2": legacy, "B2": 1})
    assert "TCVN3" in refused(data, "data.xlsx").vi


def test_double_encoded_utf8_is_refused() -> None:
    garbled = "Việt Nam,Tỉnh Quảng Ngãi,Xã Tịnh Châu".encode().decode("cp1252")
    error = refused(f"unit,value\n{garbled},1\n".encode())
    assert "hai lần" in error.vi and "twice" in error.en


def test_lost_characters_are_refused() -> None:
    assert "�" in refused("unit,value\nH\ufffd N\ufffdi,1\n".encode()).vi


def test_undecodable_bytes_are_refused_with_save_as_advice() -> None:
    error = refused(b"unit,value\n\x81\x8a\x90,1\n")
    assert "CSV UTF-8" in error.vi and "CSV UTF-8" in error.en


def test_binary_data_named_csv_is_refused() -> None:
    assert "nhị phân" in refused(b"unit,value\x00\x00\x01\x02").vi


def test_a_pdf_is_named_as_such() -> None:
    assert "PDF" in refused(b"%PDF-1.7\n...", "bao-cao.csv").vi


def test_an_empty_file_is_refused() -> None:
    assert "rỗng" in refused(b"").vi
    assert "Không có dữ liệu" in refused(b"\n\n  \n").vi


# --- finding the header -----------------------------------------------------------------------


def test_header_below_a_title_in_csv() -> None:
    table = read("BÁO CÁO SỐ LIỆU NĂM 2024,,\n,,\nĐơn vị,Giá trị,\nHà Nội,7,\n".encode())
    assert table.header_row == 3
    assert triples(table) == [(4, "Hà Nội", "7")]


def test_header_on_row_3_with_a_merged_title_in_xlsx() -> None:
    cells = {"A1": "BÁO CÁO SỐ LIỆU", "A3": "Đơn vị", "B3": "Giá trị", "A4": "Hà Nội", "B4": 7}
    table = read(xlsx_bytes(cells, merges=("A1:D1",)), "data.xlsx")
    assert (table.format, table.sheet, table.header_row, table.encoding) == ("xlsx", "Sheet1", 3, None)
    assert triples(table) == [(4, "Hà Nội", "7")]


def test_row_numbers_are_real_when_the_data_starts_right_of_column_a() -> None:
    cells = {"C5": "Đơn vị", "D5": "Giá trị", "C6": "Hà Nội", "D6": 1, "C8": "Huế", "D8": 2}
    assert triples(read(xlsx_bytes(cells), "data.xlsx")) == [(6, "Hà Nội", "1"), (8, "Huế", "2")]


def test_merged_header_cells_and_sub_headers() -> None:
    cells = {
        "A1": "BIỂU SỐ 1",
        "A3": "Đơn vị",  # merged down over A3:A4
        "B3": "Chỉ tiêu",  # merged across B3:C3, with sub-headers below
        "B4": "Mã chỉ tiêu",
        "C4": "Giá trị",
        "D3": "Ghi chú",  # merged down over D3:D4
        "A5": "Hà Nội",
        "B5": "CT01",
        "C5": 12,
        "D5": "x",
    }
    table = read(
        xlsx_bytes(cells, merges=("A1:D1", "A3:A4", "B3:C3", "D3:D4")), "m.xlsx", optional=["indicator"]
    )
    assert table.columns == ["unit", "indicator", "value"]
    assert table.ignored_columns == ["Ghi chú"]
    assert table.rows == [tabular.Row(5, {"unit": "Hà Nội", "indicator": "CT01", "value": "12"})]


def test_a_group_header_above_two_years_does_not_pick_one_silently() -> None:
    cells = {"A1": "Đơn vị", "B1": "Giá trị", "B2": "2023", "C2": "2024", "A3": "Huế", "B3": 1, "C3": 2}
    error = refused(xlsx_bytes(cells, merges=("A1:A2", "B1:C1")), "y.xlsx")
    assert "«value»" in error.vi and "«2023»" in error.vi


def test_blank_rows_are_skipped_but_rows_keep_their_numbers() -> None:
    csv_table = read(b"unit,value\nA,1\n\n,\nB,2\n")
    assert [row.number for row in csv_table.rows] == [2, 5]
    xlsx_table = read(
        xlsx_bytes({"A1": "unit", "B1": "value", "A2": "A", "B2": 1, "A5": "B", "B5": 2}), "d.xlsx"
    )
    assert [row.number for row in xlsx_table.rows] == [2, 5]


def test_rows_with_values_only_in_ignored_columns_count_as_blank() -> None:
    assert [row.number for row in read(b"STT,unit,value\n1,A,1\n2,,\n3,B,2\n").rows] == [2, 4]


def test_aliases_case_accents_spaces_and_decorations_do_not_matter() -> None:
    data = "STT,DON  VI,GIÁ TRỊ (triệu đồng),Ghi chú *,Người lập\n1,Huế,5,ok,An\n".encode()
    table = read(data, optional=["note", "period"])
    assert table.columns == ["unit", "value", "note"]
    assert table.rows[0].values == {"unit": "Huế", "value": "5", "note": "ok", "period": ""}
    assert table.ignored_columns == ["STT", "Người lập"]


def test_the_earlier_alias_wins_and_the_other_is_reported() -> None:
    table = read("Mã đơn vị,Đơn vị,Giá trị\nHN01,Hà Nội,1\n".encode())
    assert table.rows[0].values["unit"] == "Hà Nội"
    assert table.ignored_columns == ["Mã đơn vị"]


def test_a_column_given_twice_is_refused() -> None:
    error = refused("Đơn vị,Giá trị,Giá trị\nA,1,2\n".encode())
    assert "nhiều lần" in error.vi and "B, C" in error.vi


def test_missing_columns_are_named_with_what_was_found() -> None:
    data = xlsx_bytes({"A1": "Báo cáo", "A2": "Đơn vị", "B2": "Năm", "A3": "Huế", "B3": 2024})
    error = refused(data, "bao-cao.xlsx")
    assert "«value» (giá trị, số liệu)" in error.vi
    assert "dòng 2" in error.vi and "«Đơn vị», «Năm»" in error.vi
    assert "Required columns are missing" in error.en and "row 2" in error.en
    assert error.where.file == "bao-cao.xlsx"
    assert "Traceback" not in str(error)


def test_the_header_must_be_in_the_first_20_rows() -> None:
    data = "\n".join(["title"] * 25 + ["unit,value", "A,1"]).encode()
    assert "Thiếu cột" in refused(data).vi


def test_too_many_rows_are_refused() -> None:
    assert "hơn 2 dòng" in refused(b"unit,value\nA,1\nB,2\nC,3\n", max_rows=2).vi
    assert len(read(b"unit,value\nA,1\nB,2\n", max_rows=2).rows) == 2


def test_it_takes_the_first_sheet_that_has_the_columns() -> None:
    sheets = {
        "Hướng dẫn": {"A1": "Điền số liệu vào trang sau"},
        "Dữ liệu": {"A1": "unit", "B1": "value", "A2": "A"},
    }
    data = xlsx_bytes({}, sheets=sheets)
    assert read(data, "s.xlsx").sheet == "Dữ liệu"
    assert read(data, "s.xlsx", sheet="du lieu").rows[0].values == {"unit": "A", "value": ""}
    error = refused(data, "s.xlsx", sheet="Khác")
    assert "«Khác»" in error.vi and "«Hướng dẫn», «Dữ liệu»" in error.vi


def test_aliases_that_contradict_each_other_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        read(b"unit,value\n", aliases={"unit": ["mã"], "value": ["ma"]})


# --- workbook cell values ---------------------------------------------------------------------


def test_xlsx_numbers_dates_booleans_and_cached_formula_values() -> None:
    cells: dict[str, Any] = {"A1": "unit", "B1": "value"}
    values = [
        (3.0, "3"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.3"),
        (12345678, "12345678"),
        (-2.5, "-2.5"),
        (1e-7, "0.0000001"),
        ("007", "007"),
        (dt.date(2023, 3, 14), "2023-03-14"),
        (dt.datetime(2023, 3, 14, 8, 30), "2023-03-14 08:30:00"),
        (True, "TRUE"),
        ("  Hà  Nội \n", "Hà Nội"),
        ("=1+1", "2"),  # formula: its cached value is read, not the formula
        ("=A1+1", ""),  # a formula never calculated has no cached value
    ]
    for row, (value, _expected) in enumerate(values, start=2):
        cells[f"A{row}"], cells[f"B{row}"] = f"r{row}", value
    data = rewrite_member(
        xlsx_bytes(cells),
        "xl/worksheets/sheet1.xml",
        # openpyxl writes an empty cached value as <v /> or <v></v> depending on whether lxml is installed
        lambda x: re.sub(rb"<f>1\+1</f><v\s*(/>|></v>)", b"<f>1+1</f><v>2</v>", x),
    )
    table = read(data, "v.xlsx")
    assert [row.values["value"] for row in table.rows] == [expected for _value, expected in values]


def test_openpyxl_reads_the_file_when_calamine_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes) -> None:
        raise RuntimeError("calamine could not parse this")

    monkeypatch.setattr(tabular.reading, "_calamine_book", broken)
    cells = {
        "A1": "Báo cáo",
        "A3": "Đơn vị",
        "B3": "Giá trị",
        "A4": "Huế",
        "B4": 3.0,
        "A6": "Vinh",
        "B6": dt.date(2024, 1, 2),
    }
    table = read(xlsx_bytes(cells), "f.xlsx")
    assert triples(table) == [(4, "Huế", "3"), (6, "Vinh", "2024-01-02")]


def test_a_workbook_neither_reader_can_parse_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = rewrite_member(xlsx_bytes({"A1": "unit"}), "xl/workbook.xml", lambda x: b"<not xml")
    assert "Không đọc được" in refused(data, "broken.xlsx").vi


def ods_bytes(rows: list[list[str | float]]) -> bytes:
    def cell(value: str | float) -> str:
        if isinstance(value, str):
            return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'

    body = "".join(f"<table:table-row>{''.join(map(cell, row))}</table:table-row>" for row in rows)
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        f'<table:table table:name="S">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_ods_files_are_read() -> None:
    table = read(ods_bytes([["Đơn vị", "Giá trị"], ["Huế", 2.5]]), "d.ods")
    assert table.format == "ods" and triples(table) == [(2, "Huế", "2.5")]


# --- hostile and wrong files ------------------------------------------------------------------


def test_a_zip_bomb_member_is_refused_before_parsing() -> None:
    data = add_member(xlsx_bytes({"A1": "unit", "B1": "value"}), "xl/media/zeros.bin", bytes(5 * tabular.MB))
    error = refused(data, "bomb.xlsx")
    assert "tỉ lệ nén" in error.vi and "compression ratio" in error.en


def test_too_much_uncompressed_data_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular.safety, "ZIP_MAX_UNCOMPRESSED", 10_000)
    assert "giải nén ra" in refused(xlsx_bytes({"A1": "unit"}), "big.xlsx").vi


def test_too_many_zip_members_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular.safety, "ZIP_MAX_MEMBERS", 5)
    assert "thành phần" in refused(xlsx_bytes({"A1": "unit"}), "many.xlsx").vi


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Make the archive lie: declare a smaller uncompressed size than the member really has."""
    patched = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    patched[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    patched[central + 24 : central + 28] = size.to_bytes(4, "little")
    return bytes(patched)


def test_an_archive_that_lies_about_sizes_is_refused() -> None:
    data = add_member(xlsx_bytes({"A1": "unit", "B1": "value"}), "xl/pad.xml", b"0" * 900_000)
    lying = _declare_size(data, "xl/pad.xml", 1_000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("xl/pad.xml").file_size == 1_000
    error = refused(lying, "lie.xlsx")
    assert "khai báo sai" in error.vi and "declared sizes are false" in error.en


def test_random_bytes_named_xlsx_are_refused() -> None:
    assert "không phải là tệp Excel" in refused(bytes(range(256)) * 8, "data.xlsx").vi


def test_damaged_zip_named_xlsx_is_refused() -> None:
    assert "không phải là tệp Excel" in refused(b"PK\x03\x04" + bytes(range(256)) * 4, "data.xlsx").vi


def test_a_word_document_renamed_xlsx_is_refused() -> None:
    error = refused(
        zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), "bao-cao.xlsx"
    )
    assert "Word" in error.vi and "Word" in error.en


def test_a_damaged_legacy_xls_is_refused_with_advice() -> None:
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.xls")
    assert ".xlsx" in error.vi and ".xls" in error.en


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"unit,value\n" + b"A,1\n" * 500)
    error = refused(path, "big.csv", max_bytes=1_000)
    assert "quá lớn" in error.vi and "too large" in error.en
    assert "quá lớn" in refused(path.read_bytes(), "big.csv", max_bytes=1_000).vi
    assert len(read(path, "big.csv").rows) == 500


def test_it_reads_paths_and_file_objects(tmp_path: Path) -> None:
    path = tmp_path / "upload-7f3a"  # stored under a server name; the user's name is separate
    path.write_bytes(VIETNAMESE.encode())
    assert triples(read(path, "số liệu.csv")) == EXPECTED
    with path.open("rb") as handle:
        assert triples(read(handle, "số liệu.csv")) == EXPECTED


# --- writing ----------------------------------------------------------------------------------

COLUMNS = ["unit", "value", "date", "note"]
ROWS: list[Any] = [
    ["Tỉnh Quảng Ngãi", -5, dt.date(2023, 3, 14), "=1+1"],
    {"unit": "Hà Nội", "value": 0.1, "note": "@SUM(A1)"},
    ["-7", 3.0, None, "+84 912 345 678"],
]


def test_xlsx_round_trip_keeps_numbers_and_neutralises_formulas(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table(path, COLUMNS, ROWS, sheet_title="Số liệu: 2024")
    table = read(path, "out.xlsx", optional=["date", "note"])
    assert table.sheet == "Số liệu  2024"
    assert [list(row.values.values()) for row in table.rows] == [
        ["Tỉnh Quảng Ngãi", "-5", "2023-03-14", "'=1+1"],
        ["Hà Nội", "0.1", "", "'@SUM(A1)"],
        ["-7", "3", "", "'+84 912 345 678"],
    ]
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].font.bold
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5, "n")
    assert sheet["C2"].is_date
    assert (sheet["D2"].value, sheet["D2"].data_type) == ("'=1+1", "s")
    assert sheet["A4"].value == "-7"  # text that looks like a negative number stays as it was
    assert 8 <= sheet.column_dimensions["A"].width <= 60


def test_csv_round_trip_has_a_bom_and_neutralises_formulas(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(path, COLUMNS, ROWS)
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert "Tỉnh Quảng Ngãi,-5,2023-03-14,'=1+1" in raw.decode("utf-8-sig")
    table = read(path, "out.csv", optional=["date", "note"])
    assert table.encoding == "utf-8-sig"
    assert [row.values["value"] for row in table.rows] == ["-5", "0.1", "3"]
    assert [row.values["note"] for row in table.rows] == ["'=1+1", "'@SUM(A1)", "'+84 912 345 678"]


def test_write_table_refuses_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_table(tmp_path / "out.txt", ["a"], [])
