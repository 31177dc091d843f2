"""Published rankings other than DTI: the list of rankings (``data/rankings.yaml``), the one write
of a unit's published rank (``put_rank``), its CSV/XLSX import and the lines a page shows.

A rank is stored one way: a ``PublishedRank`` row (ranking, unit, period, part, rank of N, the score
only when the text gives it), never an indicator's value. DTI is not a ranking of this list: its
published results are ``cds.dti.Result`` (``cds.dti.published``), and the code «dti» is refused.
A change of rank («tăng 3 bậc») is derived from two stored ranks of the same ranking and part
(``cds.dti.ranking.change_text``), never stored. Design: docs/catalog.md «Thứ hạng đã công bố ngoài DTI».
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cds.history.changes import ActorLike, save_with_history
from cds.history.rows import ImportReport, write_rows
from cds.lib.errors import InputError, Location
from cds.lib.periods import parse_period
from cds.lib.tabular import Row, read_table
from cds.lib.text import fold_words
from cds.lib.vn_numbers import format_number, parse_number
from cds.registries.models import Document
from cds.units.models import Unit
from cds.units.services import resolve_names

from .formatting import UNKNOWN
from .models import PublishedRank
from .rankings_file import DTI_REFUSED, RANKINGS_FILE, Part, Ranking, ranking_name, rankings, read_rankings

__all__ = [
    "RANKINGS_FILE",
    "Part",
    "Ranking",
    "check_rank",
    "import_ranks",
    "put_rank",
    "rank_lines",
    "ranking_code",
    "rankings",
    "read_rankings",
]  # fmt: skip


MOST_RANKED = 100_000  # Vietnam has about 10 600 communes: no ranking ranks more units
LARGEST_SCORE = Decimal("10000000")  # PublishedRank.score and max_score: 9 digits, 2 of them decimals


def _located(err: InputError, column: str, value: Any) -> InputError:
    return err.located(column=column, value=None if value is None else str(value))


def check_rank(
    ranking: str,
    unit: Unit,
    period: str,
    rank: int,
    ranked_of: int,
    *,
    part: str = "",
    score: Decimal | None = None,
    max_score: Decimal | None = None,
) -> str:
    """``put_rank``'s checks (the admin's form runs them too); returns the period's code."""
    found = rankings().get(ranking)
    if fold_words(ranking) == "dti":
        raise InputError(*DTI_REFUSED, Location(column="ranking", value=ranking))
    if found is None:
        raise InputError(
            f"«{ranking}» không có trong danh sách bảng xếp hạng (cds/catalog/data/rankings.yaml)",
            f"«{ranking}» is not a ranking of cds/catalog/data/rankings.yaml",
            Location(column="ranking", value=ranking),
        )
    if part and found.part(part) is None:
        known = ", ".join(p.code for p in found.parts) or "chỉ có tổng / the total only"
        raise InputError(
            f"bảng «{ranking}» không có phần «{part}» (có: {known})",
            f"ranking «{ranking}» has no part «{part}» (it has: {known})",
            Location(column="part", value=part),
        )
    if unit.level not in found.levels:
        raise InputError(
            f"bảng «{ranking}» xếp hạng cấp {', '.join(found.levels)}, không xếp {unit.name} (cấp {unit.level})",
            f"ranking «{ranking}» ranks the {', '.join(found.levels)} level, not {unit.name} ({unit.level})",
            Location(column="unit", value=unit.name),
        )
    try:
        code = parse_period(period).code
    except InputError as err:
        raise _located(err, "period", period) from None
    if ranked_of < 1:
        raise InputError(
            f"số đơn vị xếp hạng {ranked_of} phải từ 1 trở lên",
            f"the number ranked, {ranked_of}, must be at least 1",
            Location(column="ranked_of", value=str(ranked_of)),
        )
    if ranked_of > MOST_RANKED:  # more than every commune of the country; the column would overflow
        raise InputError(
            f"số đơn vị xếp hạng {format_number(ranked_of)} lớn hơn số đơn vị của mọi cấp "
            f"(tối đa {format_number(MOST_RANKED)})",
            f"the number ranked, {ranked_of}, is more than any level has (at most {MOST_RANKED})",
            Location(column="ranked_of", value=str(ranked_of)),
        )
    for column, value in (("score", score), ("max_score", max_score)):
        if value is not None and abs(value) >= LARGEST_SCORE:  # the column holds 9 digits, 2 decimals
            raise InputError(
                f"điểm {format_number(value)} quá lớn (dưới {format_number(LARGEST_SCORE)})",
                f"the score {value} is too large (under {LARGEST_SCORE})",
                Location(column=column, value=str(value)),
            )
    if not 1 <= rank <= ranked_of:
        raise InputError(
            f"hạng {rank} phải từ 1 đến số đơn vị xếp hạng {ranked_of}",
            f"rank {rank} must be between 1 and the number ranked, {ranked_of}",
            Location(column="rank", value=str(rank)),
        )
    if score is not None and (score < 0 or (max_score is not None and score > max_score)):
        raise InputError(
            "điểm phải từ 0 đến điểm tối đa",
            "the score must be between 0 and the maximum",
            Location(column="score", value=str(score)),
        )
    return code


def put_rank(
    ranking: str,
    unit: Unit,
    period: str,
    rank: int,
    ranked_of: int,
    actor: ActorLike,
    *,
    part: str = "",
    score: Decimal | None = None,
    max_score: Decimal | None = None,
    document: str = "",
    decision: str | Document | None = None,
    note: str = "",
    reason: str = "",
) -> tuple[PublishedRank, str]:
    """Create or update a unit's published rank (one per ranking, unit, period and part), checked,
    with its change record (who, when, old, new, why) in the same transaction; returns the row and
    "create", "update" or "unchanged". The one write of the store: CLI, admin, import and API call it.

    ``decision``: the publishing decision in the document register — a ``Document``, or its words
    («Quyết định số 1335/QĐ-UBND ngày …», «1335/QĐ-UBND») found among the documents of the unit and
    the units above it (``cds.dti.decisions.find_document``, as DTI results link theirs); refused,
    naming the column «decision», when none or several match. None or "": the link stays as it is."""
    code = check_rank(ranking, unit, period, rank, ranked_of, part=part, score=score, max_score=max_score)
    linked = _decision(decision, unit)
    row = PublishedRank.objects.filter(ranking=ranking, unit=unit, period=code, part=part).first()
    row = row or PublishedRank(ranking=ranking, unit=unit, period=code, part=part)
    if linked is not None:
        row.decision = linked
    row.rank, row.ranked_of, row.document, row.note = rank, ranked_of, document[:255], note[:255]
    row.score = None if score is None else score.quantize(Decimal("0.01"))
    row.max_score = None if max_score is None else max_score.quantize(Decimal("0.01"))
    return row, save_with_history(row, actor, reason)


def _decision(decision: str | Document | None, unit: Unit) -> Document | None:
    if decision is None or isinstance(decision, Document):
        return decision
    if not decision.strip():
        return None
    from cds.dti.decisions import ancestors, find_document

    return find_document(decision.strip(), ancestors(unit))


# -- import ------------------------------------------------------------------------------------

COLUMNS = [
    "ranking", "unit", "period", "part", "rank", "ranked_of", "score", "max_score", "document", "decision", "note",
]  # fmt: skip
REQUIRED = ["ranking", "unit", "period", "rank", "ranked_of"]
ALIASES = {
    "ranking": ("bảng xếp hạng", "chỉ số"),
    "unit": ("đơn vị", "tên đơn vị", "mã đơn vị"),
    "period": ("kỳ", "năm"),
    "part": ("phần", "trụ cột", "chỉ số thành phần"),
    "rank": ("hạng", "thứ hạng", "xếp hạng"),
    "ranked_of": ("trên tổng số", "số đơn vị xếp hạng"),
    "score": ("điểm",),
    "max_score": ("điểm tối đa",),
    "document": ("văn bản công bố", "quyết định"),
    "note": ("ghi chú",),
}


def _whole(row: Row, column: str) -> int:
    text = row.values.get(column, "").strip()
    try:
        parsed = parse_number(text, "count")
    except InputError as err:
        raise _located(err, column, text) from None
    if (
        parsed.value != parsed.value.to_integral_value()
        or parsed.qualifier
        or parsed.is_percent
        or parsed.denominator is not None
    ):
        raise InputError(
            "phải là một số nguyên", "must be a whole number", Location(column=column, value=text)
        )
    return int(parsed.value)


def _decimal(row: Row, column: str) -> Decimal | None:
    text = row.values.get(column, "").strip()
    if not text:
        return None
    try:
        parsed = parse_number(text, "number")
    except InputError as err:
        raise _located(err, column, text) from None
    if parsed.qualifier or parsed.is_percent or parsed.denominator is not None:  # «hơn 80» is not 80
        raise InputError(
            "phải là một số điểm cụ thể, không kèm «khoảng», «hơn», «%» (điểm tối đa ghi ở cột riêng)",
            "must be one exact score, without «about», «more than» or «%» (the maximum has its own column)",
            Location(column=column, value=text),
        )
    return parsed.value


def import_ranks(
    path: str | os.PathLike[str],
    actor: ActorLike,
    dry_run: bool = False,
    file_name: str | None = None,
    within: str | None = None,
) -> ImportReport:
    """Every row through ``put_rank``: all or nothing (every bad row listed with file, row, column
    and value, in Vietnamese and English), the same file twice changes nothing, ``dry_run`` reports
    without writing. ``within``: the province or district (name or code) the unit names lie in."""
    name = file_name or os.path.basename(str(path))
    report = ImportReport(name, dry_run=dry_run)
    try:
        table = read_table(
            path, file_name=name, required=REQUIRED,
            optional=[c for c in COLUMNS if c not in REQUIRED], aliases=ALIASES,
        )  # fmt: skip
    except InputError as err:
        report.errors.append(err.located(file=name))
        return report
    report.rows = len(table.rows)
    units = resolve_names([row.values["unit"] for row in table.rows], within=within)
    reason = f"nhập từ tệp / imported from {name}"
    seen: dict[tuple[str, int, str, str], int] = {}
    write_rows(report, table.rows, name, lambda row: _import_row(row, units, actor, reason, seen), dry_run)
    return report


def ranking_code(text: str) -> str:
    """A ranking as a file names it: its code, or its Vietnamese or English name."""
    text = text.strip()
    folded = fold_words(text)
    for ranking in rankings().values():
        if folded in (fold_words(ranking.name_vi), fold_words(ranking.name_en)):
            return ranking.code
    return text


def _import_row(
    row: Row,
    units: dict[str, Unit | InputError],
    actor: ActorLike,
    reason: str,
    seen: dict[tuple[str, int, str, str], int],
) -> str:
    v = row.values
    unit = units[v["unit"]]
    if isinstance(unit, InputError):
        raise _located(unit, "unit", v["unit"])
    ranking, part = ranking_code(v["ranking"]), v.get("part", "").strip()
    rank, of = _whole(row, "rank"), _whole(row, "ranked_of")
    score, maximum = _decimal(row, "score"), _decimal(row, "max_score")
    written, outcome = put_rank(
        ranking, unit, v["period"], rank, of, actor, part=part, score=score, max_score=maximum,
        document=v.get("document", "").strip(), decision=v.get("decision", "").strip(),
        note=v.get("note", "").strip(), reason=reason,
    )  # fmt: skip
    key = (ranking, unit.pk, written.period, part)
    if key in seen:
        raise InputError(
            f"bảng, đơn vị, kỳ và phần này đã có ở dòng {seen[key]}",
            f"this ranking, unit, period and part already appear on row {seen[key]}",
            Location(column="unit", value=v["unit"]),
        )
    seen[key] = row.number
    return outcome


# -- what a page shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankLine:
    """One stored rank as a page says it: «Chỉ số phục vụ người dân, doanh nghiệp (766): hạng
    17/63, 82,5 điểm», with the change from the ranking's previous stored rank of the same part."""

    rank: PublishedRank
    period_vi: str
    period_en: str
    vi: str
    en: str
    change_vi: str
    change_en: str


def _score_text(score: Decimal | None, max_score: Decimal | None, lang: str) -> str:
    """«82,5/100 điểm»: a score is never shown without its scale (numbers are written the Vietnamese
    way on every page, as the catalog's values); «82,5 điểm (không rõ thang điểm)» when the text gave
    none, «chưa có số liệu» when it gave no score."""
    vi = lang == "vi"
    if score is None:
        return UNKNOWN["vi" if vi else "en"]
    if max_score is None:
        return f"{format_number(score)} " + (
            "điểm (không rõ thang điểm)" if vi else "points (scale not given)"
        )
    return f"{format_number(score)}/{format_number(max_score)} {'điểm' if vi else 'points'}"


def rank_lines(unit: Unit) -> list[RankLine]:
    """The unit's stored published ranks: by ranking and part, the newest period first, each with
    the change from the previous stored period of the same ranking and part (derived, not stored)."""
    from cds.dti.ranking import change_text, change_text_en

    rows = sorted(
        PublishedRank.objects.filter(unit=unit).select_related("decision"),
        key=lambda r: (r.ranking, r.part, parse_period(r.period).start),
    )
    lines: list[RankLine] = []
    previous: PublishedRank | None = None
    for row in rows:
        name_vi, name_en = ranking_name(row.ranking, row.part), ranking_name(row.ranking, row.part, "en")
        same = previous is not None and (previous.ranking, previous.part) == (row.ranking, row.part)
        before = previous if same else None
        lines.append(
            RankLine(
                row,
                parse_period(row.period).label_vi,
                parse_period(row.period).label_en,
                f"{name_vi}: hạng {row.rank}/{row.ranked_of}, {_score_text(row.score, row.max_score, 'vi')}",
                f"{name_en}: rank {row.rank}/{row.ranked_of}, {_score_text(row.score, row.max_score, 'en')}",
                change_text(before.rank, row.rank) if before else "",
                change_text_en(before.rank, row.rank) if before else "",
            )
        )
        previous = row
    order = {key: i for i, key in enumerate(dict.fromkeys((r.rank.ranking, r.rank.part) for r in lines))}
    return sorted(reversed(lines), key=lambda r: order[(r.rank.ranking, r.rank.part)])
