"""Session 11's named defects of the reader (issue 19, precision on texts never seen): a window
«từ ngày 1/7 đến cuối tháng 10/2025», a table cell whose subject stands before its figure
(«row (column header) 29»), indicators whose names hold the same words in another order or
once more («… hồ sơ» / «… hồ sơ trực tuyến»), and the figures the reader is unsure of, listed
for a person («chưa hiểu») instead of proposed."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.ingest.finding import find_facts

from .texts import doc
from .texts import figure as proposed

pytestmark = pytest.mark.django_db  # the catalog's names come from the shipped catalog files


def test_a_window_from_a_day_to_the_end_of_a_month_is_that_whole_span_not_its_first_day() -> None:
    found = find_facts(
        doc("Tính từ ngày 1/7 đến cuối tháng 10/2025, trung tâm đã tiếp nhận 2.265 hồ sơ."),
        anchor=dt.date(2025, 11, 20),
    )
    assert proposed(found, 2265).period == "2025-07-01..2025-10-31"
    found = find_facts(doc("Từ ngày 1/7/2025 đến hết tháng 9/2025, xã đã tiếp nhận 1.204 hồ sơ."))
    assert proposed(found, 1204).period == "2025-07-01..2025-09-30"


def test_a_table_cell_reads_its_row_and_its_column_header_before_the_figure() -> None:
    # what the reader gives for a cell of sample 000's Phụ lục II: «row (column header) figure»
    cells = doc(
        "Tập huấn chuyển đổi số trên địa bàn xã (Số lượng người dân hưởng ứng và được tập huấn, hướng dẫn) 2400",
        "Tập huấn chuyển đổi số trên địa bàn xã (Số lượng CB, CC, NHDKCT được hướng dẫn, tập huấn) 29",
        "Tổ Công nghệ số cộng đồng các cấp trên địa bàn xã ra quân hướng cho người dân về kỹ năng khai thác "
        "và sử dụng các nền tảng số (Số lượng thành viên Tổ CNSCĐ xã được hướng dẫn, tập huấn) 19",
        where="bảng 1, hàng",
    )
    found = find_facts(cells, anchor=dt.date(2023, 9, 21), hold_unsure=False)  # what it reads, sure or not
    assert proposed(found, 2400).indicator == "training.local_course_residents"
    assert proposed(found, 29).indicator == "training.local_course_officials"
    assert proposed(found, 19).indicator == "training.guidance_team_members"


def test_indicators_whose_names_hold_the_same_words_are_told_apart_by_their_order() -> None:
    found = find_facts(doc("Năm 2024, có 120 dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến."))
    assert proposed(found, 120).indicator == "dvc.services_with_online_dossiers"
    found = find_facts(doc("Năm 2024, có 150 dịch vụ công trực tuyến có phát sinh hồ sơ."))
    assert proposed(found, 150).indicator == "dvc.services_with_dossiers"


def test_the_longest_phrasing_found_whole_and_in_order_wins() -> None:
    found = find_facts(doc("Năm 2025, số hồ sơ được giải quyết trước hạn đạt 8.889 hồ sơ."))
    assert proposed(found, 8889).indicator == "dvc.dossiers_resolved_ahead"


def test_a_fraction_smaller_than_its_whole_never_goes_to_an_indicator_that_is_only_a_whole() -> None:
    found = find_facts(
        doc("Năm 2023, Sàn thương mại điện tử OCOP của tỉnh đang giới thiệu 198/336 sản phẩm OCOP."),
        hold_unsure=False,
    )
    assert all(f.indicator != "econ.ocop_products" for f in found.figures)


def test_a_figure_the_reader_cannot_date_is_listed_as_not_understood_with_its_suggestion() -> None:
    text = doc("Toàn xã có 25 tổ công nghệ số cộng đồng thôn.")  # no year, no day: no period to back
    found = find_facts(text)
    assert found.figures == []
    assert [(f.indicator, f.doubt) for f in found.unsure] == [("teams.village_teams", "no_period")]
    assert [f.indicator for f in find_facts(text, hold_unsure=False).figures] == ["teams.village_teams"]


def test_a_weak_match_is_listed_as_not_understood_and_a_sure_one_is_proposed() -> None:
    found = find_facts(doc("Năm 2025, trung tâm đã tiếp nhận 2.007 hồ sơ trực tuyến, chiếm 88,6%."))
    assert [f.value_text for f in found.figures] == ["2.007"]
    assert [(f.value_text, f.doubt) for f in found.unsure] == [("88,6%", "weak")]
    assert found.unsure[0].confidence < 0.85


def test_a_ranking_group_is_no_figure() -> None:
    found = find_facts(
        doc("Trong tốp 5 địa phương dẫn đầu về DTI năm 2024, tỉnh vươn lên xếp thứ 2."), hold_unsure=False
    )
    assert [f.value_text for f in [*found.figures, *found.unmatched]] == []


def test_a_window_from_a_dated_day_to_a_dated_day_without_ngay_is_that_span() -> None:
    # found on the third fresh set's first read (56): the span was read as the second year's start
    found = find_facts(doc("Từ 1/7/2025 đến 25/2/2026, Trung tâm đã tiếp nhận 18.400 hồ sơ."))
    assert proposed(found, 18400).period == "2025-07-01..2026-02-25"


def test_a_short_phrasing_must_be_said_in_its_order_a_criterion_is_not_a_target() -> None:
    # «tiêu chí» (criteria) and «chỉ tiêu» (targets) are the same two words in another order
    found = find_facts(doc("Năm 2024, huyện có 16 tiêu chí đạt."), hold_unsure=False)
    assert all(f.indicator != "plans.targets_total" for f in found.figures)
    found = find_facts(doc("Năm 2024, kế hoạch có 22 chỉ tiêu."), hold_unsure=False)
    assert [f.indicator for f in found.figures] == ["plans.targets_total"]
