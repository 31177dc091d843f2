"""Issue 15 (registries without the web): teams themselves from and to Excel/CSV, through
``operations.put_team``, so a new user sets up their teams, then imports the members."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cds.lib.tabular import write_table
from cds.registries import io as registry_io
from cds.registries.models import Team
from cds.units.models import Unit
from cds.units.testing import small_tree
from cds.values.services import Actor

pytestmark = pytest.mark.django_db

HEADERS = ["Đơn vị", "Tên tổ", "Cấp", "Thôn, tổ dân phố", "Ngày thành lập"]


def test_a_teams_file_is_imported_once_and_an_area_never_creates_a_unit(tmp_path: Path) -> None:
    tree = small_tree()
    units = Unit.objects.count()
    path = tmp_path / "to.csv"
    write_table(path, HEADERS, [
        [tree["a"].code, "Tổ CNSCĐ xã An", "Cấp xã", "", "15/3/2023"],
        [tree["a"].code, "Tổ thôn Khê Thủy", "village", "thôn Khê Thủy", "1/4/2023"],
    ])  # fmt: skip
    first = registry_io.import_teams(path, Actor("test"))
    assert (first.ok, first.created) == (True, 2), first.errors
    assert registry_io.import_teams(path, Actor("test")).unchanged == 2
    assert Unit.objects.count() == units and Team.objects.get(level="village").village is None
    out = tmp_path / "teams.xlsx"
    assert registry_io.export_teams(out, tree["a"]) == 2
    Team.objects.all().delete()
    assert registry_io.import_teams(out, Actor("test")).created == 2


def test_bad_team_rows_are_all_named_and_nothing_is_written(tmp_path: Path) -> None:
    tree = small_tree()
    path = tmp_path / "to.csv"
    write_table(path, HEADERS, [
        [tree["a"].code, "A", "cấp thôn xóm", "", "15/3/2023"],
        [tree["a"].code, "B", "Cấp xã", "", "31/02/2023"],
    ])  # fmt: skip
    report = registry_io.import_teams(path, Actor("test"))
    assert not Team.objects.exists()
    assert [(e.where.row, e.where.column) for e in report.errors] == [(2, "level"), (3, "established_on")]


def test_the_teams_commands_import_and_export_teams(tmp_path: Path) -> None:
    tree = small_tree()
    path = tmp_path / "to.csv"
    write_table(path, HEADERS, [[tree["a"].code, "Tổ CNSCĐ xã An", "Cấp xã", "", "15/3/2023"]])
    out = io.StringIO()
    call_command("teams", "import-teams", str(path), "--in", tree["province"].code, stdout=out)
    call_command("teams", "export-teams", str(tmp_path / "x.csv"), "--unit", tree["a"].code, stdout=out)
    assert "1 mới / new" in out.getvalue() and "1 tổ / teams" in out.getvalue()
