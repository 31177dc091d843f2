"""Receiving units: export text → our units (import), and our units → the dossiers they cover (KPIs).

Matching runs once per distinct unit text and era, never per row. A dossier belongs to the unit
that received it, on the map in force on its reception day (before 1/7/2025 the 63-province list).
A KPI for a current (post-2025) unit also counts the dossiers received by the legacy units whose
primary successor lies in its subtree, so today's communes have a 2023 → 2026 series; a split
commune's dossiers follow its primary successor (dossiers are whole; shares cannot divide them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from cds.units.models import Era, Level, Unit, UnitLineage
from cds.units.services import find_units


@dataclass
class UnitMatch:
    text: str
    era: str
    unit: Unit | None
    candidates: list[str] = field(default_factory=list)


def province_code(unit: Unit) -> str:
    """The code of the province a unit lies in (the first id on its path)."""
    root_id = int(unit.path.strip("/").split("/")[0])
    if root_id == unit.pk:
        return unit.code
    return Unit.objects.only("code").get(pk=root_id).code


def match_unit(text: str, era: str, within: Unit | None = None) -> UnitMatch:
    """A code (exact) or a name in any spelling, narrowed to ``within`` when given."""
    by_code = Unit.objects.filter(code=text.strip(), era=era)
    if within is not None:
        by_code = by_code.filter(path__startswith=within.path)
    found = list(by_code[:2])
    if len(found) == 1:
        return UnitMatch(text, era, found[0])
    parent = within if within is not None and within.era == era else None
    result = find_units(text, parent=parent, era=era, limit=5)
    if result.best is not None and (
        within is None or within.era != era or result.best.path.startswith(within.path)
    ):
        return UnitMatch(text, era, result.best)
    return UnitMatch(text, era, None, [c.label() for c in result.candidates])


def covered_units(unit: Unit) -> dict[int, int]:
    """Every unit whose dossiers count for ``unit`` → the unit of ``unit``'s era it counts under.

    The value is the receiving unit itself when it is of ``unit``'s era; for a legacy receiving
    unit under a current ``unit`` it is the primary successor, so (unit, procedure) pairs are
    counted on today's map.
    """
    own = dict.fromkeys(
        Unit.objects.filter(path__startswith=unit.path, era=unit.era).values_list("id", flat=True)
    )
    mapping = {uid: uid for uid in own}
    if unit.era == Era.CURRENT:
        # communes first (their dossiers go to the successor commune), then whole provinces, so a
        # legacy district's own dossiers still count for the province it now lies in. Three queries
        # whatever the number of links (one per link cost ~7 ms each: 5 s for a large province).
        order = ((Level.COMMUNE, Level.VILLAGE), (Level.DISTRICT,), (Level.PROVINCE,))
        links = list(
            UnitLineage.objects.filter(
                new_id__in=list(own),
                is_primary=True,
                old__level__in=[lv for levels in order for lv in levels],
            )
            .order_by("pk")
            .values_list("old_id", "old__level", "old__path", "new_id")
        )
        if links:
            roots = Q()
            for first in {path.strip("/").split("/")[0] for _, _, path, _ in links}:
                roots |= Q(path__startswith=f"/{first}/")
            linked = {old_id for old_id, _, _, _ in links}
            under: dict[int, list[int]] = {}
            for legacy_id, path in Unit.objects.filter(roots, era=Era.LEGACY).values_list("id", "path"):
                for ancestor in (int(p) for p in path.strip("/").split("/")):
                    if ancestor in linked:
                        under.setdefault(ancestor, []).append(legacy_id)
            for levels in order:
                for old_id, level, _, new_id in links:
                    if level in levels:
                        for legacy_id in under.get(old_id, ()):
                            mapping.setdefault(legacy_id, new_id)
    return mapping
