"""Issue 15: a commune's thôn / tổ dân phố list imported from a file (the denominator of «N/N
thôn»), all or nothing, every bad row named by file, row, column and value."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cds.lib.testing import text_file
from cds.units.models import Era, Level, Unit
from cds.units.services import units_below
from cds.units.testing import get_unit
from cds.units.villages import import_villages

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def write(tmp_path: Path, text: str, name: str = "thon.csv") -> Path:
    return text_file(tmp_path, text, name)


def test_a_communes_village_list_is_imported_once_and_counts_as_the_denominator(tmp_path):
    path = write(tmp_path, "Tên thôn\nThôn Nham Bắc\nthôn Nham Nam\nTổ dân phố 3\nLàng Rê\n")
    report = import_villages(path, commune="Xã Sơn Hạ, Sơn Hà", era=Era.LEGACY)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.unchanged) == (4, 0)
    commune = get_unit("21292", era=Era.LEGACY)
    names = sorted(commune.children.filter(level=Level.VILLAGE).values_list("name", flat=True))
    assert names == ["Thôn Làng Rê", "Thôn Nham Bắc", "Thôn Nham Nam", "Tổ dân phố 3"]
    again = import_villages(path, commune="Xã Sơn Hạ, Sơn Hà", era=Era.LEGACY)
    assert (again.created, again.unchanged) == (0, 4)
    counts = units_below(commune.path, Era.LEGACY, Level.VILLAGE, dt.date(2024, 12, 31))
    assert counts[commune.pk] == 4


def test_a_file_of_several_communes_names_each_rows_commune_inside_the_scope(tmp_path):
    path = write(tmp_path, "Xã,Thôn\nSơn Hạ,Thôn Gò Da\nSơn Nham,Thôn Xà Nay\n")
    report = import_villages(path, within="Huyện Sơn Hà", era=Era.LEGACY)
    assert report.ok, [str(e) for e in report.errors]
    assert Unit.objects.get(name="Thôn Xà Nay").parent.code == "21298"


def test_bad_rows_are_all_named_and_nothing_is_written(tmp_path):
    path = write(tmp_path, "Xã,Thôn\nSơn Hạ,\nXã Không Có,Thôn A\nSơn Hạ,Thôn B\nSơn Hạ,thôn b\n")
    before = Unit.objects.count()
    report = import_villages(path, within="Huyện Sơn Hà", era=Era.LEGACY)
    located = [(e.where.file, e.where.row, e.where.column) for e in report.errors]
    assert located == [("thon.csv", 2, "name"), ("thon.csv", 3, "commune"), ("thon.csv", 5, "name")]
    assert all(e.vi and e.en for e in report.errors)
    assert Unit.objects.count() == before


def test_the_command_imports_a_list(tmp_path):
    path = write(tmp_path, "Tên\nThôn Nham Bắc\n")
    out = io.StringIO()
    call_command("units", "import-villages", str(path), "--commune", "21292", "--era", "legacy", stdout=out)
    assert "1" in out.getvalue()
    with pytest.raises(CommandError, match=r"thon\.csv"):
        call_command(
            "units", "import-villages", str(write(tmp_path, "Tên,Loại\nThôn A,Xóm\n")), "--commune", "21292"
        )
