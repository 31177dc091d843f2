"""Finding the facts of an old report: figures with their indicator, qualifier, period and
sentence; what is never a figure (citations, dates, phone numbers, document numbers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cds.ingest.finding import find_facts
from cds.ingest.reading import Block, Document
from cds.lib.testing import examples

pytestmark = pytest.mark.django_db  # the catalog's names come from the shipped catalog files


def doc(*paragraphs: str) -> Document:
    d = Document("bao-cao.txt", "text")
    for i, text in enumerate(paragraphs, start=1):
        d.blocks.append(Block(text, f"đoạn {i}", f"paragraph {i}"))
    return d


def test_each_figure_gets_its_indicator_qualifier_period_and_sentence() -> None:
    found = find_facts(
        doc(
            "UBND HUYỆN LÂM BÌNH",
            "Báo cáo kết quả chuyển đổi số năm 2022",
            "Toàn huyện hiện có 10 tổ công nghệ số cộng đồng cấp xã, 100 tổ cấp thôn với trên 600 thành viên.",
        )
    )
    by = {f.indicator: f for f in found.figures}
    assert by["teams.commune_teams"].value == Decimal(10)
    assert by["teams.village_teams"].value == Decimal(100)
    members = next(f for f in found.figures if f.value == Decimal(600))
    assert (members.qualifier, members.value_text) == ("over", "trên 600")
    assert {f.period for f in found.figures} == {"2022"}
    assert members.where_vi == "đoạn 3"
    assert members.sentence.startswith("Toàn huyện hiện có 10 tổ")


def test_the_report_period_comes_from_the_title_and_a_sentence_window_narrows_it() -> None:
    found = find_facts(
        doc(
            "BÁO CÁO kết quả chuyển đổi số năm 2022",
            "Tính đến tháng 6/2022, huyện đã lập hơn 1.680 tổ công nghệ cộng đồng.",
        )
    )
    assert found.period == "2022"
    teams = next(f for f in found.figures if f.value == Decimal(1680))
    assert (teams.indicator, teams.qualifier, teams.period) == ("teams.teams_total", "more_than", "2022-06")


def test_the_brief_s_windows_are_read() -> None:
    found = find_facts(
        doc(
            "Báo cáo quý II năm 2024",
            "Số liệu tổng hợp đến ngày 20/6/2024, có 12 tổ công nghệ số cộng đồng.",
            "Từ năm 2021 đến tháng 9/2022 có 5 tổ công nghệ số cộng đồng cấp xã.",
        )
    )
    assert found.period == "2024Q2"
    assert "2024-01-01..2024-06-20" in found.windows


def test_a_rate_reads_its_subject_before_or_after_the_percent() -> None:
    found = find_facts(
        doc(
            "Báo cáo năm 2023",
            "Tỷ lệ người dân sử dụng dịch vụ công trực tuyến thay thế hình thức nộp hồ sơ trực tiếp năm 2023 "
            "đạt gần 87%.",
            "100% học sinh có học bạ điện tử.",
        )
    )
    by = {f.indicator: f for f in found.figures}
    assert by["dvc.online_dossier_rate"].value_text == "gần 87%"
    assert by["dvc.online_dossier_rate"].qualifier == "nearly"
    assert by["society.pupils_e_records_rate"].value == Decimal(100)


def test_parts_of_a_rate_keep_their_denominator() -> None:
    found = find_facts(doc("Năm 2023", "Có 44/44 trường triển khai học bạ điện tử."))
    schools = next(f for f in found.figures if f.indicator == "society.schools_e_records")
    assert (schools.value, schools.denominator, schools.kind) == (Decimal(44), Decimal(44), "fraction")


def test_a_steering_committee_decision_gives_the_milestone_date_and_a_document_proposal() -> None:
    found = find_facts(
        doc(
            "UBND huyện Lâm Thao báo cáo năm 2022",
            "Quyết định số 1806/QĐ-UBND, ngày 29/3/2022 của UBND huyện Lâm Thao về việc thành lập Ban Chỉ đạo "
            "chuyển đổi số huyện Lâm Thao.",
        )
    )
    milestone = [f for f in found.figures if f.kind == "date"]
    assert [(f.indicator, f.value) for f in milestone] == [
        ("steering.committee_established_on", dt.date(2022, 3, 29))
    ]
    assert [c.reference for c, *_ in found.citations] == ["1806/QĐ-UBND"]
    assert found.issuer == "UBND huyện Lâm Thao"


def test_a_figure_no_indicator_fits_is_listed_as_unmatched() -> None:
    found = find_facts(doc("Năm 2023", "Xã có 12 máy bơm nước phục vụ sản xuất."))
    assert not found.figures
    assert [f.value for f in found.unmatched] == [Decimal(12)]
    assert found.matched_share == 0


def test_money_is_read_with_its_unit() -> None:
    found = find_facts(doc("Năm 2023", "Kinh phí thực hiện khoảng 250 triệu đồng."))
    money = found.unmatched[0]
    assert (money.kind, money.value, money.qualifier) == ("amount", Decimal(250_000_000), "about")


NOT_FIGURES = st.sampled_from(
    [
        "Kế hoạch số 166/KH-UBND",
        "Quyết định số 1024/QĐ-UBND ngày 23/12/2022",
        "Nghị quyết 06/TU",
        "Nghị định số 42/2022/NĐ-CP",
        "ngày 14/3/2023",
        "tháng 9/2023",
        "năm 2024",
        "điện thoại 0255 3822 123",
        "hotline 0912.345.678",
        "lúc 14h30",
        "lần thứ 2",
        "Đề án 06",
    ]
)


@settings(max_examples=examples(40))
@given(st.lists(NOT_FIGURES, min_size=1, max_size=4))
def test_citations_dates_phone_numbers_and_document_numbers_are_never_figures(parts: list[str]) -> None:
    sentence = "Thực hiện " + ", ".join(parts) + " của UBND xã."
    found = find_facts(doc(sentence))
    assert [f for f in found.figures if f.kind != "date"] == []
    assert found.unmatched == []


def test_targets_met_or_not_and_ranks_are_read_but_ranks_are_never_values() -> None:
    found = find_facts(
        doc(
            "Báo cáo năm 2023",
            "100% học sinh có học bạ điện tử, đạt chỉ tiêu kế hoạch; 85% máy tính được cài đặt phần mềm chống "
            "mã độc, diệt virus có bản quyền, chưa đạt chỉ tiêu.",
            "Chỉ số DTI năm 2023 của huyện xếp thứ 5/13, tăng 3 bậc so với năm 2022.",
        )
    )
    by = {f.indicator: f for f in found.figures}
    assert by["society.pupils_e_records_rate"].target == "met"
    assert by["attt.computers_licensed_antivirus_rate"].target == "not_met"
    assert [(r.kind, r.value_text) for r in found.ranks] == [("rank", "5/13"), ("rank_change", "tăng 3")]
    assert all(f.value not in (Decimal(5), Decimal(3)) for f in found.figures + found.unmatched)
