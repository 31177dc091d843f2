"""Finding a unit from a name as people type it, without ever guessing between namesakes.

The country has dozens of "Xã Tân Lập"; a name alone names a unit only when exactly one unit
carries it best. Otherwise the caller gets every candidate with its parents, so a person (or an
import's error message) can say which one: "Tân Lập, Đan Phượng, Hà Nội" or a code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Q

from cds.lib.errors import InputError, Location
from cds.lib.text import nfc
from cds.units.history import CEASED, changes, merge_notes, rename_notes, renamed_on
from cds.units.models import REORGANISATION_DATE, Era, Unit, subtree_q
from cds.units.names import ParsedName, Reading, accent_key, accents_conflict, parse_name, same_type

Levels = str | Collection[str] | None  # one level, any of several, or any level

BEST_AT = 0.8  # below this a candidate is only a suggestion (wrong type word, prefix match)
_ACCENT_PENALTY = 0.05  # marks left out («Nam Tra My»): the same name
_CONFLICT_PENALTY = 0.4  # other marks («Định Bàn» for «Đỉnh Bàn»): another name, only a suggestion
_TYPE_PENALTY = 0.4
_PREFIX_SCORE = 0.5


@dataclass(frozen=True)
class Candidate:
    unit: Unit
    score: float
    parents: list[str]  # nearest first, as written in Vietnamese addresses

    def label(self, lang: str = "vi") -> str:
        """«Xã Tân Lập (Huyện Đan Phượng, Thành phố Hà Nội) [09820] (trước 1/7/2025)»: a unit of the
        63-province list says so, since the same name may also be today's."""
        where = f" ({', '.join(self.parents)})" if self.parents else ""
        return f"{self.unit.name}{where} [{self.unit.code}]{era_suffix(self.unit, lang)}"

    def qualified(self) -> str:
        """The name with its nearest parent, as a person would write it to pick this unit."""
        return f"{self.unit.name}, {self.parents[0]}" if self.parents else self.unit.name


@dataclass
class MatchResult:
    query: str
    era: str | None
    best: Unit | None = None
    candidates: list[Candidate] = field(default_factory=list)
    ambiguous: bool = False
    total: int = 0  # candidates before ``limit``


def era_suffix(unit: Unit, lang: str = "vi") -> str:
    """« (trước 1/7/2025)» after a unit of the 63-province list, nothing after today's; « (trước
    1/2/2020)» after one that ceased before (``units.history``)."""
    if unit.era != Era.LEGACY:
        return ""
    end = unit.valid_to if unit.valid_to and unit.valid_to < REORGANISATION_DATE else REORGANISATION_DATE
    day = f"{end.day}/{end.month}/{end.year}"
    return f" (before {day})" if lang == "en" else f" (trước {day})"


def era_on(date: dt.date) -> str:
    """Which list was in force on ``date``: the 63 provinces before 1/7/2025, the 34 from then."""
    return Era.LEGACY if date < REORGANISATION_DATE else Era.CURRENT


def find_units(
    name: str,
    parent: str | Unit | None = None,
    as_of: dt.date | None = None,
    era: str | None = None,
    limit: int = 10,
    level: Levels = None,
    both_eras: bool = False,
) -> MatchResult:
    """Rank the units ``name`` may mean; ``best`` is set only when one ranks first alone.

    ``name`` may carry its ancestors after commas ("Sơn Nham, Sơn Hà, Quảng Ngãi"); ``parent``
    narrows further (a unit, or text read the same way). Without ``era``/``as_of`` the current
    list is tried first and the legacy list only if nothing current matches; with ``both_eras``
    the matches of both lists are returned, today's first (``best`` is today's when there is one),
    for a person looking a name up without a date.
    """
    if both_eras and not era and not as_of and not isinstance(parent, Unit):
        return _both_eras(name, parent, limit, level)
    main, remarks = _split_remarks(name)
    parts = [p for p in (nfc(x) for x in main.split(",")) if p]
    if not parts:
        return MatchResult(query=name, era=era)
    target = parse_name(parts[0])
    qualifiers = [parse_name(p) for p in parts[1:]] + _unit_remarks(remarks)
    scope: Unit | None = None
    if isinstance(parent, Unit):
        scope = parent
    elif parent:
        qualifiers += [parse_name(p) for p in parent.split(",") if nfc(p)]
    eras = _eras(era, as_of, scope)
    suggestions: list[Candidate] = []
    for current_era in eras:
        candidates = _candidates(target, qualifiers, current_era, scope, level, as_of)
        good = [c for c in candidates if c.score >= BEST_AT]
        if good:
            return _result(name, current_era, good, limit)
        suggestions += candidates
    if Era.LEGACY in eras:  # a name or parent the unit had before (``history``), on its date
        former = _former_candidates(target, qualifiers, scope, level, as_of)
        if former:
            return _result(name, Era.LEGACY, former, limit)
    if not suggestions and target.readings:
        suggestions = _prefix_suggestions(target, qualifiers, eras, scope, level, limit)
    result = _result(name, eras[0] if len(eras) == 1 else None, suggestions, limit)
    result.best, result.ambiguous = None, False
    return result


_REMARK = re.compile(r"\(([^()]*)\)")


def _split_remarks(name: str) -> tuple[str, list[str]]:
    """«xã Bình An (Lâm Bình)» → ("xã Bình An ", ["Lâm Bình"]): what is in brackets, apart."""
    remarks = [p for found in _REMARK.findall(name) for p in found.split(",")]
    return _REMARK.sub(" ", name), [nfc(r) for r in remarks if nfc(r)]


def _unit_remarks(remarks: list[str]) -> list[ParsedName]:
    """The bracketed parts that name a unit somewhere («(TP Tuyên Quang)», «(Lâm Bình)») qualify
    the name like a parent after a comma; the others («(Ban Chỉ đạo chuyển đổi số huyện)», «(số
    liệu của tỉnh)») are remarks about the text and are left out."""
    parsed = [parse_name(r) for r in remarks]
    return [
        p
        for p in parsed
        if p.readings and Unit.objects.filter(search_key__in={r.key for r in p.readings}).exists()
    ]


def _both_eras(name: str, parent: str | None, limit: int, level: Levels) -> MatchResult:
    current, legacy = (
        find_units(name, parent=parent, era=e, limit=limit, level=level) for e in (Era.CURRENT, Era.LEGACY)
    )
    good = [r for r in (current, legacy) if r.candidates and r.candidates[0].score >= BEST_AT]
    chosen = good or [current, legacy]
    candidates = [c for r in chosen for c in r.candidates]
    first = next((r for r in chosen if r.best is not None or r.ambiguous), chosen[0])
    return MatchResult(
        name,
        None,
        first.best,
        candidates[:limit],
        ambiguous=first.ambiguous,
        total=sum(r.total for r in chosen),
    )


def resolve_unit(
    text: str,
    parent: str | Unit | None = None,
    as_of: dt.date | None = None,
    era: str | None = None,
    level: Levels = None,
) -> Unit:
    """The one unit ``text`` names, or an ``InputError`` that lists what it could mean."""
    result = find_units(text, parent=parent, as_of=as_of, era=era, level=level)
    if result.best is not None:
        return result.best
    listed = "; ".join(c.label() for c in result.candidates)
    listed_en = "; ".join(c.label("en") for c in result.candidates)
    more = result.total - len(result.candidates)
    more_vi, more_en = (f" và {more} đơn vị khác", f" and {more} more") if more > 0 else ("", "")
    where = Location(value=text)
    if result.ambiguous:
        example = result.candidates[0].qualified()
        raise InputError(
            f"tên này khớp với {result.total} đơn vị hành chính: {listed}{more_vi}. Hãy ghi loại đơn vị và "
            f"huyện/tỉnh sau dấu phẩy (ví dụ «{example}») hoặc dùng mã đơn vị",
            f"this name matches {result.total} administrative units: {listed_en}{more_en}. Write the unit's "
            f"type and its district/province after a comma (e.g. «{example}») or use the unit code",
            where,
        )
    hint_vi, hint_en = (
        (f" Có phải: {listed}{more_vi}?", f" Did you mean: {listed_en}{more_en}?") if listed else ("", "")
    )
    readings = parse_name(_split_remarks(text)[0].split(",")[0]).readings
    merged_vi, merged_en = merge_notes({r.key for r in readings}, as_of)
    if as_of is not None:  # a name the unit took after that day, or one it left before
        renamed_vi, renamed_en = rename_notes(readings, as_of)
        merged_vi, merged_en = merged_vi + renamed_vi, merged_en + renamed_en
    if (era or (era_on(as_of) if as_of else None)) == Era.CURRENT:
        former_vi, former_en = _former_units_notes(text, parent, level)
        merged_vi, merged_en = merged_vi + former_vi, merged_en + former_en
    if merged_vi:  # the unit of that name ceased: say into which unit, by which resolution
        hint_vi, hint_en = f" {'; '.join(merged_vi)}.{hint_vi}", f" {'; '.join(merged_en)}.{hint_en}"
    raise InputError(
        f"không tìm thấy đơn vị hành chính có tên này.{hint_vi}",
        f"no administrative unit has this name.{hint_en}",
        where,
    )


def _former_units_notes(text: str, parent: str | Unit | None, level: Levels) -> tuple[list[str], list[str]]:
    """A name refused on today's map that names units of the map before 1/7/2025: which unit(s)
    each became on that day (the 2025 lineage), so the person writes today's unit for data from
    that day, or gives the data's earlier period."""
    scope = parent if isinstance(parent, Unit) else None
    found = find_units(text, parent=None if scope else parent, era=Era.LEGACY, level=level, limit=5)
    good = [c for c in found.candidates if c.score >= BEST_AT]
    vi, en = [], []
    for candidate in good:
        links = candidate.unit.successor_links.select_related("new").order_by("-is_primary", "new__name")
        if scope is not None:  # today's province or commune the import is scoped to
            links = links.filter(subtree_q(scope.path, "new__path"))
        into = "; ".join(dict.fromkeys(link.new.name for link in links))
        if not into:
            continue
        vi.append(
            f"{candidate.label()} không còn từ ngày 1/7/2025: nay thuộc {into}; số liệu từ ngày đó ghi "
            f"cho đơn vị mới, số liệu trước đó ghi kỳ trước ngày 1/7/2025"
        )
        en.append(
            f"{candidate.label('en')} ceased on 1/7/2025: it is now part of {into}; figures from that day "
            f"go to the new unit, earlier figures need a period before 1/7/2025"
        )
    return vi, en


def resolve_scope(text: str, as_of: dt.date | None = None, era: str | None = None) -> Unit:
    """The province or district an import's ``--in``/``--province`` names: a province first
    («Quảng Ngãi» is the province, not its city), else a district."""
    try:
        return resolve_unit(text, as_of=as_of, era=era, level="province")
    except InputError:
        return resolve_unit(text, as_of=as_of, era=era, level=("province", "district"))


CONTEXT_ROWS = 2  # resolved names of one level it takes for a table's level to decide the rest


def resolve_names(
    texts: Iterable[str],
    within: Unit | str | None = None,
    as_of: dt.date | None = None,
    era: str | None = None,
    level: Levels = None,
) -> dict[str, Unit | InputError]:
    """Every distinct name of an import's unit column (as given) → its unit, or the error saying why not.

    The one matcher of imports: each name is read once, inside ``within`` (the import's
    ``--in``/``--province``: a unit, or its name read on each map by ``resolve_scope``) and on the
    map of ``as_of``/``era`` (without either, today's map first, then the one before 1/7/2025).
    A table's names are its context: when the names that resolved are all of one level (a
    districts table), a name still ambiguous between levels («Ba Tơ»: the district or its town;
    «Thành phố Huế»: the province or the city) is read at that level. A name ambiguous among
    units of one level stays refused, with every candidate and how to qualify it. Raises
    ``InputError`` only when ``within`` names no province or district.
    """
    maps = _maps(within, as_of, era)
    out: dict[str, Unit | InputError] = {}
    for text in dict.fromkeys(texts):
        out[text] = _resolve_on(text, maps, level, as_of)
    resolved = [u for u in out.values() if isinstance(u, Unit)]
    table_levels = {u.level for u in resolved}
    if len(table_levels) == 1 and len(resolved) >= CONTEXT_ROWS:
        (table_level,) = table_levels
        for text, got in out.items():
            if isinstance(got, InputError) and level != table_level:
                again = _resolve_on(text, maps, table_level, as_of)
                if isinstance(again, Unit):  # else the first refusal, which lists every level
                    out[text] = again
    return out


def _maps(within: Unit | str | None, as_of: dt.date | None, era: str | None) -> list[tuple[str, Unit | None]]:
    """The (era, scope) pairs a name is looked up in, in order."""
    if isinstance(within, Unit):
        return [(within.era, within)]
    eras = _eras(era, as_of, None)
    if not within:
        return [(e, None) for e in eras]
    maps: list[tuple[str, Unit | None]] = []
    first_error: InputError | None = None
    for current_era in eras:
        try:
            maps.append((current_era, resolve_scope(within, as_of=as_of, era=current_era)))
        except InputError as err:
            first_error = first_error or err
    if not maps and first_error is not None:
        raise first_error
    return maps


def _resolve_on(
    text: str, maps: list[tuple[str, Unit | None]], level: Levels, as_of: dt.date | None = None
) -> Unit | InputError:
    if not nfc(text):
        return InputError("thiếu tên đơn vị", "the unit name is missing", Location(value=text))
    for current_era, scope in maps:
        result = find_units(text, parent=scope, as_of=as_of, era=current_era, level=level, limit=1)
        if result.best is not None:
            return result.best
        if result.ambiguous:
            maps = [(current_era, scope)]  # the refusal lists this map's namesakes
            break
    try:
        era, scope = maps[0]
        return resolve_unit(text, parent=scope, as_of=as_of, era=era, level=level)
    except InputError as err:
        return err


def _eras(era: str | None, as_of: dt.date | None, scope: Unit | None) -> list[str]:
    if era:
        return [era]
    if as_of:
        return [era_on(as_of)]
    if scope is not None:
        return [scope.era]
    return [Era.CURRENT, Era.LEGACY]


def _level_q(level: Levels) -> Q:
    if not level:
        return Q()
    return Q(level=level) if isinstance(level, str) else Q(level__in=list(level))


def _candidates(
    target: ParsedName,
    qualifiers: list[ParsedName],
    era: str,
    scope: Unit | None,
    level: Levels,
    as_of: dt.date | None = None,
) -> list[Candidate]:
    """Units of ``era`` the text may mean; on ``as_of``, only those that existed that day (a unit
    that ceased before 2025, ``units.history``, has its last day; one an arrangement formed, its
    first). A unit that fits the text better but did not exist that day keeps a looser reading
    from being taken for it: «Xã Bình Thanh» in January 2020 (formed 1/2/2020) is not Xã Bình
    Thạnh, a mark left out — the other is only a suggestion then."""
    qs = Unit.objects.filter(
        Q(code=target.code) | Q(search_key__in={r.key for r in target.readings}), era=era
    )
    if scope is not None:
        qs = qs.filter(subtree_q(scope.path)).exclude(pk=scope.pk)
    units = list(qs.filter(_level_q(level)))
    day = None
    if as_of is not None:
        day = min(as_of, REORGANISATION_DATE - dt.timedelta(days=1)) if era == Era.LEGACY else as_of
    ancestors = ancestor_chains(units)
    found, elsewhen = [], 0.0
    for unit in units:
        chain = ancestors[unit.pk]
        if not all(any(_score(q, a) >= BEST_AT for a in chain) for q in qualifiers):
            continue
        score = _score(target, unit)
        if day is not None and (not _existed(unit, day) or _not_yet_so_named(target, unit, chain, day)):
            elsewhen = max(elsewhen, score)
            continue
        if score > 0:
            found.append(Candidate(unit, round(score, 3), [a.name for a in chain]))
    if found and elsewhen > max(c.score for c in found):
        found = [replace(c, score=min(c.score, round(BEST_AT - 0.05, 3))) for c in found]
    return found


def _not_yet_so_named(target: ParsedName, unit: Unit, chain: list[Unit], day: dt.date) -> bool:
    """``target`` names ``unit`` by a name it took after ``day`` (a ``rename`` of ``units.history``):
    «Thành phố Huế» on 1/6/2023 is not the legacy province so called from 1/1/2025. Its code, and a
    name it had on both sides of the rename («Đức Phổ»), still name it."""
    if unit.era != Era.LEGACY or (target.code and unit.code == target.code):
        return False
    change = renamed_on(unit.name, unit.level, {a.name for a in chain}, day)
    return change is not None and not change.former_fits(target.readings)


def _existed(unit: Unit, day: dt.date) -> bool:
    """``UnitQuerySet.as_of`` for one unit in hand."""
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or day < unit.valid_to
    )


def _score(parsed: ParsedName, unit: Unit) -> float:
    """How well ``unit`` fits the text: 1 exact, less for a looser reading, 0 no match."""
    if parsed.code and unit.code == parsed.code:
        return 1.0
    return max((_reading_score(r, parsed, unit) for r in parsed.readings), default=0.0)


def _reading_score(reading: Reading, parsed: ParsedName, unit: Unit) -> float:
    if unit.search_key != reading.key:
        return 0.0
    score = 1.0 - reading.penalty
    if reading.unit_type and not same_type(reading.unit_type, unit.unit_type):
        score -= _TYPE_PENALTY
    official = accent_key(unit.short_name)
    if parsed.has_accents and reading.accented != official:
        score -= _CONFLICT_PENALTY if accents_conflict(reading.accented, official) else _ACCENT_PENALTY
    return score


def ancestor_chains(units: Iterable[Unit]) -> dict[int, list[Unit]]:
    """Each unit's ancestors, nearest first, for many units in one query."""
    units = list(units)
    ids = {int(i) for u in units for i in u.path.strip("/").split("/")[:-1] if i}
    by_id = Unit.objects.in_bulk(ids)
    return {
        u.pk: [by_id[int(i)] for i in reversed(u.path.strip("/").split("/")[:-1]) if i and int(i) in by_id]
        for u in units
    }


FORMER_SCORE = 0.9  # a former name or parent: found, below a unit of that name today


def _former_candidates(
    target: ParsedName, qualifiers: list[ParsedName], scope: Unit | None, level: Levels, as_of: dt.date | None
) -> list[Candidate]:
    """Legacy units ``target`` names by a name or parent they had before (``cds.units.history``):
    «Thừa Thiên Huế» before 1/1/2025 is the legacy «Thành phố Huế»."""
    readings = {r.key: r for r in target.readings}
    levels = {level} if isinstance(level, str) else set(level or ())
    found: dict[int, Candidate] = {}
    for change in changes():
        reading = readings.get(change.key)
        if (
            change.kind in CEASED  # a unit row of its own
            or reading is None
            or not change.applies_on(as_of)
            or (levels and change.level not in levels)
        ):
            continue
        if reading.unit_type and change.unit_type and not same_type(reading.unit_type, change.unit_type):
            continue
        unit = change.legacy_unit()
        if scope is not None and (unit.pk == scope.pk or not unit.path.startswith(scope.path)):
            continue
        chain = ancestor_chains([unit])[unit.pk]
        former_parent = (
            {r.key for r in parse_name(change.former_parent).readings} if change.former_parent else set()
        )
        if all(
            any(_score(q, a) >= BEST_AT for a in chain) or former_parent & {r.key for r in q.readings}
            for q in qualifiers
        ):
            found[unit.pk] = Candidate(unit, FORMER_SCORE, [a.name for a in chain])
    return list(found.values())


def _prefix_suggestions(
    target: ParsedName,
    qualifiers: list[ParsedName],
    eras: list[str],
    scope: Unit | None,
    level: Levels,
    limit: int,
) -> list[Candidate]:
    """Nothing matched exactly: offer units whose name starts with what was typed."""
    found: dict[int, Candidate] = {}
    for reading in target.readings:
        if len(reading.key) < 3:
            continue
        qs = Unit.objects.filter(era__in=eras, search_key__startswith=reading.key)
        if scope is not None:
            qs = qs.filter(subtree_q(scope.path))
        qs = qs.filter(_level_q(level))
        units = [u for u in qs.order_by("search_key", "path")[: limit * 5] if u.pk not in found]
        if reading.unit_type:
            units = [u for u in units if same_type(reading.unit_type, u.unit_type)]
        chains = ancestor_chains(units)
        for unit in units:
            if all(any(_score(q, a) >= BEST_AT for a in chains[unit.pk]) for q in qualifiers):
                score = _PREFIX_SCORE - reading.penalty
                found[unit.pk] = Candidate(unit, score, [a.name for a in chains[unit.pk]])
    return list(found.values())


def _result(query: str, era: str | None, candidates: list[Candidate], limit: int) -> MatchResult:
    ranked = sorted(candidates, key=lambda c: (-c.score, c.unit.depth, c.unit.code))
    top = [c for c in ranked if c.score == ranked[0].score] if ranked else []
    best = top[0].unit if len(top) == 1 and top[0].score >= BEST_AT else None
    return MatchResult(query, era, best, ranked[:limit], ambiguous=len(top) > 1, total=len(ranked))
