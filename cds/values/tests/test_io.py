import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cds.lib.testing import as_cp1258
from cds.values.io import export_values, import_values
from cds.values.models import DataValue, ImportBatch, ValueChange
from cds.values.services import Actor

pytestmark = pytest.mark.django_db
ACTOR = Actor("tester")


def write_csv(path, rows, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["unit", "period", "indicator", "value", "note"])
    writer.writerows(rows)
    text = buffer.getvalue()
    path.write_bytes(as_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def test_a_clean_file_is_imported_with_provenance(tree, tmp_path):
    path = write_csv(tmp_path / "q3.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "1.463", "sổ một cửa"]])
    report = import_values(path, ACTOR)
    assert report.ok and report.created == 1
    value = DataValue.objects.get()
    assert (
        value.number == 1463
        and value.source_ref == "q3.csv dòng 2"
        and value.import_batch_id == report.batch_id
    )


def test_reimporting_the_same_file_changes_nothing(tree, tmp_path):
    path = write_csv(tmp_path / "q3.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", ""]])
    import_values(path, ACTOR)
    again = import_values(path, ACTOR)
    assert (again.created, again.updated, again.unchanged, again.batch_id) == (0, 0, 1, None)
    assert ImportBatch.objects.count() == 1 and ValueChange.objects.count() == 1


def test_every_bad_row_is_reported_and_nothing_is_written(tree, tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["T99901", "2023Q3", "dvc.dossiers_total", "12", ""],
            ["Xã Không Có", "2023Q3", "dvc.dossiers_total", "5", ""],
            ["T99902", "quý 5/2023", "dvc.dossiers_total", "5", ""],
            ["T99902", "2023Q3", "dvc.dossiers_total", "năm", ""],
        ],
    )
    report = import_values(path, ACTOR)
    assert not report.ok and DataValue.objects.count() == 0
    located = sorted((e.where.row, e.where.column) for e in report.errors)
    assert located == [(3, "unit"), (4, "period"), (5, "value")]
    assert all(e.where.file == "bad.csv" for e in report.errors)


def test_dry_run_lists_changes_without_writing(tree, tmp_path):
    path = write_csv(tmp_path / "q3.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", ""]])
    report = import_values(path, ACTOR, dry_run=True)
    assert report.created == 1 and report.as_dict()["changes"][0]["new"] == "12"
    assert DataValue.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_windows_1258_files_are_read_as_vietnamese(tree, tmp_path):
    path = write_csv(
        tmp_path / "cp.csv",
        [["T99901", "quý III/2023", "dvc.dossiers_total", "khoảng 40", "Tịnh Châu"]],
        encoding="cp1258",
    )
    report = import_values(path, ACTOR)
    assert report.ok, [str(e) for e in report.errors]
    assert DataValue.objects.get().raw == "khoảng 40"


def test_export_writes_the_import_format_and_neutralises_formulas(tree, tmp_path):
    src = write_csv(tmp_path / "in.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", "=cmd()"]])
    import_values(src, ACTOR)
    out = tmp_path / "out.csv"
    assert export_values(out, unit=tree["province"]) == 1
    text = out.read_text(encoding="utf-8-sig")
    assert "T99901,2023Q3,dvc.dossiers_total,12" in text
    assert import_values(out, ACTOR).unchanged == 1


def test_the_import_command_prints_json_and_fails_on_errors(tree, tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", ""]])
    call_command("data", "import", str(good), "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"] == 1
    bad = write_csv(tmp_path / "bad.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "mười", ""]])
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("data", "import", str(bad), "--format", "json")


def test_a_value_created_by_someone_else_during_the_import_is_reported_not_a_traceback(
    tree, tmp_path, monkeypatch
):
    """A unique-key clash between the plan and the write (PostgreSQL; SQLite serialises writers)."""
    from django.db import IntegrityError

    from cds.values import io as values_io

    def clash(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(values_io, "apply_plans", clash)
    path = write_csv(tmp_path / "q3.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", ""]])
    report = import_values(path, ACTOR)
    assert not report.ok and "nhập lại tệp" in report.errors[0].vi and "q3.csv" in str(report.errors[0])
    assert ImportBatch.objects.count() == 0 and DataValue.objects.count() == 0


def test_an_xlsx_export_keeps_a_control_character_formula_inert(tree, tmp_path):
    import openpyxl

    from cds.lib.periods import parse_period
    from cds.values.services import ValueInput, record_values

    attack = '\x1b=HYPERLINK("http://evil.example","x")'
    record_values(
        [ValueInput(tree["a"], "dvc.dossiers_total", parse_period("2023Q3"), "12", note=attack)], ACTOR
    )
    out = tmp_path / "out.xlsx"
    assert export_values(out, unit=tree["province"]) == 1
    notes = [row[-1] for row in openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert notes == ["'" + attack[1:]]


def test_a_duplicated_row_is_refused_alike_by_the_dry_run_and_the_import_naming_both_rows(tree, tmp_path):
    row = ["T99901", "2023Q3", "dvc.dossiers_total", "12", ""]
    path = write_csv(tmp_path / "dup.csv", [row, ["T99902", "2023Q3", "dvc.dossiers_total", "5", ""], row])
    dry = import_values(path, ACTOR, dry_run=True)
    real = import_values(path, ACTOR)
    assert [e.as_dict() for e in dry.errors] == [e.as_dict() for e in real.errors]
    [error] = real.errors
    assert (error.where.file, error.where.row) == ("dup.csv", 4)
    for part in (
        "dòng 2 tệp dup.csv",
        "dòng 4 tệp dup.csv",
        "Xã An (T99901)",
        "dvc.dossiers_total",
        "quý III/2023",
    ):
        assert part in error.vi
    assert "row 2 of dup.csv and row 4 of dup.csv" in error.en
    assert not DataValue.objects.exists() and not ImportBatch.objects.exists()


def test_a_change_to_a_note_alone_is_written_with_its_history(tree, tmp_path):
    import_values(
        write_csv(tmp_path / "a.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", "sổ"]]), ACTOR
    )
    again = import_values(
        write_csv(tmp_path / "b.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", "sổ một cửa"]]), ACTOR
    )
    assert (again.updated, again.unchanged) == (1, 0)
    value = DataValue.objects.get()
    assert (value.note, value.version) == ("sổ một cửa", 2)
    change = ValueChange.objects.filter(action="update").get()
    assert (change.old_note, change.new_note, change.old_raw, change.new_raw) == (
        "sổ",
        "sổ một cửa",
        "12",
        "12",
    )
    without_note = import_values(
        write_csv(tmp_path / "c.csv", [["T99901", "2023Q3", "dvc.dossiers_total", "12", ""]]), ACTOR
    )
    assert without_note.unchanged == 1 and DataValue.objects.get().note == "sổ một cửa"


def test_the_indicator_column_takes_its_vietnamese_name_typed_without_accents(tree, tmp_path):
    path = write_csv(
        tmp_path / "ten.csv", [["T99901", "2023Q3", "tong so ho so thu tuc hanh chinh", "12", ""]]
    )
    report = import_values(path, ACTOR)
    assert report.ok and DataValue.objects.get().indicator.code == "dvc.dossiers_total"


def test_an_indicator_text_that_is_neither_code_name_nor_alias_is_refused_naming_it(tree, tmp_path):
    path = write_csv(tmp_path / "ten.csv", [["T99901", "2023Q3", "Số hồ sơ lạ", "12", ""]])
    report = import_values(path, ACTOR)
    assert not report.ok and "«Số hồ sơ lạ»" in report.errors[0].message("vi")
    assert not DataValue.objects.exists()
