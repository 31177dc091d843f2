"""Issue 15: numbers as real users write them — a dot or comma is a thousands mark only before a
group of exactly three digits; a single such group is decided by the kind and the range."""

from decimal import Decimal

import pytest

from cds.lib.errors import InputError
from cds.lib.vn_numbers import parse_number

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
    [("63 nghìn ha", "count"), ("1,2345 nghìn người", "count"), ("5 nghìn %", "rate"), ("3 triệu", "count")],
)
def test_a_scaled_count_is_still_refused_when_it_is_a_measure_not_whole_or_money(text, kind):
    with pytest.raises(InputError):
        parse_number(text, kind)
