"""Load the national unit lists (63 and 34 provinces) and their 2025 lineage into the database.

The units that ceased before 2025 (``units.history``, ``data/history.tsv``) are written as legacy
units with their last day (``valid_to``); the communes an arrangement formed get their first
(``valid_from``). Idempotent: units are found again by (era, level,
code) and lineage edges by (old, new), so a re-run writes nothing unless the packages changed.
Units that vanish from the sources are kept
(values may point at them) and reported as stale; edges that vanish are deleted, since they
are derived data. Villages added in the app are never touched except to follow a moved parent.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from cds.units.history import ceased_records, formed_records
from cds.units.mapping import LineageRecord, build_lineage
from cds.units.models import REORGANISATION_DATE, Era, Level, Unit, UnitLineage, bump_reference_version
from cds.units.names import search_key
from cds.units.sources import Issue, UnitKey, UnitRecord, read_converter, read_national_list

BATCH = 500
_UNIT_FIELDS = (
    "name",
    "short_name",
    "unit_type",
    "search_key",
    "parent_id",
    "path",
    "depth",
    "area_km2",
    "valid_from",
    "valid_to",
)
_EDGE_FIELDS = ("kind", "share", "is_primary", "note")
_LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


@dataclass
class LoadSummary:
    counts: dict[str, int] = field(default_factory=dict)  # "legacy province" → units after the load
    lineage: dict[str, int] = field(default_factory=dict)  # kind → edges after the load
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lineage_created: int = 0
    lineage_updated: int = 0
    lineage_deleted: int = 0
    issues: list[Issue] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.lineage_created
            or self.lineage_updated
            or self.lineage_deleted
        )

    def issue_counts(self) -> dict[str, int]:
        return dict(Counter(issue.kind for issue in self.issues))

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for ``cds.lib.output.emit``: counts first, then every issue."""
        rows = [{"what": f"units {k}", "count": v} for k, v in self.counts.items()]
        rows += [{"what": f"lineage {k}", "count": v} for k, v in self.lineage.items()]
        for what in (
            "created",
            "updated",
            "unchanged",
            "lineage_created",
            "lineage_updated",
            "lineage_deleted",
        ):
            rows.append({"what": what.replace("_", " "), "count": getattr(self, what)})
        rows += [{"what": f"issues {k}", "count": v} for k, v in self.issue_counts().items()]
        rows.append({"what": "seconds", "count": round(self.seconds, 2)})
        return rows


def load_units(progress: bool = False) -> LoadSummary:
    """Read both national lists and the mapping, then upsert everything in one transaction."""
    started = time.perf_counter()
    say = _progress if progress else _silent
    say("reading package data")
    national = read_national_list()
    edges = build_lineage(read_converter(), national.index, national.issues)
    ceased, problems = ceased_records(national.units)  # units that ceased before 2025 (history.tsv)
    national.issues.extend(Issue("unmatched", problem) for problem in problems)
    national.units, problems = formed_records(national.units)  # communes formed by an arrangement
    national.issues.extend(Issue("unmatched", problem) for problem in problems)
    summary = LoadSummary(issues=national.issues)
    with transaction.atomic():
        say(f"writing {len(national.units) + len(ceased)} units")
        ids = _sync_units(national.units + ceased, summary)
        _follow_villages()
        say(f"writing {len(edges)} lineage edges")
        _sync_lineage(edges, ids, summary)
        if summary.changed:  # what every process keeps of units and lineage is stale now
            bump_reference_version("units")
    summary.counts = {
        f"{era} {level}": n for era, level, n in _counts(Unit.objects.values_list("era", "level"))
    }
    summary.lineage = dict(Counter(UnitLineage.objects.values_list("kind", flat=True)))
    summary.seconds = time.perf_counter() - started
    say(f"done in {summary.seconds:.1f} s")
    return summary


def _counts(pairs: Any) -> list[tuple[str, str, int]]:
    counter = Counter(pairs)
    order = {level: i for i, level in enumerate(Level)}
    return [
        (e, lv, counter[(e, lv)])
        for e, lv in sorted(counter, key=lambda k: (k[0] != Era.LEGACY, order[k[1]]))
    ]


def _sync_units(records: list[UnitRecord], summary: LoadSummary) -> dict[UnitKey, int]:
    """Upsert level by level, so every parent has its id and path before its children."""
    placed: dict[UnitKey, tuple[int, str, int]] = {}  # key → (id, path, depth)
    stale: list[Unit] = []
    for level in _LEVEL_ORDER:
        batch = [r for r in records if r.level == level]
        existing = {(u.era, u.code): u for u in Unit.objects.filter(level=level)}
        wanted_codes = {(r.era, r.code) for r in batch}
        stale += [u for key, u in existing.items() if key not in wanted_codes]
        fresh = [Unit(**_values(r, placed, path="")) for r in batch if (r.era, r.code) not in existing]
        Unit.objects.bulk_create(fresh, batch_size=BATCH)
        _fill_paths()
        summary.created += len(fresh)
        units = {(u.era, u.code): u for u in Unit.objects.filter(level=level)}
        changed, fields = [], set()
        for record in batch:
            unit = units[(record.era, record.code)]
            parent = placed.get(record.parent) if record.parent else None
            path = (parent[1] if parent else "/") + f"{unit.pk}/"
            placed[record.key] = (unit.pk, path, parent[2] + 1 if parent else 0)
            if (record.era, record.code) not in existing:
                continue
            wanted = _values(record, placed, path)
            diff = [f for f in _UNIT_FIELDS if getattr(unit, f) != wanted[f]]
            for name in diff:
                setattr(unit, name, wanted[name])
            fields.update(diff)
            changed += [unit] if diff else []
        if changed:
            Unit.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)
        summary.updated += len(changed)
        summary.unchanged += len(batch) - len(fresh) - len(changed)
    for unit in stale:
        summary.issues.append(
            Issue("stale", f"{unit.name} [{unit.code}] ({unit.era} {unit.level}) not in the sources; kept")
        )
    return {key: place[0] for key, place in placed.items()}


def _fill_paths() -> None:
    """Give new rows their path in one UPDATE: parent's path (or "/") + own id + "/"."""
    parent_path = Unit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
    Unit.objects.filter(path="").update(
        path=Concat(Coalesce(Subquery(parent_path), Value("/")), Cast("pk", CharField()), Value("/"))
    )


def _values(record: UnitRecord, placed: dict[UnitKey, tuple[int, str, int]], path: str) -> dict[str, Any]:
    parent = placed.get(record.parent) if record.parent else None
    legacy = record.era == Era.LEGACY
    return {
        "era": record.era,
        "level": record.level,
        "code": record.code,
        "name": record.name,
        "short_name": record.short_name,
        "unit_type": record.unit_type,
        "search_key": search_key(record.short_name),
        "parent_id": parent[0] if parent else None,
        "path": path,
        "depth": parent[2] + 1 if parent else 0,
        "area_km2": record.area_km2,
        "valid_from": record.valid_from if legacy else REORGANISATION_DATE,
        "valid_to": (record.valid_to or REORGANISATION_DATE) if legacy else None,
    }


def _follow_villages() -> None:
    """Keep village paths under their commune's path (only changes if a commune moved)."""
    villages = list(Unit.objects.filter(level=Level.VILLAGE).select_related("parent"))
    moved = []
    for village in villages:
        path = f"{village.parent.path}{village.pk}/" if village.parent else f"/{village.pk}/"
        if village.path != path:
            village.path, village.depth = path, path.count("/") - 2
            moved.append(village)
    Unit.objects.bulk_update(moved, ["path", "depth"], batch_size=BATCH)


def _sync_lineage(records: list[LineageRecord], ids: dict[UnitKey, int], summary: LoadSummary) -> None:
    existing = {(e.old_id, e.new_id): e for e in UnitLineage.objects.all()}
    wanted: dict[tuple[int, int], LineageRecord] = {(ids[r.old], ids[r.new]): r for r in records}
    fresh, changed = [], []
    for (old_id, new_id), record in wanted.items():
        values = {
            "kind": record.kind,
            "share": record.share,
            "is_primary": record.is_primary,
            "note": record.note,
        }
        edge = existing.get((old_id, new_id))
        if edge is None:
            fresh.append(UnitLineage(old_id=old_id, new_id=new_id, **values))
        elif any(_differs(getattr(edge, f), values[f]) for f in _EDGE_FIELDS):
            for name, value in values.items():
                setattr(edge, name, value)
            changed.append(edge)
    UnitLineage.objects.bulk_create(fresh, batch_size=BATCH)
    UnitLineage.objects.bulk_update(changed, _EDGE_FIELDS, batch_size=BATCH)
    stale = [edge.pk for key, edge in existing.items() if key not in wanted]
    for start in range(0, len(stale), BATCH):
        UnitLineage.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    summary.lineage_created, summary.lineage_updated, summary.lineage_deleted = (
        len(fresh),
        len(changed),
        len(stale),
    )


def _differs(current: Any, wanted: Any) -> bool:
    if isinstance(wanted, Decimal):
        return current is None or Decimal(current) != wanted
    return bool(current != wanted)


def _progress(message: str) -> None:
    print(f"[units] {message}", file=sys.stderr, flush=True)


def _silent(message: str) -> None:
    return None
