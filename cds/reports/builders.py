"""What one window of a report is made of: the consolidated report's units table, summary and
roll-ups of a period (``consolidated_window``), its units chart, Phụ lục II's training table and the
unit's DTI paragraph. The reports themselves are assembled in ``multi`` (one builder per kind, for
one period or several windows; the parts they share are in ``parts``; ``kinds.build_report`` is the
one entry point the CLI, the web view, the batch and the tests call)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cds.catalog.formatting import format_value
from cds.catalog.targets import evaluate, targets_for
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.lib.text import vn_sort_key
from cds.units.models import Unit
from cds.units.services import map_day, unit_order
from cds.values.rollup import Rollup

from . import coverage
from . import data as report_data
from .data import show_value
from .dti_report import own_result_words
from .known import known_words
from .layout import CAPTION_MM, OfficialDocument
from .parts import (
    ReportOptions,
    plan_words,
    tied_names,
    unit_in_sentence,
)
from .windows import report_window
from .wording import (
    Block,
    Renderer,
    other_windows_line,
    phrase,
    wording_codes,
)


def dti_blocks(spec: dict[str, Any], unit: Unit, period: Period, words: dict[str, str]) -> list[Block]:
    """The unit's own DTI result in a periodic report: the period's year (a year period), else the
    year before (the latest full year); nothing when the unit has no result (wording ``dti_section``)."""
    section = spec.get("dti_section")
    if not section:
        return []
    year = period.year if period.kind == "year" else period.year - 1
    context = own_result_words(unit, year)
    if not context:
        return []
    renderer = Renderer(None, words | context)
    lines = [b for b in (renderer.item(t) for t in section["items"]) if b]
    return [Block("heading", section["heading"], level=2), *lines] if lines else []


def training_table(
    data: report_data.ReportData, spec: dict[str, Any], wording: dict[str, Any] | None = None
) -> tuple[list[list[str]], list[str]] | None:
    """Phụ lục II's rows (activities × officials, team members, residents) and its total row, or
    None when the data have no row; a recorded total its rows contradict is said in «Ghi chú»."""
    rows: list[list[str]] = []
    sums = [Decimal(0)] * 3
    for line in spec["rows"]:
        figures = [data.get(c) for c in line["codes"]]
        if all(f is None for f in figures):
            continue
        data.used.update(c for c, f in zip(line["codes"], figures, strict=True) if f is not None)
        for i, f in enumerate(figures):
            sums[i] += f.value if f else 0
        cells = [show_value(f, with_unit=False) if f else "" for f in figures]  # the header names the unit
        rows.append([str(len(rows) + 1), line["name"], *cells, ""])
    if not rows:
        return None
    totals, notes = [], []
    for code, computed in zip(spec["totals"], sums, strict=True):
        recorded = data.get(code)
        shown = format_value(data.catalog[code], computed, with_unit=False)
        if recorded is not None and recorded.value != computed:
            totals.append(f"{shown}*")  # the recorded total disagrees with its rows: said in Ghi chú
            notes.append(f"{shown}*: đơn vị ghi {show_value(recorded, with_unit=False)}")
        else:
            totals.append(shown)
    return rows, [phrase(wording, "total"), "", *totals, "; ".join(notes)]


TRAINING_WIDTHS = [12, 105, 38, 38, 38, 20]


named = unit_in_sentence  # «xã Đăk Rơ Wa», «phường Nghĩa Chánh» (the chart keeps «Đăk Rơ Wa»)


def extremes(scored: list[tuple[Unit, Decimal]], definition: Any) -> dict[str, str]:
    """``best_unit``/``best_value`` and ``worst_unit``/``worst_value`` of units' values: every unit
    whose value prints as the best (or the worst) is named (``parts.tied_names``), as the DTI report
    names a pillar's ties — never one of several tied units picked by the table's order."""
    printed = [(u, format_value(definition, v)) for u, v in scored]
    best = format_value(definition, max(v for _, v in scored))
    worst = format_value(definition, min(v for _, v in scored))
    return {
        "best_unit": tied_names(u for u, p in printed if p == best),
        "best_value": best,
        "worst_unit": tied_names(u for u, p in printed if p == worst),
        "worst_value": worst,
    }


def consolidated_children(unit: Unit, on: dt.date | None = None) -> list[Unit]:
    """The units a consolidated report of ``unit`` tables (its communes or districts), in order;
    with ``on``, those of that day's map (not a district that ceased before, ``units.history``)."""
    below = unit.children.filter(era=unit.era).exclude(level="village")
    if on is not None:
        below = below.as_of(map_day(unit.era, on))
    children = sorted(below, key=unit_order)
    if not children:
        raise InputError(
            f"{unit.name} không có đơn vị trực thuộc để tổng hợp",
            f"{unit.name} has no units below it to consolidate",
        )
    return children


@dataclass
class ConsolidatedWindow:
    """What a consolidated report says of one period (one window of a report over several)."""

    period: Period
    window: Period
    engine: Rollup
    data: report_data.ReportData
    renderer: Renderer
    summary: list[Block]
    table_rows: list[list[str]]
    total: list[str]
    scored: list[tuple[str, Decimal]]
    other_windows: str | None
    withheld: list[report_data.Figure]  # not consolidated: listed under the section that would say each


RATE_CODE = "dvc.online_dossier_rate"


def consolidated_window(
    unit: Unit,
    period: Period,
    options: ReportOptions,
    wording: dict[str, Any],
    children: list[Unit],
    words: dict[str, str],
    window: Period | None = None,
) -> ConsolidatedWindow:
    """The units table, the reporting summary and the roll-up figures of ``period``, every unit
    read on one data window (``window``: --window, else the scope's declared one, else the period)."""
    spec = wording["consolidated"]
    table_codes, completeness = spec["table_codes"], spec["completeness_codes"]
    # one data window for every unit: the scope's own (declared or --window), else the period
    window = report_window(unit, period, window)
    where = report_data.value_filter(options.include_unapproved)
    table_set = sorted(set(table_codes) | set(completeness))
    if window.code != period.code:
        engine = Rollup.for_window(table_set, unit, window, period, where)
    else:
        engine = Rollup(table_set, unit, period, era=unit.era, where=where)
    catalog = engine.catalog
    rate_code = RATE_CODE
    table_rows: list[list[str]] = []
    reported, missing, scored, met = 0, [], [], 0
    judged = 0
    for i, child in enumerate(children, 1):
        present = sum(1 for c in completeness if engine.value(c, child.pk).value is not None)
        if present:
            reported += 1
        else:
            missing.append(child)
        cells = []
        for code in table_codes:
            agg = engine.value(code, child.pk)
            cells.append("" if agg.value is None else format_value(catalog[code], agg.value, with_unit=False))
        rate = engine.value(rate_code, child.pk)
        verdict = ""
        if rate.value is not None:
            scored.append((child.short_name, rate.value))
            target = targets_for(child, period.code).get(rate_code)
            if target is not None:
                judged += 1
                ok = evaluate(target, rate.value).met
                met += bool(ok)
                verdict = phrase(wording, "met" if ok else "not_met")
        table_rows.append([str(i), child.name, *cells, verdict, f"{present}/{len(completeness)}"])
    total_label, total_cells = coverage.total_row(spec, engine, table_codes, catalog, children, wording)
    total = [
        total_label,
        "",
        *total_cells,
        f"{met}/{judged}" if judged else "",
        f"{reported}/{len(children)}",
    ]
    context = (
        words
        | {
            "reported": str(reported),
            "reported_units": str(reported) if reported else "",  # no "tổng hợp từ số liệu của 0 đơn vị"
            "children_level": "cấp huyện" if children[0].level == "district" else "cấp xã",
            "children_total": str(len(children)),
            "missing_list": ", ".join(
                named(u) for u in sorted(missing, key=lambda u: vn_sort_key(u.short_name))[:15]
            )
            + (f" và {len(missing) - 15} đơn vị khác" if len(missing) > 15 else ""),
        }
    )
    if len(scored) > 1:  # with one unit, "cao nhất" and "thấp nhất" would name it twice
        units = {child.short_name: child for child in children}
        context |= extremes([(units[n], v) for n, v in scored], catalog[rate_code])
    if judged:
        rate_targets = {t.value for c in children if (t := targets_for(c, period.code).get(rate_code))}
        target_text = format_value(catalog[rate_code], rate_targets.pop()) if len(rate_targets) == 1 else None
        context |= {"met_count": str(met), "judged_count": str(judged)}
        context |= _met_phrase(spec, met, judged, target_text)
    data = report_data.load(
        unit,
        period,
        sorted(wording_codes(wording["periodic"])),
        series_codes=list(wording["periodic"].get("chart_codes", [])),
        window=window,
        include_unapproved=options.include_unapproved,
    )
    withheld = coverage.gate_figures(data)
    renderer = Renderer(
        data,
        context
        | {"year": str(period.year)}
        | known_words(unit, period, period.year)
        | plan_words(unit, period),
        wording,
    )
    summary = [b for b in (renderer.item({"text": s, "bullet": "-"}) for s in spec["summary"]) if b]
    summary.extend(_kpi_lines(spec, engine, children, period, rate_code))
    return ConsolidatedWindow(
        period,
        window,
        engine,
        data,
        renderer,
        summary,
        table_rows,
        total,
        scored,
        other_windows_line(spec.get("other_windows"), unit, period, window),
        withheld,
    )


def units_chart(
    doc: OfficialDocument,
    part: ConsolidatedWindow,
    children: list[Unit],
    label: str,
    wording: dict[str, Any] | None = None,
) -> None:
    """The units' online-dossier rates, best first (split into pictures that fit the page)."""
    from . import charts

    if not part.scored:
        return
    catalog = part.engine.catalog
    target = targets_for(children[0], part.period.code).get(RATE_CODE)
    width, height = doc.text_area_mm()
    tallest = height - CAPTION_MM - 20  # one picture a page: room for the caption and a heading line
    if len(charts.comparison_parts(len(part.scored), tallest)) > 1:
        # a list longer than a page: pieces of half a page each (two pictures with their captions
        # fill a page), so the first fits the half page the text before it leaves, never a page
        # left half empty before a picture of a whole page (the province's 96 communes)
        tallest = height / 2 - CAPTION_MM - 5
    parts = charts.comparison(
        [s[0] for s in part.scored],
        [float(s[1]) for s in part.scored],
        phrase(wording, "units_title", period=label),
        float(target.value) if target is not None else None,
        format_value(catalog[RATE_CODE], target.value) if target is not None else "",
        width_mm=min(150, width),
        max_height_mm=tallest,
    )
    caption = phrase(wording, "units_caption", period=label)
    for n, (chunk, png) in enumerate(parts):
        where = ""
        if len(parts) > 1:  # "(thứ 1–32)", "(tiếp theo, thứ 33–64)": places in the best-first order
            which = "units_caption_next" if n else "units_caption_first"
            where = phrase(wording, which, first=str(chunk.start + 1), last=str(chunk.stop))
        doc.picture(png, min(150, width), caption + where)


def units_table_headers(spec: dict[str, Any], catalog: Any) -> tuple[list[str], list[float]]:
    table_codes = spec["table_codes"]
    headers = [
        "Stt",
        "Đơn vị",
        *[catalog[c].name_vi for c in table_codes],
        "Đạt chỉ tiêu hồ sơ trực tuyến",
        "Đầy đủ số liệu",
    ]
    return headers, [10, 55, *[23] * len(table_codes), 22, 20]


def _kpi_lines(
    spec: dict[str, Any], engine: Rollup, children: list[Unit], period: Period, skip: str
) -> list[Block]:
    """For every tabled KPI with a target: best and worst unit and how many met the target."""
    template = spec.get("kpi_line")
    if not template:
        return []
    targets = {c.pk: targets_for(c, period.code) for c in children}
    out = []
    for code in spec["table_codes"]:
        definition = engine.catalog[code]
        if code == skip or not any(code in t for t in targets.values()):
            continue
        scored = [(c, v) for c in children if (v := engine.value(code, c.pk).value) is not None]
        if not scored:
            continue
        line = template if len(scored) > 1 else spec.get("kpi_line_one", template)
        judged = [(c, v) for c, v in scored if code in targets[c.pk]]
        met = sum(1 for c, v in judged if evaluate(targets[c.pk][code], v).met)
        shown = {str(targets[c.pk][code].value) for c, _ in judged}
        context = {"kpi": definition.name_vi} | extremes(scored, definition)
        if judged:
            target = (
                format_value(definition, targets[judged[0][0].pk][code].value) if len(shown) == 1 else None
            )
            context |= _met_phrase(spec, met, len(judged), target)
        text = Renderer(None, context).text(line)
        if text:
            out.append(Block("paragraph", text, bullet="-"))
    return out


def _met_phrase(spec: dict[str, Any], met: int, judged: int, target: str | None) -> dict[str, str]:
    """ "chưa có đơn vị nào đạt chỉ tiêu 80%" / "5/13 đơn vị đạt …" / "cả 13/13 đơn vị đều đạt …"
    as ``{met}`` (wording ``kpi_met``); nothing when the wording has no such phrases."""
    phrases = spec.get("kpi_met") or {}
    which = "none" if met == 0 else "all" if met == judged > 1 else "some"
    words = {"met_count": str(met), "judged_count": str(judged)} | ({"target": target} if target else {})
    text = Renderer(None, words).text(phrases[which]) if which in phrases else None
    return {"met": text} if text else {}
