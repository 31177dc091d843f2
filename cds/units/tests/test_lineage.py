from __future__ import annotations

from decimal import Decimal

import pytest

from cds.units.models import Era, Level, LineageKind, UnitLineage
from cds.units.services import current_weights, history, predecessors, successors
from cds.units.testing import get_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def test_history_of_a_current_commune_lists_where_it_came_from_with_districts():
    entries = history(get_unit("21211"))  # Xã Tịnh Khê
    names = {e.unit.name for e in entries}
    assert names == {"Xã Tịnh Kỳ", "Xã Tịnh Thiện", "Xã Tịnh Châu", "Xã Tịnh Khê", "Xã Tịnh Long"}
    assert {tuple(e.parents) for e in entries} == {("Thành phố Quảng Ngãi", "Tỉnh Quảng Ngãi")}
    assert {e.kind for e in entries} == {LineageKind.MERGE}


def test_history_of_a_legacy_commune_says_where_it_went():
    (entry,) = history(get_unit("21298", Era.LEGACY))
    assert (entry.unit.name, entry.unit.era, entry.share, entry.parents) == (
        "Xã Sơn Hạ",
        Era.CURRENT,
        1,
        ["Tỉnh Quảng Ngãi"],
    )


def test_predecessors_mirror_successors():
    son_ha = get_unit("21292")
    olds = [old.name for old, _, _ in predecessors(son_ha)]
    assert "Xã Sơn Nham" in olds
    for old, share, kind in predecessors(son_ha):
        assert (son_ha, share, kind) in successors(old)


def test_a_split_commune_goes_to_several_new_ones_with_shares_summing_to_one():
    split = UnitLineage.objects.filter(kind=LineageKind.SPLIT).select_related("old").first()
    parts = successors(split.old)
    assert len(parts) >= 2
    assert sum(share for _, share, _ in parts) == 1
    assert all(kind == LineageKind.SPLIT for _, _, kind in parts)
    primary = UnitLineage.objects.get(old=split.old, is_primary=True)
    assert parts[0][0] == primary.new  # primary first


def test_current_weights_roll_old_units_into_todays_with_shares_summing_to_one():
    tinh_chau = get_unit("21208", Era.LEGACY)
    split = UnitLineage.objects.filter(kind=LineageKind.SPLIT).first().old
    weights = current_weights([tinh_chau, split.pk])
    assert weights[tinh_chau.pk] == [(get_unit("21211").pk, Decimal(1))]
    assert len(weights[split.pk]) >= 2
    assert sum(share for _, share in weights[split.pk]) == 1


def test_current_weights_send_a_district_to_todays_province_and_keep_current_units():
    son_ha_district = get_unit("529", Era.LEGACY, Level.DISTRICT)
    today = get_unit("21292")
    weights = current_weights([son_ha_district, today])
    assert weights[son_ha_district.pk] == [(get_unit("51", level=Level.PROVINCE).pk, Decimal(1))]
    assert weights[today.pk] == [(today.pk, Decimal(1))]


def test_current_weights_cost_two_queries(django_assert_num_queries):
    ids = list(UnitLineage.objects.values_list("old_id", flat=True)[:500])
    with django_assert_num_queries(2):
        weights = current_weights(ids)
    assert all(sum(s for _, s in pairs) == 1 for pairs in weights.values())


def test_a_history_entry_reads_as_a_sentence():
    entry = history(get_unit("21298", Era.LEGACY))[0]
    assert str(entry) == "Xã Sơn Hạ (Tỉnh Quảng Ngãi) [21292]: sáp nhập, 100%"


def test_a_split_entry_shows_its_share_in_vietnamese_style():
    edge = UnitLineage.objects.filter(kind=LineageKind.SPLIT, old__code="21142").order_by("new__code").first()
    entry = next(e for e in history(edge.old) if e.unit == edge.new)
    assert str(entry).endswith(f"chia tách, {str(round(edge.share * 100, 2)).replace('.', ',')}%")
