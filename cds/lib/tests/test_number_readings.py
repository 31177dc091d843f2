"""Issues 15 and 21: numbers as real users write them — a dot or comma is a thousands mark only before a
group of exactly three digits; a single such group is decided by the kind and the range."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.lib.errors import InputError
from cds.lib.vn_numbers import BOUNDS, format_number, parse_number

D = Decimal


@pytest.mark.parametrize(
    ("text", "kind", "maximum", "value"),
    [
        ("12.5", "number", None, "12.5"),  # a DTI pillar score typed English-style
        ("312.46", "number", None, "312.46"),
        ("87.25", "number", None, "87.25"),
        ("0.6961", "number", None, "0.6961"),  # the 0–1 DTI index
        ("12.5", "rate", None, "12.5"),
        ("1.5 triệu đồng", "amount", None, "1500000"),
        ("0.463", "number", None, "0.463"),  # "0" cannot lead a thousands group
        ("1234.567", "number", None, "1234.567"),  # nor can four digits
        ("1234,567", "number", None, "1234.567"),
    ],
)
def test_a_mark_before_one_two_or_four_digits_is_a_decimal_mark(text, kind, maximum, value):
    assert parse_number(text, kind, maximum=maximum).value == D(value)


@pytest.mark.parametrize(
    ("text", "kind", "maximum", "value"),
    [
        ("512.250", "number", D(1000), "512.25"),  # a score of at most 1.000 cannot be 512.250 thousand
        ("512,250", "number", D(1000), "512.25"),
        ("1.463", "rate", D(1000), "1.463"),  # 1463% is beyond what a rate may be
        ("1,463%", "rate", D(1000), "1.463"),
        ("1,463", "count", None, "1463"),  # a count is whole: only the thousands reading is possible
        ("1.463", "count", None, "1463"),
        ("1,000", "count", None, "1000"),
        ("1,463", "amount", None, "1463"),  # whole đồng: only the thousands reading is possible
        ("1,463 triệu đồng", "amount", None, "1463000"),  # the Vietnamese unit word: Vietnamese marks
        ("1.463 triệu đồng", "amount", None, "1463000000"),
        ("1,463 million VND", "amount", None, "1463000000"),
    ],
)
def test_a_single_three_digit_group_is_decided_by_the_kind_and_the_range(text, kind, maximum, value):
    assert parse_number(text, kind, maximum=maximum).value == D(value)


@pytest.mark.parametrize(
    ("text", "kind", "maximum", "thousands", "decimal"),
    [
        ("1.463", "number", None, "1463", "1,4630"),
        ("1,463", "number", None, "1463", "1,4630"),
        ("1.000", "number", D(1000), "1000", "1"),  # both readings fit a 1.000-point maximum
        ("1.463", "rate", None, "1463", "1,4630"),
        ("-1.463", "number", None, "-1463", "-1,4630"),
    ],
)
def test_it_refuses_only_when_both_readings_are_possible_and_says_how_to_write_each(
    text, kind, maximum, thousands, decimal
):
    with pytest.raises(InputError) as caught:
        parse_number(text, kind, maximum=maximum)
    for message in (caught.value.vi, caught.value.en):
        assert f"«{text}»" in message and thousands in message and decimal in message
    for spelled in (thousands, decimal):
        assert parse_number(spelled, kind, maximum=maximum).value in (
            D(thousands),
            D(decimal.replace(",", ".")),
        )


def test_a_decimal_count_is_refused_as_not_whole_not_as_ambiguous():
    with pytest.raises(InputError) as caught:
        parse_number("12.5", "count")
    assert "số nguyên" in caught.value.vi and "whole" in caught.value.en


def test_the_maximum_decides_but_is_left_to_the_caller_to_enforce():
    assert parse_number("1500", "number", maximum=D(1000)).value == 1500


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("16 nghìn doanh nghiệp", "count", "16000", "nghìn doanh nghiệp"),  # was read as 16
        ("khoảng 4 nghìn người", "count", "4000", "nghìn người"),
        ("1,5 triệu người", "count", "1500000", "triệu người"),
        ("4,3 nghìn lượt", "count", "4300", "nghìn lượt"),
        ("2,5 nghìn lần", "number", "2500", "nghìn lần"),
    ],
)
def test_a_scale_word_after_a_count_multiplies_it(text, kind, value, unit):
    parsed = parse_number(text, kind)
    assert (parsed.value, parsed.unit_text) == (D(value), unit)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("63 nghìn ha", "count"),
        ("1,2345 nghìn người", "count"),
        ("1,2345 nghìn", "count"),
        ("5 nghìn %", "rate"),
        ("3 triệu đồng", "count"),  # money words stay money: never a count
        ("3 tr", "count"),  # «tr», «trđ» are officials' short forms of «triệu đồng»
        ("3 trđ", "count"),
        ("3 tỷ", "number"),  # a bare scale word is read for counts only
    ],
)
def test_a_scaled_count_is_still_refused_when_it_is_a_measure_not_whole_or_money(text, kind):
    with pytest.raises(InputError):
        parse_number(text, kind)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("hơn 12,5 triệu", "12500000", "triệu"),  # corpus 26: «hơn 12,5 triệu hồ sơ cấp căn cước mới»
        ("gần 8,7 triệu", "8700000", "triệu"),
        ("hơn 11 triệu", "11000000", "triệu"),  # was refused as money
        ("15,4 triệu", "15400000", "triệu"),
        ("1,2 nghìn", "1200", "nghìn"),
        ("1,2 ngàn", "1200", "ngàn"),
        ("2 tỷ", "2000000000", "tỷ"),
        ("1,5 tỉ", "1500000000", "tỉ"),
        ("12,5 triệu hồ sơ", "12500000", "triệu hồ sơ"),
    ],
)
def test_a_count_written_with_a_bare_scale_word_is_multiplied_not_taken_for_money(text, value, unit):
    parsed = parse_number(text, "count")
    assert (parsed.value, parsed.unit_text) == (D(value), unit)
    assert parsed.value == parsed.value.to_integral_value() and "." not in str(parsed.value)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1,463 triệu người", "count", "1463000"),  # was 1.463.000.000: a Vietnamese word, Vietnamese marks
        ("1.463 triệu người", "count", "1463000000"),
        ("1,463 nghìn người", "count", "1463"),
        ("1,463 triệu", "count", "1463000"),
        ("1,463 nghìn lần", "number", "1463"),
        ("1.463 nghìn lần", "number", "1463000"),
    ],
)
def test_with_a_vietnamese_scale_word_the_marks_are_read_the_vietnamese_way(text, kind, value):
    assert parse_number(text, kind).value == D(value)


@pytest.mark.parametrize(
    ("text", "dong", "unit"), [("11 triệu", 11_000_000, "triệu"), ("11 triệu đồng", 11_000_000, "triệu đồng")]
)
def test_money_keeps_its_unit_word_and_is_returned_in_dong(text, dong, unit):
    parsed = parse_number(text, "amount")
    assert (parsed.value, parsed.unit_text) == (dong, unit)


SCALES = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9}


@given(
    st.integers(min_value=0, max_value=999_999),
    st.sampled_from(sorted(SCALES)),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["", " hồ sơ", " người"]),
)
def test_a_count_in_thousands_millions_or_billions_round_trips(digits, word, places, noun):
    """Whatever decimals a scaled count is written with (Vietnamese marks), it reads back exactly."""
    shown = Decimal(digits).scaleb(-places)
    text = f"{format_number(shown)} {word}{noun}"
    expected = shown.scaleb(SCALES[word])
    if expected > BOUNDS["count"][1]:  # beyond a count's bound: refused, as any count is
        with pytest.raises(InputError):
            parse_number(text, "count")
    else:
        assert parse_number(text, "count").value == expected
