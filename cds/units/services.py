"""The units domain API that other apps, the CLI and the web call.

Hierarchy questions use the materialised path, so they cost one query whatever the depth;
lineage questions read ``UnitLineage``, the old → new edges of 1 July 2025.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from cds.lib.errors import InputError, Location
from cds.lib.output import fields_of
from cds.lib.text import nfc, vn_sort_key
from cds.lib.vn_numbers import format_percent
from cds.units.models import (
    REORGANISATION_DATE,
    Era,
    Level,
    LineageKind,
    Unit,
    UnitLineage,
    UnitQuerySet,
    bump_reference_version,
    subtree_q,
)
from cds.units.names import VILLAGE_TYPES, search_key, split_type
from cds.units.search import (
    Candidate,
    MatchResult,
    ancestor_chains,
    era_on,
    era_suffix,
    find_units,
    resolve_names,
    resolve_scope,
    resolve_unit,
)

__all__ = [
    "Candidate",
    "LineageEntry",
    "MatchResult",
    "add_village",
    "ancestors",
    "current_weights",
    "descendants",
    "era_on",
    "era_suffix",
    "find_units",
    "history",
    "predecessors",
    "resolve_names",
    "resolve_scope",
    "resolve_unit",
    "subtree_ids",
    "successors",
    "unit_fields",
]

ONE = Decimal(1)
_VILLAGE_SUFFIX = re.compile(r"-T(\d+)$")


@dataclass(frozen=True)
class LineageEntry:
    """One line of a unit's 2025 history: the unit on the other side of an edge."""

    unit: Unit
    share: Decimal  # fraction of the *old* unit that went into the new one
    kind: str
    is_primary: bool
    parents: list[str]  # the other unit's ancestors, nearest first (its district and province)
    note: str = ""

    def __str__(self) -> str:
        where = f" ({', '.join(self.parents)})" if self.parents else ""
        kind = LineageKind(self.kind).label.lower()
        return f"{self.unit.name}{where} [{self.unit.code}]: {kind}, {format_percent(self.share * 100)}"


# --- hierarchy -------------------------------------------------------------------------------


def ancestors(unit: Unit) -> list[Unit]:
    """Province first, down to the unit's parent."""
    return list(reversed(ancestor_chains([unit])[unit.pk]))


def descendants(unit: Unit, level: str | None = None) -> UnitQuerySet:
    """Everything below ``unit`` (optionally one level), as one path-prefix query."""
    qs = Unit.objects.subtree(unit, include_self=False)
    return qs.filter(level=level) if level else qs


def map_day(era: str, day: dt.date) -> dt.date:
    """The day whose map of ``era`` stands for ``day``: the legacy map ends on 30/6/2025 and the
    current one starts on 1/7/2025, so a period that runs past the change reads each era's own map."""
    if era == Era.LEGACY:
        return min(day, REORGANISATION_DATE - dt.timedelta(days=1))
    return max(day, REORGANISATION_DATE)


def units_below(path: str, era: str, level: str, day: dt.date) -> dict[int, int]:
    """How many units of ``level`` exist on ``day`` (on ``era``'s map, ``map_day``) under each unit
    of the subtree at ``path`` ("/" for the whole country, counted under id 0): the denominators
    of «12/13 xã», «12/13 thôn», taken from the units registry. One query."""
    counted = (
        Unit.objects.filter(subtree_q(path), era=era, level=level)
        .as_of(map_day(era, day))
        .values_list("path", flat=True)
    )
    out: dict[int, int] = {}
    for unit_path in counted:
        for ancestor in [0, *(int(part) for part in unit_path.strip("/").split("/")[:-1])]:
            out[ancestor] = out.get(ancestor, 0) + 1
    return out


def unit_fields(unit: Unit) -> dict[str, object]:
    """What names a unit in any listing (API, ``--format json``): id, codes, names, level, era."""
    return {"id": unit.pk, **fields_of(unit, "code", "name", "short_name", "unit_type", "level", "era")}


def subtree_ids(unit: Unit) -> list[int]:
    """Ids of the unit and everything below it, for ``unit_id__in`` filters in roll-ups."""
    return list(Unit.objects.subtree(unit).values_list("pk", flat=True))


# --- lineage ---------------------------------------------------------------------------------


def successors(unit: Unit) -> list[tuple[Unit, Decimal, str]]:
    """Where a legacy unit went: (new unit, share of the old unit, kind), primary first."""
    links = unit.successor_links.select_related("new").order_by("-is_primary", "-share", "new__path")
    return [(link.new, link.share, link.kind) for link in links]


def predecessors(unit: Unit) -> list[tuple[Unit, Decimal, str]]:
    """What a current unit was made of: (old unit, share of the old unit, kind)."""
    links = unit.predecessor_links.select_related("old").order_by("old__path")
    return [(link.old, link.share, link.kind) for link in links]


def history(unit: Unit) -> list[LineageEntry]:
    """The other side of the reorganisation, with parents so namesakes can be told apart.

    For a current unit: the legacy units it came from (with their districts); for a legacy
    unit: the current units it became. Villages and legacy districts have no edges of their own.
    """
    if unit.era == Era.CURRENT:
        links = list(unit.predecessor_links.select_related("old").order_by("old__path"))
        others = [link.old for link in links]
    else:
        links = list(
            unit.successor_links.select_related("new").order_by("-is_primary", "-share", "new__path")
        )
        others = [link.new for link in links]
    chains = ancestor_chains(others)
    return [
        LineageEntry(
            other, link.share, link.kind, link.is_primary, [a.name for a in chains[other.pk]], link.note
        )
        for link, other in zip(links, others, strict=True)
    ]


def current_weights(legacy_units: Iterable[Unit | int]) -> dict[int, list[tuple[int, Decimal]]]:
    """For each unit, the current units its values roll into, with shares summing to 1.

    A legacy commune or province uses its own edges. A unit without edges (a legacy district,
    a village) borrows those of its nearest ancestor that has some, so a district's values land
    on today's province and a village's follow its commune. A current unit maps to itself. An
    empty list means no mapping exists (never expected with the national data loaded).
    """
    wanted = [u.pk if isinstance(u, Unit) else int(u) for u in legacy_units]
    units = Unit.objects.in_bulk(wanted)
    chain_ids = {u.pk: [int(i) for i in reversed(u.path.strip("/").split("/")) if i] for u in units.values()}
    edges: dict[int, list[tuple[int, Decimal]]] = {}
    all_ids = {i for ids in chain_ids.values() for i in ids}
    for old_id, new_id, share in UnitLineage.objects.filter(old_id__in=all_ids).values_list(
        "old_id", "new_id", "share"
    ):
        edges.setdefault(old_id, []).append((new_id, share))
    weights: dict[int, list[tuple[int, Decimal]]] = {}
    for pk in wanted:
        unit = units.get(pk)
        if unit is None:
            raise InputError(f"không có đơn vị mã số {pk}", f"no unit with id {pk}")
        if unit.era == Era.CURRENT:
            weights[pk] = [(pk, ONE)]
            continue
        found = next((edges[i] for i in chain_ids[pk] if i in edges), [])
        weights[pk] = sorted(found, key=lambda pair: (-pair[1], pair[0]))
    return weights


# --- villages --------------------------------------------------------------------------------


def add_village(
    commune: Unit | str,
    name: str,
    unit_type: str | None = None,
    code: str | None = None,
    user: Any = None,
) -> Unit:
    """Add a thôn / tổ dân phố under a commune; refuse a second one with the same folded name.

    The type comes from ``unit_type`` or from the name itself ("Tổ dân phố 3"), else "Thôn".
    ``user`` is accepted for the change history; the unit row itself only records that it was
    created in the app (``created_by_user``).
    """
    if isinstance(commune, str):
        commune = resolve_unit(commune, level=Level.COMMUNE)
    if commune.level != Level.COMMUNE:
        raise InputError(
            f"«{commune.name}» không phải xã/phường; thôn, tổ dân phố phải thuộc một xã/phường",
            f"«{commune.name}» is not a commune; villages belong to a commune",
        )
    village_type, short = village_name(name, unit_type)
    full = f"{village_type} {short}"
    with transaction.atomic():
        commune = Unit.objects.select_for_update().get(pk=commune.pk)
        siblings = list(commune.children.filter(level=Level.VILLAGE))
        twin = next((v for v in siblings if search_key(v.name) == search_key(full)), None)
        if twin is not None:
            raise InputError(
                f"{commune.name} đã có «{twin.name}» (mã {twin.code})",
                f"{commune.name} already has «{twin.name}» (code {twin.code})",
                Location(value=name),
            )
        code = nfc(code) if code else _next_village_code(commune, siblings)
        if Unit.objects.filter(era=commune.era, level=Level.VILLAGE, code=code).exists():
            raise InputError(
                f"mã «{code}» đã được dùng", f"code «{code}» is already in use", Location(value=code)
            )
        bump_reference_version("units")  # processes keeping unit data read it again
        village = Unit.objects.create(
            era=commune.era,
            level=Level.VILLAGE,
            code=code,
            name=full,
            short_name=short,
            unit_type=village_type,
            search_key=search_key(short),
            parent=commune,
            depth=commune.depth + 1,
            valid_from=commune.valid_from,
            valid_to=commune.valid_to,
            created_by_user=True,
        )
        village.path = f"{commune.path}{village.pk}/"
        village.save(update_fields=["path"])
    return village


def village_name(name: str, unit_type: str | None) -> tuple[str, str]:
    clean = nfc(name)
    named_type, short = split_type(clean, loose=True)
    if named_type not in VILLAGE_TYPES:
        named_type, short = None, clean
    chosen = _village_type(unit_type) if unit_type else None
    if chosen and named_type and chosen != named_type:
        raise InputError(
            f"tên «{clean}» là {named_type.lower()} nhưng loại được chọn là {chosen.lower()}",
            f"the name «{clean}» says {named_type} but the type given is {chosen}",
        )
    if not short:
        raise InputError("tên thôn/tổ dân phố đang trống", "the village name is empty", Location(value=name))
    return chosen or named_type or "Thôn", short


def _village_type(unit_type: str) -> str:
    for known in VILLAGE_TYPES:
        if search_key(known) == search_key(unit_type):
            return known
    raise InputError(
        f"loại «{unit_type}» không hợp lệ; dùng một trong: {', '.join(VILLAGE_TYPES)}",
        f"unknown village type «{unit_type}»; use one of: {', '.join(VILLAGE_TYPES)}",
    )


def _next_village_code(commune: Unit, siblings: list[Unit]) -> str:
    numbers = [int(m.group(1)) for v in siblings if (m := _VILLAGE_SUFFIX.search(v.code))]
    return f"{commune.code}-T{max(numbers, default=0) + 1:03d}"


def unit_order(unit: Unit) -> tuple:
    """Sort key of units in a list: Vietnamese alphabetical order of the name without its type
    ("Ba Tơ" before "Bình Sơn" before "Đức Phổ", xã and phường mixed), then of the full name."""
    return (vn_sort_key(unit.short_name or unit.name), vn_sort_key(unit.name))
