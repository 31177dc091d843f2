"""Session 12's rules for a plan's targets under review (issue 19, precision on texts not tuned
on): a count of targets is read by the verb the text puts with it, a floor («tối thiểu») and the
criteria opening the items of a review are goals, not results. Written from the errors of the
studied sets 11–57 (28, 53); the fresh set 58–62 was not read while writing them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cds.ingest.finding import Findings, find_facts

from .texts import doc

pytestmark = pytest.mark.django_db  # the catalog's names come from the shipped catalog files


def indicators(found: Findings) -> dict[Decimal | dt.date | str, str]:
    return {f.value: f.indicator for f in found.figures}


def test_targets_completed_are_the_targets_met_and_those_left_are_proposed_as_nothing() -> None:
    found = find_facts(
        doc(
            "Trong 9 tháng đầu năm 2024, Thành phố thực hiện hoàn thành 20/34 chỉ tiêu, còn 14/34 chỉ tiêu "
            "đang triển khai, chưa đạt kế hoạch."
        ),
        hold_unsure=False,
    )
    assert indicators(found) == {Decimal(20): "plans.targets_met"}
    assert found.figures[0].denominator == Decimal(34)


def test_criteria_met_and_not_met_in_a_plan_review_are_not_the_plan_s_total() -> None:
    found = find_facts(
        doc(
            "Kế hoạch chuyển đổi số năm 2024 của huyện có 22 chỉ tiêu. Đến nay: 16 tiêu chí đạt, 06 tiêu chí chưa đạt."
        ),
        hold_unsure=False,
    )
    assert indicators(found) == {Decimal(22): "plans.targets_total", Decimal(16): "plans.targets_met"}


def test_a_group_s_targets_are_the_group_s_and_its_parts_met_or_not_are_proposed_as_nothing() -> None:
    found = find_facts(
        doc("Năm 2024, Chính quyền số (06 chỉ tiêu: đánh giá đạt 05 chỉ tiêu, 01 chỉ tiêu chưa đạt)."),
        hold_unsure=False,
    )
    assert indicators(found) == {Decimal(6): "plans.targets_digital_government"}


def test_a_floor_is_a_goal_and_so_is_the_figure_joined_to_it_by_va() -> None:
    found = find_facts(
        doc("Năm 2024, tỷ lệ hồ sơ giải quyết trực tuyến đạt tối thiểu 40% tại cấp huyện và 30% tại cấp xã."),
        hold_unsure=False,
    )
    assert found.figures == []
    assert sorted(f.value for f in found.targets) == [Decimal(30), Decimal(40)]


def test_the_criteria_opening_the_items_of_a_plan_review_are_goals_and_results_elsewhere_are_not() -> None:
    review = (
        "Năm 2024, kế hoạch có 22 chỉ tiêu, cụ thể: 50% dịch vụ công trực tuyến toàn trình được tích hợp "
        "trên Cổng Dịch vụ công quốc gia; 70% thủ tục hành chính có yêu cầu nghĩa vụ tài chính được thanh toán "
        "trực tuyến."
    )
    found = find_facts(doc(review), hold_unsure=False)
    assert {f.value for f in found.figures} <= {Decimal(22)}
    assert {Decimal(50), Decimal(70)} <= {f.value for f in found.targets}
    results = find_facts(
        doc("Năm 2024: 70% thủ tục hành chính có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến."),
        hold_unsure=False,
    )
    assert Decimal(70) in {f.value for f in results.figures}


def test_a_rate_s_own_tyle_opens_its_subject_not_the_clause_before_it() -> None:
    # 49: «100% hồ sơ … trên hệ thống một cửa điện tử, tỷ lệ hồ sơ tiếp nhận trực tuyến chiếm hơn 25%»
    found = find_facts(
        doc(
            "Tháng 3/2024, 100% hồ sơ và thủ tục hành chính cấp xã được tiếp nhận, giải quyết trên hệ thống một "
            "cửa điện tử, tỷ lệ hồ sơ tiếp nhận trực tuyến chiếm hơn 25%."
        ),
        hold_unsure=False,
    )
    assert indicators(found)[Decimal(25)] == "dvc.online_dossier_rate"


def test_a_bare_share_after_a_comma_is_held_for_a_person_not_proposed() -> None:
    # 18: «… là 115.665 và tổng số hồ sơ giải quyết TTHC là 168.746, chiếm 68,54%» — a share of which?
    found = find_facts(
        doc(
            "Năm 2024, số hồ sơ trực tuyến toàn trình là 115.665 và tổng số hồ sơ giải quyết thủ tục hành "
            "chính là 168.746, chiếm 68,54%."
        )
    )
    assert Decimal("68.54") not in {f.value for f in found.figures}


def test_a_part_named_before_its_number_in_brackets_is_held_and_parts_named_after_it_are_read() -> None:
    # 25: the parts' place is the count's («tại Trung tâm … các xã, phường»), outside the bracket
    held = find_facts(
        doc(
            "Ngày 1/7/2025, số lượng hồ sơ tiếp nhận tại Trung tâm Phục vụ hành chính công các xã, phường là "
            "339 hồ sơ (trực tiếp 24 hồ sơ, trực tuyến 315 hồ sơ)."
        )
    )
    assert not {Decimal(24), Decimal(315)} & {f.value for f in held.figures}
    read = find_facts(
        doc("Ngày 1/7/2025, tỉnh đã tiếp nhận 1.095 hồ sơ (1.050 hồ sơ trực tuyến và 45 hồ sơ trực tiếp).")
    )
    assert indicators(read)[Decimal(1050)] == "dvc.dossiers_online"


def test_communes_that_all_have_something_are_a_part_never_the_communes_total() -> None:
    # 54: «20/20 xã, thị trấn đều có hệ thống wifi» counts the communes having wifi, all of them
    found = find_facts(
        doc(
            "Tỷ lệ hồ sơ trực tuyến tiếp nhận và xử lý ở bộ phận “Một cửa” đạt 100%; 20/20 xã, thị trấn đều có "
            "hệ thống wifi phục vụ Nhân dân khi đến giao dịch điện tử."
        ),
        anchor=dt.date(2025, 4, 11),
        hold_unsure=False,
    )
    assert all(f.indicator != "admin.communes_total" for f in found.figures)


def test_a_capital_after_a_comma_opens_the_next_figure_s_subject() -> None:
    # 37: the steering committee's 19 members are not the working group's that the next clause names
    found = find_facts(
        doc(
            "Tháng 12/2025, UBND phường đã thành lập Ban Chỉ đạo chuyển đổi số gồm 19 thành viên, Tổ giúp việc "
            "cho Ban Chỉ đạo 15 thành viên."
        ),
        hold_unsure=False,
    )
    assert indicators(found)[Decimal(19)] == "steering.members"


def test_the_words_after_the_next_figure_are_that_figure_s() -> None:
    # 43: the activation is said of the 1,4 million, not of the 4,2 million collected
    found = find_facts(
        doc(
            "Tính đến ngày 8/5/2023, Hà Nội đã thu nhận hơn 4,2 triệu tài khoản định danh điện tử và hơn 1,4 triệu "
            "tài khoản định danh điện tử kích hoạt thành công."
        ),
        hold_unsure=False,
    )
    assert indicators(found).get(Decimal(4200000)) != "society.vneid_accounts_activated"
    assert indicators(found)[Decimal(1400000)] == "society.vneid_accounts_activated"


def test_a_share_of_units_is_read_only_as_an_indicator_of_units() -> None:
    # 45: a conference reached «100% xã, phường, thị trấn»; it was read as the online-payment rate
    found = find_facts(
        doc(
            "Năm 2023, hội nghị được tổ chức trực tuyến đến 17 huyện, thị xã, thành phố và 100% xã, phường, thị trấn."
        ),
        hold_unsure=False,
    )
    assert all(f.indicator != "dvc.online_payment_rate" for f in found.figures)
