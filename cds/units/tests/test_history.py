"""Issue 15: unit history before the 2025 reorganisation (cds/units/data/history.tsv): a name or
parent a unit had before resolves to that unit on the data's date, never after it."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.lib.errors import InputError
from cds.units.history import changes
from cds.units.models import Era, Unit
from cds.units.search import find_units, resolve_names, resolve_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def _huế() -> Unit:
    return Unit.objects.get(era=Era.LEGACY, level="province", name="Thành phố Huế")


def test_every_change_names_one_unit_of_the_legacy_list_and_cites_its_resolution() -> None:
    assert len(changes()) >= 2
    for change in changes():
        assert change.legacy_unit().era == Era.LEGACY
        assert "Nghị quyết số" in change.resolution and change.source.startswith("http")


@pytest.mark.parametrize(
    "text", ["Thừa Thiên Huế", "Thừa Thiên - Huế", "tỉnh Thừa Thiên Huế", "UBND tỉnh Thừa Thiên Huế"]
)
def test_the_provinces_name_before_2025_resolves_to_the_city_it_became(text) -> None:
    assert resolve_unit(text, as_of=dt.date(2023, 12, 31)) == _huế()
    assert resolve_names([text], era=Era.LEGACY)[text] == _huế()  # no date: the same unit


def test_the_former_name_is_refused_on_a_date_when_it_no_longer_held() -> None:
    with pytest.raises(InputError):
        resolve_unit("Thừa Thiên Huế", as_of=dt.date(2025, 3, 1))


def test_a_former_type_word_does_not_fit_another_level() -> None:
    assert find_units("Huyện Thừa Thiên Huế", era=Era.LEGACY).best is None


def test_a_commune_written_with_the_district_it_left_in_2014_resolves_before_that_date_only() -> None:
    tinh_hoa = resolve_unit("Tịnh Hòa, Sơn Tịnh", as_of=dt.date(2013, 6, 30))
    assert tinh_hoa.name == "Xã Tịnh Hòa" and tinh_hoa.parent.name == "Thành phố Quảng Ngãi"
    with pytest.raises(InputError):
        resolve_unit("Tịnh Hòa, Sơn Tịnh", as_of=dt.date(2020, 6, 30))


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Huyện Đức Phổ", "Thị xã Đức Phổ"),
        ("huyện Hoài Nhơn", "Thị xã Hoài Nhơn"),
        ("Đông Hòa", "Thị xã Đông Hòa"),
    ],
)
def test_a_district_that_became_a_town_in_2020_resolves_by_its_former_type_before_that_day(
    text, town
) -> None:
    found = resolve_unit(text, as_of=dt.date(2019, 12, 31), level="district")
    assert found.name == town and found.era == Era.LEGACY


@pytest.mark.parametrize(
    ("text", "into"), [("Huyện Tây Trà", "Huyện Trà Bồng"), ("xã Trà Quân, Tây Trà", "Xã Sơn Trà")]
)
def test_a_unit_that_ceased_is_a_unit_of_its_own_before_its_date_and_refused_after_it(text, into) -> None:
    ceased = resolve_unit(text, as_of=dt.date(2019, 6, 30))
    assert ceased.era == Era.LEGACY and ceased.valid_to == dt.date(2020, 2, 1)
    assert ceased.name == text.split(",")[0].replace("xã", "Xã")
    assert resolve_names([text], era=Era.LEGACY)[text] == ceased  # no date: the same unit
    with pytest.raises(InputError) as refused:
        resolve_unit(text, as_of=dt.date(2020, 6, 30))
    assert f"đã nhập vào {into}" in refused.value.vi and "867/NQ-UBTVQH14" in refused.value.vi
    assert f"was merged into {into}" in refused.value.en


def test_a_ceased_commune_is_labelled_with_its_last_map_when_found_without_a_date() -> None:
    (found,) = [c for c in find_units("Trà Quân", both_eras=True).candidates if c.unit.name == "Xã Trà Quân"]
    assert found.label().endswith("(trước 1/2/2020)") and found.label("en").endswith("(before 1/2/2020)")


def test_a_ceased_commune_sits_under_its_former_district_and_is_counted_on_its_dates_only() -> None:
    from cds.units.services import units_below

    tra_quan = resolve_unit("Xã Trà Quân", as_of=dt.date(2019, 1, 1))
    assert tra_quan.parent.name == "Huyện Tây Trà" and tra_quan.parent.parent.name == "Tỉnh Quảng Ngãi"
    province = tra_quan.parent.parent
    before = units_below(province.path, Era.LEGACY, "commune", dt.date(2019, 12, 31))[province.pk]
    after = units_below(province.path, Era.LEGACY, "commune", dt.date(2020, 12, 31))[province.pk]
    assert before - after >= 7  # six communes of Tây Trà and Bình Thới ceased on 1/2/2020


def test_a_values_file_of_2023_takes_the_provinces_former_name_and_one_of_2025_does_not(tmp_path) -> None:
    from cds.values.io import import_values
    from cds.values.models import DataValue
    from cds.values.services import Actor

    def imported(period: str):
        path = tmp_path / f"{period}.csv"
        path.write_text(f"Tên đơn vị,Kỳ,Chỉ tiêu,Giá trị\nThừa Thiên Huế,{period},dvc.dossiers_total,1.463\n")
        return import_values(path, Actor("tester"), dry_run=True)

    assert imported("2023").ok
    refused = imported("2025Q1")
    assert not refused.ok and refused.errors[0].where.column == "unit"
    assert not DataValue.objects.exists()  # dry runs


def test_the_communes_of_ly_son_ceased_in_2020_when_the_island_district_lost_its_communes() -> None:
    an_hai = resolve_unit("Xã An Hải, Huyện Lý Sơn", as_of=dt.date(2019, 12, 31))
    assert an_hai.parent.name == "Huyện Lý Sơn" and an_hai.valid_to == dt.date(2020, 2, 1)
    with pytest.raises(InputError) as refused:
        resolve_unit("Xã An Hải, Huyện Lý Sơn", as_of=dt.date(2021, 1, 1))
    assert "đã nhập vào Huyện Lý Sơn" in refused.value.vi and "867/NQ-UBTVQH14" in refused.value.vi


@pytest.mark.parametrize(
    ("text", "ward"), [("Xã Phổ Minh", "Phường Phổ Minh"), ("Thị trấn Đức Phổ", "Phường Nguyễn Nghiêm")]
)
def test_a_commune_of_duc_pho_that_became_a_ward_in_2020_is_found_by_its_former_name_before_that_day(
    text, ward
) -> None:
    found = resolve_unit(text, as_of=dt.date(2019, 6, 30))
    assert found.name == ward and found.parent.name == "Thị xã Đức Phổ"


# --- communes formed by an arrangement exist from its day; more of Quảng Ngãi (NQ 867, NQ 1279); a split ---


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("Xã Sơn Trà, Huyện Trà Bồng", dt.date(2020, 2, 1)),  # Trà Quân + Trà Khê (NQ 867/NQ-UBTVQH14)
        ("Xã Bình Thanh, Huyện Bình Sơn", dt.date(2020, 2, 1)),  # Bình Thanh Đông + Bình Thanh Tây
        ("Xã Thắng Lợi, Huyện Mộ Đức", dt.date(2025, 1, 1)),  # Đức Lợi + Đức Thắng (NQ 1279/NQ-UBTVQH15)
        ("Xã An Phú, Thành phố Quảng Ngãi", dt.date(2025, 1, 1)),  # Nghĩa An + Nghĩa Phú
    ],
)
def test_a_commune_formed_by_an_arrangement_exists_from_its_day_and_not_before(text, since) -> None:
    formed = resolve_unit(text, as_of=since)
    assert formed.valid_from == since
    with pytest.raises(InputError):
        resolve_unit(text, as_of=since - dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("text", "until", "into"),
    [
        ("Xã Đức Lợi, Huyện Mộ Đức", dt.date(2025, 1, 1), "Xã Thắng Lợi"),
        ("Xã Nghĩa Phú, Thành phố Quảng Ngãi", dt.date(2025, 1, 1), "Xã An Phú"),
        ("Xã Bình Phú, Huyện Bình Sơn", dt.date(2020, 2, 1), "Xã Bình Tân Phú"),
        ("Xã Nghĩa Thọ, Huyện Tư Nghĩa", dt.date(2020, 2, 1), "Xã Nghĩa Thắng"),
    ],
)
def test_the_communes_quang_ngai_merged_in_2020_and_2024_resolve_before_their_end_only(
    text, until, into
) -> None:
    ceased = resolve_unit(text, as_of=until - dt.timedelta(days=1))
    assert ceased.valid_to == until and ceased.name == text.split(",")[0]
    with pytest.raises(InputError) as refused:
        resolve_unit(text, as_of=until)
    assert f"đã nhập vào {into}" in refused.value.vi


def test_a_commune_split_between_two_units_names_both_after_its_end() -> None:
    ba_chua = resolve_unit("Xã Ba Chùa, Huyện Ba Tơ", as_of=dt.date(2019, 12, 31))
    assert ba_chua.valid_to == dt.date(2020, 2, 1) and ba_chua.parent.name == "Huyện Ba Tơ"
    with pytest.raises(InputError) as refused:
        resolve_unit("Xã Ba Chùa, Huyện Ba Tơ", as_of=dt.date(2020, 2, 1))
    assert "đã chia thành" in refused.value.vi and "Thị trấn Ba Tơ" in refused.value.vi
    assert "Xã Ba Dinh" in refused.value.vi and "was split into" in refused.value.en


def test_a_rollup_of_2022_counts_the_communes_of_2022_not_one_formed_in_2025() -> None:
    from cds.values.rollup import _Tree

    city = Unit.objects.get(era=Era.LEGACY, level="district", name="Thành phố Quảng Ngãi")
    tree = _Tree(city, span=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    names = set(Unit.objects.filter(pk__in=tree.level).values_list("name", flat=True))
    assert {"Xã Nghĩa An", "Xã Nghĩa Phú"} <= names and "Xã An Phú" not in names
    assert sum(1 for level in tree.level.values() if level == "commune") == 23  # 9 wards, 14 communes
