"""Issue 15: member and activity files name the team's unit as people write it; the import takes
``--in``/``--province`` like every import of unit names, through the one matcher."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from cds.lib.tabular import write_table
from cds.registries import io as registry_io
from cds.registries.models import Member
from cds.units.testing import small_tree_with_a_namesake
from cds.values.services import Actor

from .helpers import team_with_members

pytestmark = pytest.mark.django_db


def test_a_namesake_commune_is_refused_then_found_inside_the_scope(tmp_path: Path) -> None:
    tree = small_tree_with_a_namesake()
    team_with_members(tree["a"], "commune", "Tổ xã An", 0, dt.date(2023, 1, 1))
    path = tmp_path / "thanh_vien.csv"
    write_table(
        path, ["Đơn vị", "Tổ", "Họ và tên", "Ngày tham gia"], [["Xã An", "Tổ xã An", "Lê Văn A", "2/1/2023"]]
    )
    (error,) = registry_io.import_members(path, Actor("test")).errors
    assert (error.where.row, error.where.column, error.where.value) == (2, "unit", "Xã An")
    assert "Huyện Khác" in error.vi
    report = registry_io.import_members(path, Actor("test"), within="Tỉnh Thử Nghiệm")
    assert report.ok and report.created == 1
    Member.objects.all().delete()
    call_command("teams", "import-members", str(path), "--province", "Tỉnh Thử Nghiệm", stdout=None)
    assert Member.objects.get().team.unit == tree["a"]
