"""Unit history before the 2025 reorganisation: former names and former parents, with dates.

Our legacy list is the snapshot of 30/6/2025, so a unit renamed or moved earlier is known there
under its last name and parent only: «Tỉnh Thừa Thiên Huế» (the province until 1/1/2025) is the
legacy «Thành phố Huế», «Xã Tịnh Hòa, Huyện Sơn Tịnh» (until 1/4/2014) is «Xã Tịnh Hòa, Thành phố
Quảng Ngãi». ``data/history.tsv`` holds each change as one row, with the resolution that made it
and a public page quoting it:

- ``rename``: the unit was called ``former`` until ``until`` (exclusive); the same unit since.
- ``moved``: the unit lay under ``former_parent`` until ``until``; the same unit since.
- ``merged``: the unit ``former`` (under ``former_parent``) ceased on ``until``, merged into
  ``unit``. It never resolves — its figures are not the merged unit's — but a refusal says what
  became of it and how to write the unit that exists (``merge_notes``).

``unit`` is the legacy unit as the list names it, with enough parents to be unique («Xã Tịnh Hòa,
Thành phố Quảng Ngãi»). A former name resolves to that unit when the data's date is before
``until`` or unknown (a name written in a table without dates is still the same unit); on or after
``until`` it does not (the name may since mean another unit). Splits are not here yet. To add a
change: one row, the resolution's number and date, a public page that quotes it; run
``cds/units/tests/test_history.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cds.units.models import Era, Unit
from cds.units.names import search_key, split_type

HISTORY = Path(__file__).resolve().parent / "data" / "history.tsv"
KINDS = ("rename", "moved", "merged")


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

    @property
    def key(self) -> str:
        return search_key(split_type(self.former)[1])

    @property
    def unit_type(self) -> str:
        return split_type(self.former)[0] or ""

    def applies_on(self, as_of: dt.date | None) -> bool:
        return as_of is None or as_of < self.until

    def legacy_unit(self) -> Unit:
        """The unit of the legacy list the change leads to, by its official names."""
        name, *parents = [p.strip() for p in self.unit.split(",")]
        found = []
        for unit in Unit.objects.filter(era=Era.LEGACY, level=self.level, name=name):
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
            )
            for row in csv.DictReader(handle, delimiter="\t")
        ]
    for row in rows:
        if row.kind not in KINDS:
            raise ValueError(f"history row «{row.former}»: unknown kind {row.kind!r}")
    return tuple(rows)


def merge_notes(keys: set[str]) -> tuple[list[str], list[str]]:
    """For a name no unit carries: what the ``merged`` rows say became of the unit of that name
    (Vietnamese, English), so a refusal tells the person which unit exists and why."""
    vi, en = [], []
    for change in changes():
        if change.kind != "merged" or change.key not in keys:
            continue
        day = f"{change.until.day}/{change.until.month}/{change.until.year}"
        where = f", {change.former_parent}" if change.former_parent else ""
        vi.append(
            f"{change.former}{where} đã nhập vào {change.unit} từ ngày {day} ({change.resolution}); "
            f"số liệu từ ngày đó ghi cho «{change.unit}», số liệu trước đó của đơn vị cũ chưa nhận được"
        )
        en.append(
            f"{change.former}{where} was merged into {change.unit} on {day} ({change.resolution}); "
            f"figures from that day go to «{change.unit}», earlier figures of the former unit cannot be taken yet"
        )
    return vi, en
