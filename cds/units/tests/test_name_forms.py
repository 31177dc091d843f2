"""Unit names as public documents write them: type words decide the level, Roman numbers,
both eras listed with the former ones labelled, and refusals that say how to qualify a name."""

from __future__ import annotations

import pytest

from cds.lib.errors import InputError
from cds.units.models import Era, Level
from cds.units.names import parse_name, type_levels
from cds.units.services import find_units, resolve_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


@pytest.mark.parametrize(
    ("unit_type", "levels"),
    [
        ("Huyện", {Level.DISTRICT}),
        ("Quận", {Level.DISTRICT}),
        ("Thị xã", {Level.DISTRICT}),
        ("Thành phố", {Level.PROVINCE, Level.DISTRICT}),
        ("Tỉnh", {Level.PROVINCE}),
        ("Xã", {Level.COMMUNE}),
        ("Phường", {Level.COMMUNE}),
        ("Thị trấn", {Level.COMMUNE}),
        ("Đặc khu", {Level.COMMUNE}),
        ("Thôn", {Level.VILLAGE}),
        ("Tổ dân phố", {Level.VILLAGE}),
    ],
)
def test_a_type_word_names_the_levels_it_can_be(unit_type, levels):
    assert type_levels(unit_type) == levels


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Phường I, Vị Thanh", "31318"),  # the official name is written with a Roman number
        ("Phường 1, thành phố Vị Thanh", "31318"),
        ("Phường I, thành phố Sóc Trăng", "31522"),  # the official name is «Phường 1»
        ("Quận I, Hồ Chí Minh", "760"),
    ],
)
def test_roman_and_arabic_numbers_name_the_same_unit(text, code):
    best = find_units(text, era=Era.LEGACY).best
    assert best is not None, find_units(text, era=Era.LEGACY).candidates
    assert best.code == code


def test_the_number_as_written_ranks_before_its_other_form():
    readings = parse_name("Phường IV").readings
    assert [(r.key, r.penalty) for r in readings[:2]] == [("iv", 0.0), ("4", 0.05)]
    assert find_units("Phường 1", parent="Hậu Giang", era=Era.LEGACY).best.code == "31318"


def test_an_ambiguous_name_lists_candidates_with_era_and_shows_how_to_qualify():
    with pytest.raises(InputError) as caught:
        resolve_unit("Xã Tân Lập", era=Era.LEGACY)
    err = caught.value
    assert "(trước 1/7/2025)" in err.vi and "(before 1/7/2025)" in err.en
    assert "Huyện Đan Phượng" in err.vi
    # the example is one of the candidates qualified by its own parent, not a fixed text
    assert "«Xã Tân Lập, Huyện " in err.vi and "«Xã Tân Lập, Huyện " in err.en


def test_find_without_a_date_lists_both_eras_today_first():
    result = find_units("Xã Tịnh Khê", both_eras=True)
    eras = [c.unit.era for c in result.candidates]
    assert eras == [Era.CURRENT, Era.LEGACY]
    assert result.best.era == Era.CURRENT
    assert result.candidates[1].label().endswith("(trước 1/7/2025)")
    assert result.candidates[1].label("en").endswith("(before 1/7/2025)")
    assert "trước" not in result.candidates[0].label()


def test_a_former_district_is_found_without_a_date():
    result = find_units("Huyện Sơn Tịnh", both_eras=True)
    assert [c.unit.code for c in result.candidates] == ["527"]
    assert result.best.era == Era.LEGACY


def test_other_tone_marks_name_another_unit_and_only_suggest_it():
    # «Định Bàn» (Thạch Hà) was merged before 2025; «Đỉnh Bàn» elsewhere is another name
    result = find_units("xã Định Bàn", era=Era.LEGACY)
    assert result.best is None
    assert "Xã Đỉnh Bàn" in [c.unit.name for c in result.candidates]


def test_marks_left_out_still_name_the_unit():
    assert find_units("Nam Tra My", parent="Quảng Nam", era=Era.LEGACY).best.name == "Huyện Nam Trà My"


@pytest.mark.parametrize("text", ["TPHCM", "TP.HCM", "TP HCM", "tp. Hồ Chí Minh"])
def test_the_initials_of_ho_chi_minh_city_name_it(text):
    for era in (Era.LEGACY, Era.CURRENT):
        assert find_units(text, era=era).best.name == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xã Bình An (Lâm Bình)", ("Xã Bình An", "Huyện Lâm Bình")),
        ("Xã Tràng Đà (TP Tuyên Quang)", ("Xã Tràng Đà", "Thành phố Tuyên Quang")),
        (
            "UBND huyện Thuận Châu (Ban Chỉ đạo chuyển đổi số huyện), tỉnh Sơn La",
            ("Huyện Thuận Châu", "Tỉnh Sơn La"),
        ),
    ],
)
def test_a_bracketed_unit_qualifies_the_name_and_a_bracketed_remark_is_left_out(text, expected):
    best = find_units(text, era=Era.LEGACY).best
    assert best is not None
    assert (best.name, best.parent.name) == expected


def test_a_bracketed_unit_that_is_not_a_parent_refuses():
    assert find_units("xã Bình An (Na Hang)", era=Era.LEGACY).best is None
