"""Issue 14 (rcontent item 4): in a report, a count reads with its catalog unit where the sentence
does not name it, a zero amount is «không phát sinh kinh phí» in sentences and its display unit's
«0» in the appendix — never «0 đồng» beside «48 triệu đồng»."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport
from cds.reports.tests.golden_text import docx_text
from cds.units.services import resolve_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def son_nham(sample_figures: None) -> BuiltReport:
    period = parse_period("2024")
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    return build_report("periodic", unit, period, ReportOptions(charts=False))


def test_a_count_the_sentence_does_not_name_prints_its_unit(son_nham):
    text = son_nham.narrative
    assert "Số thuê bao băng rộng cố định: 157 thuê bao, chiếm tỷ lệ 3,14% dân số." in text
    assert "Số hệ thống thông tin đã được kiểm tra, đánh giá đầy đủ theo quy định: 1 hệ thống." in text
    # named by the sentence: not twice
    assert "với 11 thành viên" in text and "264 người, chiếm" in text and "người người" not in text


def test_a_zero_amount_is_said_as_no_spending_and_the_appendix_keeps_the_display_unit(son_nham):
    text = son_nham.narrative
    assert "Không phát sinh kinh phí đầu tư từ ngân sách nhà nước cho kinh tế số trong năm 2024." in text
    assert "Kinh phí chi cho chính quyền số: 48 triệu đồng." in text and "0 đồng" not in text
    rows = {row[1]: row for row in son_nham.appendix_rows["indicators"]}
    economy = next(row for name, row in rows.items() if "kinh tế số" in name and "inh phí" in name)
    assert (economy[2], economy[3]) == ("triệu đồng", "0")
    broadband = next(
        row for name, row in rows.items() if "băng rộng cố định" in name and "thuê bao" in name.lower()
    )
    assert (broadband[2], broadband[3]) == ("thuê bao", "157")


def test_a_total_smaller_than_its_own_parts_is_printed_as_stored_and_said_to_disagree(son_nham):
    """Sơn Nham 2024 wrote «Tổng kinh phí …: 0 đồng» and 48.000.000 đồng for digital government:
    the report neither states the 0 as a figure nor leaves it out silently — the sentence says why
    it is not given, Phụ lục I prints the stored 0 marked (*) and the note under the table names
    what the parts add up to, in triệu đồng; the stored figure itself is not touched."""
    assert (
        "Chưa nêu tổng kinh phí chi cho khoa học công nghệ, chuyển đổi số, ứng dụng công nghệ thông tin "
        "năm 2024 vì số liệu không khớp: số liệu ghi tổng 0 triệu đồng, các khoản đã có cộng lại "
        "48 triệu đồng."
    ) in son_nham.narrative
    rows = {row[1]: row for row in son_nham.appendix_rows["indicators"]}
    total = rows["Tổng kinh phí chi cho khoa học công nghệ, chuyển đổi số, ứng dụng công nghệ thông tin"]
    assert (total[2], total[3]) == ("triệu đồng", "0 (*)")
    text = docx_text(son_nham.to_bytes())
    table_end = text.index("| 7 | Tổng kinh phí")
    note = (
        "(*) Tổng kinh phí chi cho khoa học công nghệ, chuyển đổi số, ứng dụng công nghệ thông tin: số liệu "
        "ghi tổng 0 triệu đồng, các khoản đã có cộng lại 48 triệu đồng; tổng không khớp với các khoản nên "
        "báo cáo không nêu tổng này, đơn vị cần kiểm tra lại số liệu trước khi ký ban hành."
    )
    assert text.index(note) > table_end
    # the parts that agree with their total are not marked
    assert not [row for row in rows.values() if row[3].endswith("(*)") and row is not total]


def test_a_report_of_several_windows_marks_the_disagreeing_total_in_its_window_and_names_it(sample_figures):
    from cds.lib.periods import parse_periods
    from cds.values.services import Actor, ValueInput, record_values

    from .conftest import approve_all

    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=parse_period("2024").end)
    record_values([ValueInput(unit, "steering.members", parse_period("2023"), 9)], Actor("test", "test"))
    approve_all()  # a figure of 2023, so that the report of two windows can be built
    built = build_report("periodic", unit, parse_periods(["2023", "2024"]), ReportOptions(charts=False))
    rows = {row[1]: row for row in built.appendix_rows["indicators"]}
    total = rows["Tổng kinh phí chi cho khoa học công nghệ, chuyển đổi số, ứng dụng công nghệ thông tin"]
    assert total[3:5] == ["", "0 (*)"]  # năm 2023: none; năm 2024: the stored 0, marked
    assert (
        "(*) Tổng kinh phí chi cho khoa học công nghệ, chuyển đổi số, ứng dụng công nghệ thông tin (năm 2024): "
        "số liệu ghi tổng 0 triệu đồng, các khoản đã có cộng lại 48 triệu đồng;"
    ) in docx_text(built.to_bytes())
