"""Issue 14 (rcontent item 1): the sections only a unit can write, as the sample reports wrote them.

The demo stores each sample's own thuận lợi / khó khăn / giải pháp / đề xuất / phương hướng as the
unit's narrative text for the period (``cds.reports.demo.load_sample_sections``), with its source
in the change record; the built reports then reproduce them instead of a placeholder.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cds.history.models import ChangeRecord
from cds.lib.periods import parse_period
from cds.reports.demo import load_sample_front_matter, load_sample_sections
from cds.reports.issuers import FrontMatter, letterhead_for
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.models import NarrativeSection
from cds.reports.narrative import EMPTY_SECTION
from cds.reports.wording import load_wording
from cds.units.services import resolve_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(sample_figures: None) -> None:
    assert load_sample_sections() == 8


def _narrative(kind: str, unit_text: str, period_code: str) -> str:
    period = parse_period(period_code)
    unit = resolve_unit(unit_text, as_of=period.end)
    return build_report(kind, unit, period, ReportOptions(charts=False)).narrative


def _section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading)
    rest = lines[start + 1 :]
    return rest[: next((i for i, line in enumerate(rest) if line.startswith("#")), len(rest))]


def test_the_city_report_2022_carries_its_2023_phuong_huong_named_in_its_title(written):
    text = _narrative("consolidated", "thành phố Quảng Ngãi", "2022")
    assert text.startswith(
        "UBND thành phố Quảng Ngãi báo cáo kết quả công tác chuyển đổi số năm 2022 và phương hướng, nhiệm vụ"
        " năm 2023 trên địa bàn"
    )  # as the sample's own first sentence
    tasks = _section(text, "# Phương hướng, nhiệm vụ năm 2023")
    assert tasks[0].startswith("Để thực hiện hiệu quả nhiệm vụ chuyển đổi số theo mục tiêu")
    assert (
        "- Xây dựng, ban hành các văn bản về Chuyển đổi số phù hợp với nội dung Kế hoạch số 119/KH-UBND"
        " ngày 09/10/2020" in tasks[1]
    )
    assert tasks[-1].startswith("- Thực hiện các giải pháp đảm bảo an toàn thông tin mạng")
    assert len(tasks) == 15 and EMPTY_SECTION not in tasks
    # the title and the closing name the plan year, as the sample's title does
    built = build_report(
        "consolidated", resolve_unit("thành phố Quảng Ngãi", as_of=parse_period("2022").end), parse_period("2022"),
        ReportOptions(charts=False),
    )  # fmt: skip
    paragraphs = [p.text for p in built.document.doc.paragraphs]
    assert any(
        "Kết quả triển khai công tác chuyển đổi số năm 2022 và phương hướng, nhiệm vụ năm 2023" in p
        for p in paragraphs
    )


def test_the_city_reports_difficulties_and_solutions_are_its_own_and_nothing_is_invented(written):
    text = _narrative("consolidated", "thành phố Quảng Ngãi", "2022")
    hard = _section(text, "## Khó khăn, hạn chế")
    assert hard[-1] == (
        "- Kinh phí hỗ trợ các Tổ công nghệ số cộng đồng không có dẫn đến khó khăn trong việc tổ chức hoạt động."
    )
    assert _section(text, "# Giải pháp")[-1].startswith(
        "- Cần có cơ chế hoạt động phù hợp, có nguồn kinh phí"
    )
    # sections the sample does not have stay visible placeholders
    assert _section(text, "## Thuận lợi") == [EMPTY_SECTION]
    assert _section(text, "# Đề xuất, kiến nghị") == [EMPTY_SECTION]


def test_the_city_report_states_the_1129_team_members_of_the_sample(written):
    text = _narrative("consolidated", "thành phố Quảng Ngãi", "2022")
    assert "Các Tổ công nghệ số cộng đồng trên địa bàn có tổng cộng 1.129 thành viên." in text


def test_the_commune_samples_sections_are_stored_without_their_footnote_marks(written):
    text = _narrative("training", "xã Tịnh Châu, thành phố Quảng Ngãi", "2023Q3")
    good = _section(text, "## Thuận lợi")
    assert "tăng gấp 6 lần so với quý I/2023." in good[0] and "¹" not in good[0]
    assert _section(text, "# Đề xuất, kiến nghị")[1].startswith("- Xây dựng nội dung tuyên truyền")
    son_nham = _narrative("periodic", "xã Sơn Nham, huyện Sơn Hà", "2024")
    assert _section(son_nham, "## Khó khăn, hạn chế")[0] == (
        "- Chưa có cơ chế hỗ trợ cho cán bộ, công chức làm nhiệm vụ chuyển đổi số."
    )


def test_each_stored_section_records_its_source_and_a_second_load_changes_nothing(written):
    row = NarrativeSection.objects.get(kind="phuong_huong", period="2022")
    record = ChangeRecord.objects.filter(object_id=str(row.pk), content_type__model="narrativesection").get()
    assert record.actor == "demo: báo cáo mẫu 003"
    assert record.reason.startswith("báo cáo mẫu 003, mục «3. Phương hướng, nhiệm vụ chuyển đổi số năm 2023»")
    assert load_sample_sections() == 0


def test_each_sample_reports_signer_and_recipients_are_its_units_defaults_for_that_year(sample_figures):
    assert load_sample_front_matter() == 3
    period = parse_period("2023Q3")
    unit = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", as_of=period.end)
    lead = build_report("training", unit, period, ReportOptions(charts=False)).document.letterhead
    assert (lead.sign_form, lead.on_behalf, lead.signer_title, lead.signer_name) == (
        "KT", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Quang Luận"
    )  # fmt: skip
    assert lead.recipients == [
        "Phòng VH TT thành phố",
        "CT, các PCT UBND xã",
        "Tổ công nghệ số xã",
        "Lưu: VT, HS",
    ]
    city = resolve_unit("thành phố Quảng Ngãi", as_of=parse_period("2022").end)
    lead = build_report(
        "consolidated", city, parse_period("2022"), ReportOptions(charts=False)
    ).document.letterhead
    assert lead.recipients[0] == "Sở TT&TT" and lead.signer_name == ""  # the sample prints no signer
    # another year keeps the implied defaults
    later = letterhead_for(unit, dt.date(2024, 3, 31), FrontMatter(), load_wording())
    assert later.signer_name == "" and later.recipients[0].startswith("UBND thành phố Quảng Ngãi")
