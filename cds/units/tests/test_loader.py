from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from cds.units.history import changes
from cds.units.loader import load_units
from cds.units.models import (
    REORGANISATION_DATE,
    Era,
    Level,
    LineageKind,
    Unit,
    UnitLineage,
    reference_version,
)
from cds.units.services import successors
from cds.units.testing import get_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def test_it_loads_both_national_lists_with_official_counts():
    """The legacy list on its last day, 30/6/2025; the units that ceased before (history.tsv) are
    rows of their own with an earlier last day."""
    counts = Counter(Unit.objects.as_of(dt.date(2025, 6, 30)).values_list("era", "level"))
    counts += Counter(Unit.objects.filter(era=Era.CURRENT).values_list("era", "level"))
    assert counts[(Era.CURRENT, Level.PROVINCE)] == 34
    assert counts[(Era.CURRENT, Level.COMMUNE)] == 3321
    assert counts[(Era.LEGACY, Level.PROVINCE)] == 63
    assert counts[(Era.LEGACY, Level.DISTRICT)] == 696
    # 10,040 source rows: 10,035 communes plus 5 island districts that have no communes.
    assert counts[(Era.LEGACY, Level.COMMUNE)] == 10035
    ceased = Unit.objects.filter(era=Era.LEGACY, valid_to__lt=REORGANISATION_DATE)
    assert ceased.count() == len(
        {(c.former, c.former_parent, c.until) for c in changes() if c.kind in ("merged", "split")}
    )
    assert Unit.objects.as_of(dt.date(2025, 7, 1)).filter(era=Era.CURRENT).count() == 34 + 3321


def test_current_communes_are_xa_phuong_or_dac_khu():
    types = Counter(
        Unit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).values_list("unit_type", flat=True)
    )
    assert types == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_quang_ngai_legacy_communes_sit_in_their_districts():
    tinh_chau = get_unit("21208", Era.LEGACY)
    son_nham = get_unit("21298", Era.LEGACY)
    assert (tinh_chau.name, tinh_chau.parent.name, tinh_chau.parent.unit_type) == (
        "Xã Tịnh Châu",
        "Thành phố Quảng Ngãi",
        "Thành phố",
    )
    assert (son_nham.name, son_nham.parent.name) == ("Xã Sơn Nham", "Huyện Sơn Hà")
    assert son_nham.parent.parent.name == "Tỉnh Quảng Ngãi"
    assert son_nham.valid_to == REORGANISATION_DATE and son_nham.valid_from is None


def test_quang_ngai_communes_have_their_2025_successors():
    (tinh_khe, share, kind), *rest = successors(get_unit("21208", Era.LEGACY))
    assert (tinh_khe.name, tinh_khe.era, share, kind, rest) == (
        "Xã Tịnh Khê",
        Era.CURRENT,
        1,
        LineageKind.MERGE,
        [],
    )
    (son_ha, _, kind), *rest = successors(get_unit("21298", Era.LEGACY))
    # The converter's key for this one carries accents ("xãsơnhạ"); folding would confuse it with Sơn Hà.
    assert (son_ha.name, kind, rest) == ("Xã Sơn Hạ", LineageKind.MERGE, [])


def test_paths_and_depths_follow_the_parents():
    son_nham = get_unit("21298", Era.LEGACY)
    district, province = son_nham.parent, son_nham.parent.parent
    assert son_nham.path == f"/{province.pk}/{district.pk}/{son_nham.pk}/"
    assert (province.depth, district.depth, son_nham.depth) == (0, 1, 2)
    assert get_unit("21292").path == f"/{get_unit('51', level=Level.PROVINCE).pk}/{get_unit('21292').pk}/"


def test_current_codes_are_the_gso_codes_not_the_packages():
    # vietnamadminunits gives 00082 to Phường Cửa Nam; the GSO list (vietnam_provinces) says 00073.
    assert Unit.objects.get(era=Era.CURRENT, level=Level.COMMUNE, name="Phường Cửa Nam").code == "00073"


def test_types_come_from_the_name_when_the_type_column_disagrees():
    ngoc_lac = Unit.objects.get(era=Era.LEGACY, name="Thị trấn Ngọc Lặc")
    assert ngoc_lac.unit_type == "Thị trấn"


def test_search_key_is_the_folded_short_name():
    unit = get_unit("21208", Era.LEGACY)
    assert (unit.short_name, unit.search_key) == ("Tịnh Châu", "tinhchau")


def test_split_shares_of_every_old_commune_sum_to_one():
    totals: dict[int, Decimal] = defaultdict(Decimal)
    primaries: Counter[int] = Counter()
    for old_id, share, primary in UnitLineage.objects.values_list("old_id", "share", "is_primary"):
        totals[old_id] += share
        primaries[old_id] += primary
    assert set(totals.values()) == {Decimal(1)}
    assert set(primaries.values()) == {1}


def test_every_legacy_commune_has_a_successor_and_every_current_one_a_predecessor():
    with_successor = set(UnitLineage.objects.values_list("old_id", flat=True))
    with_predecessor = set(UnitLineage.objects.values_list("new_id", flat=True))
    last_day = Unit.objects.as_of(dt.date(2025, 6, 30))
    legacy = set(last_day.filter(era=Era.LEGACY, level=Level.COMMUNE).values_list("pk", flat=True))
    current = set(Unit.objects.filter(era=Era.CURRENT).values_list("pk", flat=True))
    assert legacy <= with_successor
    assert current <= with_predecessor


def test_lineage_has_all_three_kinds():
    kinds = Counter(UnitLineage.objects.values_list("kind", flat=True))
    assert (
        kinds[LineageKind.SPLIT] > 900 and kinds[LineageKind.MERGE] > 9000 and kinds[LineageKind.SAME] > 100
    )
    hanoi = get_unit("01", Era.LEGACY, Level.PROVINCE)
    assert [kind for _, _, kind in successors(hanoi)] == [LineageKind.SAME]


def test_island_districts_become_special_zones():
    ly_son = Unit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, name="Huyện Lý Sơn")
    (zone, share, _), *rest = successors(ly_son)
    assert (zone.name, share, rest) == ("Đặc khu Lý Sơn", 1, [])


def test_reloading_changes_nothing():
    before = list(Unit.objects.values_list("pk", "path", "name").order_by("pk"))
    version = reference_version("units")
    summary = load_units()
    assert not summary.changed and reference_version("units") == version  # kept lineage stays valid
    assert summary.unchanged == Unit.objects.exclude(level=Level.VILLAGE).count()
    assert list(Unit.objects.values_list("pk", "path", "name").order_by("pk")) == before


def test_reloading_repairs_an_edited_unit_and_edge():
    Unit.objects.filter(era=Era.LEGACY, code="21208").update(name="Xã Tịnh Chau")
    UnitLineage.objects.filter(old__code="21208", old__era=Era.LEGACY).update(kind=LineageKind.SPLIT)
    version = reference_version("units")
    summary = load_units()
    assert (summary.updated, summary.created, summary.lineage_updated) == (1, 0, 1)
    assert reference_version("units") == version + 1  # every process reads units and lineage again
    assert get_unit("21208", Era.LEGACY).name == "Xã Tịnh Châu"


def test_source_problems_are_reported_not_hidden():
    summary = load_units()
    kinds = summary.issue_counts()
    assert "unmatched" not in kinds
    assert kinds["dropped"] > 0  # cross-wired split targets between same-named communes
    gso = [i for i in summary.issues if "(GSO)" in i.detail]
    assert len(gso) == 123
