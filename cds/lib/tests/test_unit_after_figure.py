"""The one rule that tells a sum of money from a count written with a scale word (issue 20: the
ingest had its own copy of it beside the number parser)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.lib.vn_numbers import money_factor, parse_number, unit_after_figure


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("triệu hồ sơ được tiếp nhận", ("count", "triệu")),
        ("nghìn người tham gia", ("count", "nghìn")),
        ("Tỷ lượt truy cập", ("count", "Tỷ")),
        ("triệu đồng cho hạ tầng", ("amount", "triệu đồng")),
        ("tỷ VNĐ", ("amount", "tỷ VNĐ")),
        ("đồng mỗi hồ sơ", ("amount", "đồng")),
        ("trđ", ("amount", "trđ")),
        ("tỷ", ("amount", "tỷ")),
        ("triệu.", ("amount", "triệu")),
        ("nghìn", None),
        ("hồ sơ trực tuyến", None),
        ("", None),
        ("(10 trường THCS)", None),
    ],
)
def test_the_words_after_a_figure_say_whether_it_is_money_a_count_in_millions_or_neither(after, expected):
    assert unit_after_figure(after) == expected


def test_every_unit_it_calls_money_is_one_the_number_parser_reads_as_money():
    for after in ("triệu đồng", "nghìn VNĐ", "tỉ đồng", "đồng", "vnđ", "trđ", "tỷ", "triệu"):
        kind, unit = unit_after_figure(after)
        assert kind == "amount" and money_factor(unit) is not None
        assert parse_number(f"2 {unit}", "amount").value == 2 * money_factor(unit)


@given(
    st.sampled_from(["nghìn", "ngàn", "triệu", "tỷ", "tỉ"]),
    st.sampled_from(["người", "hồ sơ", "lượt", "tài khoản"]),
)
def test_a_scale_word_before_a_noun_is_a_count_the_parser_multiplies(scale, noun):
    kind, unit = unit_after_figure(f"{scale} {noun}")
    assert (kind, unit) == ("count", scale)
    assert parse_number(f"3 {unit} {noun}", "count").value > 3
