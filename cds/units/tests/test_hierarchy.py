from __future__ import annotations

import pytest

from cds.units.models import Era, Level
from cds.units.services import ancestors, descendants, subtree_ids
from cds.units.testing import get_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def test_ancestors_run_from_the_province_down():
    son_nham = get_unit("21298", Era.LEGACY)
    assert [a.name for a in ancestors(son_nham)] == ["Tỉnh Quảng Ngãi", "Huyện Sơn Hà"]
    assert ancestors(son_nham.parent.parent) == []


def test_descendants_of_a_province_are_one_path_query(django_assert_num_queries):
    province = get_unit("51", Era.LEGACY, Level.PROVINCE)
    with django_assert_num_queries(1):
        communes = list(descendants(province, Level.COMMUNE))
    assert len(communes) > 150
    assert all(c.path.startswith(province.path) and c.level == Level.COMMUNE for c in communes)
    assert "Xã Sơn Nham" in {c.name for c in communes}


def test_descendants_without_a_level_include_districts_but_not_the_unit():
    province = get_unit("51", Era.LEGACY, Level.PROVINCE)
    levels = set(descendants(province).values_list("level", flat=True))
    assert levels == {Level.DISTRICT, Level.COMMUNE}
    assert province.pk not in set(descendants(province).values_list("pk", flat=True))


def test_current_provinces_hold_communes_directly():
    province = get_unit("51", level=Level.PROVINCE)
    assert descendants(province).count() == descendants(province, Level.COMMUNE).count() == 96


def test_subtree_ids_include_the_unit_itself():
    district = get_unit("529", Era.LEGACY, Level.DISTRICT)
    ids = subtree_ids(district)
    assert district.pk in ids
    assert get_unit("21298", Era.LEGACY).pk in ids
    assert len(ids) == 1 + district.children.count()


@pytest.mark.parametrize(
    "name", ["tỉnh Quảng Ngãi", "huyện Sơn Hà, tỉnh Quảng Ngãi", "xã Sơn Nham, huyện Sơn Hà"]
)
def test_the_index_friendly_subtree_range_selects_exactly_the_path_prefix(units, name):
    from cds.units.models import Unit, subtree_q
    from cds.units.services import resolve_unit

    unit = resolve_unit(name, era="legacy")
    by_range = set(Unit.objects.filter(subtree_q(unit.path)).values_list("pk", flat=True))
    by_prefix = set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    assert by_range == by_prefix and unit.pk in by_range
    everything = Unit.objects.filter(subtree_q("/")).count()
    assert everything == Unit.objects.count()
