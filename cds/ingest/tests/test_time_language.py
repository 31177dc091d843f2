"""The time a text leaves to its reader (issue 19, held-out quality): «đến nay», «hiện có», a day
without its year, «6 tháng đầu năm» without one, a contest's name in quotes, a window that holds for
the rest of its paragraph, and the day the text speaks from (a news item's publication date, a
report's date line, the day a news item opens with)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest

from cds.ingest.finding import document_date, find_facts, plain_time

from . import texts
from .texts import figure

pytestmark = pytest.mark.django_db  # the catalog's names come from the shipped catalog files


doc = partial(texts.doc, name="tin.txt")  # a news item


def test_den_nay_in_a_news_item_is_the_month_it_was_published() -> None:
    found = find_facts(
        doc("Toàn xã hiện có 25 tổ công nghệ số cộng đồng với 128 thành viên."), anchor=dt.date(2026, 1, 14)
    )
    assert figure(found, 25).period == "2026-01"
    assert figure(found, 128).period == "2026-01"


def test_a_stock_no_window_dates_stands_in_the_month_of_the_text() -> None:
    found = find_facts(
        doc("Xã có 8 tổ công nghệ số cộng đồng thôn gồm 24 thành viên."), anchor=dt.date(2022, 12, 19)
    )
    assert figure(found, 8).period == "2022-12"


def test_a_day_without_its_year_takes_the_year_of_the_text_or_the_year_before() -> None:
    assert "đến ngày 8/6/2022" in plain_time("đến ngày 8/6, tỉnh có", dt.date(2022, 6, 15), None)
    assert "đến ngày 20/12/2021" in plain_time("đến ngày 20/12, tỉnh có", dt.date(2022, 1, 10), None)
    assert "đến ngày 1/3/2023" in plain_time("Tính đến ngày 1-3 rồi", dt.date(2023, 3, 20), None)
    assert "chiều 5/4/2022" in plain_time("tại 4 thôn chiều 5.4", dt.date(2022, 4, 5), None)


def test_a_day_tinh_den_stands_that_day_for_a_stock() -> None:
    found = find_facts(
        doc("Tính đến ngày 1-3 rồi, thành phố đã cấp 1.497.360 tài khoản định danh điện tử."),
        anchor=dt.date(2023, 3, 20),
    )
    assert figure(found, 1497360).period == "2023-03-01..2023-03-01"


def test_six_months_without_a_year_take_the_report_s_year() -> None:
    found = find_facts(
        doc(
            "Tuần lễ Chuyển đổi số Mekong Delta 2023.",
            "Kết quả 6 tháng đầu năm của tỉnh: tỷ lệ hộ gia đình có kết nối internet băng rộng cáp quang đạt 61%.",
        )
    )
    # the opening states «6 tháng đầu năm» (its year the text's): the lead's window is the text's
    assert found.period == "2023S1"
    assert figure(found, 61).period == "2023S1"


def test_a_year_inside_a_quoted_name_is_not_a_window_and_a_window_holds_for_its_paragraph() -> None:
    found = find_facts(
        doc(
            "Cuộc thi “Tìm hiểu chuyển đổi số năm 2025” thu hút 1.568 người tham gia.",
            "Cuộc thi được triển khai từ ngày 08/10 đến 25/10/2025. Cuộc thi thu hút 1.568 người tham gia.",
        ),
        anchor=dt.date(2025, 11, 13),
    )
    participants = [f for f in found.figures if f.value == Decimal(1568)]
    assert [f.period for f in participants] == ["2025-10-08..2025-10-25"]  # stated twice: one proposal


def test_the_day_a_text_speaks_from_is_its_date_line_or_the_day_it_opens_with() -> None:
    report = doc("UBND XÃ AN", "An, ngày 20 tháng 12 năm 2022", "BÁO CÁO kết quả năm 2022")
    assert document_date(report.blocks) == dt.date(2022, 12, 20)
    news = doc("Chiều ngày 15/01/2026, Ban Chỉ đạo xã họp đánh giá năm 2025.")
    assert document_date(news.blocks) == dt.date(2026, 1, 15)
    assert document_date(doc("Ngày 30/7, Ban tổ chức họp.").blocks, 2024) == dt.date(2024, 7, 30)
    assert document_date(doc("Ngày 30/7, Ban tổ chức họp.").blocks) is None


def test_a_year_written_alone_is_the_report_s_when_no_nam_yyyy_is() -> None:
    found = find_facts(
        doc(
            "Hội nghị sơ kết kết quả thực hiện Nghị quyết 57 trên địa bàn phường 2025.",
            "Tỷ lệ hồ sơ trực tuyến đạt 94,4%.",
        )
    )
    assert found.period == "2025"


def test_ho_so_dossiers_are_not_ho_households() -> None:
    found = find_facts(doc("Năm 2025, tổng số hồ sơ tiếp nhận trong năm là 2.945 hồ sơ."))
    assert not any(f.indicator == "pop.households" for f in found.figures)


# --- whose figure it is: the clause and the item, not the whole sentence -------------------------


def test_a_change_between_years_is_not_the_year_s_value() -> None:
    found = find_facts(doc("Tỷ lệ hồ sơ trực tuyến năm 2023 đạt gần 87%, tăng hơn 36% so với năm 2022."))
    assert [f.value_text for f in found.figures] == ["gần 87%"]


def test_a_rate_s_subject_before_it_stops_at_the_previous_rate() -> None:
    found = find_facts(
        doc(
            "Năm 2025, tỉ lệ giải quyết hồ sơ trực tuyến đạt 94,4%, mức độ hài lòng của người dân đạt trên 98%."
        )
    )
    assert [f.value_text for f in found.figures if f.indicator == "dvc.online_dossier_rate"] == ["94,4%"]


def test_each_item_of_a_list_after_a_semicolon_speaks_of_its_own_subject() -> None:
    found = find_facts(
        doc(
            "Năm 2025: 100% hồ sơ thủ tục hành chính được số hóa ngay khi tiếp nhận; "
            "tổng số hồ sơ tiếp nhận trong năm là 2.945 hồ sơ, trong đó 1.688 hồ sơ trực tuyến."
        )
    )
    assert not any(f.value == Decimal(2945) and "digitised" in f.indicator for f in found.figures)
    assert figure(found, 1688).indicator == "dvc.dossiers_online"


def test_a_ratio_s_terms_are_not_counts() -> None:
    found = find_facts(doc("Năm 2025, tỷ lệ 01 máy tính/01 cán bộ, công chức đạt 100%."))
    assert not any(f.value == Decimal(1) for f in [*found.figures, *found.unmatched])


def test_a_count_whose_noun_goes_on_otherwise_is_not_the_phrasing_s() -> None:
    found = find_facts(
        doc("Năm 2025, cuộc thi thu hút 1.568 người tham gia, trong đó có 1.440 người trả lời đúng.")
    )
    assert figure(found, 1568).indicator == "awareness.contest_participants"
    assert not any(f.value == Decimal(1440) for f in found.figures)


def test_a_figure_two_indicators_fit_equally_is_left_to_the_reader() -> None:
    found = find_facts(doc("Năm 2025, có 03 giải được trao cho các tập thể, cá nhân xuất sắc."))
    assert not any(f.value == Decimal(3) for f in found.figures)
    assert any(f.value == Decimal(3) for f in found.unmatched)


def test_a_count_written_after_its_subject_with_la_is_read() -> None:
    found = find_facts(doc("Năm 2024, tổng số lượt thi là 303.133 lượt."))
    assert figure(found, 303133).indicator == "awareness.contest_entries"


def test_teams_at_villages_by_their_regional_names_are_village_teams() -> None:
    for place in ("tại các ấp, sóc", "tại 19 thôn", "tại các bản", "tại các tổ dân phố"):
        found = find_facts(doc(f"Năm 2025, xã có 19 Tổ công nghệ số cộng đồng {place}."))
        assert figure(found, 19).indicator == "teams.village_teams", place


def test_tong_so_before_a_figure_is_the_total_of_the_parts() -> None:
    found = find_facts(
        doc(
            "Năm 2023, có 75 tổ công nghệ số cộng đồng tại xã và 525 tổ tại ấp, với tổng số 3.740 thành viên tham gia."
        )
    )
    assert figure(found, 3740).indicator == "teams.members_total"


def test_several_windows_in_a_sentence_date_the_figures_after_each() -> None:
    found = find_facts(
        doc(
            "Báo cáo kết quả chuyển đổi số năm 2023",
            "Quý I, tỷ lệ thanh toán trực tuyến đạt 0%; quý II, tỷ lệ thanh toán trực tuyến đạt 19,25%; "
            "quý III, tỷ lệ thanh toán trực tuyến đạt 51,97%.",
        )
    )
    assert [f.period for f in found.figures] == ["2023Q1", "2023Q2", "2023Q3"]


def test_the_date_line_dates_the_signing_not_the_report_s_period() -> None:
    found = find_facts(
        doc(
            "ỦY BAN NHÂN DÂN THÀNH PHỐ AN",
            "TP. An, ngày      tháng 02 năm 2023",
            "BÁO CÁO",
            "Kết quả triển khai thực hiện công tác chuyển đổi số trong năm 2022",
        )
    )
    assert found.period == "2022"


def test_a_goal_is_a_target_and_a_count_of_goals_is_not() -> None:
    found = find_facts(doc("Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến; tỷ lệ hồ sơ trực tuyến đạt 64,2%."))
    assert [f.value_text for f in found.targets] == ["80%"]
    assert [f.value_text for f in found.figures] == ["64,2%"]
    plans = find_facts(
        doc("Kế hoạch năm 2023 gồm 39 chỉ tiêu (26 chỉ tiêu theo kế hoạch quốc gia, 13 chỉ tiêu riêng).")
    )
    assert not plans.targets


def test_a_month_written_with_a_dot_dates_the_report_as_the_press_writes_it() -> None:
    found = find_facts(
        doc(
            "Tính đến tháng 9.2025, thành phố đã ban hành danh mục dịch vụ công trực tuyến, trong đó có "
            "345 dịch vụ công trực tuyến toàn trình.",
        )
    )
    assert found.period == "2025-01-01..2025-09-30"  # as «đến tháng 9/2025»: from the year's start
    assert figure(found, 345).period == "2025-09"  # a stock stands in the month


def test_a_range_of_days_written_with_a_dash_and_dots_is_a_window_from_one_day_to_the_other() -> None:
    assert "từ ngày 1/7/2025 đến ngày 10/9/2025" in plain_time("từ ngày 1.7 - 10.9, hệ thống", None, 2025)
    assert "từ ngày 8/10/2025 đến ngày 25/10/2025" in plain_time("từ 8/10 – 25/10/2025 có", None, None)
    found = find_facts(
        doc(
            "Tính đến tháng 9.2025, thành phố có 345 dịch vụ công trực tuyến toàn trình.",
            "Ông Thành cho biết từ ngày 1.7 - 10.9, hệ thống đã tiếp nhận hơn 932.000 hồ sơ.",
        )
    )
    assert figure(found, 932000).period == "2025-07-01..2025-09-10"


def test_a_dotted_number_that_is_no_month_is_not_read_as_a_date() -> None:
    found = find_facts(doc("Năm 2024, tỉnh tiếp nhận 9.2025 hồ sơ trực tuyến."))
    assert found.period == "2024"


def test_a_signed_report_with_no_period_of_its_own_speaks_of_its_year_so_far() -> None:
    found = find_facts(
        doc(
            "Tịnh Châu, ngày tháng 9 năm 2023",
            "BÁO CÁO",
            "Kết quả bồi dưỡng tập huấn về chuyển đổi số trên địa bàn xã",
            "I. Công tác chỉ đạo",
            "Đã ban hành kế hoạch số 38/KH-UBND ngày 14/3/2023 về công tác chuyển đổi số năm 2023.",
            "UBND xã đã thành lập 3 tổ công nghệ số cộng đồng thôn với 19 thành viên.",
            "Đã tổ chức 8 lớp phổ biến kiến thức, kỹ năng số cho người dân.",
        )
    )
    assert found.period == "2023-01-01..2023-09-30"
    assert figure(found, 3).period == "2023-09"  # a stock stands in the month of the date line


def test_a_report_whose_title_states_its_year_or_signed_the_next_year_keeps_its_year() -> None:
    titled = find_facts(
        doc("Sơn Nham, ngày 20 tháng 10 năm 2024", "BÁO CÁO", "Kết quả chuyển đổi số năm 2024", "I. Kết quả",
            "Xã có 5 tổ công nghệ số cộng đồng thôn.")
    )  # fmt: skip
    assert titled.period == "2024"
    later = find_facts(
        doc("TP. Quảng Ngãi, ngày tháng 02 năm 2023", "BÁO CÁO", "Kết quả công tác chuyển đổi số", "I. Kết quả",
            "Trong năm 2022, thành phố có 139 tổ công nghệ số cộng đồng thôn.")
    )  # fmt: skip
    assert later.period == "2022"


def test_an_event_held_on_a_named_day_is_one_event_of_that_day() -> None:
    found = find_facts(
        doc(
            "Chiều ngày 19/12/2022 xã đã tổ chức lễ ra mắt Tổ chuyển đổi số cộng đồng gắn với ngày hội "
            "chuyển đổi số cộng đồng trên địa bàn xã."
        ),
        hold_unsure=False,  # an event found by the rule is 0,8 sure: listed «chưa hiểu» by default
    )
    [event] = [f for f in found.figures if f.indicator == "awareness.events_organised"]
    assert (event.value, event.period) == (Decimal(1), "2022-12-19..2022-12-19")


def test_an_event_without_a_day_of_its_own_is_not_counted() -> None:
    found = find_facts(doc("Năm 2022, xã đã tổ chức lễ ra mắt Tổ công nghệ số cộng đồng."), hold_unsure=False)
    assert not [f for f in found.figures if f.indicator == "awareness.events_organised"]


def test_a_day_of_every_year_named_the_digital_transformation_day_is_proposed_as_that_day() -> None:
    found = find_facts(
        doc(
            "Năm 2023, Hậu Giang đã quyết định chọn Ngày Chuyển đổi số quốc gia (10/10 hàng năm) làm Ngày "
            "Chuyển đổi số tỉnh Hậu Giang."
        )
    )
    [day] = [f for f in found.figures if f.indicator == "awareness.digital_day"]
    assert (day.value_text, day.value, day.period) == ("10/10", "10/10", "2023")
    assert "10/10/2023" not in plain_time("ngày 10/10 hàng năm là Ngày chuyển đổi số", None, 2023)


def test_teams_counted_at_as_many_residential_groups_are_village_teams_and_the_places_no_second_figure() -> (
    None
):
    found = find_facts(
        doc("Năm 2025, phường thành lập 125 tổ công nghệ số cộng đồng ở 125 tổ dân phố, với 375 thành viên.")
    )
    assert [(f.indicator, f.value) for f in found.figures] == [
        ("teams.village_teams", Decimal(125)),
        ("teams.village_members", Decimal(375)),
    ]
    assert not found.unmatched


def test_with_no_day_of_its_own_a_text_reporting_to_a_month_speaks_from_that_month_s_end() -> None:
    found = find_facts(
        doc(
            "Tính đến tháng 9.2025, thành phố có 345 dịch vụ công trực tuyến toàn trình.",
            "Ông Thành cho biết đến nay, thành phố đã có 257.129 tài khoản định danh điện tử đã cấp.",
        )
    )
    assert figure(found, 257129).period == "2025-09"


def test_a_year_report_s_den_nay_is_not_moved_to_its_last_month() -> None:
    found = find_facts(doc("Kết quả năm 2022.", "Toàn huyện hiện có 10 tổ công nghệ số cộng đồng cấp xã."))
    assert figure(found, 10).period == "2022"


def test_the_window_a_text_opens_with_holds_for_later_paragraphs_that_state_none() -> None:
    # the lead paragraph states the window once (a day range, its first day without a year)
    found = find_facts(
        doc(
            "Theo báo cáo tổng kết giai đoạn từ 1/7 đến 26/11/2025, bộ phận một cửa xã đạt kết quả tốt.",
            "Tổng số hồ sơ tiếp nhận là 8.930 hồ sơ thủ tục hành chính.",
            "Năm 2024, xã tiếp nhận 5.100 hồ sơ thủ tục hành chính.",
        ),
        anchor=dt.date(2025, 12, 10),
    )
    assert found.period == "2025-07-01..2025-11-26"
    assert figure(found, 8930).period == "2025-07-01..2025-11-26"
    assert figure(found, 5100).period == "2024"  # a later paragraph's own window wins


def test_the_day_a_news_item_opens_with_is_no_window_and_a_stock_told_den_nay_is_of_the_half_it_declares() -> (
    None
):
    found = find_facts(
        doc(
            "Ngày 4/11, ông Nguyễn Văn A, Chủ tịch UBND phường cho biết kết quả 6 tháng đầu năm nay.",
            "Phường tiếp nhận 2.265 hồ sơ thủ tục hành chính.",
            "Đến nay, toàn phường có 12 tổ công nghệ số cộng đồng.",
        ),
        anchor=dt.date(2025, 11, 4),
    )
    assert found.period == "2025S1"
    assert figure(found, 2265).period == "2025S1"
    # «đến nay» in a text that declares the half it reports on: that half (corpus/reports/README.md,
    # session 14 — before, the month it speaks from)
    assert figure(found, 12).period == "2025S1"


def test_a_figure_told_den_nay_under_a_heading_that_declares_a_year_is_of_that_year() -> None:
    # 108: a plan for 2024 whose first part reviews 2023 — its heading declares what the part reports on
    found = find_facts(
        doc(
            "KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2024 TRÊN ĐỊA BÀN TỈNH",
            "I. Đánh giá kết quả thực hiện kế hoạch năm 2023",
            "Đến nay, toàn tỉnh có 2.256 tổ công nghệ số cộng đồng.",
        ),
        anchor=dt.date(2023, 12, 20),
    )
    assert figure(found, 2256).period == "2023"


def test_a_figure_told_den_nay_belongs_to_the_period_the_text_declares_else_to_its_date_s_month() -> None:
    declared = find_facts(
        doc(
            "Báo cáo kết quả cải cách hành chính quý I/2024",
            "Đến nay, toàn tỉnh có 2.256 tổ công nghệ số cộng đồng; hiện nay tỷ lệ hồ sơ trực tuyến đạt 82%.",
        ),
        anchor=dt.date(2024, 3, 20),
    )
    assert figure(declared, 2256).period == "2024Q1"
    assert figure(declared, 82).period == "2024Q1"
    undeclared = find_facts(
        doc("Tổ công nghệ số cộng đồng", "Đến nay, toàn tỉnh có 2.256 tổ công nghệ số cộng đồng."),
        anchor=dt.date(2024, 3, 20),
    )
    assert figure(undeclared, 2256).period == "2024-03"


def test_a_day_without_its_year_takes_the_year_of_the_title_when_the_body_writes_none() -> None:
    # a news page's title is its dated frame («… trong tháng 4-2023»): «ngày 1-3» is 1/3/2023
    found = find_facts(
        doc("Tất cả cán bộ phải làm tài khoản định danh trong tháng 4-2023",
            "Tính đến ngày 1-3 rồi, thành phố đã cấp 1.497.360 tài khoản định danh điện tử.")
    )  # fmt: skip
    assert figure(found, 1497360).period == "2023-03-01..2023-03-01"


def test_a_title_given_apart_dates_the_text_without_being_read_for_figures() -> None:
    text = doc("Tính đến 8-5, thành phố đã thu nhận hơn 4,2 triệu tài khoản định danh điện tử.")
    found = find_facts(text, frame=["Hà Nội: 100% cán bộ kích hoạt tài khoản định danh trong tháng 5-2023"])
    read = [f for f in [*found.figures, *found.unsure] if f.value == Decimal(4200000)]
    assert [f.period for f in read] == ["2023-05-08..2023-05-08"]
    assert not any(f.value == Decimal(100) for f in [*found.figures, *found.unsure, *found.unmatched])


def test_a_paragraph_opening_with_trong_do_keeps_the_window_of_the_paragraph_before() -> None:
    found = find_facts(
        doc("Trong ngày 1/7/2025, các xã, phường trên địa bàn tỉnh đã tiếp nhận 1.095 hồ sơ.",
            "Trong đó, số lượng hồ sơ tiếp nhận tại Trung tâm Phục vụ hành chính công các xã, phường là 339 hồ sơ.")
    )  # fmt: skip
    assert figure(found, 339).period == "2025-07-01..2025-07-01"
    alone = find_facts(
        doc("Trong ngày 1/7/2025, các xã, phường trên địa bàn tỉnh đã tiếp nhận 1.095 hồ sơ.",
            "Số lượng hồ sơ tiếp nhận tại Trung tâm Phục vụ hành chính công các xã, phường là 339 hồ sơ.")
    )  # fmt: skip
    assert not any(f.value == Decimal(339) for f in alone.figures)  # another paragraph: not dated by it


def test_a_day_written_with_a_dash_and_no_year_is_a_day_not_two_numbers() -> None:
    found = find_facts(
        doc("Năm 2023", "Tính đến 8-5, thành phố đã thu nhận hơn 4,2 triệu tài khoản định danh điện tử.",
            "Tính đến ngày 1-3, thành phố đã cấp 1.497.360 tài khoản định danh điện tử.")
    )  # fmt: skip
    read = [f.value_text for f in [*found.figures, *found.unsure, *found.unmatched]]
    assert sorted(read) == ["1.497.360", "hơn 4,2 triệu"]


def test_a_stock_counted_to_a_months_end_stands_in_that_month_beside_its_growth_since_january() -> None:
    found = find_facts(
        doc(
            "Tính đến hết tháng 3/2025, toàn tỉnh đã kích hoạt thành công hơn 2,2 triệu tài khoản định danh "
            "điện tử, riêng từ đầu năm đến nay đã kích hoạt được hơn 30 nghìn tài khoản."
        ),
        anchor=dt.date(2025, 4, 22),
    )
    assert figure(found, 2200000).period == "2025-03"  # the point at the month's end, not the quarter
    # what the stock grew by since January is not where it stands: listed as not understood
    assert all(f.value != Decimal(30000) for f in found.figures)
    assert [f.doubt for f in found.unsure if f.value == Decimal(30000)] == ["no_period"]


def test_a_paragraph_with_no_time_of_its_own_is_dated_by_the_lead_paragraph_before_it() -> None:
    found = find_facts(
        doc(
            "Tính đến hết tháng 6/2024, toàn huyện có 120 tổ công nghệ số cộng đồng.",
            "Các tổ công nghệ số cộng đồng có 600 thành viên.",
        ),
        anchor=dt.date(2024, 7, 20),
    )
    assert figure(found, 120).period == "2024-06"
    assert figure(found, 600).period == "2024-06"  # not July, the month the item was published


def test_a_flow_after_the_lead_is_not_dated_by_its_to_date_frame() -> None:
    found = find_facts(
        doc(
            "Tính đến hết tháng 6/2024, toàn huyện có 120 tổ công nghệ số cộng đồng.",
            "Bộ phận một cửa đã tiếp nhận 5.000 hồ sơ trực tuyến.",
        ),
        anchor=dt.date(2024, 7, 20),
    )
    # «tính đến hết tháng 6» says where a stock stands, not from when a flow is counted
    assert all(f.value != Decimal(5000) for f in found.figures)
    assert any(f.value == Decimal(5000) for f in found.unsure)


def test_the_day_of_an_event_in_the_lead_does_not_date_the_paragraphs_after_it() -> None:
    found = find_facts(
        doc(
            "Chiều ngày 19/12/2022, xã tổ chức lễ ra mắt Tổ công nghệ số cộng đồng.",
            "Xã có 8 tổ công nghệ số cộng đồng thôn gồm 24 thành viên.",
        ),
        anchor=dt.date(2022, 12, 20),
    )
    assert figure(found, 8).period == "2022-12"


def test_a_lead_s_window_in_its_second_paragraph_frames_the_paragraphs_after_it() -> None:
    found = find_facts(
        doc(
            "Công an tỉnh vừa có báo cáo kết quả triển khai cao điểm cấp chữ ký số công cộng.",
            "Cụ thể: tính đến ngày 22-3, toàn tỉnh có 120 tổ công nghệ số cộng đồng.",
            "Các tổ công nghệ số cộng đồng có 600 thành viên.",
        ),
        anchor=dt.date(2025, 3, 31),
    )
    assert figure(found, 120).period == "2025-03-22..2025-03-22"
    assert figure(found, 600).period == "2025-03-22..2025-03-22"  # the lead's day, not the month of the item


def test_days_of_one_month_written_with_a_dash_and_the_month_once_are_a_window_of_those_days() -> None:
    assert "từ ngày 6/4/2023 đến ngày 8/4/2023" in plain_time(
        "Chỉ trong 3 ngày, từ 6 – 8.4, các tổ", dt.date(2023, 6, 5), None
    )
    assert "từ ngày 6/4/2023 đến ngày 8/4/2023" in plain_time("từ ngày 6-8/4/2023 có", None, None)
    found = find_facts(
        doc(
            "Ngày 22.4, tỉnh công bố hoàn thành cấp căn cước công dân cho người dân trong độ tuổi quy định.",
            "Chỉ trong 3 ngày, từ 6 – 8.4, các tổ công tác đã thu nhận 1.032 hồ sơ cấp CCCD cho công dân.",
        ),
        anchor=dt.date(2023, 6, 5),
    )
    # those days, not the month of the page (a stock no window dates)
    assert figure(found, 1032).period == "2023-04-06..2023-04-08"


def test_a_quarter_the_report_is_signed_in_is_that_quarter_so_far_and_its_stock_stands_in_the_month() -> None:
    found = find_facts(
        doc(
            "Tịnh Châu, ngày tháng 9 năm 2023",
            "BÁO CÁO",
            "Kết quả chuyển đổi số trên địa bàn xã",
            "I. Kết quả thực hiện",
            "1. Công tác chỉ đạo",
            "Đã ban hành kế hoạch số 38/KH-UBND ngày 14/3/2023 về công tác chuyển đổi số năm 2023.",
            "2. Dịch vụ công trực tuyến",
            "Tỷ lệ thanh toán trực tuyến tăng cao qua từng quý.",
            "Quý I, tỷ lệ thanh toán trực tuyến đạt 0%; quý II, tỷ lệ thanh toán trực tuyến đạt 19,25%; "
            "quý III, tỷ lệ thanh toán trực tuyến đạt 51,97%.",
        )
    )
    # quarters ended before the signing keep their code; the one it is signed in has not ended
    rates = [f.period for f in found.figures if f.indicator == "dvc.online_payment_rate"]
    assert rates == ["2023Q1", "2023Q2", "2023-09"]


def test_a_quarter_a_news_item_is_published_in_dates_a_rate_in_that_month() -> None:
    assert "quý II/2023" in plain_time("Trong quý II/2023, tỷ lệ", None, 2023)  # not «quý I năm 2023I/2023»
    found = find_facts(
        doc("Trong quý II/2023, tỷ lệ thanh toán trực tuyến của tỉnh đạt 51,97%."),
        anchor=dt.date(2023, 5, 10),
    )
    assert figure(found, "51.97").period == "2023-05"
    ended = find_facts(
        doc("Trong quý II/2023, tỷ lệ thanh toán trực tuyến của tỉnh đạt 51,97%."),
        anchor=dt.date(2023, 7, 10),
    )
    assert figure(ended, "51.97").period == "2023Q2"


def test_a_figure_whose_clause_states_no_window_stands_in_its_section_s_not_in_a_later_clause_s() -> None:
    found = find_facts(
        doc(
            "BÁO CÁO kết quả chuyển đổi số năm 2024",
            "e) Hoạt động chính quyền số (số liệu được cập nhật từ ngày 15/12/2023 đến 31/10/2024)",
            "Tổng số dịch vụ công trực tuyến toàn trình: 23 dịch vụ công trực tuyến toàn trình; số lượng "
            "dịch vụ công trực tuyến được thực hiện trong năm 2024 là 94 thủ tục hành chính cấp xã.",
        )
    )
    assert figure(found, 23).period == "2023-12-15..2024-10-31"  # the heading's data window, not «năm 2024»


def test_a_flow_counted_to_a_day_in_a_text_stating_no_start_is_not_understood_and_a_stock_stands_that_day() -> (
    None
):
    found = find_facts(
        doc(
            "Đến ngày 8/6, tỉnh đã phát triển được hơn 8.140 tài khoản “Công dân số” và hơn 126.560 cửa hàng số.",
            "Tính đến tháng 6/2022, tỉnh đã lập hơn 1.680 tổ công nghệ số cộng đồng.",
        ),
        anchor=dt.date(2022, 6, 15),
    )
    # accounts opened from when? the year's start or the drive's — the text does not say
    assert not [f for f in found.figures if f.value in (Decimal(8140), Decimal(126560))]
    assert {f.value for f in found.unsure} >= {Decimal(8140), Decimal(126560)}
    assert figure(found, 1680).period == "2022-06"  # a stock stands where the text counts it to
    report = find_facts(
        doc(
            "BÁO CÁO kết quả chuyển đổi số năm 2022",
            "Đến ngày 8/6/2022, tỉnh đã phát triển được hơn 8.140 tài khoản “Công dân số”.",
        )
    )
    assert figure(report, 8140).period == "2022-01-01..2022-06-08"  # a year's report: from its start


def test_den_thoi_diem_bao_cao_in_an_undated_report_is_its_section_s_window_not_an_event_day_before_it() -> (
    None
):
    found = find_facts(
        doc(
            "BÁO CÁO kết quả chuyển đổi số năm 2024",
            "e) Hoạt động chính quyền số (số liệu được cập nhật từ ngày 15/12/2023 đến 31/10/2024)",
            "Tỉnh phát động cài đặt ứng dụng công dân ngày 30/9/2024. Đến thời điểm báo cáo có khoảng trên "
            "1000 người dân cài đặt và sử dụng ứng dụng công dân.",
        )
    )
    assert figure(found, 1000).period == "2023-12-15..2024-10-31"
    dated = plain_time("Đến thời điểm báo cáo có 1000 người dân", dt.date(2024, 11, 5), None)
    assert "đến tháng 11/2024" in dated  # with a date of its own: that month, as «đến nay»


def test_a_document_framed_to_a_month_dates_a_stock_no_sentence_dates_in_that_month() -> None:
    found = find_facts(
        doc(
            "Tính đến tháng 9/2025, thành phố đã ban hành danh mục 1.587 dịch vụ công trực tuyến.",
            "Thành phố có 5.000 tổ công nghệ số cộng đồng thôn.",
        )
    )
    assert figure(found, 5000).period == "2025-09"  # where the stock stands, not «1/1–30/9/2025»


def test_a_report_s_data_frame_counts_its_flows_from_the_year_s_start_and_its_stocks_at_its_day() -> None:
    found = find_facts(
        doc(
            "BÁO CÁO Kết quả chuyển đổi số (số liệu tổng hợp đến ngày 20/6/2024)",
            "Đến ngày 20/6/2024, xã đã tiếp nhận 500 hồ sơ trực tuyến.",
            "Xã có 5 tổ công nghệ số cộng đồng thôn.",
        )
    )
    assert figure(found, 500).period == "2024-01-01..2024-06-20"  # the report's year so far
    assert figure(found, 5).period == "2024-06-20..2024-06-20"


def test_the_last_six_months_of_a_year_are_its_second_half() -> None:
    found = find_facts(doc("Trong 6 tháng cuối năm 2025, phường tiếp nhận 2.265 hồ sơ trực tuyến."))
    assert found.period == "2025S2"
    assert figure(found, 2265).period == "2025S2"


def test_a_quarterly_report_signed_inside_its_quarter_keeps_the_quarter_for_its_figures() -> None:
    found = find_facts(
        doc(
            "An, ngày 20 tháng 9 năm 2024",
            "BÁO CÁO kết quả chuyển đổi số quý III/2024",
            "Trong quý III/2024, tỷ lệ thanh toán trực tuyến của xã đạt 51,97%.",
        )
    )
    assert found.period == "2024Q3"
    assert figure(found, "51.97").period == "2024Q3"


def test_a_month_to_date_without_its_year_is_the_text_s_month_not_the_window_of_the_sentence_before() -> None:
    found = find_facts(
        doc(
            "Tính đến ngày 14/6, cả nước đã thành lập 27.218 Tổ công nghệ số cộng đồng.",
            "Đến cuối tháng 5, tỉnh đã thành lập 2.256 Tổ công nghệ số cộng đồng, với gần 17.000 thành viên.",
            "Đến tháng 5, tỉnh đã phủ sóng băng rộng di động tại 95% thôn bản.",
        ),
        anchor=dt.date(2022, 6, 15),
    )
    assert figure(found, 2256).period == "2022-05"
    assert figure(found, 17000).period == "2022-05"
    assert figure(found, 95).period == "2022-05"
    # a month still to come in the text's year is the year before's
    assert "tháng 11/2021" in plain_time("Đến tháng 11, tỉnh có …", dt.date(2022, 6, 15), None)


def test_a_comparison_s_base_is_not_the_window_of_the_figure_it_compares() -> None:
    found = find_facts(
        texts.doc(
            "UBND HUYỆN AN",
            "Năm 2022, tỷ lệ thủ tục hành chính thực hiện theo cơ chế một cửa luôn ở mức cao. Tỷ lệ hồ sơ "
            "TTHC do UBND huyện tiếp nhận được giải quyết đúng hẹn đạt 53% (tăng 10% so với năm 2021).",
        )
    )
    assert figure(found, 53).period == "2022"
    assert "2022" not in plain_time("đạt 89%, tăng 33% so với cuối năm 2022; xếp thứ 12", None, 2023)


def test_the_year_a_comparison_is_made_with_is_not_the_year_of_the_text_however_often_written() -> None:
    # session 13, fourth part: 106 was read as «quý I/2023» — «cùng kỳ năm 2023» written twice, «năm 2024» once
    found = find_facts(
        texts.doc(
            "Quý I, tỷ lệ hồ sơ trực tuyến tiếp tục tăng",
            "Trong quý I, công tác cải cách hành chính của tỉnh bám sát kế hoạch năm 2024. Tỷ lệ hồ sơ "
            "trực tuyến đạt 64,1%, tăng 4,2% so với cùng kỳ năm 2023. Tỷ lệ hồ sơ giải quyết đúng hạn đạt "
            "98,5%, tăng 0,3% so cùng kỳ năm 2023.",
        ),
        anchor=dt.date(2024, 4, 20),
    )
    assert found.period == "2024Q1"
    assert figure(found, "64.1").period == "2024Q1"
    assert "2023" not in plain_time("đạt 98,5%, tăng 0,3% so cùng kỳ năm 2023; đạt 99%", None, 2024)


def test_a_sub_heading_stating_no_window_goes_on_in_its_parent_heading_s_window() -> None:
    # 103 (a plan for 2024 opening with the review of 2023): under «I. … năm 2023», «a) Chính quyền số»
    # had its figures dated by the plan's year
    found = find_facts(
        texts.doc(
            "KẾ HOẠCH Chuyển đổi số năm 2024",
            "I. Kết quả thực hiện nhiệm vụ năm 2023",
            "a) Chính quyền số",
            "Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 56%.",
            "II. Mục tiêu năm 2024",
            "a) Chính quyền số",
            "Phấn đấu tỷ lệ hồ sơ trực tuyến của tỉnh đạt 70%.",
        ),
        anchor=dt.date(2023, 12, 20),
    )
    assert figure(found, 56).period == "2023"
