"""Issue 15: a renamed unit carries each name on its own dates (cds/units/data/history.tsv,
``rename`` rows). Its new name does not resolve on a date before the rename — in 2023 «Thành phố
Huế» was the district-level city of Tỉnh Thừa Thiên Huế, not the province our legacy list names so
— and its former name on a later date is refused with the name it has carried since."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.lib.errors import InputError
from cds.units.models import Era, Unit
from cds.units.search import resolve_names, resolve_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def _huế() -> Unit:
    return Unit.objects.get(era=Era.LEGACY, level="province", name="Thành phố Huế")


def test_the_city_of_hue_in_2023_is_not_the_province_that_took_its_name_in_2025() -> None:
    with pytest.raises(InputError) as refused:
        resolve_unit("Thành phố Huế", as_of=dt.date(2023, 6, 1))
    assert "Tỉnh Thừa Thiên Huế" in refused.value.vi and "1/1/2025" in refused.value.vi
    assert "175/2024/QH15" in refused.value.vi
    assert "was called Tỉnh Thừa Thiên Huế until 1/1/2025" in refused.value.en


@pytest.mark.parametrize(
    ("text", "former"),
    [
        ("Phường Phổ Minh", "Xã Phổ Minh"),
        ("Thị xã Đức Phổ", "Huyện Đức Phổ"),
        ("Thị xã Hoài Nhơn", "Huyện Hoài Nhơn"),
    ],
)
def test_a_new_type_word_before_the_rename_is_refused_naming_the_type_it_had(text, former) -> None:
    with pytest.raises(InputError) as refused:
        resolve_unit(text, as_of=dt.date(2019, 6, 1))
    assert f"«{former}»" in refused.value.vi
    assert "1/2/2020" in refused.value.vi or "1/6/2020" in refused.value.vi


def test_a_name_the_unit_had_on_both_sides_of_the_rename_still_resolves_before_it() -> None:
    assert resolve_unit("Đức Phổ", as_of=dt.date(2019, 6, 1), level="district").name == "Thị xã Đức Phổ"
    assert resolve_unit("Phổ Minh", as_of=dt.date(2019, 6, 1)).name == "Phường Phổ Minh"


def test_the_new_name_resolves_from_the_rename_day_without_a_date_and_the_code_always() -> None:
    assert resolve_unit("Thành phố Huế", as_of=dt.date(2025, 1, 1)) == _huế()
    assert resolve_names(["Thành phố Huế"], era=Era.LEGACY, level="province")["Thành phố Huế"] == _huế()
    assert resolve_unit(_huế().code, as_of=dt.date(2023, 6, 1)) == _huế()


def test_a_namesake_that_carried_the_name_then_is_found_alone() -> None:
    """Two «Phường Nguyễn Nghiêm» in the legacy list; in 2019 only Quảng Ngãi city's existed (Đức
    Phổ's was Thị trấn Đức Phổ until 1/2/2020)."""
    found = resolve_unit("Phường Nguyễn Nghiêm", as_of=dt.date(2019, 6, 1)).parent
    assert found is not None and found.name == "Thành phố Quảng Ngãi"
    later = resolve_unit("Phường Nguyễn Nghiêm, Đức Phổ", as_of=dt.date(2020, 6, 1)).parent
    assert later is not None and later.name == "Thị xã Đức Phổ"


@pytest.mark.parametrize(
    ("text", "day", "now", "since"),
    [
        ("Tỉnh Thừa Thiên Huế", dt.date(2025, 3, 1), "Thành phố Huế", "1/1/2025"),
        ("Huyện Đức Phổ", dt.date(2021, 6, 1), "Thị xã Đức Phổ", "1/2/2020"),
        ("Thị trấn Đức Phổ", dt.date(2021, 6, 1), "Phường Nguyễn Nghiêm", "1/2/2020"),
    ],
)
def test_a_former_name_after_the_rename_says_what_the_unit_is_called_since(text, day, now, since) -> None:
    with pytest.raises(InputError) as refused:
        resolve_unit(text, as_of=day)
    assert f"đổi thành «{now}" in refused.value.vi and f"từ ngày {since}" in refused.value.vi
    assert f"renamed «{now}" in refused.value.en and f"on {since}" in refused.value.en
