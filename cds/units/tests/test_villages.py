from __future__ import annotations

import pytest

from cds.lib.errors import InputError
from cds.units.models import Era, Level
from cds.units.services import add_village, ancestors, descendants, find_units
from cds.units.testing import get_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def test_a_village_is_added_under_its_commune_with_a_generated_code():
    commune = get_unit("21292")  # Xã Sơn Hạ
    first = add_village(commune, "Thôn Nham Bắc")
    second = add_village(commune, "Làng Rê")
    assert (first.code, second.code) == ("21292-T001", "21292-T002")
    assert (first.name, first.short_name, first.unit_type, first.level) == (
        "Thôn Nham Bắc",
        "Nham Bắc",
        "Thôn",
        Level.VILLAGE,
    )
    assert second.name == "Thôn Làng Rê"
    assert first.path == f"{commune.path}{first.pk}/" and first.depth == commune.depth + 1
    assert first.era == Era.CURRENT and first.created_by_user
    assert ancestors(first)[-1] == commune
    assert set(descendants(commune, Level.VILLAGE)) == {first, second}


def test_the_type_can_come_from_the_name_or_the_argument():
    commune = get_unit("21292")
    assert add_village(commune, "Tổ dân phố 3").unit_type == "Tổ dân phố"
    assert add_village(commune, "5", unit_type="to dan pho").name == "Tổ dân phố 5"


def test_the_name_is_stored_nfc():
    import unicodedata

    village = add_village(get_unit("21292"), unicodedata.normalize("NFD", "Thôn Đồng Ngỗ"))
    assert village.name == unicodedata.normalize("NFC", "Thôn Đồng Ngỗ")


@pytest.mark.parametrize("again", ["Thôn Nham Bắc", "thôn nham bac", "THON NHAM BẮC", "Nham Bắc"])
def test_a_second_village_with_the_same_folded_name_is_refused(again):
    commune = get_unit("21292")
    add_village(commune, "Thôn Nham Bắc")
    with pytest.raises(InputError) as caught:
        add_village(commune, again)
    assert "21292-T001" in caught.value.vi and "already has" in caught.value.en


def test_the_same_name_is_fine_in_another_commune():
    add_village(get_unit("21292"), "Thôn 1")
    assert add_village(get_unit("21289"), "Thôn 1").code == "21289-T001"


def test_villages_go_only_under_communes():
    with pytest.raises(InputError):
        add_village(get_unit("51", level=Level.PROVINCE), "Thôn 1")


def test_a_type_that_contradicts_the_name_is_refused():
    with pytest.raises(InputError):
        add_village(get_unit("21292"), "Tổ dân phố 3", unit_type="Thôn")


def test_the_commune_can_be_named_and_the_village_found_again():
    village = add_village("Xã Sơn Hạ", "Thôn Gò Da")
    assert find_units("Thôn Gò Da").best == village
    assert find_units("Gò Da", parent="Sơn Hạ").best == village
    assert find_units(village.code).best == village


def test_an_explicit_code_must_be_free():
    add_village(get_unit("21292"), "Thôn A", code="SH-01")
    with pytest.raises(InputError):
        add_village(get_unit("21292"), "Thôn B", code="SH-01")
