import re

import pytest
from django.core.management import call_command

from cds.lib.periods import parse_period
from cds.lib.vn_numbers import parse_number
from cds.reports.builders import ReportOptions, build_report
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
    the_province_report_states_no_communes_figure_as_the_provinces()


def the_province_report_states_no_communes_figure_as_the_provinces() -> None:
    """On the demo (built once above, it is slow): issue 12's province report for 2024."""
    period = parse_period("2024")
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=period.end)
    built = build_report("consolidated", province, period, ReportOptions(charts=False))
    text = built.narrative
    assert "ban hành 20 văn bản" not in text and "48.000.000" not in text
    assert "Trên địa bàn có 7 Tổ công nghệ số cộng đồng" not in text
    assert re.search(r"Tổng số Tổ CNSCĐ các cấp \(1/171 đơn vị có số liệu\)", text)  # listed, not totalled
    assert "(theo số liệu của 169/171 đơn vị)" in text  # e.g. residents trained: 2 units have none
    *rows, total = built.appendix_rows["units"]
    for column in (2, 3):  # dossiers, online dossiers: the total row is the sum of the rows shown
        shown = [parse_number(r[column], "count").value for r in rows if r[column]]
        summed = parse_number(total[column], "count").value if total[column] else None
        assert summed == (sum(shown) if shown else None)
