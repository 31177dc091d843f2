"""Issue 15: a published DTI table is read on the map of its year — the units that existed at
the year's close — so a 2023 table names 2023's communes and a 2026 table today's."""

from __future__ import annotations

import pytest

from cds.dti.models import Result
from cds.dti.published import import_results

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def write(tmp_path, year, unit="Xã Sơn Nham, Huyện Sơn Hà"):
    path = tmp_path / f"ket-qua-{year}.csv"
    path.write_text(f'Đơn vị,Năm,Tổng điểm\n"{unit}",{year},512\n', encoding="utf-8")
    return path


def test_a_2023_table_names_a_commune_that_ceased_in_2025(tmp_path):
    report = import_results(write(tmp_path, 2023), within="Quảng Ngãi")
    assert report.ok, [str(e) for e in report.errors]
    (result,) = Result.objects.all()
    assert (result.unit.name, result.unit.era, result.year) == ("Xã Sơn Nham", "legacy", 2023)


def test_a_2026_table_naming_that_commune_is_refused_saying_which_commune_it_is_part_of_today(tmp_path):
    report = import_results(write(tmp_path, 2026), within="Quảng Ngãi")
    (error,) = report.errors
    assert error.where.row == 2 and error.where.column == "unit"
    assert "không còn từ ngày 1/7/2025: nay thuộc Xã Sơn Hạ" in error.vi, error.vi
    assert "ceased on 1/7/2025: it is now part of Xã Sơn Hạ" in error.en
    assert not Result.objects.exists()


def test_a_commune_that_ceased_in_2020_resolves_for_2019_and_is_refused_for_2021_with_its_resolution(
    tmp_path,
):
    before = import_results(write(tmp_path, 2019, "Xã Bình Thới, Huyện Bình Sơn"), dry_run=True)
    assert before.ok, [str(e) for e in before.errors]
    after = import_results(write(tmp_path, 2021, "Xã Bình Thới, Huyện Bình Sơn"), dry_run=True)
    (error,) = after.errors
    assert "đã nhập vào Thị trấn Châu Ổ" in error.vi and "867/NQ-UBTVQH14" in error.vi
