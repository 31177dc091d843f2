from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.lib.errors import InputError
from cds.lib.testing import examples
from cds.units.models import Era, Level
from cds.units.services import find_units, resolve_unit
from cds.units.testing import get_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]

SON_NHAM = ("21298", Era.LEGACY)
CASES = {"same": str, "upper": str.upper, "lower": str.lower, "title": str.title}


@pytest.mark.parametrize(
    "text",
    [
        "Xã Sơn Nham",
        "xã Sơn Nham",
        "XÃ SƠN NHAM",
        "UBND xã Sơn Nham",
        "Ủy ban nhân dân xã Sơn Nham",
        "Uỷ ban nhân dân xã Sơn Nham",
        "Son Nham",
        "son nham",
        "X. Sơn Nham",
        "x.Sơn Nham",
        "  Xã   Sơn  Nham ",
        unicodedata.normalize("NFD", "Xã Sơn Nham"),
        "Sơn Nham, Sơn Hà, Quảng Ngãi",
        "xã Sơn Nham, huyện Sơn Hà, tỉnh Quảng Ngãi",
        "21298",
    ],
)
def test_every_spelling_of_son_nham_finds_it(text):
    result = find_units(text)
    assert result.best is not None, result.candidates
    assert (result.best.code, result.best.era) == SON_NHAM
    assert not result.ambiguous


@pytest.mark.parametrize(
    ("text", "code", "era", "level"),
    [
        ("H. Sơn Hà", "529", Era.LEGACY, Level.DISTRICT),
        ("Huyện Sơn Hà", "529", Era.LEGACY, Level.DISTRICT),
        ("TP. Quảng Ngãi", "522", Era.LEGACY, Level.DISTRICT),
        ("Thành phố Quảng Ngãi", "522", Era.LEGACY, Level.DISTRICT),
        ("tỉnh Quảng Ngãi", "51", Era.CURRENT, Level.PROVINCE),
        ("Quảng Ngãi", "51", Era.CURRENT, Level.PROVINCE),
        ("xã Tịnh Châu, thành phố Quảng Ngãi", "21208", Era.LEGACY, Level.COMMUNE),
        ("TT. Ba Tơ", "21484", Era.LEGACY, Level.COMMUNE),
        ("P. Hồng Hà", "00097", Era.CURRENT, Level.COMMUNE),
    ],
)
def test_type_words_abbreviations_and_qualifiers_are_understood(text, code, era, level):
    best = find_units(text).best
    assert best is not None
    assert (best.code, best.era, best.level) == (code, era, level)


def test_a_stated_type_narrows_the_matches():
    # Current Quảng Trị has "Xã Tân Lập"; Đắk Lắk has "Phường Tân Lập".
    assert {c.unit.unit_type for c in find_units("Phường Tân Lập").candidates} == {"Phường"}
    assert find_units("Phường Tân Lập").best.parent.name == "Tỉnh Đắk Lắk"
    assert {c.unit.unit_type for c in find_units("Xã Tân Lập").candidates} == {"Xã"}


def test_typed_accents_tell_namesakes_apart_and_bare_letters_do_not():
    assert find_units("Xã Sơn Hạ").best.code == "21292"
    assert find_units("Xã Sơn Hà").best.code == "21289"
    bare = find_units("Xa Son Ha")
    assert bare.ambiguous and bare.best is None
    assert {c.unit.code for c in bare.candidates} == {"21289", "21292"}


def test_tan_lap_is_ambiguous_and_lists_parents():
    result = find_units("Xã Tân Lập", as_of=dt.date(2024, 1, 1), limit=50)
    assert result.ambiguous and result.best is None
    assert result.total > 10
    dan_phuong = next(c for c in result.candidates if c.unit.code == "09820")
    assert dan_phuong.parents == ["Huyện Đan Phượng", "Thành phố Hà Nội"]
    assert dan_phuong.label() == "Xã Tân Lập (Huyện Đan Phượng, Thành phố Hà Nội) [09820] (trước 1/7/2025)"


@pytest.mark.parametrize("parent", ["Đan Phượng", "Huyện Đan Phượng", "Đan Phượng, Hà Nội", "Hà Nội"])
def test_parent_narrows_tan_lap_to_one(parent):
    result = find_units("Tân Lập", parent=parent, era=Era.LEGACY)
    assert result.best is not None and result.best.code == "09820"


def test_parent_may_be_a_unit():
    quang_tri = get_unit("44", level=Level.PROVINCE)
    assert find_units("Tân Lập", parent=quang_tri).best.code == "19462"


def test_as_of_picks_the_era():
    before = find_units("Xã Tịnh Khê", as_of=dt.date(2024, 12, 31)).best
    after = find_units("Xã Tịnh Khê", as_of=dt.date(2025, 7, 1)).best
    assert (before.era, after.era) == (Era.LEGACY, Era.CURRENT)
    assert before.code == after.code == "21211"


def test_current_list_comes_first_and_legacy_only_when_nothing_current_matches():
    assert find_units("Xã Tịnh Khê").best.era == Era.CURRENT
    assert find_units("Xã Tịnh Châu").best.era == Era.LEGACY
    assert find_units("Xã Tịnh Châu", era=Era.CURRENT).best is None


def test_a_code_finds_the_unit_in_either_era():
    assert find_units("21208").best.name == "Xã Tịnh Châu"
    assert find_units("21211").best.era == Era.CURRENT
    assert find_units("21211", era=Era.LEGACY).best.era == Era.LEGACY


def test_a_wrong_type_word_only_suggests():
    result = find_units("Phường Sơn Nham")
    assert result.best is None and not result.ambiguous
    assert [c.unit.code for c in result.candidates] == ["21298"]


def test_unknown_names_suggest_by_prefix():
    result = find_units("Tịnh Chă")
    assert result.best is None
    assert "Xã Tịnh Châu" in [c.unit.name for c in result.candidates]


def test_resolve_unit_returns_the_unit():
    assert resolve_unit("UBND xã Sơn Nham").code == "21298"


def test_resolve_unit_refuses_ambiguity_naming_every_candidate_with_parents():
    with pytest.raises(InputError) as caught:
        resolve_unit("Xã Tân Lập")
    message = str(caught.value)
    assert "Tỉnh Quảng Trị" in message and "Tỉnh Lâm Đồng" in message
    assert "khớp với" in caught.value.vi and "matches" in caught.value.en


def test_resolve_unit_refuses_unknown_names_in_both_languages():
    with pytest.raises(InputError) as caught:
        resolve_unit("Xã Không Có Thật")
    assert "không tìm thấy" in caught.value.vi and "no administrative unit" in caught.value.en
    assert caught.value.where.value == "Xã Không Có Thật"


SAMPLE_NAMES = [
    "Xã Sơn Nham",
    "Xã Tịnh Châu",
    "Phường Hồng Hà",
    "Xã Sơn Hạ",
    "Huyện Sơn Hà",
    "Đặc khu Lý Sơn",
]


@settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(SAMPLE_NAMES),
    form=st.sampled_from(["NFC", "NFD", "NFKD"]),
    case=st.sampled_from(sorted(CASES)),
)
def test_matching_a_real_name_ignores_normal_form_and_case(name, form, case):
    expected = find_units(name).best
    typed = unicodedata.normalize(form, CASES[case](name))
    assert find_units(typed).best == expected


def test_any_code_in_the_data_is_found_even_if_it_is_not_official():
    from cds.units.services import add_village

    village = add_village(get_unit("21292"), "Thôn 7", code="SH-7B")
    assert find_units("sh-7b").best == village
