"""Issue 15: a values file names communes as people write them; namesakes in other provinces are
told apart by the import's scope (``within``, ``cds data import --in/--province``), on each
row's map, through the one matcher of imports."""

import csv
import io

import pytest
from django.core.management import call_command

from cds.units.testing import small_tree_with_a_namesake
from cds.values.io import import_values
from cds.values.models import DataValue
from cds.values.services import Actor

pytestmark = pytest.mark.django_db
ACTOR = Actor("tester")


def write_csv(path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["unit", "period", "indicator", "value", "note"])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def namesakes():
    return small_tree_with_a_namesake()


def test_a_namesake_is_refused_with_its_candidates_then_read_inside_the_scope(namesakes, tmp_path):
    path = write_csv(tmp_path / "q3.csv", [["Xã An", "2023Q3", "dvc.dossiers_total", "12", ""]])
    refused = import_values(path, ACTOR)
    (error,) = refused.errors
    assert (error.where.row, error.where.column, error.where.value) == (2, "unit", "Xã An")
    assert "Huyện Mẫu" in error.vi and "Huyện Khác" in error.vi
    report = import_values(path, ACTOR, within="Tỉnh Thử Nghiệm")
    assert report.ok, [str(e) for e in report.errors]
    assert DataValue.objects.get().unit == namesakes["a"]


def test_the_command_takes_province(namesakes, tmp_path):
    path = write_csv(tmp_path / "q3.csv", [["Xã An", "2023Q3", "dvc.dossiers_total", "12", ""]])
    call_command("data", "import", str(path), "--province", "Tỉnh Thử Nghiệm", skip_checks=True)
    assert DataValue.objects.get().unit == namesakes["a"]
