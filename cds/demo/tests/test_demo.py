import re

import pytest
from django.core.management import call_command

from cds.demo import calendar
from cds.lib.periods import parse_period
from cds.lib.vn_numbers import parse_number
from cds.reports.kinds import ReportOptions, build_report
from cds.units.services import resolve_unit
from cds.values.models import DataValue, ValueChange
from cds.values.validation import check_unit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_loads_real_figures_and_synthetic_neighbours_and_is_idempotent(units, capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    assert "cds-Admin-2025" in first
    # counts in the summary are written the Vietnamese way («16.000 hồ sơ mới», never «16000»);
    # passwords, codes and years are not counts
    counts = re.findall(
        r"(?<![\w.,/-])(\d{4,})(?= (?:hồ sơ|giá trị|văn bản|Tổ|thành viên|nhiệm vụ|mới|xã))", first
    )
    assert not counts, counts
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
    the_reports_moved_by_the_submission_rules_and_the_one_documented_exception(son_nham)

    call_command("demo", "--no-serve")
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (values, changes)
    the_province_report_states_no_communes_figure_as_the_provinces()


def the_reports_moved_by_the_submission_rules_and_the_one_documented_exception(son_nham) -> None:
    """Every past report is approved: synthetic ones passed the rules (warnings explained), the sample
    reports' own errors are in their history as the reason they were recorded as issued."""
    cutoff = calendar.current_quarter(calendar.demo_today()).start
    assert not DataValue.objects.filter(period_end__lt=cutoff).exclude(status="approved").exists()
    sent = ValueChange.objects.filter(
        value__unit=son_nham, value__period="2023-12-15..2024-10-31", action="submit"
    )
    assert sent.exists() and all("14/23 = 60,87%, báo cáo ghi 164%" in c.reason for c in sent)
    assert all(c.reason.startswith("Báo cáo mẫu đã ký ban hành") for c in sent)
    # the whole report, its computed values too: the province's 2024 report counts Sơn Nham's teams
    teams = DataValue.objects.get(unit=son_nham, period="2024", indicator__code="teams.teams_total")
    assert (teams.source_kind, teams.status) == ("computed", "approved")
    synthetic = ValueChange.objects.filter(action="submit", value__source_kind="demo")
    assert not synthetic.filter(reason__contains="Báo cáo mẫu").exists()


def the_province_report_states_no_communes_figure_as_the_provinces() -> None:
    """On the demo (built once above, it is slow): issue 12's province report for 2024."""
    period = parse_period("2024")
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=period.end)
    built = build_report("consolidated", province, period, ReportOptions(charts=False))
    text = built.narrative
    assert "ban hành 20 văn bản" not in text and "48.000.000" not in text
    assert "Trên địa bàn có 7 Tổ công nghệ số cộng đồng" not in text
    # listed, not totalled (the coverage once for the figures sharing it)
    assert re.search(r"Tổng số Tổ CNSCĐ các cấp[;][^()]*\(cả \d+ chỉ tiêu: 1/173 đơn vị có số liệu\)", text)
    assert "(theo số liệu đã duyệt của 171/173 đơn vị)" in text  # e.g. residents trained: 2 units have none
    *rows, total = built.appendix_rows["units"]
    for column in (2, 3):  # dossiers, online dossiers: the total row is the sum of the rows shown
        shown = [parse_number(r[column], "count").value for r in rows if r[column]]
        summed = parse_number(total[column], "count").value if total[column] else None
        assert summed == (sum(shown) if shown else None)
