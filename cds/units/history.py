"""Unit history before the 2025 reorganisation: former names and former parents, with dates.

Our legacy list is the snapshot of 30/6/2025, so a unit renamed or moved earlier is known there
under its last name and parent only: «Tỉnh Thừa Thiên Huế» (the province until 1/1/2025) is the
legacy «Thành phố Huế», «Xã Tịnh Hòa, Huyện Sơn Tịnh» (until 1/4/2014) is «Xã Tịnh Hòa, Thành phố
Quảng Ngãi». ``data/history.tsv`` holds each change as one row, with the resolution that made it
and a public page quoting it:

- ``rename``: the unit was called ``former`` until ``until`` (exclusive); the same unit since.
- ``moved``: the unit lay under ``former_parent`` until ``until``; the same unit since.
- ``merged``: the unit ``former`` (under ``former_parent``) ceased on ``until``, merged into
  ``unit``.
- ``split``: the unit ``former`` ceased on ``until``, divided among several units: one row per
  part (``unit``), the same ``former``, ``former_parent`` and ``until``.

``formed`` = ``yes``: ``unit`` itself came into being on ``until`` by this change («thành lập xã
Sơn Trà trên cơ sở nhập … xã Trà Quân và … xã Trà Khê»); the loader gives it ``valid_from`` =
``until`` (``formed_records``), so its name does not resolve on an earlier date. Empty: ``unit``
existed before (it took the former unit in).

A unit that ceased (``merged``, ``split``) is a unit row of its own (``ceased_records``: the
loader writes it into the legacy list, under ``former_parent``, with ``valid_to`` = ``until``
and a generated code «<parent code>-<name key>», since the lists we read no longer carry its
official one). Its figures are its own, never the unit it went into: it resolves on a date
before ``until`` or with no date; on a later date a refusal says what became of it and by which
resolution (``merge_notes``).

``unit`` is the legacy unit as the list names it, with enough parents to be unique («Xã Tịnh Hòa,
Thành phố Quảng Ngãi»). A former name resolves to that unit when the data's date is before
``until`` or unknown (a name written in a table without dates is still the same unit); on or after
``until`` it does not (the name may since mean another unit). To add a change: one row, the
resolution's number and date, a public page that quotes it; run
``cds/units/tests/test_history.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from cds.units.models import Era, Unit
from cds.units.names import Reading, same_type, search_key, split_type
from cds.units.sources import UnitRecord

HISTORY = Path(__file__).resolve().parent / "data" / "history.tsv"
KINDS = ("rename", "moved", "merged", "split")
CEASED = ("merged", "split")


@dataclass(frozen=True)
class Change:
    kind: str
    level: str
    former: str  # the name until ``until`` (for ``moved``, the name, unchanged)
    former_parent: str  # for ``moved``: the parent until ``until``
    until: dt.date
    unit: str  # the legacy unit, «name, parent, …»
    resolution: str
    source: str
    formed: bool = False  # ``unit`` came into being on ``until`` by this change

    @property
    def key(self) -> str:
        return search_key(split_type(self.former)[1])

    @property
    def unit_type(self) -> str:
        return split_type(self.former)[0] or ""

    def applies_on(self, as_of: dt.date | None) -> bool:
        return as_of is None or as_of < self.until

    @property
    def new_name(self) -> str:
        """The unit's name in the legacy list («Thành phố Huế» of «Thành phố Huế»)."""
        return self.unit.split(",")[0].strip()

    def former_fits(self, readings: tuple[Reading, ...] | list[Reading]) -> bool:
        """One reading of the text is the former name: its proper name, and its type word if any."""
        return any(
            r.key == self.key
            and (not r.unit_type or not self.unit_type or same_type(r.unit_type, self.unit_type))
            for r in readings
        )

    def new_fits(self, readings: tuple[Reading, ...] | list[Reading]) -> bool:
        """One reading of the text is the new name, and none the former one (a name the unit had on
        both sides of the rename, «Đức Phổ» of «Huyện Đức Phổ» → «Thị xã Đức Phổ», is not new)."""
        new_type, new_short = split_type(self.new_name)
        key = search_key(new_short)
        return not self.former_fits(readings) and any(
            r.key == key and (not r.unit_type or not new_type or same_type(r.unit_type, new_type))
            for r in readings
        )

    def names(self, name: str, level: str, parents: set[str]) -> bool:
        """This row's ``unit`` is the legacy unit called ``name`` at ``level`` under ``parents``."""
        own, *wanted = [p.strip() for p in self.unit.split(",")]
        return own == name and level == self.level and all(p in parents for p in wanted)

    def legacy_unit(self) -> Unit:
        """The unit of the legacy list the change leads to, by its official names (never the
        ceased unit itself: it carries ``former``'s name, and ``unit`` names another)."""
        name, *parents = [p.strip() for p in self.unit.split(",")]
        found = []
        # a ceased unit may have gone into a unit of another level (Lý Sơn's communes: the district)
        levels = {} if self.kind in CEASED else {"level": self.level}
        for unit in Unit.objects.filter(era=Era.LEGACY, name=name, **levels):
            ids = [int(i) for i in unit.path.strip("/").split("/")[:-1] if i]
            chain = set(Unit.objects.filter(pk__in=ids).values_list("name", flat=True))
            if all(p in chain for p in parents):
                found.append(unit)
        if len(found) != 1:
            raise LookupError(f"history row «{self.former}»: «{self.unit}» names {len(found)} units")
        return found[0]


@cache
def changes(path: Path = HISTORY) -> tuple[Change, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            Change(
                kind=row["kind"],
                level=row["level"],
                former=row["former"],
                former_parent=row["former_parent"],
                until=dt.date.fromisoformat(row["until"]),
                unit=row["unit"],
                resolution=row["resolution"],
                source=row["source"],
                formed=(row.get("formed") or "").strip() == "yes",
            )
            for row in csv.DictReader(handle, delimiter="\t")
        ]
    for row in rows:
        if row.kind not in KINDS:
            raise ValueError(f"history row «{row.former}»: unknown kind {row.kind!r}")
    return tuple(rows)


def merge_notes(keys: set[str], as_of: dt.date | None = None) -> tuple[list[str], list[str]]:
    """For a name no unit carries on ``as_of``: what the ``merged`` and ``split`` rows say became
    of the unit of that name (Vietnamese, English), so a refusal tells the person which unit
    exists, since when and why. A date before the change gets no note (the unit existed then:
    something else is wrong with the name)."""
    vi, en = [], []
    by_unit: dict[tuple[str, str, dt.date], list[Change]] = {}
    for change in changes():
        if change.kind in CEASED and change.key in keys and not change.applies_on(as_of):
            by_unit.setdefault((change.former, change.former_parent, change.until), []).append(change)
    for (former, former_parent, until), rows in by_unit.items():
        day = f"{until.day}/{until.month}/{until.year}"
        where = f", {former_parent}" if former_parent else ""
        into = "; ".join(f"«{r.unit}»" for r in rows)
        resolution = rows[0].resolution
        if rows[0].kind == "split":
            vi.append(
                f"{former}{where} đã chia thành {into} từ ngày {day} ({resolution}); số liệu trước ngày đó "
                f"ghi cho đơn vị cũ (ghi kỳ số liệu trước ngày {day}), từ ngày đó cho đơn vị mới"
            )
            en.append(
                f"{former}{where} was split into {into} on {day} ({resolution}); figures before that day "
                f"belong to the former unit (give a period before {day}), from that day to the new units"
            )
            continue
        vi.append(
            f"{former}{where} đã nhập vào {rows[0].unit} từ ngày {day} ({resolution}); số liệu từ ngày đó "
            f"ghi cho «{rows[0].unit}», số liệu trước đó ghi cho đơn vị cũ với kỳ số liệu trước ngày {day}"
        )
        en.append(
            f"{former}{where} was merged into {rows[0].unit} on {day} ({resolution}); figures from that day "
            f"go to «{rows[0].unit}», earlier figures to the former unit with a period before {day}"
        )
    return vi, en


def renamed_on(name: str, level: str, parents: set[str], day: dt.date) -> Change | None:
    """The ``rename`` row in force on ``day`` for the legacy unit ``name`` (at ``level``, under
    ``parents``): the unit was not yet called ``name`` that day but the row's ``former`` (the
    earliest rename still ahead, when a unit was renamed twice). None when it was."""
    ahead = [c for c in changes() if c.kind == "rename" and day < c.until and c.names(name, level, parents)]
    return min(ahead, key=lambda c: c.until, default=None)


def rename_notes(
    readings: tuple[Reading, ...] | list[Reading], as_of: dt.date
) -> tuple[list[str], list[str]]:
    """For a name refused on ``as_of``: the ``rename`` rows that explain it (Vietnamese, English).
    A unit's former name on a date from the rename: what it is called since. Its new name on a
    date before: what it was called then (on that date the new name is not that unit's, and may
    have been another's: «Thành phố Huế» in 2023 was the district-level city of Tỉnh Thừa Thiên
    Huế, not the province so called from 1/1/2025)."""
    vi, en = [], []
    for change in changes():
        if change.kind != "rename":
            continue
        day = f"{change.until.day}/{change.until.month}/{change.until.year}"
        if as_of >= change.until and change.former_fits(readings):
            vi.append(
                f"{change.former} đổi thành «{change.unit}» từ ngày {day} ({change.resolution}); số liệu "
                f"từ ngày đó ghi «{change.new_name}», số liệu trước đó ghi tên cũ với kỳ trước ngày {day}"
            )
            en.append(
                f"{change.former} was renamed «{change.unit}» on {day} ({change.resolution}); figures from "
                f"that day go to «{change.new_name}», earlier ones under the former name with a period "
                f"before {day}"
            )
        elif as_of < change.until and change.new_fits(readings):
            vi.append(
                f"«{change.unit}» mang tên này từ ngày {day} ({change.resolution}); trước ngày đó đơn vị "
                f"này là «{change.former}»: với kỳ số liệu trước ngày {day} hãy ghi «{change.former}» hoặc "
                f"mã đơn vị (tên «{change.new_name}» lúc đó không phải đơn vị này)"
            )
            en.append(
                f"«{change.unit}» has carried this name since {day} ({change.resolution}); it was called "
                f"{change.former} until {day}: for a period before then write «{change.former}» or the unit "
                f"code (the name «{change.new_name}» did not mean this unit then)"
            )
    return vi, en


def ceased_code(parent_code: str, short_name: str) -> str:
    """The generated code of a unit that ceased before our lists: «51-taytra» (Huyện Tây Trà,
    Tỉnh Quảng Ngãi [51]); stable, so a reload finds the row again."""
    return f"{parent_code}-{search_key(short_name).replace(' ', '')}"[:32]


def ceased_records(records: list[UnitRecord]) -> tuple[list[UnitRecord], list[str]]:
    """The units that ceased (``merged``/``split`` rows) as legacy unit records with ``valid_to``,
    each under its former parent found in the province of the unit it went into; and the rows
    whose units could not be placed (the loader reports them)."""
    legacy = [r for r in records if r.era == Era.LEGACY]
    by_key = {r.key: r for r in legacy}
    out: list[UnitRecord] = []
    problems: list[str] = []
    order = {"province": 0, "district": 1, "commune": 2}
    seen: set[tuple[str, str, dt.date]] = set()
    for change in sorted((c for c in changes() if c.kind in CEASED), key=lambda c: order[c.level]):
        if (change.former, change.former_parent, change.until) in seen:
            continue
        name, *parents = [p.strip() for p in change.unit.split(",")]
        into = _find_record(legacy + out, by_key, None, name, parents)  # Lý Sơn's communes: the district
        if into is None:
            problems.append(f"history row «{change.former}»: «{change.unit}» names no one unit")
            continue
        province = _chain(into, by_key)[-1] if into.parent else into
        parent = _find_record(
            legacy + out, by_key, None, change.former_parent, [province.name], within=province
        )
        if parent is None:
            problems.append(
                f"history row «{change.former}»: «{change.former_parent}» not found in {province.name}"
            )
            continue
        seen.add((change.former, change.former_parent, change.until))
        unit_type, short = split_type(change.former)
        record = UnitRecord(
            Era.LEGACY,
            change.level,
            ceased_code(parent.code, short),
            change.former,
            short,
            unit_type or "",
            parent.key,
            valid_to=change.until,
        )
        by_key[record.key] = record
        out.append(record)
    return out, problems


def formed_records(records: list[UnitRecord]) -> tuple[list[UnitRecord], list[str]]:
    """``records`` with ``valid_from`` = the change's day on each legacy unit a ``formed`` row says
    came into being then (a commune formed by merging others), and the rows whose unit could not
    be placed (the loader reports them)."""
    legacy = [r for r in records if r.era == Era.LEGACY]
    by_key = {r.key: r for r in legacy}
    since: dict[tuple, dt.date] = {}
    problems: list[str] = []
    for change in changes():
        if not change.formed:
            continue
        name, *parents = [p.strip() for p in change.unit.split(",")]
        unit = _find_record(legacy, by_key, change.level, name, parents)
        if unit is None:
            problems.append(f"history row «{change.former}»: «{change.unit}» names no one unit")
            continue
        if since.setdefault(unit.key, change.until) != change.until:
            problems.append(f"history row «{change.former}»: «{change.unit}» formed on two days")
    return [replace(r, valid_from=since[r.key]) if r.key in since else r for r in records], problems


def _chain(record: UnitRecord, by_key: dict) -> list[UnitRecord]:
    chain, parent = [], record.parent
    while parent is not None and parent in by_key:
        chain.append(by_key[parent])
        parent = by_key[parent].parent
    return chain


def _find_record(
    records: list[UnitRecord],
    by_key: dict,
    level: str | None,
    name: str,
    parents: list[str],
    within: UnitRecord | None = None,
) -> UnitRecord | None:
    found = []
    for record in records:
        if record.name != name or (level and record.level != level):
            continue
        chain = _chain(record, by_key)
        names = {r.name for r in chain} | {record.name}
        if within is not None and within.key not in {r.key for r in chain} | {record.key}:
            continue
        if all(p in names for p in parents):
            found.append(record)
    return found[0] if len(found) == 1 else None
