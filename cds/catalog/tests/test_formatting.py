"""One formatter for every output: money in its display unit, qualifiers, unknown and invalid values."""

import logging
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.catalog.formatting import format_value
from cds.catalog.services import get_catalog
from cds.lib.vn_numbers import parse_number

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return get_catalog(version="2022.1")


@pytest.mark.parametrize(
    ("code", "value", "qualifier", "expected"),
    [
        ("budget.digital_government", D(1_315_643_000), "", "1.315,643 triệu đồng"),
        ("budget.digital_government", D(48_000_000), "", "48 triệu đồng"),
        ("budget.digital_government", D(250_500_000), "about", "khoảng 250,5 triệu đồng"),
        ("budget.digital_government", D(1), "", "0,000001 triệu đồng"),
        ("budget.digital_government", D(0), "", "0 triệu đồng"),  # in its display unit, like 48 triệu đồng
        ("dvc.dossiers_total", D(1463), "", "1.463 hồ sơ"),
        ("dvc.dossiers_total", D(4000), "more_than", "hơn 4.000 hồ sơ"),
        ("dvc.dossiers_total", D(250), "nearly", "gần 250 hồ sơ"),  # "gần 250 văn bản" as reports write it
        ("infra.fixed_broadband_subscriptions", D(157), "", "157 thuê bao"),
        ("dvc.online_dossier_rate", D("94.4444"), "", "94,44%"),
        ("dvc.online_dossier_rate", D(100), "", "100%"),
        ("gov.has_website", D(1), "", "có"),
        ("gov.has_website", D(0), "", "không"),
        ("dvc.dossiers_total", None, "", "chưa có số liệu"),
    ],
)
def test_each_kind_reads_as_officials_write_it(catalog, code, value, qualifier, expected):
    assert format_value(catalog[code], value, qualifier) == expected


def test_english_says_the_unit_and_the_unknown_in_english(catalog):
    money = catalog["budget.digital_government"]
    assert format_value(money, D(48_000_000), lang="en") == "48 million VND"
    assert format_value(money, None, lang="en") == "no data"
    assert format_value(money, D(48_000_000), with_unit=False) == "48"


def test_a_true_zero_can_read_none_but_an_approximate_zero_cannot(catalog):
    count = catalog["dvc.dossiers_total"]
    assert format_value(count, D(0), zero_as_none=True) == "không có"
    assert format_value(count, D(0), "about", zero_as_none=True) == "khoảng 0 hồ sơ"


def test_an_out_of_range_value_is_shown_as_invalid_and_logged(catalog, caplog):
    with caplog.at_level(logging.WARNING, logger="cds.catalog.formatting"):
        shown = format_value(catalog["dvc.dossiers_total"], D("999999999999999999999999999"))
    assert shown == "giá trị không hợp lệ" and "dvc.dossiers_total" in caplog.text
    assert format_value(catalog["dvc.online_dossier_rate"], D("1e9")) == "giá trị không hợp lệ"


@given(st.integers(min_value=0, max_value=10**15))
def test_money_shown_in_its_display_unit_reads_back_to_the_same_dong(catalog, dong):
    text = format_value(catalog["budget.digital_government"], D(dong))
    assert parse_number(text, "amount").value == dong


def test_a_money_target_is_judged_in_the_display_unit(catalog):
    from cds.catalog.models import Indicator, Target
    from cds.catalog.targets import evaluate

    target = Target(
        indicator=Indicator.objects.get(code="budget.digital_government"),
        period="2024",
        level="commune",
        value=D(100_000_000),
    )
    result = evaluate(target, D(48_000_000))
    assert result.met is False
    assert result.text_vi == "48 triệu đồng, chưa đạt chỉ tiêu 100 triệu đồng (thiếu 52 triệu đồng)"


def test_every_count_prints_its_catalog_unit_unless_a_header_or_sentence_names_it(catalog):
    subscriptions = catalog["infra.fixed_broadband_subscriptions"]
    assert format_value(subscriptions, D(157)) == "157 thuê bao"
    assert format_value(subscriptions, D(157), lang="en") == f"157 {subscriptions.unit_en}"
    assert format_value(subscriptions, D(157), with_unit=False) == "157"
    assert format_value(subscriptions, D(0), zero_as_none=True) == "không có"


def test_a_zero_amount_reads_in_the_display_unit_of_its_indicator(catalog):
    money = catalog["budget.digital_economy"]
    assert format_value(money, D(0)) == "0 triệu đồng"
    assert format_value(money, D(0), lang="en") == "0 million VND"
    assert format_value(money, D(0), with_unit=False) == "0"


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_with_its_unit_reads_back_to_the_same_number(catalog, n):
    text = format_value(catalog["dvc.dossiers_total"], D(n))
    assert text.endswith(" hồ sơ") and parse_number(text.removesuffix(" hồ sơ"), "count").value == n


def test_a_rates_change_is_the_difference_of_the_two_rates_as_printed(catalog):
    """QA of the demo's huyện Sơn Hà report, quý III/2024: «tỷ lệ hồ sơ trực tuyến 56,86%, tăng 25,65
    điểm phần trăm so với quý I/2024» beside the footnote «quý I/2024: 31,22%» — 56,86 − 31,22 is
    25,64 (the unrounded rates gave 25,65). A reader checks the printed figures."""
    from cds.catalog.formatting import format_change

    rate = catalog["dvc.online_dossier_rate"]
    now, before = Decimal("56.8627"), Decimal("31.2154")  # printed 56,86% and 31,22%
    assert format_change(rate, now, before, "quý I/2024") == "tăng 25,64 điểm phần trăm so với quý I/2024"
    # two rates printed alike did not change, as the reader sees them
    same = format_change(rate, Decimal("78.381"), Decimal("78.379"), "quý III/2026")
    assert same == "không thay đổi so với quý III/2026"
