import re
import unicodedata
from decimal import Decimal
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.lib.errors import InputError
from cds.lib.vn_numbers import (
    BOUNDS,
    ParsedNumber,
    check_bounds,
    format_fraction,
    format_number,
    format_percent,
    parse_number,
)

D = Decimal
amounts = st.decimals(min_value=0, max_value=10**15, places=0, allow_nan=False, allow_infinity=False)
signed = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=999, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1463, None, "1.463"),
        (D("1315.643"), None, "1.315,643"),
        (0.5, None, "0,5"),
        (0, None, "0"),
        (48000000, None, "48.000.000"),
        (D("27.800"), None, "27,8"),
        (D("1E+3"), None, "1.000"),
        (-1463.5, None, "-1.463,5"),
        (D("2.675"), 2, "2,68"),
        (D("2.665"), 2, "2,67"),
        (D("-2.5"), 0, "-3"),
        (D("1315.6"), 2, "1.315,60"),
        (D("-0.001"), 2, "0,00"),
        (1234567.891, 1, "1.234.567,9"),
    ],
)
def test_format_number_writes_vietnamese_style(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (27.8, {}, "27,8%"),
        (94.44, {}, "94,44%"),
        (100, {}, "100%"),
        (D("33.335"), {}, "33,34%"),
        (D("99.999"), {}, "100%"),
        (27.8, {"fixed": True}, "27,80%"),
        (D("27.84"), {"decimals": 1}, "27,8%"),
        (1463, {}, "1.463%"),
    ],
)
def test_format_percent_strips_trailing_zeros_unless_fixed(value, kwargs, expected):
    assert format_percent(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("num", "den", "width", "expected"),
    [
        (29, 29, None, "29/29"),
        (8, 9, 2, "08/09"),
        (2, 2, 2, "02/02"),
        (123, 7, 2, "123/07"),
        (1463, 1500, None, "1.463/1.500"),
    ],
)
def test_format_fraction_pads_like_reports(num, den, width, expected):
    assert format_fraction(num, den, width) == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_number("12"),
        lambda: format_number(True),
        lambda: format_number(float("nan")),
        lambda: format_number(D("Infinity")),
        lambda: format_number(1, -1),
        lambda: format_fraction(-1, 2),
        lambda: format_fraction(D("1.5"), 2),
    ],
)
def test_formatting_refuses_what_is_not_a_number(call):
    with pytest.raises(InputError):
        call()


EXAMPLES = [
    # text, kind, value, qualifier, denominator, unit, is_percent
    ("1.463", "count", "1463", "", None, "", False),
    ("1.463", "amount", "1463", "", None, "", False),
    ("1.315,643 nghìn đồng", "amount", "1315643", "", None, "nghìn đồng", False),
    ("1.315,643 triệu đồng", "amount", "1315643000", "", None, "triệu đồng", False),
    ("27,8%", "rate", "27.8", "", None, "%", True),
    ("27.8%", "rate", "27.8", "", None, "%", True),
    ("94.44", "rate", "94.44", "", None, "", False),
    ("0.5 %", "rate", "0.5", "", None, "%", True),
    ("27,8 phần trăm", "rate", "27.8", "", None, "phần trăm", True),
    ("02/02", "count", "2", "", "2", "", False),
    ("08/09 máy", "count", "8", "", "9", "máy", False),
    ("8/8", "count", "8", "", "8", "", False),
    ("29 / 29 CBCC", "count", "29", "", "29", "CBCC", False),
    ("1.463/1.500 hồ sơ", "count", "1463", "", "1500", "hồ sơ", False),
    ("khoảng 4000", "count", "4000", "about", None, "", False),
    ("khoảng 4000 người;", "count", "4000", "about", None, "người", False),
    ("khoản trên 1000", "count", "1000", "over", None, "", False),
    ("trên 1000", "count", "1000", "over", None, "", False),
    ("hơn 2.000", "count", "2000", "more_than", None, "", False),
    ("hơn 2.500 Licenses", "count", "2500", "more_than", None, "Licenses", False),
    ("dưới 5", "count", "5", "under", None, "", False),
    ("gần 250 văn bản", "count", "250", "nearly", None, "văn bản", False),
    ("Gần 87%", "rate", "87", "nearly", None, "%", True),
    ("khoảng 60% máy", "rate", "60", "about", None, "% máy", True),
    ("Tren 1000", "count", "1000", "over", None, "", False),
    ("không có", "count", "0", "", None, "", False),
    ("Không", "amount", "0", "", None, "", False),
    ("chưa có hồ sơ", "count", "0", "", None, "hồ sơ", False),
    ("0 đồng", "amount", "0", "", None, "đồng", False),
    ("48.000.000 đồng", "amount", "48000000", "", None, "đồng", False),
    ("12384", "count", "12384", "", None, "", False),
    ("1 463", "count", "1463", "", None, "", False),
    ("1\u00a0463 lượt", "count", "1463", "", None, "lượt", False),
    ("12 384 567", "count", "12384567", "", None, "", False),
    ("  1.463 hồ sơ  ", "count", "1463", "", None, "hồ sơ", False),
    ("1.463.", "count", "1463", "", None, "", False),
    ("07", "count", "7", "", None, "", False),
    ("1.234,5", "number", "1234.5", "", None, "", False),
    ("1,234.5", "number", "1234.5", "", None, "", False),
    ("1,234,567", "count", "1234567", "", None, "", False),
    ("1,5", "number", "1.5", "", None, "", False),
    ("1.5", "number", "1.5", "", None, "", False),  # a mark before one digit is a decimal mark
    ("0.5", "number", "0.5", "", None, "", False),
    ("1,000", "count", "1000", "", None, "", False),  # a count is whole: 1,000 cannot be one
    ("1,463", "amount", "1463", "", None, "", False),  # whole đồng: 1,463 cannot be 1 đồng and change
    ("-1,5", "number", "-1.5", "", None, "", False),
    ("\u22121.234,5", "number", "-1234.5", "", None, "", False),
    ("2,6 lần", "number", "2.6", "", None, "lần", False),
]


@pytest.mark.parametrize(("text", "kind", "value", "qualifier", "den", "unit", "is_percent"), EXAMPLES)
def test_it_reads_what_reports_write(text, kind, value, qualifier, den, unit, is_percent):
    parsed = parse_number(text, kind)
    assert parsed == ParsedNumber(D(value), qualifier, D(den) if den else None, unit, is_percent, text)


def test_kind_defaults_to_count():
    assert parse_number("1.463").value == 1463


def test_it_reads_decomposed_unicode_like_composed():
    text = "khoảng 4.000 người"
    decomposed = parse_number(unicodedata.normalize("NFD", text))
    assert (decomposed.value, decomposed.qualifier, decomposed.unit_text) == (4000, "about", "người")


REFUSED = [
    ("1.463", "rate"),  # 1,463% or 1463%?
    ("1.463%", "rate"),
    ("1.463", "number"),
    ("-1.463", "number"),
    ("1,463%", "rate"),  # 1,463% or 1463%: both are rates when no smaller ceiling is given
    ("1,463", "number"),
    ("1.5", "amount"),
    ("1234.56", "amount"),
    ("1.5", "count"),
    ("1,5", "count"),  # a count is whole
    ("1,0", "count"),
    ("1.2.3", "number"),
    ("1,23,4", "number"),
    ("1.23.456", "count"),
    ("01.463", "count"),
    ("1,234.5,6", "number"),
    ("-5", "count"),
    ("-5", "amount"),
    ("-5", "rate"),
    ("27,8%", "count"),
    ("60%", "count"),
    ("5%", "amount"),
    ("27,8 người", "rate"),
    ("08/09", "rate"),
    ("1/2", "amount"),
    ("250,5", "amount"),
    ("5 ha", "amount"),
    ("5 người", "amount"),
    ("3 triệu đồng", "count"),
    ("5 ha", "count"),
    ("5 m²", "count"),
    ("3 tỷ", "number"),
    ("0,0000001 triệu đồng", "amount"),
    ("999999999999999999999999999", "count"),
    ("999999999999999999999999999", "amount"),
    ("999999999999999999999999999", "rate"),
    ("999999999999999999999999999", "number"),
    ("2.000.000 tỷ đồng", "amount"),
    ("1,1234567", "number"),
    ("1,5/2", "count"),
    ("14/3/2023", "count"),
    ("5 - 10", "count"),
    ("5 người 3", "count"),
    ("", "count"),
    ("   ", "count"),
    ("abc", "count"),
    ("-", "count"),
    ("khoảng", "count"),
    ("5", "percent"),
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_it_refuses_ambiguous_or_malformed_input_naming_the_value(text, kind):
    with pytest.raises(InputError) as caught:
        parse_number(text, kind)
    shown = text if kind in ("count", "amount", "rate", "number") else kind
    assert f"«{shown}»" in caught.value.vi
    assert f"«{shown}»" in caught.value.en


def test_the_ambiguity_message_says_how_to_write_either_meaning():
    with pytest.raises(InputError) as caught:
        parse_number("1.463", "rate")
    assert "1463" in caught.value.en and "1,463" in caught.value.en


def test_it_refuses_text_that_is_not_a_string():
    with pytest.raises(InputError):
        parse_number(cast(Any, 1463))  # not a string, whatever the annotation says


@given(st.integers(min_value=0, max_value=10**12))
def test_counts_survive_format_then_parse(n):
    assert parse_number(format_number(n), "count").value == n


@given(st.integers(min_value=0, max_value=10**15))
def test_amounts_survive_format_then_parse(n):
    assert parse_number(format_number(n), "amount").value == n


@given(st.integers(min_value=0, max_value=10**12))
def test_space_and_nbsp_thousands_read_like_dots(n):
    text = format_number(n)
    assert parse_number(text.replace(".", " "), "count").value == n
    assert parse_number(text.replace(".", "\u00a0"), "count").value == n


@given(amounts)
def test_decimal_amounts_survive_format_then_parse(value):
    assert parse_number(format_number(value), "amount").value == value


@given(signed)
def test_a_bare_number_round_trips_unless_it_is_a_single_three_digit_group(value):
    text = format_number(value)
    if re.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}", text):  # "1.463" or "1,463": thousands or decimals?
        with pytest.raises(InputError):
            parse_number(text, "number")
    else:
        assert parse_number(text, "number").value == value


@given(rates, st.booleans())
def test_rates_survive_format_percent_then_parse(value, fixed):
    parsed = parse_number(format_percent(value, fixed=fixed), "rate")
    assert (parsed.value, parsed.is_percent) == (value, True)


@given(st.decimals(min_value=1000, max_value=10**6, places=0, allow_nan=False, allow_infinity=False))
def test_whole_rates_of_a_thousand_percent_or_more_round_trip_unless_ambiguous(value):
    text = format_percent(value)
    if text.count(".") == 1:
        with pytest.raises(InputError):
            parse_number(text, "rate")
    else:
        assert parse_number(text, "rate").value == value


@given(st.decimals(min_value=0, max_value=999, places=2, allow_nan=False, allow_infinity=False))
def test_rates_typed_english_style_are_read_with_a_decimal_point(value):
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    assert parse_number(text + "%", "rate").value == value


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from([None, 2, 3]))
def test_fractions_survive_format_then_parse(num, den, width):
    parsed = parse_number(format_fraction(num, den, width), "count")
    assert (parsed.value, parsed.denominator) == (num, den)


MONEY = [
    ("250,5 triệu đồng", 250_500_000),
    ("250,5 Triệu Đồng", 250_500_000),
    ("250,5 triệu  đồng", 250_500_000),
    ("1.315,643 tr.đ", 1_315_643_000),
    ("1.315,643 trđ", 1_315_643_000),
    ("1.315,643 TRĐ", 1_315_643_000),
    ("12 tr", 12_000_000),
    ("12tr", 12_000_000),
    ("1,5 tỷ", 1_500_000_000),
    ("1,5 tỷ đồng", 1_500_000_000),
    ("1,5 tỉ đồng", 1_500_000_000),
    ("2 nghìn đồng", 2_000),
    ("48.000.000 đồng", 48_000_000),
    ("48.000.000 đ", 48_000_000),
    ("48.000.000đ", 48_000_000),
    ("48.000.000 VNĐ", 48_000_000),
    ("48.000.000 VND", 48_000_000),
    ("khoảng 250 triệu đồng", 250_000_000),
    ("không có", 0),
]


@pytest.mark.parametrize(("text", "dong"), MONEY)
def test_money_is_read_in_any_unit_officials_write_and_returned_in_dong(text, dong):
    for form in (text, unicodedata.normalize("NFD", text)):
        parsed = parse_number(form, "amount")
        assert parsed.value == dong and parsed.value == parsed.value.to_integral_value()


def test_a_unit_word_that_contradicts_the_kind_names_the_value_and_the_word():
    with pytest.raises(InputError) as caught:
        parse_number("5 ha", "amount")
    assert "«5 ha»" in caught.value.vi and "«ha»" in caught.value.vi
    with pytest.raises(InputError) as caught:
        parse_number("3 triệu đồng", "count")
    assert "số tiền" in caught.value.vi and "money" in caught.value.en


def test_an_oversized_number_is_refused_with_the_bound_in_vietnamese():
    with pytest.raises(InputError) as caught:
        parse_number("999999999999999999999999999", "count")
    assert "1.000.000.000.000" in caught.value.vi


@pytest.mark.parametrize("kind", ["count", "amount", "rate", "number"])
def test_the_bounds_themselves_are_accepted_and_one_beyond_is_not(kind):
    low, high = BOUNDS[kind]
    assert check_bounds(high, kind) == high and check_bounds(low, kind) == low
    for beyond in (high + 1, low - 1):
        with pytest.raises(InputError):
            check_bounds(beyond, kind)


@given(
    st.decimals(allow_nan=False, allow_infinity=False), st.sampled_from(["count", "amount", "rate", "number"])
)
def test_whatever_passes_the_bounds_fits_the_database_column(value, kind):
    """DataValue.number is DECIMAL(24, 6): at most 18 digits before the point and 6 after."""
    try:
        checked = check_bounds(value, kind)
    except InputError:
        return
    assert abs(checked) < Decimal(10) ** 18
    assert checked == checked.quantize(Decimal("0.000001"))
