import pytest
from django.core.management import call_command

from cds.lib.periods import parse_period
from cds.units.services import resolve_unit
from cds.values.models import DataValue, ValueChange
from cds.values.validation import check_unit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_loads_real_figures_and_synthetic_neighbours_and_is_idempotent(units, capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    assert "cds-Admin-2025" in first
    values, changes = DataValue.objects.count(), ValueChange.objects.count()
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà")
    real = DataValue.objects.get(
        unit=son_nham, indicator__code="dvc.dossiers_total", period="2023-12-15..2024-10-31"
    )
    assert (real.raw, real.source_kind) == ("1.463", "import")  # the report's figure, kept as written
    assert not DataValue.objects.filter(unit=son_nham, source_kind="demo").exists()  # real figures only
    assert DataValue.objects.filter(source_kind="demo").count() > 10_000
    report = check_unit(son_nham, parse_period("2023-12-15..2024-10-31"))
    assert any("14/23 = 60,87%" in v.message_vi for v in report.errors)

    call_command("demo", "--no-serve")
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (values, changes)
