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


def test_targets_completed_are_the_targets_met_and_those_left_are_the_targets_not_met() -> None:
    found = find_facts(
        doc(
            "Trong 9 tháng đầu năm 2024, Thành phố thực hiện hoàn thành 20/34 chỉ tiêu, còn 14/34 chỉ tiêu "
            "đang triển khai, chưa đạt kế hoạch."
        ),
        hold_unsure=False,
    )
    assert indicators(found) == {Decimal(20): "plans.targets_met", Decimal(14): "plans.targets_not_met"}
    assert [f.denominator for f in found.figures] == [Decimal(34), Decimal(34)]


def test_the_targets_remaining_con_lai_are_the_targets_not_met_not_the_plan_s_total() -> None:
    # session 13, fourth part: the eighth set's 108 read «còn lại 04/34 chỉ tiêu» as the plan's total
    found = find_facts(
        doc(
            "Năm 2023, các cơ quan, đơn vị đã hoàn thành 25/31 chỉ tiêu; còn lại 06/31 chỉ tiêu đang được "
            "các đơn vị tiếp tục triển khai."
        ),
        hold_unsure=False,
    )
    assert indicators(found) == {Decimal(25): "plans.targets_met", Decimal(6): "plans.targets_not_met"}


def test_criteria_met_and_not_met_in_a_plan_review_are_the_targets_met_and_not_met_not_the_total() -> None:
    found = find_facts(
        doc(
            "Kế hoạch chuyển đổi số năm 2024 của huyện có 22 chỉ tiêu. Đến nay: 16 tiêu chí đạt, 06 tiêu chí chưa đạt."
        ),
        hold_unsure=False,
    )
    assert indicators(found) == {
        Decimal(22): "plans.targets_total",
        Decimal(16): "plans.targets_met",
        Decimal(6): "plans.targets_not_met",
    }


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


def test_a_count_among_which_a_part_is_taken_is_held_not_the_population() -> None:
    # 41: «trong số hơn 1.600 công dân … đủ điều kiện» is the base of a share, not the commune's people
    found = find_facts(
        doc("Thực tế cho thấy, trong số hơn 1.600 công dân tại Thượng Trạch đủ điều kiện cài đặt."),
        anchor=dt.date(2026, 1, 20),
    )
    assert Decimal(1600) not in {f.value for f in found.figures}
    assert Decimal(1600) in {f.value for f in found.unsure}


def test_one_team_called_by_its_own_name_counts_its_members_not_the_ward_s_total() -> None:
    # 57: a residential group's team founded by the ward; its 8 members are the team register's
    found = find_facts(
        doc(
            "Tổ Công nghệ số cộng đồng Lang Xá Cồn được UBND phường Thanh Thủy thành lập ngày 8/8/2025, gồm 8 "
            "thành viên là những người hiểu biết công nghệ."
        ),
        hold_unsure=False,
    )
    assert all(not f.indicator.startswith("teams.") for f in found.figures)
    counted = find_facts(
        doc(
            "Tháng 12/2025, phường đã thành lập 125 tổ công nghệ số cộng đồng ở 125 tổ dân phố, với 375 thành viên."
        ),
        hold_unsure=False,
    )
    assert indicators(counted)[Decimal(375)].startswith("teams.")


def test_a_tyle_that_names_nothing_leaves_the_rate_s_subject_before_it() -> None:
    # sample 000: «hồ sơ phát sinh trực tuyến chiếm tỷ lệ là 9,36%» is the online dossier rate
    found = find_facts(
        doc("Quý I năm 2023, hồ sơ phát sinh trực tuyến chiếm tỷ lệ là 9,36%."), hold_unsure=False
    )
    assert indicators(found)[Decimal("9.36")] == "dvc.online_dossier_rate"


def test_teams_founded_in_communes_and_villages_named_together_are_the_totals() -> None:
    # 52: «100% xã, thị trấn, khu phố, thôn, ấp … với 94 tổ gần 746 thành viên» is every level's
    found = find_facts(
        doc(
            "Tháng 12/2023, 100% xã, thị trấn, khu phố, thôn, ấp của huyện đã thành lập Tổ CNSCĐ với 94 tổ gần 746 "
            "thành viên."
        ),
        hold_unsure=False,
    )
    assert indicators(found).get(Decimal(746)) == "teams.members_total"


def test_prizes_given_to_collectives_and_individuals_together_are_neither_kind_s_count() -> None:
    # 13: «03 giải nhất, … 05 giải ba được trao cho các tập thể, cá nhân» were the collectives' prizes
    found = find_facts(
        doc(
            "Từ ngày 08/10 đến 25/10/2025, cuộc thi đã có 01 giải xuất sắc, 03 giải nhất, 03 giải nhì và 05 giải ba "
            "được trao cho các tập thể, cá nhân xuất sắc."
        ),
        hold_unsure=False,
    )
    assert all(not f.indicator.startswith("awareness.contest_prizes") for f in found.figures)


def test_a_part_inside_the_bracket_after_a_count_is_never_that_count_again() -> None:
    # 17: the 176 centralised certificates are some of the 5.503 personal ones, not their number
    found = find_facts(
        doc(
            "Năm 2024, số lượng chứng thư số chuyên dùng đang hoạt động là 6.632 chứng thư số, trong đó 5.503 chứng "
            "thư số cá nhân (với 4.837 thiết bị Token, 490 thiết bị SIM-PKI, 176 chứng thư số tập trung), 1.129 "
            "chứng thư số tổ chức."
        ),
        hold_unsure=False,
    )
    personal = [f.value for f in found.figures if f.indicator == "gov.public_service_certificates_personal"]
    assert personal == [Decimal(5503)]


def test_staff_sent_to_a_task_are_not_the_unit_s_staff() -> None:
    # 56: the departments lend 5 civil servants to the service centre
    found = find_facts(
        doc(
            "Từ ngày 1/7/2025, các phòng chuyên môn cử 5 công chức phối hợp trực tiếp tiếp nhận, xử lý hồ sơ."
        ),
        hold_unsure=False,
    )
    assert all(not f.indicator.startswith("hr.") for f in found.figures)


def test_a_review_row_s_first_figure_is_the_goal_and_its_second_the_result() -> None:
    # session 13, fourth part: 103's «… | 30% | 75,3% | Vượt» was proposed as a 30% result
    found = find_facts(
        doc(
            "Năm 2023.",
            "- Tỷ lệ hồ sơ trực tuyến của tỉnh | 40% | 68,2% | Vượt",
            "- Tỷ lệ hồ sơ giải quyết đúng hạn | 98% | 96,5% | Không đạt",
        ),
        hold_unsure=False,
    )
    assert {f.value: f.indicator for f in found.figures} == {
        Decimal("68.2"): "dvc.online_dossier_rate",
        Decimal("96.5"): "dvc.on_time_rate",
    }
    assert {f.value for f in found.targets} == {Decimal(40), Decimal(98)}


def test_a_rate_of_both_kinds_of_online_service_is_not_the_partial_ones_rate() -> None:
    found = find_facts(
        doc("Năm 2023, tỷ lệ hồ sơ trực tuyến phát sinh của từng DVCTT (toàn trình và một phần) đạt 71,5%."),
        hold_unsure=False,
    )
    assert all(not f.indicator.startswith("dvc.partial_") for f in found.figures)


def test_a_year_plan_s_targets_counted_den_nay_in_its_last_month_are_that_year_s_review() -> None:
    text = (
        "Thực hiện Kế hoạch số 120/KH-UBND về chuyển đổi số năm 2023, đến nay, đã hoàn thành 27/32 chỉ tiêu; "
        "còn lại 05/32 chỉ tiêu đang triển khai."
    )
    found = find_facts(doc(text), anchor=dt.date(2023, 12, 18), hold_unsure=False)
    assert {(f.indicator, f.period) for f in found.figures} == {
        ("plans.targets_met", "2023"),
        ("plans.targets_not_met", "2023"),
    }
    # mid-year, the year the text declares is still the period of what it tells «đến nay» (corpus/reports/
    # README.md, session 14); a text that declares none: the month it speaks from, the targets met so far
    earlier = find_facts(doc(text), anchor=dt.date(2023, 9, 18), hold_unsure=False)
    assert {f.period for f in earlier.figures} == {"2023"}
    undated = text.replace(" năm 2023", "")
    earlier = find_facts(doc(undated), anchor=dt.date(2023, 9, 18), hold_unsure=False)
    assert {f.period for f in earlier.figures} == {"2023-09"}
