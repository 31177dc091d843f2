"""The 1 July 2025 old → new mapping, turned into lineage records with roll-up shares.

``converter_2025.json`` (vietnamadminunits) has three parts:

- ``DICT_PROVINCE``: new province key → old province keys (whole provinces merge: share 1);
- ``DICT_PROVINCE_WARD_NO_DIVIDED``: new commune key → old "province_district_ward" keys that
  went into it whole (share 1);
- ``DICT_PROVINCE_WARD_DIVIDED``: old key → the new communes it was split among, each with the
  new commune's total area and which one is the default successor.

Split shares approximate the portion of the old commune that each new commune received by the
new communes' *total* areas, normalised to sum 1: the source does not give the area of each
piece, so a small piece of a large new commune gets too much weight. They are good enough to
roll counts forward, not to measure land.

Two source defects are handled here, and reported:

- keys are matched exactly first (some carry accents, and folding them collides: "xãsơnhà" and
  "xãsơnhạ" are two communes of Quảng Ngãi); folded keys are used only when unique;
- same-named old communes of provinces that merged are cross-wired in the split list (Thạnh
  Quới of Cần Thơ listed as partly in Gia Hòa of Sóc Trăng, 99 km away, and the reverse). A
  non-default split target that already receives another old commune of the same name and lies
  more than ``CROSS_WIRED_KM`` from the old commune is dropped.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from cds.lib.text import fold
from cds.units.models import LineageKind
from cds.units.names import accent_key
from cds.units.sources import Issue, SourceIndex, UnitKey

CROSS_WIRED_KM = 15.0
SHARE_QUANTUM = Decimal("0.000001")
ONE = Decimal(1)


@dataclass(frozen=True)
class LineageRecord:
    old: UnitKey
    new: UnitKey
    kind: str
    share: Decimal
    is_primary: bool
    note: str = ""


@dataclass(frozen=True)
class _Target:
    new: UnitKey
    area: float | None
    is_default: bool
    location: tuple[float, float]


def build_lineage(converter: dict[str, Any], index: SourceIndex, issues: list[Issue]) -> list[LineageRecord]:
    """All old → new edges: provinces, whole merges, splits, then "same" where nothing changed."""
    lookup = _Lookup(index, issues)
    edges: dict[tuple[UnitKey, UnitKey], LineageRecord] = {}

    def add(record: LineageRecord) -> None:
        if (record.old, record.new) in edges:
            issues.append(
                Issue("corrected", f"edge {record.old} → {record.new} listed twice; kept the first")
            )
            return
        edges[(record.old, record.new)] = record

    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        new = lookup.current_province(new_key)
        for old_key in old_keys:
            old = lookup.legacy_province(old_key)
            if new and old:
                add(LineageRecord(old, new, LineageKind.MERGE, ONE, True))

    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            new = lookup.current_ward(province_key, ward_key)
            for old_key in old_keys:
                old = lookup.legacy_ward(old_key)
                if new and old:
                    add(LineageRecord(old, new, LineageKind.MERGE, ONE, True))

    splits = _read_splits(converter["DICT_PROVINCE_WARD_DIVIDED"], lookup, index)
    predecessors: dict[UnitKey, set[UnitKey]] = defaultdict(set)
    for old, new in edges:
        predecessors[new].add(old)
    for old, targets in splits.items():
        for target in targets:
            predecessors[target.new].add(old)
    for old, targets in splits.items():
        for record in _split_edges(old, targets, predecessors, index, issues):
            add(record)
    return _mark_unchanged(list(edges.values()), index)


class _Lookup:
    """Converter key → unit key: exact first, then folded when that is unambiguous."""

    def __init__(self, index: SourceIndex, issues: list[Issue]) -> None:
        self.index, self.issues = index, issues
        self._folded: dict[int, dict[Any, list[UnitKey]]] = {}

    def _find(self, table: dict[Any, UnitKey], key: Any, what: str) -> UnitKey | None:
        if key in table:
            return table[key]
        folded = self._folded.setdefault(id(table), defaultdict(list))
        if not folded:
            for source_key, unit in table.items():
                folded[_fold_key(source_key)].append(unit)
        matches = folded.get(_fold_key(key), [])
        if len(matches) == 1:
            self.issues.append(Issue("corrected", f"{what} key {key!r} matched after folding"))
            return matches[0]
        self.issues.append(
            Issue("unmatched", f"{what} key {key!r} not in the unit list ({len(matches)} folded matches)")
        )
        return None

    def legacy_province(self, key: str) -> UnitKey | None:
        return self._find(self.index.legacy_provinces, key, "old province")

    def current_province(self, key: str) -> UnitKey | None:
        return self._find(self.index.current_provinces, key, "new province")

    def legacy_ward(self, key: str) -> UnitKey | None:
        return self._find(self.index.legacy_wards, key, "old commune")

    def current_ward(self, province_key: str, ward_key: str) -> UnitKey | None:
        return self._find(self.index.current_wards, (province_key, ward_key), "new commune")


def _fold_key(key: Any) -> Any:
    return tuple(fold(part) for part in key) if isinstance(key, tuple) else fold(key)


def _read_splits(
    divided: dict[str, dict[str, list[dict[str, Any]]]], lookup: _Lookup, index: SourceIndex
) -> dict[UnitKey, list[_Target]]:
    splits: dict[UnitKey, list[_Target]] = {}
    for province_key, olds in divided.items():
        for old_key, pieces in olds.items():
            old = lookup.legacy_ward(old_key)
            targets = []
            for piece in pieces:
                new = lookup.current_ward(province_key, piece["newWardKey"])
                if new:
                    location = (piece["newWardLat"], piece["newWardLon"])
                    targets.append(
                        _Target(new, piece.get("newWardAreaKm2"), bool(piece["isDefaultNewWard"]), location)
                    )
            if old and targets:
                splits[old] = targets
    return splits


def _split_edges(
    old: UnitKey,
    targets: list[_Target],
    predecessors: dict[UnitKey, set[UnitKey]],
    index: SourceIndex,
    issues: list[Issue],
) -> list[LineageRecord]:
    kept = []
    for target in targets:
        if _cross_wired(old, target, predecessors, index):
            issues.append(
                Issue(
                    "dropped",
                    f"split {_name(index, old)} → {_name(index, target.new)}: same-named "
                    f"commune already merged there, {_distance_km(index, old, target):.0f} km away",
                )
            )
        else:
            kept.append(target)
    if len(kept) == 1:
        return [
            LineageRecord(
                old, kept[0].new, LineageKind.MERGE, ONE, True, "split list reduced to one successor"
            )
        ]
    areas = [t.area for t in kept]
    if all(a and a > 0 for a in areas):
        shares = normalised_shares([Decimal(str(a)) for a in areas if a])
        note = "share by area of the new communes (approximation)"
    else:
        shares = normalised_shares([ONE] * len(kept))
        note = "equal shares: a new commune has no area in the source"
        issues.append(Issue("gap", f"split of {_name(index, old)}: missing area, equal shares used"))
    if not any(t.is_default for t in kept):
        issues.append(
            Issue("gap", f"split of {_name(index, old)}: no default successor; largest share is primary")
        )
    largest = kept[max(range(len(kept)), key=lambda i: shares[i])]
    primary = next((t for t in kept if t.is_default), largest)
    return [
        LineageRecord(old, t.new, LineageKind.SPLIT, share, t is primary, note)
        for t, share in zip(kept, shares, strict=True)
    ]


def _cross_wired(
    old: UnitKey, target: _Target, predecessors: dict[UnitKey, set[UnitKey]], index: SourceIndex
) -> bool:
    if target.is_default:
        return False
    name = index.ward_keys.get(old)
    namesakes = [p for p in predecessors[target.new] if p != old and index.ward_keys.get(p) == name]
    return bool(namesakes) and _distance_km(index, old, target) > CROSS_WIRED_KM


def _distance_km(index: SourceIndex, old: UnitKey, target: _Target) -> float:
    """Equirectangular distance: plenty for telling 5 km from 90 km."""
    if old not in index.locations:
        return 0.0
    (lat1, lon1), (lat2, lon2) = index.locations[old], target.location
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def normalised_shares(weights: list[Decimal]) -> list[Decimal]:
    """Weights → shares rounded to 6 places that sum to exactly 1 (the rounding rest goes to the largest)."""
    total = sum(weights, Decimal(0))
    shares = [(w / total).quantize(SHARE_QUANTUM, rounding=ROUND_HALF_EVEN) for w in weights]
    largest = max(range(len(shares)), key=lambda i: shares[i])
    shares[largest] += ONE - sum(shares, Decimal(0))
    return shares


def _mark_unchanged(records: list[LineageRecord], index: SourceIndex) -> list[LineageRecord]:
    """A new unit with one whole predecessor of the same name is the same unit: kind "same"."""
    incoming: dict[UnitKey, list[LineageRecord]] = defaultdict(list)
    for record in records:
        incoming[record.new].append(record)
    result = []
    for record in records:
        only = incoming[record.new] == [record] and record.share == ONE
        if only and accent_key(_short(index, record.old)) == accent_key(_short(index, record.new)):
            record = LineageRecord(record.old, record.new, LineageKind.SAME, ONE, True, record.note)
        result.append(record)
    return result


def _short(index: SourceIndex, key: UnitKey) -> str:
    return index.short_names.get(key, "")


def _name(index: SourceIndex, key: UnitKey) -> str:
    return f"{index.names.get(key, '?')} [{key[2]}]"
