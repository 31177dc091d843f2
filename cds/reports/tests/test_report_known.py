"""Issue 14, item 1: the reports say what the registers know — the plan and the documents issued
(number, date, issuer, subject) in the direction section, the unit's own team with its decisions,
and the decisions of the teams below it (footnote), on the sample reports' own registers."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.units.services import resolve_unit

pytestmark = pytest.mark.django_db


def _narrative(kind: str, unit_text: str, period_code: str) -> str:
    period = parse_period(period_code)
    unit = resolve_unit(unit_text, as_of=period.end)
    return build_report(kind, unit, period, ReportOptions(charts=False)).narrative


def test_the_direction_section_cites_the_plan_and_the_documents_issued_in_the_window(registered):
    text = _narrative("periodic", "xã Sơn Nham, huyện Sơn Hà", "2024")
    assert (
        "UBND xã đã ban hành Kế hoạch số 37/KH-UBND ngày 18/3/2024 của UBND xã Sơn Nham"
        " về chuyển đổi số xã Sơn Nham năm 2024." in text
    )
    assert "đã ban hành kế hoạch chuyển đổi số năm." not in text
    # issued inside the window 15/12/2023–31/10/2024, the plan not twice, the teams' decisions apart
    listed = next(line for line in text.splitlines() if line.startswith("Các văn bản về chuyển đổi số"))
    assert (
        "Công văn số 198/UBND ngày 28/12/2023" in listed
        and "Kế hoạch số 109/KH-UBND ngày 19/9/2024" in listed
    )
    assert "37/KH-UBND" not in listed and "191/QĐ-UBND" not in listed
    assert "57/KH-UBND" not in listed  # the district's plan: cited by the commune, not issued by it


def test_the_units_own_team_is_given_with_its_decision_and_the_teams_below_in_a_footnote(registered):
    text = _narrative("periodic", "xã Sơn Nham, huyện Sơn Hà", "2024")
    assert (
        "Tổ công nghệ số cộng đồng xã Sơn Nham được kiện toàn theo Quyết định số 191/QĐ-UBND ngày 10/11/2023"
        in text
    )
    teams = next(
        line for line in text.splitlines() if line.startswith("Có 1 Tổ công nghệ số cộng đồng cấp xã")
    )
    assert "Quyết định số 192/QĐ-UBND ngày 10/11/2023" in teams and "197/QĐ-UBND" in teams  # the footnote


def test_the_city_report_cites_its_team_decision_and_its_documents_of_the_year(registered):
    text = _narrative("consolidated", "thành phố Quảng Ngãi", "2022")
    assert (
        "Tổ Công nghệ số cộng đồng thành phố Quảng Ngãi (9 thành viên) được thành lập theo"
        " Quyết định số 5488/QĐ-UBND ngày 15/9/2022." in text
    )
    assert "Quyết định số 4640/QĐ-UBND ngày 15/8/2022 về việc thành lập Ban Chỉ đạo chuyển đổi số" in text
    assert "11072/QĐ-UBND" not in text  # issued 31/12/2021: another year
    # the same team is not said twice (session 11 pages: «Có 1 Tổ … cấp huyện (9 thành viên).» before it)
    assert "Có 1 Tổ công nghệ số cộng đồng cấp huyện" not in text


def test_synthetic_member_names_are_never_printed_as_a_teams_leader(registered):
    text = _narrative("consolidated", "thành phố Quảng Ngãi", "2022")
    assert "Tổ trưởng:" not in text  # the demo's city team members are synthetic


def test_the_training_report_cites_the_teams_decisions_and_never_lists_a_report_as_a_direction_document(
    registered,
):
    text = _narrative("training", "xã Tịnh Châu, thành phố Quảng Ngãi", "2023Q3")
    assert (
        "3 Tổ cấp thôn (19 thành viên), theo Quyết định số 100/QĐ-UBND ngày 5/9/2023;"
        " Quyết định số 922/QĐ-UBND ngày 30/9/2022;" in text
    )
    assert "193/BC-UBND" not in text  # the sample's own number is a report, not a document it issued
