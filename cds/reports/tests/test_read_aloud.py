"""Issue 14, «read every demo report aloud»: each sentence an office would not sign as written,
found by reading the demo reports (docs/reports.md, «Đọc duyệt»), fixed in the wording data or the
builder. Each test renders the shipped wording (``wording/vi.yaml``) or calls the builder's helper."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cds.reports.wording import load_wording

from .test_report_wording import _renderer

pytestmark = pytest.mark.django_db


def shipped(start: str, kind: str = "periodic") -> str:
    """The shipped template of report ``kind`` that starts with ``start``."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if node.startswith(start):
                found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_wording()[kind])
    assert len(found) == 1, found
    return found[0]


def test_a_subscription_count_says_what_it_counts():
    r = _renderer({"infra.fixed_broadband_subscriptions": 17898, "infra.fixed_broadband_rate": "8.64",
                   "infra.mobile_broadband_subscriptions": 107})  # fmt: skip
    fixed = r.text(shipped("Số thuê bao băng rộng cố định"))
    assert fixed == "Số thuê bao băng rộng cố định: 17.898 thuê bao, chiếm tỷ lệ 8,64% dân số."
    mobile = r.text(shipped("Số thuê bao băng rộng di động"))
    assert mobile == "Số thuê bao băng rộng di động: 107 thuê bao."


def test_a_count_of_information_systems_says_systems():
    r = _renderer({"attt.systems_monitored": 1, "attt.systems_assessed": 2})
    assert r.text(shipped("Số hệ thống thông tin được giám sát")).endswith("với NCSC: 1 hệ thống.")
    assert r.text(shipped("Số hệ thống thông tin đã được kiểm tra")).endswith("theo quy định: 2 hệ thống.")


def test_online_service_users_are_people_and_no_business_is_not_written_as_zero():
    r = _renderer({"dvc.citizens_using": 689, "dvc.businesses_using": 0, "dvc.citizens_registered": 689,
                   "dvc.businesses_registered": 3})  # fmt: skip
    assert r.text(shipped("Số người dân sử dụng dịch vụ công trực tuyến")) == (
        "Số người dân sử dụng dịch vụ công trực tuyến: 689 người, số doanh nghiệp: không có; "
        "số người dân đăng ký tài khoản: 689 người, số doanh nghiệp đăng ký: 3 doanh nghiệp."
    )


@pytest.mark.parametrize(
    ("start", "code", "subject"),
    [
        ("Tỷ lệ hồ sơ trực tuyến {period}", "dvc.online_dossier_rate", "Tỷ lệ hồ sơ trực tuyến theo quý"),
        ("Tỷ lệ thanh toán trực tuyến", "dvc.online_payment_rate", "Tỷ lệ thanh toán trực tuyến theo quý"),
        ("Tỷ lệ số hóa hồ sơ", "dvc.dossier_digitised_rate", "Tỷ lệ số hóa hồ sơ theo quý"),
    ],
)
def test_a_training_report_footnote_says_whose_quarterly_series_it_is(start, code, subject):
    items = load_wording()["training"]["sections"][-1]["items"]
    item = next(i for i in items if i["text"].startswith(start))
    assert item["footnote"].startswith(subject + ": {" + code + "|series}")


def test_the_mean_score_change_is_the_difference_of_the_printed_means():
    from cds.reports.dti_report import _score_change

    # 651,836 and 496,174 print as 651,84 and 496,17: the change printed is 155,67, not 155,66
    assert _score_change(Decimal("651.836"), Decimal("496.174")) == "tăng 155,67 điểm"
    assert _score_change(Decimal("500.004"), Decimal("500.001")) == "không thay đổi"


def test_a_citation_does_not_repeat_the_document_type_its_subject_starts_with():
    from cds.registries.citations import Citation, format_citation

    plan = Citation("KH", "109", "KH-UBND", date=dt.date(2024, 9, 19),
                    subject="Kế hoạch triển khai thực hiện Nghị quyết số 13-NQ/TU")  # fmt: skip
    assert format_citation(plan) == (
        "Kế hoạch số 109/KH-UBND ngày 19/9/2024 triển khai thực hiện Nghị quyết số 13-NQ/TU"
    )
    other = Citation("KH", "37", "KH-UBND", date=dt.date(2024, 3, 18), subject="về chuyển đổi số")
    assert format_citation(other) == "Kế hoạch số 37/KH-UBND ngày 18/3/2024 về chuyển đổi số"


def test_the_demo_plan_is_cited_with_about_before_its_subject(units):
    import random

    from cds.registries import demo
    from cds.registries.citations import format_citation
    from cds.units.services import resolve_unit

    unit = resolve_unit("xã Sơn Hạ, tỉnh Quảng Ngãi", as_of=dt.date(2025, 12, 31))
    plan = demo._plan(unit, 2025, dt.date(2025, 7, 1), random.Random(1))
    cited = format_citation(plan.document.as_citation())
    assert cited.endswith("ngày 1/7/2025 của UBND xã Sơn Hạ về chuyển đổi số năm 2025 (mô phỏng)")


def test_a_training_report_without_any_training_figure_is_refused_like_an_empty_period(sample_figures):
    """huyện Sơn Hà's 2024 training report held only the three DVC rates: a «báo cáo bồi dưỡng,
    tập huấn» with no training in it."""
    from cds.lib.periods import parse_period
    from cds.reports.availability import EmptyPeriod
    from cds.reports.kinds import ReportOptions, build_report
    from cds.units.services import resolve_unit
    from cds.values.models import DataValue

    period = parse_period("2023Q3")
    unit = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", as_of=period.end)
    build_report("training", unit, period, ReportOptions(charts=False))  # with its Phụ lục II figures
    DataValue.objects.filter(unit=unit, indicator__code__regex=r"^(training|teams)\.").delete()
    assert DataValue.objects.filter(unit=unit, period="2023Q3").exists()  # the DVC rates stay
    with pytest.raises(EmptyPeriod) as refused:
        build_report("training", unit, period, ReportOptions(charts=False))
    assert (
        "Chưa có số liệu bồi dưỡng, tập huấn (Phụ lục II, Tổ công nghệ số cộng đồng) đã duyệt "
        "của Xã Tịnh Châu cho quý III/2023" in refused.value.vi
    )
    build_report("periodic", unit, period, ReportOptions(charts=False))  # the other types still build


def test_a_district_total_unlike_its_communes_sum_says_both():
    r = _renderer(
        {"dvc.dossiers_total": 1704, "dvc.dossiers_online": 874, "dvc.online_dossier_rate": "51.29"}
    )
    r.data.figures["dvc.dossiers_total"].children_value = Decimal(1291)
    text = r.text(shipped("Tổng số hồ sơ thủ tục hành chính"))
    assert text.startswith(
        "Tổng số hồ sơ thủ tục hành chính: 1.704 hồ sơ (các đơn vị cấp dưới: 1.291 hồ sơ), "
    )
    r.data.figures["dvc.dossiers_total"].children_value = None  # a commune, or a total equal to its rows
    assert r.text(shipped("Tổng số hồ sơ thủ tục hành chính")).startswith(
        "Tổng số hồ sơ thủ tục hành chính: 1.704 hồ sơ, trong đó 874 hồ sơ trực tuyến"
    )
