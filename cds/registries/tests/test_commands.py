"""The registry commands, run through call_command, and the member/activity imports."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cds.lib.tabular import write_table
from cds.registries import io as registry_io
from cds.registries.models import Activity, Member
from cds.units.testing import small_tree
from cds.values.services import Actor

from .helpers import team_with_members

pytestmark = pytest.mark.django_db


def _run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is not None:
        import sys

        saved, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            call_command(*args, stdout=out, stderr=io.StringIO())
        finally:
            sys.stdin = saved
    else:
        call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_docs_extract_prints_citations_as_json_from_stdin() -> None:
    payload = json.loads(
        _run("docs", "extract", "-", stdin="Kế hoạchsố 125/KH-UBND ngày 30/6/2022 về triển khai")
    )
    assert [(c["reference"], c["date"]) for c in payload] == [("125/KH-UBND", "2022-06-30")]
    assert payload[0]["warnings"][0]["en"].endswith("lacks a space before 'số'")


def test_docs_extract_table_shows_a_laws_name() -> None:
    out = _run("docs", "extract", "-", "--format", "csv", stdin="Căn cứ Luật Viễn thông số 24/2023/QH15;")
    header, row = out.strip().splitlines()
    assert header.split(",")[:3] == ["type", "reference", "title"]
    assert row.split(",")[:3] == ["Luật", "24/2023/QH15", "Viễn thông"]


def test_docs_register_with_yes_saves_and_count_reads_them(tmp_path: Path) -> None:
    tree = small_tree()
    text = tmp_path / "doan.txt"
    text.write_text(
        "Kế hoạch số 38/KH-UBND ngày 14/3/2023; Công văn số 198/UBND ngày 28/3/2023.", encoding="utf-8"
    )
    out = _run("docs", "register", str(text), "--unit", tree["a"].code, "--yes")
    assert "2 mới / new" in out
    counts = json.loads(
        _run("docs", "count", "--unit", tree["a"].code, "--period", "2023Q1", "--format", "json")
    )
    assert {r["indicator"]: r["value"] for r in counts}["docs.issued_total"] == 2


def test_an_unknown_unit_is_a_bilingual_command_error() -> None:
    with pytest.raises(CommandError, match=r"không tìm thấy.* / .*no administrative unit"):
        _run("teams", "counts", "--unit", "Xã Không Có Thật", "--period", "2024")


def test_members_round_trip_through_excel_and_a_second_import_changes_nothing(tmp_path: Path) -> None:
    tree = small_tree()
    team_with_members(tree["a"], "commune", "Tổ xã An", 3, dt.date(2023, 1, 1))
    path = tmp_path / "members.xlsx"
    assert registry_io.export_members(path, tree["a"], personal=True) == 3
    Member.objects.all().delete()
    first = registry_io.import_members(path, Actor("test"))
    assert (first.ok, first.created) == (True, 3)
    assert registry_io.import_members(path, Actor("test")).unchanged == 3


def test_registry_files_are_written_in_vietnamese_whatever_language_is_active(tmp_path: Path) -> None:
    """An export after an English page in the same process (Django keeps the last request's language
    active) still writes the Vietnamese labels its import reads (seen in CI: order-dependent)."""
    from django.utils import translation

    tree = small_tree()
    team = team_with_members(tree["a"], "commune", "Tổ xã An", 2, dt.date(2023, 1, 1))
    Activity.objects.create(team=team, held_on=dt.date(2023, 9, 15), kind="guidance", platforms=["payment"])
    members, activities = tmp_path / "members.xlsx", tmp_path / "activities.xlsx"
    with translation.override("en"):
        registry_io.export_members(members, tree["a"], personal=True)
        registry_io.export_activities(activities, tree["a"])
    Member.objects.all().delete()
    Activity.objects.all().delete()
    assert registry_io.import_members(members, Actor("test")).created == 2
    assert registry_io.import_activities(activities, Actor("test")).created == 1
    assert Activity.objects.get().platforms == ["payment"]


def test_a_bad_row_names_file_row_column_and_value_and_nothing_is_written(tmp_path: Path) -> None:
    tree = small_tree()
    team_with_members(tree["a"], "commune", "Tổ xã An", 0, dt.date(2023, 1, 1))
    path = tmp_path / "hoat_dong.csv"
    write_table(path, ["Đơn vị", "Tổ", "Ngày", "Số người được hướng dẫn", "Nền tảng"], [
        [tree["a"].code, "Tổ xã An", "15/9/2023", "203", "VNeID, Dịch vụ công trực tuyến"],
        [tree["a"].code, "Tổ xã An", "31/02/2023", "5", ""],
        [tree["a"].code, "Tổ không có", "1/9/2023", "5", ""],
    ])  # fmt: skip
    report = registry_io.import_activities(path, Actor("test"))
    assert not report.ok and Activity.objects.count() == 0
    first, second = report.errors
    assert (first.where.file, first.where.row, first.where.column) == ("hoat_dong.csv", 3, "held_on")
    assert second.where.row == 4 and "has no team" in second.en
    with pytest.raises(CommandError, match="dòng 3"):
        _run("teams", "import-activities", str(path))


def test_training_appendix_and_plans_commands_print_tables() -> None:
    tree = small_tree()
    out = _run("training", "appendix", "--unit", tree["a"].code, "--period", "2023Q3", "--format", "csv")
    assert out.splitlines()[-1].startswith(",Tổng Cộng,0,0,0")
    with pytest.raises(CommandError, match="chưa có kế hoạch"):
        _run("plans", "show", "--unit", tree["a"].code, "--year", "2024")


def test_plans_show_reads_the_year_as_people_write_it_and_refuses_a_non_year_in_words() -> None:
    tree = small_tree()
    with pytest.raises(CommandError, match="chưa có kế hoạch CĐS năm 2024"):
        _run("plans", "show", "--unit", tree["a"].code, "--year", "năm 2024")
    with pytest.raises(CommandError, match="viết năm bằng 4 chữ số"):
        _run("plans", "show", "--unit", tree["a"].code, "--year", "2.024")


def test_docs_count_record_writes_the_document_counts_into_the_values_once(tmp_path: Path) -> None:
    """Issue 15: `cds docs count --record` records the docs.* counts as computed values, as
    `cds training counts --record` does; --dry-run writes nothing and a second run changes nothing."""
    from cds.values.models import DataValue

    tree = small_tree()
    text = tmp_path / "doan.txt"
    text.write_text(
        "Kế hoạch số 38/KH-UBND ngày 14/3/2023; Công văn số 198/UBND ngày 28/3/2023.", encoding="utf-8"
    )
    _run("docs", "register", str(text), "--unit", tree["a"].code, "--yes")
    count = ("docs", "count", "--unit", tree["a"].code, "--period", "2023Q1")
    _run(*count, "--dry-run")
    assert not DataValue.objects.filter(unit=tree["a"], indicator__code__startswith="docs.").exists()
    _run(*count, "--record")
    recorded = DataValue.objects.get(unit=tree["a"], indicator__code="docs.issued_total", period="2023Q1")
    assert (
        recorded.number == 2 and recorded.source_kind == "computed" and recorded.source_ref == "registry:docs"
    )
    from cds.values.models import ValueChange

    assert set(ValueChange.objects.filter(value=recorded).values_list("actor", flat=True)) == {
        "cds docs count"
    }
    err = io.StringIO()
    call_command(*count, "--record", stdout=io.StringIO(), stderr=err)
    assert "0 mới / new, 0 đổi / changed" in err.getvalue()


def test_teams_add_creates_a_team_once_so_its_members_can_be_imported() -> None:
    tree = small_tree()
    args = ("teams", "add", "--unit", tree["a"].code, "--name", "Tổ CNSCĐ xã An", "--level", "commune",
            "--established", "15/3/2023")  # fmt: skip
    assert "mới / new" in _run(*args)
    assert "không đổi / unchanged" in _run(*args)
    from cds.registries.models import Team

    assert Team.objects.get().established_on == dt.date(2023, 3, 15)
    with pytest.raises(CommandError, match="level"):
        _run(
            "teams",
            "add",
            "--unit",
            tree["a"].code,
            "--name",
            "X",
            "--level",
            "thôn",
            "--established",
            "1/1/2023",
        )
