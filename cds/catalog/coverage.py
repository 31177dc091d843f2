"""How much of what real reports state can the catalog hold? (issue 21, «Measure it»).

``corpus/reports/statements.csv`` lists every quantitative statement of the public reports kept
in ``corpus/reports/`` (one figure with its subject per row). A statement is **representable**
when it can be stored as one data value: an indicator code that exists in the catalog version in
force on the first day of the statement's period, a unit equal to the indicator's unit, a period
the system has (``cds.lib.periods``) and a value the values layer reads for the indicator's kind
(``cds.lib.vn_numbers.parse_number``, dates, yes/no). This module judges each row against the
shipped catalog files (read with ``read_catalog_file``, no database) and sums the shares per report
and overall; ``scripts/catalog_coverage.py`` prints them. The CSV also says what its author
judged (``representable`` y/n, ``why_not``): a row that claims more than the catalog holds is an
error; a row that claims less (a shape another branch adds, say) is listed as stale. A row marked
``out`` is out of scope (docs/catalog-coverage.md, session 9): its number is not a figure of digital
transformation — a place, or an event's arrangements (``OUT_OF_SCOPE_CLASSES``) — so it is counted in
neither the share's numerator nor its denominator, and is listed apart with its class.

**What holds a statement** (``holder``, session 11). The product stores more than catalog values;
a row names what would store it: ``indicator`` (a data value, the default when the row names an
indicator code), ``target`` (a chỉ tiêu set for an indicator, a unit and a period —
``cds.catalog.target_files``: the value as people write a target, «trên 60%», «2.068»),
``dti_result`` (a published DTI result — ``cds.dti.published``: a unit's total score of a year,
with its rank and field size; a rank is stored only with its score, so a rank row is held only
when its report also gives the score of that period), ``published_rank:CODE[:PART]`` (session 14: a
unit's rank of N in a published ranking other than DTI, ``cds.catalog.rankings``, CODE a ranking of
``data/rankings.yaml``; a rank row is held when the text gives N, a score row when the rank row of
the same report, period and ranking is there) or ``registry:teams.members`` (one team's
members, each a named row of the team registry: an exact count of people). A figure derived from stored ones (a rank's
change) is stored by none of them — with one exception the product computes and checks (session 13):
``target_share``, the share of a quota reached («đạt 73,3% so với chỉ tiêu»), is the value of the
indicator the row names over that unit's target for it (``cds.catalog.targets.share_of_target``),
so it is held by that value and target pair and never stored as a value of its own; the row names
the quota's indicator (a count, an amount or a measure) and states a percentage. The share is
reported with every holder and with data values alone (``Coverage.representable_by``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from cds.lib.corpus_files import corpus_texts
from cds.lib.errors import InputError
from cds.lib.periods import Period, check_data_period, data_years, parse_period
from cds.lib.text import fold_words, nfc
from cds.lib.vn_dates import parse_date
from cds.lib.vn_numbers import Kind as NumberKind
from cds.lib.vn_numbers import ParsedNumber, parse_number

from .rankings_file import rankings
from .spec import CatalogSpec, IndicatorSpec, builtin_catalog_files, read_catalog_file

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO_ROOT / "corpus" / "reports"
STATEMENTS_CSV = CORPUS_DIR / "statements.csv"

COLUMNS = (
    "report",
    "quote",
    "indicator",
    "unit",
    "period",
    "value",
    "kind",
    "representable",
    "why_not",
    "note",
    "holder",
)
# What holds a statement (the module's docstring); an empty holder is ``indicator`` when the row
# names an indicator code.
# A registry holder names what the registry counts: ``registry:teams.members`` is the members of one
# team (``cds.registries.teams.members_of``), each a named row — so an exact count of people.
REGISTRY_HOLDERS = {"registry:teams.members": ("người", "the members of one team in the team registry")}
# A published rank other than DTI names its ranking of ``data/rankings.yaml`` (and a part, if any):
# ``published_rank:phuc_vu_766``, ``published_rank:digital_measurement_mic:kinh_te_so``.
HOLDERS = ("indicator", "target", "target_share", "dti_result", "published_rank", *REGISTRY_HOLDERS)
# The kinds whose target is a quota, so that a share of it reached means something: the one list
# the coverage judge and ``cds.catalog.targets.share_of_target`` both read.
QUOTA_KINDS = ("count", "amount", "number")
# What a statement states: a count, a rate ("27,8%"), a fraction of units or things ("44/44"), an
# amount of money, a date (a milestone or an event's day), a rank, a score, a measure (ha, Mb/s)
# or a yes/no.
STATEMENT_KINDS = ("count", "rate", "fraction", "amount", "date", "rank", "score", "number", "boolean")

# Units that name the same counted thing: the members of a team are people, as are the «nhân
# khẩu» of a household register; a ward (phường) or a town (thị trấn) is a commune-level unit.
# Nothing else is taken as equal: accounts are not people, participations («lượt người») are not
# people. Compared without accents or case.
UNIT_CLASSES: tuple[frozenset[str], ...] = (
    frozenset({"nguoi", "thanh vien", "nhan khau"}),
    frozenset(
        {"xa", "phuong", "thi tran", "xa phuong", "phuong xa", "xa phuong thi tran", "xa phuong dac khu"}
    ),
)
# The two classes of statements that are not figures of digital transformation (the rule of
# docs/catalog-coverage.md, session 9): an ``out`` row's why_not starts «out of scope (CLASS)».
OUT_OF_SCOPE_CLASSES = ("place", "event arrangements")
# What an in-scope statement the catalog does not hold is (session 14, docs/catalog-coverage.md
# «what the remaining rows are»): its why_not starts with the class in brackets, «[B] …». A and B
# are figures the catalog could hold (the ceiling counts them); C–F are not, by their nature.
REMAINING_CLASSES = {
    "A": "an official set or form asks it",
    "B": "a CĐS figure of the unit's own that no official set asks",
    "C": "not the unit's figure (the country's, a ministry's, another body's, one village's)",
    "D": "not a digital-transformation figure",
    "E": "derived from other values (a change, a band, a group's size, a complement)",
    "F": "cut off or vague in the text",
}
HOLDABLE_CLASSES = ("A", "B")
_CLASS_PREFIX = re.compile(r"^\[([A-Z])\] ")
_YES = {"co", "da", "yes", "true", "1"}
_NO = {"khong", "chua", "no", "false", "0"}


def holder_kind(holder: str) -> str:
    """``published_rank:CODE[:PART]`` is of the holder ``published_rank``; any other holder is itself."""
    return "published_rank" if holder.startswith("published_rank:") else holder


@dataclass(frozen=True)
class Statement:
    line: int
    report: str
    quote: str
    indicator: str
    unit: str
    period: str
    value: str
    kind: str
    representable: str
    why_not: str
    note: str
    holder: str = ""

    @property
    def remaining_class(self) -> str:
        """The class its why_not starts with («[B] …», ``REMAINING_CLASSES``), or "" when none or one
        the measure does not know («[X] …»: ``measure`` reports the row; counted as no class)."""
        match = _CLASS_PREFIX.match(self.why_not)
        return match.group(1) if match and match.group(1) in REMAINING_CLASSES else ""

    @property
    def held_by(self) -> str:
        """The holder the row names, ``indicator`` by default when it names an indicator code; a
        published rank's holder without its ranking (``published_rank``)."""
        return holder_kind(self.holder) or ("indicator" if self.indicator else "")


@dataclass(frozen=True)
class Verdict:
    statement: Statement
    representable: bool
    reason_vi: str = ""
    reason_en: str = ""
    version: str = ""


@dataclass
class Coverage:
    verdicts: list[Verdict]  # the in-scope statements
    problems: list[str] = field(default_factory=list)  # malformed rows, over-claims
    stale: list[str] = field(default_factory=list)  # rows that claim less than the catalog holds
    out_of_scope: list[Statement] = field(default_factory=list)  # not figures of digital transformation

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def representable(self) -> int:
        return sum(v.representable for v in self.verdicts)

    @property
    def share(self) -> float:
        return self.representable / self.total if self.total else 0.0

    def representable_by(self, *holders: str) -> int:
        """The in-scope statements held by one of ``holders`` (``indicator`` alone: data values)."""
        return sum(v.representable and v.statement.held_by in holders for v in self.verdicts)

    @property
    def all_rows(self) -> int:
        """Every row of the corpus, the out-of-scope ones included (the share's second figure)."""
        return self.total + len(self.out_of_scope)

    @property
    def share_of_all_rows(self) -> float:
        return self.representable / self.all_rows if self.all_rows else 0.0

    def per_report(self) -> list[tuple[str, int, int]]:
        """(report, representable, in-scope total) in report order."""
        counts: dict[str, list[int]] = {}
        for s in self.out_of_scope:
            counts.setdefault(s.report, [0, 0])
        for v in self.verdicts:
            c = counts.setdefault(v.statement.report, [0, 0])
            c[0] += v.representable
            c[1] += 1
        return [(report, c[0], c[1]) for report, c in counts.items()]

    def rest(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.representable]

    def remaining_classes(self, verdicts: Iterable[Verdict] | None = None) -> dict[str, int]:
        """How many unheld statements (of ``verdicts``, by default all) are of each class; "" counts
        the ones whose why_not names none."""
        counts = dict.fromkeys([*REMAINING_CLASSES, ""], 0)
        for v in self.verdicts if verdicts is None else verdicts:
            if not v.representable:
                counts[v.statement.remaining_class] += 1
        return counts

    def ceiling(self, verdicts: Iterable[Verdict] | None = None) -> int:
        """The statements (of ``verdicts``, by default all) held now or of a class the catalog could
        hold (``HOLDABLE_CLASSES``): the share it would reach if it held every A and B row."""
        chosen = self.verdicts if verdicts is None else list(verdicts)
        return sum(v.representable or v.statement.remaining_class in HOLDABLE_CLASSES for v in chosen)


# --------------------------------------------------------------------------------------- reading


def read_statements(path: Path | str = STATEMENTS_CSV) -> list[Statement]:
    """The rows of the statements file, NFC; a missing or extra column is an ``InputError``. A row
    written before the ``holder`` column (one field short) reads with an empty holder."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header != COLUMNS:
            raise InputError(
                f"{path.name}: cột phải là {', '.join(COLUMNS)} (đang là {', '.join(header)})",
                f"{path.name}: the columns must be {', '.join(COLUMNS)} (found {', '.join(header)})",
            )
        rows = []
        for number, row in enumerate(reader, start=2):
            values = {k: nfc((row.get(k) or "").strip()) for k in COLUMNS}
            rows.append(Statement(line=number, **values))
        return rows


def shipped_catalogs() -> list[CatalogSpec]:
    """Every shipped catalog version, oldest first."""
    return sorted((read_catalog_file(p) for p in builtin_catalog_files()), key=lambda s: s.effective_from)


def version_on(catalogs: Sequence[CatalogSpec], day: dt.date) -> CatalogSpec | None:
    """The version in force on ``day``: the latest one that started by then (as ``get_catalog``)."""
    started = [c for c in catalogs if c.effective_from <= day]
    return started[-1] if started else None


# -------------------------------------------------------------------------------------- judging


def units_match(stated: str, catalog_unit: str) -> bool:
    a, b = fold_words(stated), fold_words(catalog_unit)
    if a == b:
        return True
    return any(a in c and b in c for c in UNIT_CLASSES)


def _check_value(indicator: IndicatorSpec, value: str) -> tuple[str, str]:
    """("", "") when the values layer reads ``value`` for the indicator's kind, else why not."""
    kind = indicator.kind
    try:
        if kind in ("count", "amount", "rate", "number"):
            parse_number(value, cast(NumberKind, kind))
        elif kind == "boolean":
            if fold_words(value) not in _YES | _NO:
                return (
                    "giá trị có/không phải là «có» hoặc «không»",
                    "a yes/no value must be «có» or «không»",
                )
        elif kind == "date":
            parse_date(value)
        elif kind == "text":
            if not value:
                return ("thiếu giá trị", "no value")
        else:  # a kind this module does not know yet
            return (f"loại chỉ tiêu «{kind}» chưa được đo", f"indicator kind «{kind}» is not measured yet")
    except InputError as error:
        return (f"giá trị «{value}»: {error.vi}", f"value «{value}»: {error.en}")
    return ("", "")


def judge(
    statement: Statement,
    catalogs: Sequence[CatalogSpec],
    today: dt.date | None = None,
    scores: frozenset[tuple[str, str]] = frozenset(),
    ranked: frozenset[tuple[str, str, str]] = frozenset(),
) -> Verdict:
    """Can the product hold this statement: as a data value (indicator + unit + period + value), a
    target of an indicator, a published DTI result (``scores``: the (report, period) pairs whose
    report gives a DTI score, which a rank is stored with) or a published rank of another ranking
    (``ranked``: the (report, period, holder) of the rank rows, which a score is stored with)?"""

    def no(vi: str, en: str, version: str = "") -> Verdict:
        return Verdict(statement, False, vi, en, version)

    holder = statement.held_by  # empty: a row naming no holder is judged as a data value
    if holder == "published_rank":
        return _judge_published_rank(statement, today, ranked)
    if holder and holder not in HOLDERS:
        return no(
            f"nơi lưu «{holder}» không phải là {', '.join(HOLDERS)}",
            f"holder «{holder}» is not one of {', '.join(HOLDERS)}",
        )
    if holder == "dti_result":
        return _judge_dti_result(statement, today, scores)
    if holder in REGISTRY_HOLDERS:
        return _judge_registry(statement, holder, today)
    try:
        period: Period = check_data_period(parse_period(statement.period), data_years(today=today))
    except InputError as error:
        return no(f"kỳ «{statement.period}»: {error.vi}", f"period «{statement.period}»: {error.en}")
    catalog = version_on(catalogs, period.start)
    if catalog is None:
        return no(
            "không có phiên bản danh mục nào có hiệu lực trong kỳ",
            "no catalog version in force in the period",
        )
    if not statement.indicator:
        return no("không có chỉ tiêu", "no indicator", catalog.version)
    indicator = catalog.indicator(statement.indicator)
    if indicator is None:
        return no(
            f"mã «{statement.indicator}» không có trong danh mục {catalog.version}",
            f"no code «{statement.indicator}» in catalog {catalog.version}",
            catalog.version,
        )
    if holder == "target_share":
        return _judge_target_share(statement, indicator, catalog.version)
    if not units_match(statement.unit, indicator.unit_vi):
        return no(
            f"đơn vị «{statement.unit}» khác đơn vị của chỉ tiêu «{indicator.unit_vi}»",
            f"unit «{statement.unit}» differs from the indicator's «{indicator.unit_vi}»",
            catalog.version,
        )
    check = _check_target if holder == "target" else _check_value
    vi, en = check(indicator, statement.value)
    if vi:
        return no(vi, en, catalog.version)
    return Verdict(statement, True, version=catalog.version)


def _stated_number(statement: Statement, kind: NumberKind) -> tuple[ParsedNumber | None, tuple[str, str]]:
    """The statement's value read as a ``kind`` number, or None and why not (Vietnamese, English)."""
    try:
        return parse_number(statement.value, kind), ("", "")
    except InputError as error:
        return None, (
            f"giá trị «{statement.value}»: {error.vi}",
            f"value «{statement.value}»: {error.en}",
        )


def _judge_target_share(statement: Statement, indicator: IndicatorSpec, version: str) -> Verdict:
    """A share of a quota reached: a percentage, derived from the named indicator's value and its
    target (``share_of_target``), so the indicator must be one whose target is a quota."""

    def no(vi: str, en: str) -> Verdict:
        return Verdict(statement, False, vi, en, version)

    if indicator.kind not in QUOTA_KINDS:
        return no(
            f"chỉ tiêu loại «{indicator.kind}» không có mức đạt so với chỉ tiêu giao",
            f"an indicator of kind «{indicator.kind}» has no share of a quota reached",
        )
    if statement.unit != "%":
        return no(
            f"mức đạt so với chỉ tiêu giao là tỷ lệ phần trăm, không phải «{statement.unit}»",
            f"a share of a quota reached is a percentage, not «{statement.unit}»",
        )
    number, why = _stated_number(statement, "rate")
    if number is None:
        return no(*why)
    if number.denominator is not None:
        return no(
            "mức đạt là một tỷ lệ, không phải phân số", "a share reached is a percentage, not a fraction"
        )
    return Verdict(statement, True, version=version)


def _check_target(indicator: IndicatorSpec, value: str) -> tuple[str, str]:
    """("", "") when ``value`` reads as a target of the indicator, as a target file's «target» is
    read (``cds.catalog.target_files``): a comparison and a number, never «khoảng» or a fraction;
    a date or a text item has no target."""
    from .target_files import _split_comparator  # the target files' own reading of «≥», «trở lên»

    if indicator.kind in ("date", "text"):
        return (
            f"không đặt chỉ tiêu cho chỉ tiêu loại «{indicator.kind}»",
            f"an indicator of kind «{indicator.kind}» cannot have a target",
        )
    if indicator.kind == "boolean":
        return _check_value(indicator, value)
    comparator, rest = _split_comparator(value)
    kind = cast(NumberKind, indicator.kind if indicator.kind in ("count", "amount", "rate") else "number")
    try:
        parsed = parse_number(rest, kind)
    except InputError as error:
        return (f"chỉ tiêu «{value}»: {error.vi}", f"target «{value}»: {error.en}")
    if parsed.qualifier == "about" or parsed.denominator is not None:
        return (
            f"chỉ tiêu «{value}» phải là một con số cụ thể",
            f"target «{value}» must be one exact number",
        )
    if comparator and parsed.qualifier:
        return ("ghi dấu so sánh hai lần", "the comparison is written twice")
    return ("", "")


def _rank_or_score(
    statement: Statement, today: dt.date | None, holder: tuple[str, str]
) -> Verdict | tuple[Period, ParsedNumber]:
    """What a DTI result and a published rank both ask of a row: a period the system has, a rank or
    a score, one exact stated number; a refusal says which ``holder`` (vi, en) asked it."""
    try:
        period = check_data_period(parse_period(statement.period), data_years(today=today))
    except InputError as error:
        return Verdict(
            statement,
            False,
            f"kỳ «{statement.period}»: {error.vi}",
            f"period «{statement.period}»: {error.en}",
        )
    if statement.kind not in ("rank", "score"):
        return Verdict(
            statement,
            False,
            f"{holder[0]} lưu điểm và thứ hạng, không lưu loại số liệu này",
            f"{holder[1]} holds a score and a rank, not a {statement.kind}",
        )
    number, why = _stated_number(statement, "count" if statement.kind == "rank" else "number")
    if number is None:
        return Verdict(statement, False, *why)
    if number.qualifier:
        return Verdict(
            statement, False, "thứ hạng, điểm phải là số cụ thể", "a rank or a score is one exact number"
        )
    return period, number


def _judge_dti_result(
    statement: Statement, today: dt.date | None, scores: frozenset[tuple[str, str]]
) -> Verdict:
    """A published DTI result is a unit's score of a year (``cds.dti.published.import_results``:
    unit, year, total, with rank and field size when published); a rank is stored with its score."""

    def no(vi: str, en: str) -> Verdict:
        return Verdict(statement, False, vi, en)

    read = _rank_or_score(statement, today, ("kết quả DTI", "a DTI result"))
    if isinstance(read, Verdict):
        return read
    period, _number = read
    if period.kind != "year":
        return no("kết quả DTI là của một năm", "a DTI result is a year's")
    if statement.kind == "rank" and (statement.report, statement.period) not in scores:
        return no(
            "kết quả DTI công bố được lưu cùng tổng điểm (cds.dti.published); văn bản chỉ nêu thứ hạng",
            "a published DTI result is stored with its total score (cds.dti.published); "
            "the text gives the rank only",
        )
    return Verdict(statement, True)


def _judge_published_rank(
    statement: Statement, today: dt.date | None, ranked: frozenset[tuple[str, str, str]]
) -> Verdict:
    """A published rank other than DTI (``cds.catalog.rankings``, docs/catalog.md): held when its
    ranking is in ``data/rankings.yaml`` (the holder names it, and a part if any), the text gives the
    rank **of N** («17/63»: the store keeps N with every rank; the number of units of a level on the
    period's map could stand for it, but the corpus ranks other provinces' units, which the map does
    not hold), and the period is one the system has. A score is stored with its rank: a score row is
    held when a rank row of the same report, period and ranking is there."""

    def no(vi: str, en: str) -> Verdict:
        return Verdict(statement, False, vi, en)

    code, _, rest = statement.holder.partition(":")[2].partition(":")
    part = [rest] if rest else []
    if not code:  # «published_rank» alone (or «published_rank::PART»): a row's mistake, not a traceback
        return no(
            "nơi lưu không nêu bảng xếp hạng (published_rank:MÃ_BẢNG, mã của rankings.yaml)",
            "the holder names no ranking (published_rank:CODE, a code of rankings.yaml)",
        )
    ranking = rankings().get(code)
    if ranking is None:
        return no(
            f"«{code}» không có trong danh sách bảng xếp hạng (rankings.yaml)",
            f"«{code}» is not a ranking of rankings.yaml",
        )
    if part and ranking.part(part[0]) is None:
        return no(f"bảng «{code}» không có phần «{part[0]}»", f"ranking «{code}» has no part «{part[0]}»")
    read = _rank_or_score(statement, today, ("thứ hạng đã công bố", "a published rank"))
    if isinstance(read, Verdict):
        return read
    _period, number = read
    if statement.kind == "score":
        if (statement.report, statement.period, statement.holder) not in ranked:
            return no(
                "điểm được lưu cùng thứ hạng; văn bản không nêu hạng", "a score is stored with its rank"
            )
        return Verdict(statement, True)
    if number.denominator is None:
        return no(
            "thứ hạng được lưu cùng số đơn vị xếp hạng (N); văn bản không nêu N",
            "a rank is stored with the number ranked (N); the text does not give it",
        )
    if not 1 <= number.value <= number.denominator:
        return no("hạng phải từ 1 đến N", "the rank must be between 1 and N")
    return Verdict(statement, True)


def _judge_registry(statement: Statement, holder: str, today: dt.date | None) -> Verdict:
    """A registry lists named rows: the statement is an exact count of them, in the registry's unit."""

    def no(vi: str, en: str) -> Verdict:
        return Verdict(statement, False, vi, en)

    try:
        check_data_period(parse_period(statement.period), data_years(today=today))
    except InputError as error:
        return no(f"kỳ «{statement.period}»: {error.vi}", f"period «{statement.period}»: {error.en}")
    unit, _what = REGISTRY_HOLDERS[holder]
    if not units_match(statement.unit, unit):
        return no(
            f"đơn vị «{statement.unit}» khác đơn vị của sổ «{unit}»",
            f"unit «{statement.unit}» differs from the registry's «{unit}»",
        )
    number, why = _stated_number(statement, "count")
    if number is None:
        return no(*why)
    if number.qualifier or number.denominator is not None:
        return no(
            "sổ liệt kê từng dòng: chỉ giữ được một số đếm chính xác",
            "a registry lists each row: it holds an exact count only",
        )
    return Verdict(statement, True)


def _well_formed(s: Statement, reports: set[str], texts: dict[str, str]) -> list[str]:
    where = f"statements.csv:{s.line}"
    problems = []
    if s.report not in reports:
        problems.append(f"{where}: report «{s.report}» has no file corpus/reports/{s.report}.md")
    elif _squash(s.quote) not in texts[s.report]:
        problems.append(f"{where}: the quote is not in corpus/reports/{s.report}.md: «{s.quote}»")
    if not s.quote or not s.value or not s.period:
        problems.append(f"{where}: quote, value and period are required")
    if s.kind not in STATEMENT_KINDS:
        problems.append(f"{where}: kind «{s.kind}» is not one of {', '.join(STATEMENT_KINDS)}")
    if s.representable not in ("y", "n", "out"):
        problems.append(f"{where}: representable must be y, n or out, not «{s.representable}»")
    if s.representable == "out" and not any(
        s.why_not.startswith(f"out of scope ({c})") for c in OUT_OF_SCOPE_CLASSES
    ):
        problems.append(
            f"{where}: an out-of-scope row's why_not starts with its class: "
            + ", ".join(f"«out of scope ({c})»" for c in OUT_OF_SCOPE_CLASSES)
        )
    if s.representable == "n" and not s.why_not:
        problems.append(f"{where}: a statement the catalog cannot hold says why (why_not)")
    if s.why_not.startswith("[") and s.remaining_class not in REMAINING_CLASSES:
        problems.append(
            f"{where}: a why_not in brackets starts with a class, one of {', '.join(REMAINING_CLASSES)}"
        )
    if s.representable == "y" and s.why_not:
        problems.append(f"{where}: a representable statement has no why_not (use note)")
    if s.holder and holder_kind(s.holder) not in HOLDERS:
        problems.append(f"{where}: holder «{s.holder}» is not one of {', '.join(HOLDERS)}")
    if s.holder == "indicator" and not s.indicator:
        problems.append(f"{where}: a row held by an indicator names its code")
    return problems


def _squash(text: str) -> str:
    """Compare quotes with the kept text ignoring line breaks, «> » quoting and repeated spaces."""
    return re.sub(r"\s+", " ", nfc(re.sub(r"(?m)^>\s?", " ", text))).strip()


def measure(
    statements: Iterable[Statement],
    catalogs: Sequence[CatalogSpec] | None = None,
    corpus_dir: Path = CORPUS_DIR,
    today: dt.date | None = None,
) -> Coverage:
    catalogs = shipped_catalogs() if catalogs is None else catalogs
    files = {p.stem: p for p in corpus_texts(corpus_dir)}
    texts = {name: _squash(p.read_text(encoding="utf-8")) for name, p in files.items()}
    statements = list(statements)
    scores = frozenset(
        (s.report, s.period) for s in statements if s.held_by == "dti_result" and s.kind == "score"
    )
    # a score is held beside a rank that is held itself (a rank without its N is not stored)
    ranked = frozenset(
        (s.report, s.period, s.holder)
        for s in statements
        if s.held_by == "published_rank"
        and s.kind == "rank"
        and s.representable != "out"
        and _judge_published_rank(s, today, frozenset()).representable
    )
    coverage = Coverage([])
    for s in statements:
        coverage.problems.extend(_well_formed(s, set(files), texts))
        if s.representable == "out":
            coverage.out_of_scope.append(s)
            continue
        verdict = judge(s, catalogs, today, scores, ranked)
        coverage.verdicts.append(verdict)
        if s.representable == "y" and not verdict.representable:
            coverage.problems.append(
                f"statements.csv:{s.line}: claims representable, but {verdict.reason_en} ({s.quote})"
            )
        elif s.representable == "n" and verdict.representable:
            coverage.stale.append(f"statements.csv:{s.line}: now representable as {s.indicator} ({s.quote})")
    return coverage
