"""Issue 15: published DTI tables name their units as the decision prints them — a districts
table has no `level` column, a commune's name repeats across the country, «Ba Tơ» is both a
district and its town. The level comes from the name's type word or the table; `--in` scopes."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from cds.dti.models import Result
from cds.dti.published import import_results
from cds.lib.testing import text_file

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def write(tmp_path: Path, text: str, name: str = "ket-qua.csv") -> Path:
    return text_file(tmp_path, text, name)


def test_a_districts_table_without_a_level_column_imports_at_the_level_its_names_say(tmp_path):
    path = write(
        tmp_path,
        "Đơn vị,Năm,Tổng điểm,Xếp hạng\n"
        "Huyện Ba Tơ,2023,512,3\nThị xã Đức Phổ,2023,601,1\nThành phố Quảng Ngãi,2023,588,2\n",
    )
    report = import_results(path)
    assert report.ok, [str(e) for e in report.errors]
    assert sorted(Result.objects.values_list("unit__code", "level")) == [
        ("522", "district"),
        ("534", "district"),
        ("535", "district"),
    ]


def test_a_bare_name_in_a_districts_table_is_read_as_the_district(tmp_path):
    # «Ba Tơ» alone is Huyện Ba Tơ or Thị trấn Ba Tơ; the table's other rows are districts
    path = write(tmp_path, "unit,year,total\nBa Tơ,2023,512\nHuyện Sơn Hà,2023,498\nTX Đức Phổ,2023,601\n")
    report = import_results(path)
    assert report.ok, [str(e) for e in report.errors]
    assert Result.objects.get(unit__code="535").level == "district"


def test_a_commune_name_repeated_across_the_country_is_scoped_by_in(tmp_path):
    path = write(tmp_path, "unit,year,total\nXã Bình Minh,2023,412\nXã Thanh An,2023,380\n")
    refused = import_results(path)
    assert not refused.ok
    first = refused.errors[0]
    assert (first.where.file, first.where.row, first.where.column, first.where.value) == (
        "ket-qua.csv",
        2,
        "unit",
        "Xã Bình Minh",
    )
    assert "(trước 1/7/2025)" in first.vi and "«Xã Bình Minh, " in first.vi
    scoped = import_results(path, within="Quảng Ngãi")
    assert scoped.ok, [str(e) for e in scoped.errors]
    assert sorted(Result.objects.values_list("unit__code", flat=True)) == ["21085", "21355"]


def test_a_level_column_still_decides(tmp_path):
    path = write(tmp_path, "unit,year,total,level\nBa Tơ,2023,512,commune\n")
    report = import_results(path)
    assert report.ok, [str(e) for e in report.errors]
    assert Result.objects.get().unit.name == "Thị trấn Ba Tơ"


def test_the_command_takes_in_and_province(tmp_path):
    path = write(tmp_path, "unit,year,total\nXã Bình Minh,2023,412\n")
    call_command("dti", "import-results", str(path), "--province", "Quảng Ngãi", skip_checks=True)
    assert Result.objects.get().unit.code == "21085"
    call_command("dti", "import-results", str(path), "--in", "Huyện Bình Sơn", skip_checks=True)
    assert Result.objects.count() == 1


def test_a_unit_listed_without_a_score_or_with_a_not_assessed_status_is_imported_as_not_ranked(tmp_path):
    from cds.dti.models import ResultStatus
    from cds.dti.ranking import rank_scope
    from cds.units.services import resolve_unit

    path = write(
        tmp_path,
        "Đơn vị,Năm,Tổng điểm,Trạng thái\n"
        "Xã Sơn Nham,2023,412,\nXã Sơn Hạ,2023,,\nXã Sơn Giang,2023,,Không tự đánh giá\n",
    )
    report = import_results(path, within="Huyện Sơn Hà")
    assert report.ok, [str(e) for e in report.errors]
    statuses = dict(Result.objects.values_list("unit__name", "status"))
    assert statuses == {
        "Xã Sơn Nham": ResultStatus.PUBLISHED,
        "Xã Sơn Hạ": ResultStatus.NOT_ASSESSED,
        "Xã Sơn Giang": ResultStatus.NOT_ASSESSED,
    }
    ranking = rank_scope(2023, resolve_unit("Huyện Sơn Hà", era="legacy"))
    assert [e.unit.name for e in ranking.ranked] == ["Xã Sơn Nham"]
    assert {e.unit.name for e in ranking.not_assessed} == {"Xã Sơn Hạ", "Xã Sơn Giang"}


def test_a_not_assessed_status_with_a_score_is_refused(tmp_path):
    path = write(tmp_path, "unit,year,total,status\nXã Sơn Giang,2023,300,không tự đánh giá\n")
    (error,) = import_results(path, within="Huyện Sơn Hà").errors
    assert (error.where.row, error.where.column) == (2, "status")


def test_the_units_of_the_scope_absent_from_a_full_list_are_listed_and_recorded_as_not_assessed(tmp_path):
    from cds.dti.models import ResultStatus

    path = write(tmp_path, "unit,year,total\nXã Sơn Nham,2023,412\nXã Sơn Hạ,2023,398\n")
    report = import_results(path, within="Huyện Sơn Hà", dry_run=True)
    assert report.ok and len(report.absent) > 5 and "Xã Sơn Giang" in report.absent
    assert Result.objects.count() == 0
    full = import_results(path, within="Huyện Sơn Hà", complete=True)
    assert full.ok and full.created == 2 + len(report.absent)
    assert Result.objects.get(unit__name="Xã Sơn Giang").status == ResultStatus.NOT_ASSESSED
