"""Test support: the national unit lists, loaded once and shared by every test that needs them, and
small explicit trees for the tests that need only a few units (``small_tree``)."""

from __future__ import annotations

import datetime as dt

from cds.units.loader import LoadSummary, load_units
from cds.units.models import Era, Level, Unit, UnitLineage
from cds.units.names import search_key

CURRENT_COMMUNES = 3321


def ensure_units_loaded() -> LoadSummary | None:
    """Load the national lists unless this database already has them (a count query when it does).

    Called by the session fixture ``national_units`` in the root ``conftest.py``; call it again
    from a test that runs after a transactional test flushed the database.
    """
    loaded = Unit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).count() == CURRENT_COMMUNES
    if loaded and UnitLineage.objects.exists():
        return None
    return load_units()


def get_unit(code: str, era: str = Era.CURRENT, level: str | None = None) -> Unit:
    """A loaded unit by official code (codes repeat across eras, and a district may share a number)."""
    qs = Unit.objects.filter(era=era, code=code)
    return qs.get(level=level) if level else qs.get()


def make_unit(name: str, level: str, code: str, parent: Unit | None = None, era: str = Era.LEGACY) -> Unit:
    unit = Unit.objects.create(
        era=era,
        level=level,
        code=code,
        name=name,
        short_name=name.split(" ", 1)[-1],
        unit_type=name.split(" ", 1)[0],
        search_key=code,
        parent=parent,
        valid_to=dt.date(2025, 7, 1) if era == Era.LEGACY else None,
        valid_from=dt.date(2025, 7, 1) if era == Era.CURRENT else None,
    )
    unit.path = (parent.path if parent else "/") + f"{unit.pk}/"
    unit.depth = unit.path.count("/") - 2
    unit.save(update_fields=["path", "depth"])
    return unit


def small_tree() -> dict[str, Unit]:
    """A legacy province with one district of two communes, and the current commune they became."""
    province = make_unit("Tỉnh Thử Nghiệm", "province", "T99")
    district = make_unit("Huyện Mẫu", "district", "T999", province)
    a = make_unit("Xã An", "commune", "T99901", district)
    b = make_unit("Xã Bình", "commune", "T99902", district)
    new_province = make_unit("Tỉnh Thử Nghiệm", "province", "T99", era=Era.CURRENT)
    merged = make_unit("Xã An Bình", "commune", "T99950", new_province, era=Era.CURRENT)
    UnitLineage.objects.create(old=a, new=merged, kind="merge", share=1)
    UnitLineage.objects.create(old=b, new=merged, kind="merge", share=1)
    return {
        "province": province,
        "district": district,
        "a": a,
        "b": b,
        "new_province": new_province,
        "merged": merged,
    }


def small_tree_with_a_namesake() -> dict[str, Unit]:
    """``small_tree()`` and a second «Xã An» in another province (Tỉnh Khác, Huyện Khác), every unit
    findable by its name (the factories key units by code only): a name alone is ambiguous."""
    tree = small_tree()
    other = make_unit("Tỉnh Khác", "province", "T98")
    make_unit("Xã An", "commune", "T98001", make_unit("Huyện Khác", "district", "T981", other))
    for unit in Unit.objects.all():
        unit.search_key = search_key(unit.short_name)
        unit.save(update_fields=["search_key"])
    return tree
