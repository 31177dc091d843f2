"""Importing dossier exports: checks, atomicity, idempotency, encodings, workbooks, mappings."""

from __future__ import annotations

import zipfile

import duckdb
import openpyxl
import pytest

from cds.dossiers.importer import import_file, write_errors
from cds.dossiers.mapping import load_mapping
from cds.dossiers.models import DossierImport
from cds.dossiers.synth import HEADERS
from cds.lib.errors import InputError
from cds.lib.tabular import write_table

from .helpers import dossier, write_export


def stored(store) -> list[tuple]:
    files = store.files()
    if not files:
        return []
    return duckdb.sql(
        f"SELECT dossier_code, unit_id, channel, field, received_at::DATE FROM {store.relation_sql(files)} ORDER BY 1"
    ).fetchall()


def test_an_export_is_imported_into_province_year_partitions(tree, store, tmp_path):
    path = write_export(
        tmp_path / "a.csv",
        [
            dossier("HS1", "T99901"),
            dossier("HS2", "T99902", received_at="02/01/2024"),
            dossier("HS3", "T99902"),
        ],
    )
    report = import_file(path, store=store)
    assert (report.rows_total, report.rows_accepted, report.rows_rejected, report.new) == (3, 3, 0, 3)
    assert report.import_id == DossierImport.objects.get().pk
    assert [p.parent.name for p in store.files()] == ["year=2023", "year=2024"]
    assert [r[0] for r in stored(store)] == ["HS1", "HS2", "HS3"]
    assert stored(store)[1][1] == tree["b"].pk


def test_the_same_file_twice_changes_nothing(tree, store, tmp_path):
    path = write_export(tmp_path / "a.csv", [dossier("HS1", "T99901"), dossier("HS2", "T99902")])
    import_file(path, store=store)
    before = [(p, p.stat().st_mtime_ns) for p in store.files()]
    again = import_file(path, store=store)
    assert (again.new, again.updated, again.unchanged, again.import_id) == (0, 0, 2, None)
    assert [(p, p.stat().st_mtime_ns) for p in store.files()] == before
    assert DossierImport.objects.count() == 1


def test_a_dossier_seen_again_is_updated_not_duplicated(tree, store, tmp_path):
    import_file(
        write_export(tmp_path / "a.csv", [dossier("HS1", "T99901"), dossier("HS2", "T99901")]), store=store
    )
    report = import_file(
        write_export(
            tmp_path / "b.csv", [dossier("HS1", "T99901", channel="Trực tiếp"), dossier("HS9", "T99902")]
        ),
        store=store,
    )
    assert (report.new, report.updated, report.unchanged) == (1, 1, 0)
    rows = stored(store)
    assert [r[0] for r in rows] == ["HS1", "HS2", "HS9"]
    assert rows[0][2] == "direct"


def test_a_dossier_whose_reception_year_changes_leaves_its_old_partition(tree, store, tmp_path):
    import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
    import_file(
        write_export(tmp_path / "b.csv", [dossier("HS1", "T99901", received_at="05/01/2024")]), store=store
    )
    assert [str(r[4]) for r in stored(store)] == ["2024-01-05"]


def test_duplicate_codes_in_one_file_keep_the_last_row(tree, store, tmp_path):
    path = write_export(
        tmp_path / "a.csv", [dossier("HS1", "T99901"), dossier("HS1", "T99901", channel="Qua dịch vụ BCCI")]
    )
    report = import_file(path, store=store)
    assert (report.duplicate_codes, report.new) == (1, 1)
    assert stored(store)[0][2] == "postal"
    assert "1 dòng trùng mã hồ sơ" in report.summary_vi() and "CẢNH BÁO" not in report.summary_vi()
    assert "1 rows repeat the dossier code" in report.summary_en()


def test_a_code_repeated_under_two_receiving_units_is_warned_not_merged_silently(tree, store, tmp_path):
    """Real codes embed the receiving agency's identifier, so one code under two units is a file
    to check: the last row is still kept (one dossier per code), and the summary says so."""
    path = write_export(tmp_path / "a.csv", [dossier("HS1", "T99901"), dossier("HS1", "T99902")])
    report = import_file(path, store=store)
    assert (report.rows_accepted, report.new, report.duplicate_across_units) == (2, 1, 1)
    assert "CẢNH BÁO: 1 mã có ở các đơn vị tiếp nhận khác nhau" in report.summary_vi()
    assert "WARNING: 1 codes appear under different receiving units" in report.summary_en()


def test_a_dry_run_reports_but_writes_nothing(tree, store, tmp_path):
    report = import_file(
        write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store, dry_run=True
    )
    assert (report.new, report.import_id) == (1, None)
    assert store.files() == []
    assert DossierImport.objects.count() == 0


def test_every_bad_row_is_listed_with_row_column_value_and_reason(tree, store, tmp_path):
    rows = [
        dossier("HS1", "T99901"),
        dossier("HS2", "T99901", received_at="31/02/2023"),
        dossier("HS3", "T99901", channel="Fax"),
        dossier("", "T99901"),
        dossier("HS5", "T99901", received_at="10/03/2023", finished_at="01/03/2023"),
        dossier("HS6", "Xã Không Tồn Tại"),
        dossier("HS7", "T99901", supplement_days="-2"),
        dossier("HS8", "T99901", supplement_days="2,5"),  # days are whole: never rounded silently
    ]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store)
    found = {(e.row, e.column, e.value) for e in report.errors}
    assert found == {
        (3, "received_at", "31/02/2023"),
        (4, "channel", "Fax"),
        (5, "dossier_code", ""),
        (6, "finished_at", "01/03/2023"),
        (7, "unit", "Xã Không Tồn Tại"),
        (8, "supplement_days", "-2"),
        (9, "supplement_days", "2,5"),
    }
    assert all(e.reason_vi and e.reason_en for e in report.errors)
    assert (report.rows_accepted, report.rows_rejected) == (1, 7)
    assert report.refused and report.import_id is None
    assert store.files() == [] and DossierImport.objects.count() == 0
    assert report.unmatched_units[0]["text"] == "Xã Không Tồn Tại"
    write_errors(report, tmp_path / "errors.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "errors.xlsx").active
    assert sheet.max_row == 8 and sheet["B2"].value == 3


def test_a_windows_1258_csv_is_read_as_nfc_vietnamese(tree, store, tmp_path):
    path = write_export(
        tmp_path / "legacy.csv", [dossier("HS1", "T99901", field="Chứng thực")], encoding="cp1258"
    )
    report = import_file(path, store=store)
    assert report.read_as == "cp1258" and report.new == 1
    assert stored(store)[0][3] == "Chứng thực"


def test_an_xlsx_with_excel_serial_dates_is_read(tree, store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Báo cáo hồ sơ tháng 3"])  # a title row above the header
    sheet.append(["Mã hồ sơ", "Mã thủ tục", "Đơn vị tiếp nhận", "Ngày tiếp nhận", "Hình thức tiếp nhận"])
    sheet.append(["HS1", "P1", "T99901", 44995, "Trực tuyến"])  # 44995 = 10/03/2023
    sheet.append(["HS2", "P1", "T99902", "11/03/2023 09:30", "Trực tiếp"])
    book.save(tmp_path / "a.xlsx")
    report = import_file(tmp_path / "a.xlsx", store=store)
    assert (report.rows_accepted, report.rows_rejected) == (2, 0)
    assert [str(r[4]) for r in stored(store)] == ["2023-03-10", "2023-03-11"]


def test_a_zip_bomb_disguised_as_xlsx_is_refused_with_a_clear_message(tree, store, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        # 300 MB of zeros, deflated at level 1: the same entry, in half the CPU of the default level
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024), compresslevel=1)
    with pytest.raises(InputError) as caught:
        import_file(bomb, store=store)
    assert "bomb.xlsx" in str(caught.value) and caught.value.en
    assert store.files() == []


def test_a_workbook_may_unpack_beyond_the_general_cap_up_to_the_dossier_cap(
    tree, store, tmp_path, monkeypatch
):
    """Excel's million rows unpack past the general 200 MB cap; the dossier reader has its own."""
    from cds.dossiers import reading
    from cds.lib import tabular

    path = tmp_path / "a.xlsx"
    write_table(path, list(HEADERS.values()), [[dossier("HS1", "T99901")[c] for c in HEADERS]])
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert tabular.ZIP_MAX_UNCOMPRESSED < reading.XLSX_MAX_UNCOMPRESSED
    monkeypatch.setattr(reading, "XLSX_MAX_UNCOMPRESSED", unpacked - 1)
    with pytest.raises(InputError) as caught:
        import_file(path, store=store)
    assert "MB uncompressed" in caught.value.en and "a.xlsx" in str(caught.value)
    monkeypatch.setattr(reading, "XLSX_MAX_UNCOMPRESSED", unpacked)
    assert import_file(path, store=store).rows_accepted == 1


def test_a_file_without_required_columns_is_refused_naming_them(tree, store, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Mã hồ sơ,Ngày tiếp nhận\nHS1,10/03/2023\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(path, store=store)
    assert "procedure_code" in caught.value.vi and "channel" in caught.value.en


def test_a_custom_mapping_reads_another_systems_headers_and_words(tree, store, tmp_path):
    mapping = tmp_path / "other.yaml"
    mapping.write_text(
        "columns:\n  dossier_code: [Số biên nhận]\n  procedure_code: [TTHC]\n  unit: [Nơi nhận]\n"
        "  received_at: [Nhận lúc]\n  channel: [Kênh]\nvalues:\n  channel:\n    online: [Cổng DVC]\n",
        encoding="utf-8",
    )
    path = tmp_path / "a.csv"
    path.write_text(
        "Số biên nhận,TTHC,Nơi nhận,Nhận lúc,Kênh\nB1,P1,T99901,10/03/2023,Cổng DVC\n", encoding="utf-8"
    )
    report = import_file(path, store=store, mapping=load_mapping(mapping))
    assert report.new == 1 and stored(store)[0][2] == "online"


def test_a_broken_mapping_file_is_refused_in_both_languages(tmp_path):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text("columns:\n  nonsense: [X]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_mapping(mapping)
    assert "nonsense" in caught.value.vi and "nonsense" in caught.value.en


def test_one_bad_row_keeps_the_whole_file_out_of_the_store(tree, store, tmp_path):
    import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
    before = [(p, p.stat().st_mtime_ns) for p in store.files()]
    report = import_file(
        write_export(
            tmp_path / "b.csv",
            [dossier("HS1", "T99901", channel="Trực tiếp"), dossier("HS2", "T99901", channel="Fax")],
        ),
        store=store,
    )
    assert report.refused and (report.new, report.updated, report.import_id) == (0, 0, None)
    assert [(e.row, e.column) for e in report.errors] == [(3, "channel")]
    assert "--skip-bad-rows" in report.summary_en() and "--skip-bad-rows" in report.summary_vi()
    assert [(p, p.stat().st_mtime_ns) for p in store.files()] == before
    assert stored(store)[0][2] == "online"
    assert DossierImport.objects.count() == 1


def test_skip_bad_rows_stores_the_good_rows_and_still_lists_the_bad_ones(tree, store, tmp_path):
    path = write_export(
        tmp_path / "a.csv",
        [
            dossier("HS1", "T99901"),
            dossier("HS2", "T99901", received_at="31/02/2023"),
            dossier("HS3", "T99902"),
        ],
    )
    report = import_file(path, store=store, skip_bad_rows=True)
    assert not report.refused and report.import_id is not None
    assert (report.rows_accepted, report.rows_rejected, report.new) == (2, 1, 2)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "received_at", "31/02/2023")]
    assert [r[0] for r in stored(store)] == ["HS1", "HS3"]


def test_an_xlsx_with_typed_cells_is_read_column_wise(tree, store, tmp_path):
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã hồ sơ", "Mã thủ tục", "Đơn vị tiếp nhận", "Ngày tiếp nhận", "Hình thức tiếp nhận"])
    sheet.append(["HS1", "P1", "T99901", dt.datetime(2023, 3, 10, 8, 30), "Trực tuyến"])
    sheet.append([])  # a blank row is skipped but the numbering stays Excel's
    sheet.append(["HS2", "P1", "T99902", dt.datetime(2023, 3, 11), "Fax"])
    book.save(tmp_path / "a.xlsx")
    report = import_file(tmp_path / "a.xlsx", store=store)
    assert report.read_as == "xlsx" and report.rows_total == 2
    assert [(e.row, e.column, e.value) for e in report.errors] == [(4, "channel", "Fax")]
    report = import_file(tmp_path / "a.xlsx", store=store, skip_bad_rows=True)
    assert [(r[0], str(r[4])) for r in stored(store)] == [("HS1", "2023-03-10")]


def test_a_workbook_time_alone_is_not_a_date_and_a_chart_sheet_or_empty_sheet_is_passed_over(
    tree, store, tmp_path
):
    import datetime as dt

    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    book.active.title = "trống"  # an empty first sheet
    chart = book.create_chartsheet("biểu đồ", 1)
    sheet = book.create_sheet("hồ sơ")
    sheet.append([])  # a blank row above the header: Excel's numbering is kept
    sheet.append(["Mã hồ sơ", "Mã thủ tục", "Đơn vị tiếp nhận", "Ngày tiếp nhận", "Hình thức tiếp nhận"])
    sheet.append(["HS1", "P1", "T99901", dt.datetime(2023, 3, 10, 8, 30), "Trực tuyến"])
    sheet.append(["HS2", "P1", "T99902", dt.time(10, 0), "Trực tiếp"])  # Excel's day 0 + a time
    bars = BarChart()
    bars.add_data(Reference(sheet, min_col=1, min_row=2, max_row=3))
    chart.add_chart(bars)
    book.save(tmp_path / "a.xlsx")
    report = import_file(tmp_path / "a.xlsx", store=store, dry_run=True)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(4, "received_at", "10:00:00")]
    assert report.rows_total == 2


def test_rows_keep_their_file_numbers_when_the_csv_is_read_in_parallel_chunks(
    tree, store, tmp_path, settings
):
    """~25 MB: DuckDB splits the scan across threads; row numbers must still be the file's."""
    settings.CDS_DUCKDB_THREADS = 2  # the test run's one thread would never split the scan
    lines = [",".join(f'"{h}"' for h in HEADERS.values())]
    name = "Đăng ký khai sinh " + "x" * 80  # a long name: a bigger file
    cells = ["HS{i}", "P1", name, "Hộ tịch", "T9990{u}", "10/03/2023 08:00", "12/03/2023", "", ""]
    template = ",".join([*cells, "{channel}", "Toàn trình", "Không", "Không", "Không", "Không", "", ""])
    rows = 110_000
    for i in range(rows):
        channel = "Fax" if i in (17, 98_765) else "Trực tuyến"
        lines.append(template.format(i=i, u=1 + i % 2, channel=channel))
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 20_000_000
    report = import_file(path, store=store)
    assert report.refused and [(e.row, e.column, e.value) for e in report.errors] == [
        (19, "channel", "Fax"),
        (98_767, "channel", "Fax"),
    ]
    report = import_file(path, store=store, skip_bad_rows=True)
    assert report.new == rows - 2
    numbered = duckdb.sql(
        f"SELECT count(*) FILTER (source_row <> TRY_CAST(dossier_code[3:] AS INTEGER) + 2), count(*) "
        f"FROM {store.relation_sql(store.files())}"
    ).fetchone()
    assert numbered == (0, rows - 2)


def test_cells_are_trimmed_and_blank_cells_are_blank_not_unknown_words(tree, store, tmp_path):
    rows = [
        dossier(" HS1 ", "T99901", channel="  Trực tuyến ", field=" Hộ tịch"),
        dossier("HS2", "T99901", channel="   "),
        dossier("HS3", "T99901", received_at="  "),
        dossier("HS4", "T99901", received_at=" 11/03/2023 "),
    ]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store)
    assert [(e.row, e.column, e.value, e.reason_en) for e in report.errors] == [
        (3, "channel", "", "required cell is blank"),
        (4, "received_at", "", "required cell is blank"),
    ]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store, skip_bad_rows=True)
    assert [(r[0], r[2], r[3], str(r[4])) for r in stored(store)] == [
        ("HS1", "online", "Hộ tịch", "2023-03-10"),
        ("HS4", "online", "Hộ tịch", "2023-03-11"),
    ]


def test_a_utf8_csv_with_decomposed_accents_is_stored_as_nfc(tree, store, tmp_path):
    import unicodedata

    rows = [dossier("HS1", "T99901", field="Chứng thực"), dossier("HS2", "T99902", channel="Trực tiếp")]
    path = write_export(tmp_path / "a.csv", [*rows, dossier("HS3", "Xã Đâu Đó")])
    path.write_bytes(unicodedata.normalize("NFD", path.read_text(encoding="utf-8-sig")).encode("utf-8"))
    report = import_file(path, store=store, skip_bad_rows=True)
    assert report.new == 2 and stored(store)[0][3] == unicodedata.normalize("NFC", "Chứng thực")
    assert [(r[1], r[2]) for r in stored(store)] == [(tree["a"].pk, "online"), (tree["b"].pk, "direct")]
    name = duckdb.sql(f"SELECT procedure_name FROM {store.relation_sql(store.files())} LIMIT 1").fetchone()[0]
    assert name == unicodedata.normalize("NFC", "Đăng ký khai sinh")
    assert [(e.row, e.value) for e in report.errors] == [(4, unicodedata.normalize("NFC", "Xã Đâu Đó"))]
    assert report.unmatched_units[0]["text"] == unicodedata.normalize("NFC", "Xã Đâu Đó")


def test_every_date_shape_is_read_whichever_path_reads_it(tree, store, tmp_path):
    shapes = {
        "HS1": ("10/03/2023", "2023-03-10 00:00:00"),
        "HS2": ("10/03/2023 08:30", "2023-03-10 08:30:00"),
        "HS3": ("10/03/2023 08:30:15", "2023-03-10 08:30:15"),
        "HS4": ("1/3/2023", "2023-03-01 00:00:00"),
        "HS5": ("2023-03-10", "2023-03-10 00:00:00"),
        "HS6": ("2023-03-10 08:30:00", "2023-03-10 08:30:00"),
        "HS7": ("10-03-2023", "2023-03-10 00:00:00"),
        "HS8": ("10.03.2023", "2023-03-10 00:00:00"),
        "HS9": ("44995.5", "2023-03-10 12:00:00"),
        "HS10": (" 10/03/2023 08:30 ", "2023-03-10 08:30:00"),
    }
    rows = [dossier(code, "T99901", received_at=text) for code, (text, _) in shapes.items()]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store)
    assert report.errors == [] and report.new == len(shapes)
    got = duckdb.sql(
        f"SELECT dossier_code, strftime(received_at, '%Y-%m-%d %H:%M:%S') FROM {store.relation_sql(store.files())}"
    ).fetchall()
    assert dict(got) == {code: want for code, (_, want) in shapes.items()}
