"""Scoring the unit-name matcher on names as public documents write them (``corpus/units``).

Each corpus row is a name as printed («TP. Đà Nẵng», «xã Bình An (Lâm Bình)», «Nam Tra My»), the
scope an import of its table would be given (``--in``), the map of its date and the unit the text
means — its official name with as many parents as needed, written by hand — or ``AMBIGUOUS``
(the text fits several units: the right answer is a refusal) or ``ABSENT`` (the unit of that date
is missing from our lists: a refusal is right, any match is wrong). Rows of one ``table`` are
matched together, as one import's column, so a table's levels are its context.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cds.lib.errors import InputError
from cds.units.models import Unit
from cds.units.search import resolve_names

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "units" / "unit_names.tsv"
REFUSALS = ("AMBIGUOUS", "ABSENT")

# (names of one table, scope text, era) → each name's unit, or the error saying why not
Matcher = Callable[[list[str], str, str], dict[str, "Unit | InputError"]]


@dataclass(frozen=True)
class Row:
    table: str
    input: str
    scope: str
    era: str
    expected: str
    source: str


@dataclass
class Score:
    rows: int = 0
    right: int = 0  # the unit meant, or a refusal where one is right
    wrong: list[tuple[Row, str]] = field(default_factory=list)  # a different unit: never acceptable
    refused: list[Row] = field(default_factory=list)  # a unit was meant and none was matched
    matched: int = 0  # rows the matcher gave a unit for
    meant: int = 0  # rows that mean a unit of our lists

    @property
    def precision(self) -> float:
        return (self.matched - len(self.wrong)) / self.matched if self.matched else 1.0

    @property
    def recall(self) -> float:
        found = self.meant - len(self.refused) - sum(1 for r, _ in self.wrong if r.expected not in REFUSALS)
        return found / self.meant if self.meant else 1.0


def read_corpus(path: Path = CORPUS) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Row(**line) for line in csv.DictReader(handle, delimiter="\t")]


def expected_unit(row: Row) -> Unit:
    """The unit a row means, found by its official names (never by the matcher under test)."""
    name, *parents = [part.strip() for part in row.expected.split(",")]
    found = []
    for unit in Unit.objects.filter(era=row.era, name=name):
        chain = {a.name for a in Unit.objects.filter(pk__in=_ancestor_ids(unit))}
        if all(p in chain for p in parents):
            found.append(unit)
    if len(found) != 1:
        raise LookupError(f"corpus row {row.input!r}: «{row.expected}» names {len(found)} units")
    return found[0]


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(i) for i in unit.path.strip("/").split("/")[:-1] if i]


def score(rows: Iterable[Row], match: Matcher) -> Score:
    rows = list(rows)
    result = Score(rows=len(rows))
    tables: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        tables.setdefault((row.table, row.scope, row.era), []).append(row)
    for (_, scope, era), members in tables.items():
        found = match([r.input for r in members], scope, era)
        for row in members:
            got = found[row.input]
            if isinstance(got, Unit):
                result.matched += 1
            if row.expected in REFUSALS:
                if isinstance(got, Unit):
                    result.wrong.append((row, got.name))
                else:
                    result.right += 1
                continue
            result.meant += 1
            meant = expected_unit(row)
            if not isinstance(got, Unit):
                result.refused.append(row)
            elif got.pk == meant.pk:
                result.right += 1
            else:
                result.wrong.append((row, f"{got.name} [{got.code}]"))
    return result


def import_matcher(names: list[str], scope: str, era: str) -> dict[str, Unit | InputError]:
    """How every import reads a unit column today: ``resolve_names`` with the table's scope."""

    return resolve_names(names, within=scope or None, era=era)
