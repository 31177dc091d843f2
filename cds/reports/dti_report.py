"""The DTI results report: the scope's own rank, top and bottom units with their rank changes, the
units not ranked, the pillars, and Phụ lục I with the full ranking.

Every figure comes from ``cds.dti.ranking.rank_scope`` (and ``peer_rank`` for the scope itself);
sentences whose figures are missing are left out by the wording templates (``dti:`` in vi.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cds.catalog.formatting import format_points
from cds.dti.decisions import decision_words
from cds.dti.models import ResultStatus
from cds.dti.ranking import Entry, Ranking, change_text, peer_rank, rank_scope
from cds.dti.scoring import era_for_year
from cds.dti.services import framework_of, frameworks_for_year
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.lib.text import listed
from cds.lib.vn_numbers import format_number, format_percent
from cds.units.models import Unit
from cds.units.services import unit_order

from .issuers import unit_words
from .layout import OfficialDocument
from .parts import (
    BuiltReport,
    closing,
    emit,
    issuer_words,
    letterhead_for,
    narrative_blocks,
    of_report,
    tied_names,
    unit_in_sentence,
)
from .wording import Block, Renderer, load_wording, other_windows_line

LEVEL_WORDS = {"commune": "xã", "district": "huyện", "province": "tỉnh"}
TOP_N = 5
CENT = Decimal("0.01")
# the sentences a province's wording file written before session 11 lacks (wording `dti:`)
UNKNOWN = "{pillar}: chưa có số liệu."
UNKNOWN_NOTE = "«–»: trụ cột chưa có số liệu"
NOT_ASSESSED = "Không tự đánh giá đúng hạn, không được xếp hạng ({count} đơn vị): {names}."
OWN_NOT_ASSESSED = "Năm {year}, {unit} không tự đánh giá đúng hạn nên không được xếp hạng trong {peers}."
OWN_NO_RESULT = "Năm {year}, {unit} chưa có kết quả đánh giá chỉ số chuyển đổi số (DTI)."


_EDITORIAL = re.compile(
    r"\s*\((?=[^()]*(?:mẫu|sửa|nháp|dự thảo|thử nghiệm|template|draft|editable))[^()]*\)", re.I
)


def official_title(title: str) -> str:
    """A framework's title as a report may quote it: editorial notes for the people who maintain
    the file — "(mẫu có thể sửa)", "(dự thảo)" and an explanatory " — …" tail — left out."""
    title = _EDITORIAL.sub("", title)
    return re.split(r"\s+[—–]\s+", title, maxsplit=1)[0].strip()


def points(value: Decimal | None) -> str:
    """DTI points as everywhere (``format_points``); "" for none, so a sentence needing it is left out."""
    return format_points(value, unknown="")


def _average(values: Sequence[Decimal]) -> Decimal:
    """The mean of values known to be there (a non-empty list)."""
    return sum(values, Decimal(0)) / len(values)


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return _average(values) if values else None


def _score_change(now: Decimal | None, before: Decimal | None) -> str:
    if now is None or before is None:
        return ""
    # the difference of the two scores as printed (651,84 − 496,17 = 155,67), never of unrounded means
    delta = now.quantize(CENT, rounding=ROUND_HALF_UP) - before.quantize(CENT, rounding=ROUND_HALF_UP)
    if delta == 0:
        return "không thay đổi"
    return f"{'tăng' if delta > 0 else 'giảm'} {points(abs(delta))} điểm"


def ranking_scope(unit: Unit, level: str) -> Unit:
    """The unit whose ``level`` units are ranked: the unit itself, or a commune's parent."""
    return unit.parent if unit.level == level and unit.parent is not None else unit


def same_field(entry: Entry) -> bool:
    """A rank is compared with last year's only when both years ranked the same number of units
    (the same scope is given: last year's rank is among this year's units)."""
    return entry.ranked_of == entry.previous_of


def rank_change(entry: Entry) -> str:
    """The appendix's "Thay đổi thứ hạng" cell: "tăng 3 bậc", "tụt 1 bậc", "giữ nguyên"; empty when
    there is nothing to compare (no rank last year, or the two years ranked different numbers of
    units — the note under the table says why once). Issue 14: «không so sánh được» in every row
    wrapped each row onto two lines and made the province's appendix 14 pages long."""
    if entry.rank is None or entry.previous_rank is None or not entry.previous.comparable:
        return ""
    if not same_field(entry):
        return ""
    delta = entry.previous_rank - entry.rank
    if delta == 0:
        return "giữ nguyên"
    return f"{'tăng' if delta > 0 else 'tụt'} {abs(delta)} bậc"


def fields_differ(year: int, ranked: int, previous: int) -> str:
    return (
        f"số đơn vị được xếp hạng năm {year} ({ranked}) khác năm {year - 1} ({previous}) "
        "nên không so sánh thứ hạng"
    )


def entry_words(entry: Entry, year: int) -> dict[str, str]:
    words = {
        "name": entry.unit.name,
        "score": points(entry.score),
        "rank": str(entry.rank or ""),
        "of": str(entry.ranked_of or ""),
        "previous_year": str(year - 1),
        "comparison": "",
    }
    if entry.rank is not None and entry.previous_rank is not None and entry.previous.comparable:
        before = {
            "rank": str(entry.previous_rank),
            "of": str(entry.previous_of),
            "score": points(entry.previous.score),
        }
        if same_field(entry):
            words |= {f"previous_{k}": v for k, v in before.items()} | {"change": entry.change_text}
        else:  # last year's place, without a change: the overview says once why
            words |= {f"earlier_{k}": v for k, v in before.items()}
    elif not entry.previous.comparable:
        words["comparison"] = entry.change_text + (f": {entry.previous.note}" if entry.previous.note else "")
    return words


def _pillar_names(ranking: Ranking, level: str) -> dict[str, tuple[str, Decimal]]:
    """Pillar code → (name, maximum points) from the framework the year's results were scored with."""
    rows = frameworks_for_year(ranking.year, level)
    names: dict[str, tuple[str, Decimal]] = {}
    for row in rows[:1]:
        for pillar in framework_of(row).pillars:
            names[pillar.code] = (pillar.name_vi, pillar.max_points * pillar.weight)
    return names


def _pillar_items(year: int, level: str) -> dict[str, frozenset[str]]:
    """Pillar code → the codes of its criteria, from the framework the year was scored with."""
    rows = frameworks_for_year(year, level)
    if not rows:
        return {}
    return {p.code: frozenset(i.code for i in p.items) for p in framework_of(rows[0]).pillars}


def pillar_score(entry: Entry, code: str, items: dict[str, frozenset[str]]) -> Decimal | None:
    """The entry's points in a pillar, or None when unknown: no score, or none of the pillar's
    criteria assessed (every one in the result's missing list). Scoring adds nothing for a missing
    criterion, so such a pillar is stored as 0 — unknown is never printed as 0; a 0 of assessed
    criteria is a real 0 and stays."""
    value = entry.pillar_scores.get(code)
    if value is None:
        return None
    criteria = items.get(code)
    if criteria and criteria <= set(entry.missing):
        return None
    return value


def build_dti(unit: Unit, period: Period, options: Any) -> Any:
    """The report for ``unit`` (a scope, or a commune ranked among its district's communes)."""
    wording = load_wording(options.wording)
    spec = wording["dti"]
    year = period.year
    level = "commune"
    if period.kind != "year":
        raise InputError(
            f"Báo cáo DTI là báo cáo năm: hãy chọn kỳ năm (ví dụ {year}), không phải {period.label_vi}",
            f"The DTI report is yearly: choose a year period (e.g. {year}), not {period.code}",
        )
    if unit.era != era_for_year(year):
        raise InputError(
            f"«{unit.name}» không thuộc danh sách đơn vị dùng cho năm {year}",
            f"«{unit.name}» is not on the unit list used for {year}",
        )
    window = getattr(options, "window", None)
    if window is not None and (window.start, window.end) != (period.start, period.end):
        raise InputError(
            f"Báo cáo DTI chấm điểm mọi đơn vị trên số liệu cả năm {year}; không dùng khoảng số liệu riêng",
            f"The DTI report scores every unit on the whole year {year}; it takes no data window",
        )
    scope = ranking_scope(unit, level)
    ranking = rank_scope(year, scope, level)
    if not ranking.entries:
        raise InputError(
            f"Chưa có kết quả DTI năm {year} của các đơn vị cấp xã thuộc {scope.name}",
            f"No DTI results for {year} for the communes of {scope.name}",
        )
    words = unit_words(unit) | {"year": str(year), "previous_year": str(year - 1)}
    words["level_word"] = LEVEL_WORDS[level]
    # the unit whose units are ranked, for a count that says where it counts ("thuộc huyện Sơn Hà")
    words["scope"] = unit_words(scope)["unit"]
    pillars = _pillar_names(ranking, level)
    items = _pillar_items(year, level)
    rows = frameworks_for_year(year, level)
    if rows:
        title = official_title(rows[0].title or "")
        words["framework"] = title if title.lower().startswith("bộ ") else f"khung {title}" if title else ""
    letterhead = letterhead_for(unit, period, options, wording)
    words |= issuer_words(letterhead)
    words |= decision_words(scope, year, level)  # the decision that published the results, if linked
    context = words | _overview(unit, ranking)
    renderer = Renderer(None, context)
    doc = OfficialDocument(letterhead)
    doc.header_table()
    subject = renderer.text(spec["subject"]) or spec["subject"]
    doc.title("Báo cáo", [subject])
    blocks: list[Block] = []
    intro = renderer.text(spec["intro"])
    if intro:
        blocks.append(Block("paragraph", intro))
    # one window for a ranking: every unit's year (a unit's declared window is not read, and said so)
    windows = other_windows_line(
        spec.get("other_windows"),
        scope,
        period,
        period,
        own=unit,
        own_template=spec.get("other_windows_own"),
        unit=str(context.get("unit") or unit.name),
    )
    if windows:
        blocks.append(Block("paragraph", windows))
    overview = [b for b in (renderer.item(t) for t in spec["overview"]) if b]
    own = _own_blocks(spec, unit, ranking, pillars, items, renderer, level)
    if own:  # a commune's report leads with its own result, then the field it was ranked in
        blocks.extend(own)
        overview = overview[1:] if overview and overview[0].text == own[1].text else overview
    if overview:
        blocks.append(Block("heading", spec["overview_heading"], level=1))
        blocks.extend(overview)
    blocks.extend(_ranking_blocks(spec, ranking, words))
    blocks.extend(_pillar_blocks(spec, ranking, pillars, items, words))
    emit(doc, blocks)
    tail = narrative_blocks(unit, period, spec, wording)
    emit(doc, tail)
    closing(doc, wording, words, subject)
    doc.recipients_and_signature()
    table = _appendix(doc, spec, ranking, pillars, items, words, of_report(letterhead, words))
    return BuiltReport(doc, None, blocks + tail, {"ranking": table})


def _own_blocks(
    spec: dict[str, Any],
    unit: Unit,
    ranking: Ranking,
    pillars: dict[str, tuple[str, Decimal]],
    items: dict[str, frozenset[str]],
    renderer: Renderer,
    level: str,
) -> list[Block]:
    """ "Kết quả của xã …": the unit's own score and rank, then each pillar's score and rank. A
    commune of the level that was not ranked says so first (the demo's xã Tịnh Khê 2025 report
    went straight to the province's 84 ranked units and named itself only inside the list of those
    not ranked: its signer could not find his own result)."""
    if unit.level != level:
        return []
    entry = ranking.find(unit.pk)
    if entry is None or entry.rank is None:
        return _own_unranked(spec, unit, entry, ranking.year)
    first = renderer.item(spec["overview"][0])
    lines = [first] if first else []
    for code, (name, maximum) in pillars.items():
        if code not in entry.pillar_scores:
            continue
        score = pillar_score(entry, code, items)
        words = {"pillar": name, "pillar_max": points(maximum)}
        if score is not None:
            words |= {
                "pillar_score": points(score),
                "pillar_rank": str(entry.pillar_ranks.get(code, "")),
                "of": str(entry.ranked_of),
            }
        template = spec["own_pillar_line"] if score is not None else spec.get("own_pillar_unknown", UNKNOWN)
        text = Renderer(None, words).text(template)
        if text:
            lines.append(Block("paragraph", text, bullet="-"))
    if not lines:
        return []
    lines.extend(_own_assessment(spec, unit, entry, ranking, pillars, items))
    heading = Renderer(None, {"unit": _mid(unit)}).text(spec["own_heading"]) or _mid(unit)
    return [Block("heading", heading, level=1), *lines]


def _own_unranked(spec: dict[str, Any], unit: Unit, entry: Entry | None, year: int) -> list[Block]:
    """The heading and one sentence for a unit of the ranked level without a rank: not assessed by
    the deadline, or no result at all."""
    not_assessed = entry is not None and entry.status == ResultStatus.NOT_ASSESSED
    key, default = (
        ("own_not_assessed", OWN_NOT_ASSESSED) if not_assessed else ("own_no_result", OWN_NO_RESULT)
    )
    words = {"year": str(year), "unit": _mid(unit), "peers": peers_words(unit)}
    text = Renderer(None, words).text(spec.get(key, default))
    if not text:
        return []
    heading = Renderer(None, {"unit": _mid(unit)}).text(spec["own_heading"]) or _mid(unit)
    return [Block("heading", heading, level=1), Block("paragraph", text)]


def _own_assessment(
    spec: dict[str, Any],
    unit: Unit,
    entry: Entry,
    ranking: Ranking,
    pillars: dict[str, tuple[str, Decimal]],
    items: dict[str, frozenset[str]],
) -> list[Block]:
    """The unit's own assessment from its result: the pillars where it scored above and below the
    mean of the units it was ranked with, each with both figures, the widest gap (as a share of
    the pillar's maximum) first. Issue 14: a commune's DTI report printed the periodic report's
    «Thuận lợi / Khó khăn» instead of saying where its own index is strong or weak."""
    above: list[tuple[Decimal, str]] = []
    below: list[tuple[Decimal, str]] = []
    for code, (name, maximum) in pillars.items():
        own = pillar_score(entry, code, items)
        field = [s for e in ranking.ranked if (s := pillar_score(e, code, items)) is not None]
        if own is None or not field or not maximum:
            continue
        mean = _average(field)
        gap = (own - mean) / maximum
        text = f"{name} ({points(own)} so với {points(mean)} điểm)"
        if own.quantize(CENT) > mean.quantize(CENT):
            above.append((-gap, text))
        elif own.quantize(CENT) < mean.quantize(CENT):
            below.append((gap, text))
    words = {
        "unit": _mid(unit),
        "peers": peers_words(unit),
        "unit_first": _mid(unit)[:1].upper() + _mid(unit)[1:],
    }
    out = []
    for key, found in (("own_above", above), ("own_below", below)):
        if found and spec.get(key):  # a province's wording file from before has neither: left out
            names = [t for _, t in sorted(found)]
            sentence = Renderer(None, words | {"pillars": ", ".join(names)}).text(spec[key])
            if sentence:
                out.append(Block("paragraph", sentence))
    return out


def peers_words(unit: Unit, wording: dict[str, Any] | None = None) -> str:
    """The field a unit is ranked in (``peer_rank``: its level under the same parent), named:
    "các đơn vị cấp xã thuộc huyện Sơn Hà" — not "các đơn vị cùng cấp", which for a commune reads
    as the province's 170 (wording ``dti.peers``, ``dti.peers_top`` for a unit with no parent)."""
    spec = (wording or load_wording()).get("dti") or load_wording()["dti"]
    parent = unit_words(unit)["parent"]
    if not parent or (unit.parent is not None and unit.parent.level == "nation"):
        return spec.get("peers_top", "các đơn vị cùng cấp")
    level = LEVEL_WORDS.get(unit.level, unit.level)
    return spec.get("peers", "các đơn vị cấp {level_word} thuộc {parent}").format(
        level_word=level, parent=parent
    )


def own_result_words(unit: Unit, year: int) -> dict[str, str]:
    """The unit's DTI result of ``year`` among its peers (same level, same parent) for a sentence of
    another report: ``dti_score``, ``dti_rank``, ``dti_of``; last year's rank and score with the
    change (``dti_change``, ``dti_score_change``) when both years ranked the same number of units,
    else last year's place alone (``dti_earlier_*``) and ``dti_fields_differ``. Empty without a result."""
    own = peer_rank(unit, year)
    if own is None:
        return {}
    words = {
        "dti_year": str(year),
        "dti_previous_year": str(year - 1),
        "dti_score": points(own[2]),
        "dti_rank": str(own[0]),
        "dti_of": str(own[1]),
        "dti_peers": peers_words(unit),
    } | decision_words(unit, year, unit.level)
    before = peer_rank(unit, year - 1) if era_for_year(year - 1) == unit.era else None
    if before is None:
        return words
    place = {"rank": str(before[0]), "of": str(before[1]), "score": points(before[2])}
    if before[1] == own[1]:
        words |= {f"dti_previous_{k}": v for k, v in place.items()}
        words |= {
            "dti_change": change_text(before[0], own[0]),
            "dti_score_change": _score_change(own[2], before[2]),
        }
    else:
        words |= {f"dti_earlier_{k}": v for k, v in place.items()}
        words["dti_fields_differ"] = fields_differ(year, own[1], before[1])
    return words


def _overview(unit: Unit, ranking: Ranking) -> dict[str, str]:
    ranked = ranking.ranked
    out: dict[str, str] = {
        "ranked": str(len(ranked)),
        # every unit of the level in scope (the ranking's coverage N), not only those with a result
        "total": str(ranking.coverage.expected) if len(ranked) < ranking.coverage.expected else "",
        "not_assessed_count": str(len(ranking.not_assessed)) if ranking.not_assessed else "",
    }
    no_result = ranking.coverage.expected - len(ranking.entries)
    if no_result > 0:
        out["no_result_count"] = str(no_result)
    partial = [e for e in ranked if e.partial]
    if partial:
        out["partial_count"] = str(len(partial))
        out["partial_names"] = tied_names(e.unit for e in partial)  # a signer asks which
    own = peer_rank(unit, ranking.year)
    if own is not None:
        out |= {"scope_rank": str(own[0]), "scope_of": str(own[1]), "scope_score": points(own[2])}
        mine = next((e for e in ranked if e.unit.pk == unit.pk and e.partial), None)
        if mine is not None:  # its own score rests on what it has: said where its result is
            out["scope_missing"] = str(len(mine.missing))
        out["scope_peers"] = peers_words(unit)
        before = peer_rank(unit, ranking.year - 1) if era_for_year(ranking.year - 1) == unit.era else None
        if before is not None:
            out |= {"scope_previous_rank": str(before[0]), "scope_previous_of": str(before[1])}
            out["scope_previous_score"] = points(before[2])
            if before[1] == own[1]:  # "83/84, tụt 61 bậc (thứ 22/37)" compares two fields
                out["scope_change"] = change_text(before[0], own[0])
            else:
                out["scope_fields_differ"] = fields_differ(ranking.year, own[1], before[1])
    scores = [e.score for e in ranked if e.score is not None]
    if scores:
        mean = _average(scores)
        maximum = ranked[0].max_total
        out |= {
            "mean_score": points(mean),
            "max_score": points(maximum),
            "best_score": points(max(scores)),
            "worst_score": points(min(scores)),
        }
        if maximum:
            out["mean_index"] = format_number((mean / maximum).quantize(Decimal("0.0001")), 4)
        previous = [
            e.previous.score for e in ranked if e.previous.score is not None and e.previous.comparable
        ]
        if previous:
            out["previous_mean"] = points(_mean(previous))
            out["mean_change"] = _score_change(mean, _mean(previous))
    compared = [e for e in ranked if e.rank_change is not None]
    different = [e for e in compared if not same_field(e)]
    if different:  # rising and falling in fields of different sizes are not counted
        out["fields_differ"] = fields_differ(ranking.year, different[0].ranked_of, different[0].previous_of)
        compared = []
    if compared:
        out |= {
            "up_count": str(sum(1 for e in compared if (e.rank_change or 0) > 0)),  # None: not compared
            "down_count": str(sum(1 for e in compared if (e.rank_change or 0) < 0)),
            "same_count": str(sum(1 for e in compared if e.rank_change == 0)),
        }
        lost = [e for e in ranked if not e.previous.comparable]
        if lost:
            out["not_comparable_count"] = str(len(lost))
    return out


def _lines(template: str, entries: Sequence[Entry], year: int) -> list[Block]:
    out = []
    for entry in entries:
        text = Renderer(None, entry_words(entry, year)).text(template)
        if text:
            out.append(Block("paragraph", text, bullet="-"))
    return out


_mid = unit_in_sentence


def tied_units(scored: Sequence[tuple[Any, Decimal]], value: Decimal) -> str:
    """Every unit scoring ``value`` (to the printed hundredth), named as ``parts.tied_names`` does."""
    return tied_names(e.unit for e, s in scored if s.quantize(CENT) == value.quantize(CENT))


def _ranking_blocks(spec: dict[str, Any], ranking: Ranking, words: dict[str, str]) -> list[Block]:
    n = min(TOP_N, len(ranking.ranked) // 2)
    sections: list[tuple[str, list[Block]]] = []
    if n:
        sections.append((spec["top_heading"], _lines(spec["unit_line"], ranking.top(n), ranking.year)))
        sections.append((spec["bottom_heading"], _lines(spec["unit_line"], ranking.bottom(n), ranking.year)))
        fell = [e for e in ranking.fell_most(n) if same_field(e)]
        if fell:
            sections.append((spec["fell_heading"], _lines(spec["unit_line"], fell, ranking.year)))
    elif ranking.ranked:
        sections.append((spec["top_heading"], _lines(spec["unit_line"], ranking.ranked, ranking.year)))
    if ranking.not_assessed:
        # one sentence naming them (the province's 19 lines of the same words took most of a page)
        units = sorted((e.unit for e in ranking.not_assessed), key=unit_order)
        names = [_mid(u) for u in units]
        words = {"count": str(len(names)), "names": listed(names)}
        text = Renderer(None, words).text(spec.get("not_assessed_units", NOT_ASSESSED))
        sections.append((spec["not_assessed_heading"], [Block("paragraph", text)] if text else []))
    blocks: list[Block] = []
    for heading, lines in sections:
        if lines:
            blocks.append(Block("heading", heading, level=2))
            blocks.extend(lines)
    if blocks:
        blocks.insert(0, Block("heading", spec["ranking_heading"], level=1))
    return blocks


def _pillar_blocks(
    spec: dict[str, Any],
    ranking: Ranking,
    pillars: dict[str, tuple[str, Decimal]],
    items: dict[str, frozenset[str]],
    words: dict[str, str],
) -> list[Block]:
    ranked = ranking.ranked
    blocks: list[Block] = []
    rates: list[tuple[Decimal, str]] = []
    for code, (name, maximum) in pillars.items():
        known = [(e, pillar_score(e, code, items)) for e in ranked if code in e.pillar_scores]
        scored = [(e, s) for e, s in known if s is not None]  # unknown is left out, never a 0
        if not scored or not maximum:
            continue
        mean = _average([s for _, s in scored])
        # ties: every tied unit is named (tied_units)
        best = min(scored, key=lambda x: (-x[1], unit_order(x[0].unit)))
        worst = min(scored, key=lambda x: (x[1], unit_order(x[0].unit)))
        rate = mean / maximum * 100
        rates.append((rate, name))
        context = words | {
            "pillar": name,
            "pillar_max": points(maximum),
            "pillar_mean": points(mean),
            "pillar_rate": format_percent(rate, 2),
            "pillar_best": tied_units(scored, best[1]),
            "pillar_best_score": points(best[1]),
            "pillar_worst": tied_units(scored, worst[1]),
            "pillar_worst_score": points(worst[1]),
            "pillar_unknown_count": str(len(known) - len(scored)) if len(known) > len(scored) else "",
        }
        text = Renderer(None, context).text(spec["pillar_line"])
        if text:
            blocks.append(Block("paragraph", text, bullet="-"))
    if not blocks:
        return []
    out = [Block("heading", spec["pillars_heading"], level=1), *blocks]
    if len(rates) > 1:
        strongest, weakest = max(rates), min(rates)
        summary = Renderer(
            None,
            {
                "strongest": strongest[1],
                "strongest_rate": format_percent(strongest[0], 2),
                "weakest": weakest[1],
                "weakest_rate": format_percent(weakest[0], 2),
            },
        ).text(spec["pillar_summary"])
        if summary:
            out.append(Block("paragraph", summary))
    return out


def _appendix(
    doc: OfficialDocument,
    spec: dict[str, Any],
    ranking: Ranking,
    pillars: dict[str, tuple[str, Decimal]],
    items: dict[str, frozenset[str]],
    words: dict[str, str],
    of_report: str,
) -> list[list[str]]:
    """Phụ lục I: every unit, ranked first, then the not-ranked ("Không xếp hạng" in the rank cell).

    Every cell fits one line at 10 pt (issue 14: «không so sánh được» in every row of the province's
    153 made each row two lines tall, 14 pages for ~8): a change of rank is "tăng 3 bậc", "tụt 1 bậc"
    or "giữ nguyên", nothing when there is nothing to compare; the change column is left out when no
    row has one, its width given to the names; the note under the table says once why ranks are not
    compared, and what "–" stands for (a pillar none of whose criteria were assessed)."""
    codes = list(pillars)
    previous_year = ranking.year - 1
    headers = [
        "Stt",
        "Đơn vị",
        "Tổng điểm",
        "Xếp hạng",
        f"Điểm năm {previous_year}",
        f"Hạng năm {previous_year}",
        "Thay đổi thứ hạng",
        *[pillars[c][0] for c in codes],
    ]
    rows: list[list[str]] = []
    unknown = False
    for i, entry in enumerate(ranking.entries, 1):
        cells = []
        for c in codes:
            value = pillar_score(entry, c, items) if entry.rank is not None else None
            unknown |= entry.rank is not None and c in entry.pillar_scores and value is None
            cells.append(points(value) if value is not None else "–" if entry.rank is not None else "")
        rows.append(
            [
                str(i),
                entry.unit.name,
                points(entry.score) if entry.rank is not None else "",
                f"{entry.rank}/{entry.ranked_of}" if entry.rank is not None else "Không xếp hạng",
                points(entry.previous.score) if entry.previous.comparable else "",
                f"{entry.previous_rank}/{entry.previous_of}" if entry.previous_rank is not None else "",
                rank_change(entry),
                *cells,
            ]
        )
    title = [Renderer(None, words).text(line) or line for line in spec["appendix_title"]]
    doc.appendix("I", title, of_report)
    # one line at 10 pt: "112/151", "tăng 21 bậc", "Không xếp hạng" (its column wider only when a
    # unit is not ranked); a change column no row fills gets no width (data_table leaves it out)
    unranked = any(e.rank is None for e in ranking.entries)
    fixed = [10, 42, 16, 31 if unranked else 17, 16, 17, 20 if any(r[6] for r in rows) else 0]
    pillar_width = (252 - sum(fixed)) / max(len(codes), 1)  # 252 mm inside the landscape margins
    doc.data_table(headers, rows, [*fixed, *[pillar_width] * len(codes)], numeric_from=2, font_pt=10)
    notes = []
    differ = next((e for e in ranking.ranked if e.previous_rank is not None and not same_field(e)), None)
    if differ is not None:
        notes.append(fields_differ(ranking.year, differ.ranked_of, differ.previous_of))
    if unknown:
        notes.append(spec.get("appendix_unknown_note", UNKNOWN_NOTE))
    if notes:
        doc.paragraph(f"Ghi chú: {'; '.join(notes)}.")
    return rows
