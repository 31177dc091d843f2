"""Reading typed names; no database."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.units.names import accent_key, parse_name, search_key, split_type

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ "
names = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789-.", min_size=1, max_size=30)


@given(names)
def test_matching_keys_ignore_normal_form_and_case(name):
    variants = [
        unicodedata.normalize("NFD", name),
        unicodedata.normalize("NFC", name),
        name.upper(),
        name.lower(),
    ]
    assert {search_key(v) for v in variants} == {search_key(name)}
    assert {parse_name(v).readings for v in variants[:2]} == {parse_name(name).readings}


@given(names)
def test_accent_keys_ignore_normal_form_and_case(name):
    assert accent_key(unicodedata.normalize("NFD", name)) == accent_key(name.lower())


def test_tone_placement_does_not_change_the_accent_key():
    assert accent_key("Hoà Bình") == accent_key("Hòa Bình")
    assert accent_key("Thuỷ") == accent_key("Thủy")
    assert accent_key("Sơn Hà") != accent_key("Sơn Hạ")


@pytest.mark.parametrize(
    ("text", "unit_type", "key"),
    [
        ("UBND xã Sơn Nham", "Xã", "sonnham"),
        ("Ủy ban nhân dân phường Hồng Hà", "Phường", "hongha"),
        ("X. Sơn Nham", "Xã", "sonnham"),
        ("TT.Ba Tơ", "Thị trấn", "bato"),
        ("TP Quảng Ngãi", "Thành phố", "quangngai"),
        ("Thị xã Kỳ Anh", "Thị xã", "kyanh"),
        ("Phường 03", "Phường", "3"),
        ("Son Nham", None, "sonnham"),
    ],
)
def test_type_words_and_committee_prefixes_are_read(text, unit_type, key):
    first = parse_name(text).readings[0]
    assert (first.unit_type, first.key) == (unit_type, key)


def test_a_name_that_may_start_with_a_type_word_keeps_the_whole_reading_too():
    readings = parse_name("Quan Sơn").readings
    assert [(r.unit_type, r.key) for r in readings] == [("Quận", "son"), (None, "quanson")]


def test_codes_are_recognised():
    assert parse_name("21208").code == "21208"
    assert parse_name("21208-t001").code == "21208-T001"
    assert parse_name("2120").readings  # not an official code shape: also read as a name


def test_official_names_split_into_type_and_proper_name():
    assert split_type("Thị trấn Ba Tơ") == ("Thị trấn", "Ba Tơ")
    assert split_type("Quận 1") == ("Quận", "1")
    assert split_type("Đặc khu Lý Sơn") == ("Đặc khu", "Lý Sơn")


def test_typed_names_split_loosely_when_asked():
    assert split_type("THON Nham Bắc") == (None, "THON Nham Bắc")
    assert split_type("THON Nham Bắc", loose=True) == ("Thôn", "Nham Bắc")
    assert split_type("TDP. 3", loose=True) == ("Tổ dân phố", "3")


def test_a_single_token_with_digits_may_also_be_a_code():
    parsed = parse_name("t99901")
    assert parsed.code == "T99901" and parsed.readings
    assert parse_name("Phường 3").code is None
