"""Issue 15 (registries without the web): courses are imported from and exported to Excel/CSV
through the course operation (``operations.save_course``), like members and activities."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cds.history.models import ChangeRecord
from cds.lib.tabular import write_table
from cds.registries import io as registry_io
from cds.registries.models import Course
from cds.units.testing import small_tree
from cds.values.services import Actor

pytestmark = pytest.mark.django_db

HEADERS = ["Đơn vị", "Loại khóa học", "Tên khóa học", "Ngày bắt đầu", "Ngày kết thúc", "Hình thức",
           "Số lớp", "CB, CC, NHĐKCT", "Thành viên Tổ CNSCĐ", "Người dân"]  # fmt: skip


def _file(tmp_path: Path, rows: list[list[str]], name: str = "khoa_hoc.csv") -> Path:
    path = tmp_path / name
    write_table(path, HEADERS, rows)
    return path


def test_a_course_file_as_people_write_it_is_imported_once_with_its_groups(tmp_path: Path) -> None:
    tree = small_tree()
    path = _file(tmp_path, [
        [tree["a"].code, "Tập huấn chuyển đổi số trên địa bàn", "Tập huấn kỹ năng số", "14/3/2023", "15/3/2023",
         "Trực tiếp", "2", "1.250", "12", ""],
    ])  # fmt: skip
    first = registry_io.import_courses(path, Actor("test"))
    assert (first.ok, first.created) == (True, 1), first.errors
    course = Course.objects.get()
    assert (course.kind, course.sessions, course.ends_on) == ("local", 2, dt.date(2023, 3, 15))
    groups = {p.group: p.participants for p in course.participations.all()}
    assert groups == {"officials": 1250, "team_members": 12}  # an empty cell is not known, not 0
    assert ChangeRecord.objects.filter(object_id=str(course.pk)).exists()
    assert registry_io.import_courses(path, Actor("test")).unchanged == 1


def test_courses_round_trip_through_excel(tmp_path: Path) -> None:
    tree = small_tree()
    path = _file(tmp_path, [
        [tree["a"].code, "Khóa học trực tuyến", "Nền tảng MOOCs", "1/6/2024", "", "Trực tuyến", "1", "", "", "540"],
    ])  # fmt: skip
    registry_io.import_courses(path, Actor("test"))
    out = tmp_path / "courses.xlsx"
    assert registry_io.export_courses(out, tree["a"]) == 1
    Course.objects.all().delete()
    again = registry_io.import_courses(out, Actor("test"))
    assert again.created == 1 and Course.objects.get().participations.get().participants == 540


def test_bad_rows_are_all_named_and_nothing_is_written(tmp_path: Path) -> None:
    tree = small_tree()
    path = _file(tmp_path, [
        [tree["a"].code, "Tập huấn chuyển đổi số trên địa bàn", "A", "14/3/2023", "1/3/2023", "", "", "", "", ""],
        [tree["a"].code, "Hội thảo", "B", "14/3/2023", "", "", "", "", "", ""],
        ["Xã Không Có Thật", "Khóa học trực tuyến", "C", "14/3/2023", "", "", "", "", "", ""],
    ])  # fmt: skip
    report = registry_io.import_courses(path, Actor("test"))
    assert Course.objects.count() == 0 and [e.where.row for e in report.errors] == [2, 3, 4]
    assert report.errors[1].where.column == "kind" and "one of" in report.errors[1].en
    assert report.errors[2].where.column == "unit"


def test_the_training_commands_import_and_export_courses(tmp_path: Path) -> None:
    tree = small_tree()
    path = _file(tmp_path, [
        [tree["a"].code, "Khóa học trực tuyến", "Nền tảng MOOCs", "1/6/2024", "", "", "", "", "", "540"],
    ])  # fmt: skip
    out = io.StringIO()
    call_command("training", "import-courses", str(path), "--in", tree["province"].code, stdout=out)
    assert "1 mới / new" in out.getvalue()
    call_command("training", "export-courses", str(tmp_path / "x.csv"), "--unit", tree["a"].code, stdout=out)
    assert "1 khóa học / courses" in out.getvalue()
    with pytest.raises(CommandError, match="dòng 2"):
        call_command("training", "import-courses", str(_file(tmp_path, [
            [tree["a"].code, "Hội thảo", "B", "14/3/2023", "", "", "", "", "", ""]], "bad.csv")), stdout=out)  # fmt: skip
