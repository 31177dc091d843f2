"""Rankings of a set of units for a year, with last year's score and rank beside each unit.

Rules (also in docs/dti.md):

- Ties share a rank ("đồng hạng") and the next rank is skipped (1, 2, 2, 4), comparing scores
  rounded to two decimals, as decisions publish them.
- Units marked not assessed (no self-assessment submitted by the deadline) are listed apart and
  not ranked; units with missing data are ranked on what they have and flagged as partial.
- The official result of a unit and year is the published one when a decision was imported,
  otherwise the one computed here.
- Previous year, same map (2023 → 2024, 2025 → 2026): the unit's own previous result.
- Previous year across the 2025 reorganisation (2024 → 2025): the previous score of a current
  unit is the plain mean of its predecessors' 2024 scores (DTI points are an index, not a
  quantity, so lineage shares do not apply; averaging the pre-merger units is how DTI 2024 was
  reported for merged provinces). It is "không so sánh được" unless every predecessor has a
  ranked 2024 result.
- Previous rank: the rank of that previous score among the previous scores of the same set of
  units, so "k/N" and the change compare like with like.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from cds.lib.errors import InputError
from cds.units.models import Era, Unit, UnitLineage
from cds.units.services import unit_order
from cds.values.rollup import NO_COVERAGE, Coverage

from .models import Result, ResultSource, ResultStatus
from .scoring import era_for_year, scope_units

K = TypeVar("K", bound=Hashable)
CENT = Decimal("0.01")
UNRANKED = {ResultStatus.NOT_ASSESSED}
VERIFIED = {ResultStatus.VERIFIED, ResultStatus.PUBLISHED}  # a ranking's "approved" units
NOT_COMPARABLE = "không so sánh được"


def competition_ranks(scores: Mapping[K, Decimal]) -> dict[K, int]:
    """Standard competition ranking on scores rounded to cents: equal scores share a rank."""
    rounded = {key: value.quantize(CENT, rounding=ROUND_HALF_UP) for key, value in scores.items()}
    ordered = sorted(rounded.values(), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in rounded.items()}


def change_text(previous_rank: int | None, rank: int | None, comparable: bool = True) -> str:
    """ "tăng 3 bậc", "tụt 1 bậc", "giữ nguyên thứ hạng", or why there is nothing to compare."""
    if not comparable:
        return NOT_COMPARABLE
    if previous_rank is None or rank is None:
        return "chưa có thứ hạng năm trước" if rank is not None else "không xếp hạng"
    delta = previous_rank - rank
    if delta > 0:
        return f"tăng {delta} bậc"
    if delta < 0:
        return f"tụt {-delta} bậc"
    return "giữ nguyên thứ hạng"


def change_text_en(previous_rank: int | None, rank: int | None, comparable: bool = True) -> str:
    """``change_text`` for an English page: "up 3 places", "down 1 place", "same rank"."""
    if not comparable:
        return "not comparable"
    if previous_rank is None or rank is None:
        return "no rank last year" if rank is not None else "not ranked"
    delta = previous_rank - rank
    if delta == 0:
        return "same rank"
    places = "place" if abs(delta) == 1 else "places"
    return f"{'up' if delta > 0 else 'down'} {abs(delta)} {places}"


@dataclass
class Previous:
    score: Decimal | None = None
    comparable: bool = True
    note: str = ""


@dataclass
class Entry:
    unit: Unit
    status: str
    score: Decimal | None
    max_total: Decimal | None
    source: str
    pillar_scores: dict[str, Decimal] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    rank: int | None = None
    ranked_of: int = 0
    pillar_ranks: dict[str, int] = field(default_factory=dict)
    previous: Previous = field(default_factory=Previous)
    previous_rank: int | None = None
    previous_of: int = 0
    published_rank: int | None = None  # as the published table printed it (often province-wide)
    published_of: int | None = None

    @property
    def is_ranked(self) -> bool:
        return self.rank is not None

    @property
    def partial(self) -> bool:
        return bool(self.missing)

    @property
    def rank_change(self) -> int | None:
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def change_text(self) -> str:
        return change_text(self.previous_rank, self.rank, self.previous.comparable)

    @property
    def change_text_en(self) -> str:
        return change_text_en(self.previous_rank, self.rank, self.previous.comparable)

    @property
    def score_change(self) -> Decimal | None:
        if self.score is None or self.previous.score is None:
            return None
        return self.score - self.previous.score

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.unit.code,
            "name": self.unit.name,
            "score": _cents(self.score),
            "max_score": _cents(self.max_total),
            "rank": self.rank,
            "total_ranked": self.ranked_of if self.rank is not None else None,
            "published_rank": self.published_rank,
            "published_of": self.published_of,
            "previous_score": _cents(self.previous.score),
            "previous_rank": self.previous_rank,
            "rank_change": self.rank_change,
            "rank_change_text": self.change_text,
            "comparison_note": self.previous.note,
            "pillar_scores": {k: _cents(v) for k, v in self.pillar_scores.items()},
            "pillar_ranks": self.pillar_ranks,
            "status": self.status,
            "partial": self.partial,
            "missing_items": self.missing,
            "source": self.source,
        }


@dataclass
class Ranking:
    year: int
    level: str
    scope: Unit | None
    entries: list[Entry]  # ranked first (by rank, then name), then the not-assessed
    # N: the units of the level in scope; n: those ranked (with a score); m: of those, verified or published
    coverage: Coverage = NO_COVERAGE

    @property
    def ranked(self) -> list[Entry]:
        return [e for e in self.entries if e.is_ranked]

    @property
    def not_assessed(self) -> list[Entry]:
        return [e for e in self.entries if not e.is_ranked]

    def top(self, n: int = 5) -> list[Entry]:
        return self.ranked[:n]

    def bottom(self, n: int = 5) -> list[Entry]:
        return self.ranked[-n:][::-1] if n else []

    def fell_most(self, n: int = 5) -> list[Entry]:
        fell = [e for e in self.ranked if (e.rank_change or 0) < 0]
        return sorted(fell, key=lambda e: (e.rank_change or 0, unit_order(e.unit)))[:n]

    def find(self, unit_id: int) -> Entry | None:
        return next((e for e in self.entries if e.unit.pk == unit_id), None)


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def official_results(unit_ids: list[int], year: int) -> dict[int, Result]:
    """Each unit's official result for the year: published beats computed."""
    out: dict[int, Result] = {}
    for result in Result.objects.filter(unit_id__in=unit_ids, year=year).order_by("source"):
        if result.unit_id not in out or result.source == ResultSource.PUBLISHED:
            out[result.unit_id] = result
    return out


def _score_of(result: Result | None) -> Decimal | None:
    if result is None or result.total is None or result.status in UNRANKED:
        return None
    return result.total


def previous_scores(units: list[Unit], year: int) -> dict[int, Previous]:
    """Each unit's comparable score for ``year - 1`` (see the module docstring for the rule)."""
    before = year - 1
    if era_for_year(before) == era_for_year(year) or not units or units[0].era == Era.LEGACY:
        found = official_results([u.pk for u in units], before)
        return {
            u.pk: Previous(
                _score_of(found.get(u.pk)), note="" if u.pk in found else "chưa có kết quả năm trước"
            )
            for u in units
        }
    return lineage_scores(units, before)


def lineage_scores(units: list[Unit], year: int) -> dict[int, Previous]:
    """For current units: the mean of their predecessors' ``year`` scores, when every one has one."""
    links: dict[int, list[int]] = defaultdict(list)
    for new_id, old_id in UnitLineage.objects.filter(new_id__in=[u.pk for u in units]).values_list(
        "new_id", "old_id"
    ):
        links[new_id].append(old_id)
    old_ids = sorted({old for olds in links.values() for old in olds})
    found = official_results(old_ids, year)
    # named as a sentence names a unit («xã Đăk Blà», «thị trấn Đăk Tô»): the note is read inside
    # a report's sentence; «của Xã Đăk Blà, Thị trấn Đăk Tô» capitalised them mid-sentence
    names = {
        pk: f"{(kind or '').lower()} {short}".strip()
        for pk, kind, short in Unit.objects.filter(pk__in=old_ids).values_list(
            "pk", "unit_type", "short_name"
        )
    }
    out: dict[int, Previous] = {}
    for unit in units:
        olds = links.get(unit.pk, [])
        scores = [_score_of(found.get(old)) for old in olds]
        if not olds:
            out[unit.pk] = Previous(None, False, "không có đơn vị tiền thân")
        elif any(s is None for s in scores):
            lacking = [names.get(old, str(old)) for old, s in zip(olds, scores, strict=True) if s is None]
            out[unit.pk] = Previous(None, False, "thiếu kết quả năm trước của " + ", ".join(lacking))
        else:
            mean = sum((s for s in scores if s is not None), Decimal(0)) / len(scores)
            note = (
                ""
                if len(olds) == 1
                else f"trung bình {len(olds)} đơn vị tiền thân: "
                + ", ".join(names.get(o, str(o)) for o in olds)
            )
            out[unit.pk] = Previous(mean, True, note)
    return out


def rank_scope(year: int, scope: Unit | None, level: str = "commune") -> Ranking:
    """Rank the units of ``level`` in ``scope`` (None: nationwide) on their official results."""
    era = era_for_year(year)
    if scope is not None and scope.era != era:
        raise InputError(
            f"«{scope.name}» không thuộc danh sách đơn vị dùng cho năm {year}",
            f"«{scope.name}» is not on the unit list used for {year}",
        )
    units = scope_units(scope, level, era, year)
    results = official_results([u.pk for u in units], year)
    entries = [_entry(unit, results[unit.pk]) for unit in units if unit.pk in results]
    ranked = {e.unit.pk: e.score for e in entries if e.status not in UNRANKED and e.score is not None}
    by_id = {e.unit.pk: e for e in entries}
    for unit_id, rank in competition_ranks(ranked).items():
        by_id[unit_id].rank = rank
        by_id[unit_id].ranked_of = len(ranked)
    _pillar_ranks([e for e in entries if e.rank is not None])
    previous = previous_scores([e.unit for e in entries], year)
    for entry in entries:
        entry.previous = previous.get(entry.unit.pk, Previous())
    comparable = {
        e.unit.pk: e.previous.score for e in entries if e.previous.score is not None and e.previous.comparable
    }
    for unit_id, rank in competition_ranks(comparable).items():
        by_id[unit_id].previous_rank = rank
        by_id[unit_id].previous_of = len(comparable)
    entries.sort(key=lambda e: (e.rank is None, e.rank or 0, unit_order(e.unit)))  # ties alphabetically
    ranked_entries = [e for e in entries if e.rank is not None]
    coverage = Coverage(
        len(units), len(ranked_entries), sum(1 for e in ranked_entries if e.status in VERIFIED), level
    )
    return Ranking(year, level, scope, entries, coverage)


def _entry(unit: Unit, result: Result) -> Entry:
    return Entry(
        unit=unit,
        status=result.status,
        score=result.total,
        max_total=result.max_total,
        source=result.source,
        pillar_scores={k: Decimal(v) for k, v in (result.pillar_scores or {}).items()},
        missing=list(result.missing_items or []),
        published_rank=result.published_rank,
        published_of=result.published_of,
    )


def _pillar_ranks(entries: list[Entry]) -> None:
    pillars = {code for e in entries for code in e.pillar_scores}
    for code in sorted(pillars):
        scores = {e.unit.pk: e.pillar_scores[code] for e in entries if code in e.pillar_scores}
        ranks = competition_ranks(scores)
        for entry in entries:
            if entry.unit.pk in ranks:
                entry.pillar_ranks[code] = ranks[entry.unit.pk]


def peer_rank(scope: Unit, year: int) -> tuple[int, int, Decimal] | None:
    """The scope's own rank among the units of its level under the same parent (rank, of, score)."""
    peers = Unit.objects.filter(level=scope.level, era=scope.era, parent_id=scope.parent_id)
    found = official_results(list(peers.values_list("pk", flat=True)), year)
    scores = {uid: s for uid, r in found.items() if (s := _score_of(r)) is not None}
    if scope.pk not in scores:
        return None
    return competition_ranks(scores)[scope.pk], len(scores), scores[scope.pk]


def summary(ranking: Ranking, n: int = 5) -> dict[str, Any]:
    """What a report needs: top and bottom N, the units that fell most, the not assessed, the scope's rank."""
    peer = peer_rank(ranking.scope, ranking.year) if ranking.scope is not None else None
    return {
        "year": ranking.year,
        "scope": ranking.scope.name if ranking.scope else "toàn quốc",
        "ranked": len(ranking.ranked),
        "coverage": ranking.coverage.as_dict(),  # "1/3 đơn vị có số liệu, 0 đã duyệt"
        "top": [e.as_dict() for e in ranking.top(n)],
        "bottom": [e.as_dict() for e in ranking.bottom(n)],
        "fell_most": [e.as_dict() for e in ranking.fell_most(n)],
        "not_assessed": [
            {"code": e.unit.code, "name": e.unit.name, "status": e.status} for e in ranking.not_assessed
        ],
        "scope_rank": {"rank": peer[0], "of": peer[1], "score": peer[2]} if peer else None,
    }


def score_history(unit: Unit) -> list[tuple[int, Decimal | None, str]]:
    """(year, score, how) for every year with a score: "own" (ranked), "unranked" (scored, not
    ranked: no self-assessment on time), "lineage" (mean of all predecessors), or
    "predecessor:<name>" — one point per predecessor with a score when not all of them have one
    (a current commune's years before the 2025 merger: what exists, saying whose)."""
    out: list[tuple[int, Decimal | None, str]] = []
    own_years = sorted(set(Result.objects.filter(unit=unit).values_list("year", flat=True)))
    own = {year: official_results([unit.pk], year)[unit.pk] for year in own_years}
    years = set(own)
    olds: list[int] = []
    if unit.era == Era.CURRENT:
        olds = list(UnitLineage.objects.filter(new=unit).values_list("old_id", flat=True))
        years |= {
            y
            for y in Result.objects.filter(unit_id__in=olds).values_list("year", flat=True)
            if era_for_year(y) == Era.LEGACY
        }
    names = {
        pk: f"{(kind or '').lower()} {short}".strip()
        for pk, kind, short in Unit.objects.filter(pk__in=olds).values_list("pk", "unit_type", "short_name")
    }
    for year in sorted(years):
        if year in own:
            result = own[year]
            ranked = result.status not in UNRANKED
            out.append((year, result.total, "own" if ranked else "unranked"))
            continue
        mean = lineage_scores([unit], year)[unit.pk]
        if mean.score is not None:
            out.append((year, mean.score, "lineage"))
            continue
        found = official_results(olds, year)
        for old in olds:
            score = _score_of(found.get(old))
            if score is not None:
                out.append((year, score, f"predecessor:{names.get(old, str(old))}"))
    return [point for point in out if point[1] is not None]
