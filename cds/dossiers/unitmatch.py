"""Receiving units: export text → our units (import), and our units → the dossiers they cover (KPIs).

Matching runs once per distinct unit text and map epoch, never per row. A dossier belongs to the
unit that received it, on the map in force on its reception day (before 1/7/2025 the 63-province
list; inside it, the changes of ``units.history``): the days the map changed cut time into a few
epochs (``MapEpochs``), each row falls in one, and a name is resolved once per (name, epoch) — a
commune that ceased matches only the rows received before its end; after it the refusal says what
it went into.
A KPI for a current (post-2025) unit also counts the dossiers received by the legacy units whose
primary successor lies in its subtree, so today's communes have a 2023 → 2026 series; a split
commune's dossiers follow its primary successor (dossiers are whole; shares cannot divide them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from cds.lib.errors import InputError
from cds.units.history import changes
from cds.units.models import REORGANISATION_DATE, Era, Level, Unit, UnitLineage
from cds.units.services import era_suffix, find_units, resolve_names


@dataclass
class UnitMatch:
    text: str
    era: str
    unit: Unit | None
    candidates: list[str] = field(default_factory=list)
    reason: str = ""  # why no unit, and how to write it (Vietnamese; the matcher's own words)
    reason_en: str = ""
    as_of: dt.date | None = None  # the day whose map the text was read on (None: the era's, undated)


NO_DATE = -1  # the epoch of a row without a reception day: the legacy map, undated (as before)


@dataclass(frozen=True)
class MapEpochs:
    """The days the unit map changed, in order: 1/7/2025, every ``until`` of ``units.history`` and
    every ``valid_from``/``valid_to`` of a unit. Epoch ``i`` is [bounds[i-1], bounds[i]) (epoch 0:
    before the first change); any day of one epoch reads every name the same way, so an import
    resolves a name once per epoch it occurs in, not per row or per day."""

    bounds: tuple[dt.date, ...]

    @classmethod
    def load(cls) -> MapEpochs:
        days = {REORGANISATION_DATE, *(c.until for c in changes())}
        for column in ("valid_from", "valid_to"):  # a few distinct days over every unit, unordered
            days.update(
                Unit.objects.exclude(**{column: None}).order_by().values_list(column, flat=True).distinct()
            )
        return cls(tuple(sorted(days)))

    def sql(self, column: str) -> str:
        """The epoch of a TIMESTAMP column (``NO_DATE`` when NULL), in DuckDB SQL."""
        arms = " ".join(
            f"WHEN {column} < TIMESTAMP '{d.isoformat()}' THEN {i}" for i, d in enumerate(self.bounds)
        )
        return f"CASE WHEN {column} IS NULL THEN {NO_DATE} {arms} ELSE {len(self.bounds)} END"

    def as_of(self, epoch: int) -> dt.date | None:
        """A day of the epoch (its first; epoch 0: the day before the first change)."""
        if epoch == NO_DATE:
            return None
        if epoch == 0:
            return self.bounds[0] - dt.timedelta(days=1)
        return self.bounds[epoch - 1]

    def era(self, epoch: int) -> str:
        day = self.as_of(epoch)
        return Era.LEGACY if day is None or day < REORGANISATION_DATE else Era.CURRENT


def province_code(unit: Unit) -> str:
    """The code of the province a unit lies in (the first id on its path)."""
    root_id = int(unit.path.strip("/").split("/")[0])
    if root_id == unit.pk:
        return unit.code
    return Unit.objects.only("code").get(pk=root_id).code


def _scopes(within: Unit | None, era: str) -> list[Unit | None]:
    """Where names of ``era`` are looked up for an import scoped to ``within``: ``within`` itself
    on its own map; on the other map the units the 2025 lineage links it with (today's province →
    the provinces merged into it; a former province → the province it became); unscoped when no
    link says (a former district has no successor of its own)."""
    if within is None:
        return [None]
    if within.era == era:
        return [within]
    if era == Era.LEGACY:
        linked = Unit.objects.filter(
            era=era, level=within.level, successor_links__new__path__startswith=within.path
        )
    else:
        linked = Unit.objects.filter(era=era, level=within.level, predecessor_links__old=within)
    return list(linked.distinct().order_by("code")) or [None]


def match_texts(
    texts: list[str], era: str, within: Unit | None = None, as_of: dt.date | None = None
) -> dict[str, UnitMatch]:
    """Each distinct receiving-unit text (a code or a name) of one map → its unit, through the one
    matcher of imports (``resolve_names``: codes, names in any spelling, the table's level, every
    candidate of a name it cannot decide). ``within`` (``--province``) scopes both maps. ``as_of``:
    the map of that day inside ``era`` (a ceased unit only before its end, a former name only before
    its change; after, the refusal says what became of it); None: every unit the era ever had."""
    scopes = _scopes(within, era)
    results = [resolve_names(texts, within=scope, era=era, as_of=as_of) for scope in scopes]
    out: dict[str, UnitMatch] = {}
    for text in dict.fromkeys(texts):
        found = [r[text] for r in results]
        units = {u.pk: u for u in found if isinstance(u, Unit)}
        if len(units) == 1:
            out[text] = UnitMatch(text, era, next(iter(units.values())), as_of=as_of)
            continue
        if units:  # the same name in two of the provinces merged into ``within``
            labels = [f"{u.name} [{u.code}]{era_suffix(u)}" for u in units.values()]
            reason = (
                f"tên này khớp với {len(units)} đơn vị hành chính: {'; '.join(labels)}. "
                "Hãy ghi huyện/tỉnh sau dấu phẩy hoặc dùng mã đơn vị"
            )
            reason_en = (
                f"this name matches {len(units)} administrative units: {'; '.join(labels)}. "
                "Add the district/province after a comma or use the unit code"
            )
            out[text] = UnitMatch(text, era, None, labels, reason, reason_en, as_of)
            continue
        error = next(e for e in found if isinstance(e, InputError))
        listed = _listed(text, era, scopes[0], as_of)
        out[text] = UnitMatch(text, era, None, listed, error.vi, error.en, as_of)
    return out


def _listed(text: str, era: str, scope: Unit | None, as_of: dt.date | None = None) -> list[str]:
    """The candidates a refusal names, as labels (for the import's «có thể là» line)."""
    return [c.label() for c in find_units(text, parent=scope, era=era, as_of=as_of, limit=5).candidates]


def match_unit(text: str, era: str, within: Unit | None = None, as_of: dt.date | None = None) -> UnitMatch:
    """One text; see ``match_texts``."""
    return match_texts([text], era, within, as_of)[text]


def covered_units(unit: Unit) -> dict[int, int]:
    """Every unit whose dossiers count for ``unit`` → the unit of ``unit``'s era it counts under.

    The value is the receiving unit itself when it is of ``unit``'s era; for a legacy receiving
    unit under a current ``unit`` it is the primary successor, so (unit, procedure) pairs are
    counted on today's map.
    """
    return covered_units_many([unit])


def covered_units_many(units: list[Unit]) -> dict[int, int]:
    """``covered_units`` of several units of one era at once — e.g. every province for the index of
    every commune — in the same three queries as one unit (one call per province cost 34 × 3).
    A legacy unit linked at several levels counts under its commune-level successor first, whichever
    province's subtree that lies in."""
    if not units:
        return {}
    era = units[0].era
    if any(u.era != era for u in units):
        raise ValueError("covered_units_many: units of one era")
    under_roots = Q()
    for unit in units:
        under_roots |= Q(path__startswith=unit.path)
    subtree = Unit.objects.filter(under_roots, era=era)
    own = dict.fromkeys(subtree.values_list("id", flat=True))
    mapping = {uid: uid for uid in own}
    if era == Era.CURRENT:
        # communes first (their dossiers go to the successor commune), then whole provinces, so a
        # legacy district's own dossiers still count for the province it now lies in. Three queries
        # whatever the number of links (one per link cost ~7 ms each: 5 s for a large province).
        order = ((Level.COMMUNE, Level.VILLAGE), (Level.DISTRICT,), (Level.PROVINCE,))
        links = list(
            UnitLineage.objects.filter(
                new_id__in=subtree.values("id"),  # a subquery: no list of thousands of ids to send
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
