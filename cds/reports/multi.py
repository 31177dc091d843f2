"""The periodic, training and consolidated reports, of one period or of several windows: "năm 2023
và 6 tháng đầu năm 2024" is one build, not three, and one period is the same build with one window
(``unit_report``, ``consolidated_report``: one builder each, whatever the number of windows).

Each window (a whole year, half-year or quarter: ``cds.lib.periods.PeriodSet``) is read exactly as
the report of that period alone would read it (``data.load``: its declared data window, approved
values, its previous period for changes), so every figure keeps its one window and a rate's
numerator and denominator come from the same one. The report then says which window each figure
is of:

- a sentence with figures is said once per window that has them, led by the window ("Trong năm
  2023, tỷ lệ hồ sơ trực tuyến …"; wording ``multi.lead``) unless the sentence names its window
  itself ("Trong năm 2023, UBND xã đã ban hành …"); a sentence without figures that every window
  says alike ("Đã phân công lãnh đạo UBND phụ trách …") is said once, led by the whole report's
  period ("Trong năm 2023 và 6 tháng đầu năm 2024, …");
- Phụ lục I has one column per window (Chỉ tiêu | năm 2023 | 6 tháng đầu năm 2024), the target
  and its verdict per window;
- the title, the introduction and the closing name every window ("năm 2023 và 6 tháng đầu năm
  2024", or the range as asked: "giai đoạn từ ngày 1/1/2023 đến ngày 30/6/2024"); the date line
  follows the last window's data.

Windows crossing 1/7/2025, or in which the unit did not exist, are refused (``windows.
validate_window``), and so is a window without any value (``availability.missing``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cds.catalog.formatting import display_unit
from cds.catalog.targets import goal_text
from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet
from cds.lib.vn_dates import format_date
from cds.units.models import Unit

from . import coverage
from . import data as report_data
from .builders import (
    TRAINING_WIDTHS,
    consolidated_children,
    consolidated_window,
    dti_blocks,
    training_table,
    units_chart,
    units_table_headers,
)
from .data import show_value
from .issuers import unit_words
from .known import known_words
from .layout import OfficialDocument
from .ooxml import set_custom_properties
from .parts import (
    BuiltReport,
    closing,
    emit,
    hotspot_blocks,
    indicator_appendix,
    issuer_words,
    letterhead_for,
    narrative_blocks,
    of_report,
    plan_words,
    provenance,
    report_codes,
    trend_chart,
    unapproved_appendix,
    verdict,
    window_line,
    withheld_by_section,
)
from .properties import COVERAGE_PROPERTY, FIXED_PROPERTY, WINDOWS_PROPERTY, checked_words
from .windows import report_window, validate_window
from .wording import (
    Block,
    Renderer,
    coverage_forms,
    disagreeing_total_note,
    load_wording,
    period_words,
    phrase,
    with_held,
    without_repeats,
)

MULTI_KINDS = ("periodic", "training", "consolidated")


def check_windows(unit: Unit, periods: PeriodSet, kind: str, options: Any) -> None:
    """Refuse what a report over several windows cannot be: another report type, a ``--window``
    (one period's own dates), a window crossing 1/7/2025 or outside the unit's lifetime."""
    if kind == "dti":
        raise InputError(
            f"Báo cáo DTI là báo cáo về một năm xếp hạng, không lập cho nhiều kỳ ({periods.label_vi}): "
            "mỗi năm có bộ tiêu chí, số đơn vị được xếp hạng và quyết định công bố riêng; hãy tạo báo "
            "cáo DTI của từng năm (báo cáo kết quả chuyển đổi số nhiều kỳ đã nêu kết quả DTI của mỗi năm)",
            f"A DTI report is about one ranking year, not several periods ({periods.label_en}): each "
            "year has its own framework, number of units ranked and publishing decision; build the DTI "
            "report of each year (a periodic report over several periods states each year's DTI result)",
        )
    if kind not in MULTI_KINDS:
        raise InputError(
            f"Báo cáo nhiều kỳ ({periods.label_vi}) chưa có ở loại báo cáo {kind}; "
            "hãy tạo từng kỳ riêng cho loại báo cáo này",
            f"A report over several periods ({periods.label_en}) does not exist for the {kind} report; "
            "build this report type one period at a time",
        )
    if options.window is not None:
        raise InputError(
            "--window là khoảng số liệu của một kỳ báo cáo, không dùng cho báo cáo nhiều kỳ (mỗi kỳ dùng "
            "khoảng số liệu đã khai báo của nó)",
            "--window is the data window of one period; a report over several periods uses each "
            "period's declared window",
        )
    for window in periods.windows:
        validate_window(unit, window, window)


# Words that start a sentence without being part of the name after them ("Các Tổ …" → "các Tổ …").
_COMMON_FIRST = {"Các", "Những", "Mỗi", "Một", "Cả", "Toàn", "Nhiều"}


def _lower_first(text: str, keep: Sequence[str] = ()) -> str:
    """The sentence after a lead-in: "Tỷ lệ …" → "tỷ lệ …"; an abbreviation ("UBND", "CBCC"), a
    proper name of capitalised words ("Ban Chỉ đạo") or a word of ``keep`` ("Tổ công nghệ số
    cộng đồng", wording ``multi.keep_capital``) keeps its capital."""
    words = text.split(" ", 2)
    first = words[0]
    if len(first) > 1 and (first[1].isupper() or first[1].isdigit()):
        return text
    if len(words) > 1 and words[1][:1].isupper() and first not in _COMMON_FIRST:
        return text
    if any(text == k or text.startswith(k + " ") for k in keep):
        return text
    return text[:1].lower() + text[1:]


def _led(spec: dict[str, Any], lead: str, text: str) -> str:
    """ "Trong năm 2023, tỷ lệ …": the sentence led by its window (wording ``multi.lead``)."""
    sentence = _lower_first(text, spec.get("keep_capital", []))
    template = spec.get("lead", "{period_lead}, {sentence}")  # plain words: a sentence may hold "[", "{"
    return template.replace("{period_lead}", lead).replace("{sentence}", sentence)


def _points(footnote: str) -> set[str]:
    """ "Tỷ lệ … theo quý: quý I/2023: 9,36%; quý II/2023: 18,73%." → its points."""
    return set(footnote.split(": ", 1)[-1].rstrip(".").split("; "))


def _footnotes_once(blocks: list[Block]) -> None:
    """A quarterly series footnote that a later window's footnote repeats in full (quý II/2023's
    series inside quý III/2023's) is left to the later one."""
    for i, block in enumerate(blocks):
        later = [f for b in blocks[i + 1 :] for f in b.footnotes]
        block.footnotes = [f for f in block.footnotes if not any(_points(f) <= _points(g) for g in later)]


class MultiRenderer:
    """Renders the wording once per window and says each sentence with its window."""

    def __init__(self, renderers: list[Renderer], windows: list[dict[str, str]], whole: dict[str, str], spec):
        self.renderers = renderers
        self.windows = windows  # each window's words ("period", "period_lead", "code")
        self.whole = whole  # the whole report's period words
        self.spec = spec  # wording ``multi``

    def _numeric(self, renderer: Renderer, block: Block) -> bool:
        catalog = renderer.report.catalog
        return any(catalog[c].kind not in ("boolean", "text") for c in block.codes if c in catalog)

    def _dated(self, renderer: Renderer, block: Block) -> bool:
        """A sentence stating a date ("ban hành … vào ngày 14/3/2023") carries its own time: a window
        lead before it ("Trong quý III/2023, …") would put the act in the wrong quarter."""
        catalog = renderer.report.catalog
        return any(catalog[c].kind == "date" for c in block.codes if c in catalog)

    def item(self, spec: Any) -> list[Block]:
        if len(self.renderers) == 1:  # one window: its sentences as they are
            block = self.renderers[0].item(spec)
            return [block] if block is not None else []
        # a template that says its period itself ("Trong {period}, …", "Tỷ lệ … {period} đạt …")
        names = any(f"{{{w}}}" in str(spec) for w in ("period", "period_lead", "in_period"))
        said = []
        for renderer, words in zip(self.renderers, self.windows, strict=True):
            block = renderer.item(spec)
            if block is not None:
                said.append((renderer, words, block))
        if not said:
            return []
        alike = (
            len(said) == len(self.renderers) and len({(b.text, tuple(b.footnotes)) for _, _, b in said}) == 1
        )
        if alike and not any(self._numeric(r, b) for r, _, b in said):
            block = said[0][2]
            if not (names and any(w["period"] in block.text for w in self.windows)) and not self._dated(
                said[0][0], block
            ):
                block.text = _led(self.spec, self.whole["period_lead"], block.text)
            return [block]
        out = []
        for renderer, words, block in said:
            if not (names and words["period"] in block.text) and not self._dated(renderer, block):
                block.text = _led(self.spec, words["period_lead"], block.text)
            block.window = words["code"]
            out.append(block)
        _footnotes_once(out)
        return out

    def section(
        self, spec: dict[str, Any], level: int, held: dict[Any, list[Block]] | None = None
    ) -> list[Block]:
        """``held``: each window's lines of figures not consolidated, by section (``Renderer.section``)."""
        if len(self.renderers) == 1:
            return self.renderers[0].section(spec, level, held)
        body = [b for item in spec.get("items", []) for b in self.item(item)]
        for child in spec.get("sections", []):
            body.extend(self.section(child, level + 1, held))
        body = with_held(body, (held or {}).get(id(spec), []), spec.get("required", False))
        if not body:
            return []
        heading = self.renderers[-1].text(spec["heading"]) or spec["heading"]
        return [Block("heading", heading, level=level), *body]


def _window_lines(spec: dict[str, Any], datas: list[report_data.ReportData], wording) -> list[Block]:
    """ "Số liệu năm 2024 tính từ ngày 15/12/2023 đến ngày 31/10/2024." for each window read on a
    declared data window of its own, with the days it shares with another window
    ("…; từ ngày 15/12/2023 đến ngày 31/12/2023 cũng thuộc năm 2023.")."""
    out = []
    for data in datas:
        if data.window is None:
            continue
        words = period_words(data.period, wording) | {
            "start": format_date(data.window.start),
            "end": format_date(data.window.end),
        }
        text = Renderer(None, words).text(spec["window_line"])
        for other in datas:
            span = other.data_window
            first, last = max(span.start, data.window.start), min(span.end, data.window.end)
            if other is data or first > last or not spec.get("window_overlap") or not text:
                continue
            shared = {"start": format_date(first), "end": format_date(last), "other": other.period.label_vi}
            text = text.removesuffix(".") + (Renderer(None, shared).text(spec["window_overlap"]) or "")
        if text:
            out.append(Block("paragraph", text))
    return out


def _dti_blocks(
    spec: dict[str, Any], unit: Unit, periods: Period | PeriodSet, words: dict[str, str]
) -> list[Block]:
    """The unit's DTI result of each year the windows report on (a year, else the year before)."""
    windows = periods.windows if isinstance(periods, PeriodSet) else (periods,)
    years = sorted({w.year if w.kind == "year" else w.year - 1 for w in windows})
    heading: Block | None = None
    lines: list[Block] = []
    for year in years:
        blocks = dti_blocks(spec, unit, Period.of("year", year), words)
        if blocks:
            heading = heading or blocks[0]
            lines.extend(b for b in blocks[1:] if b.text not in {x.text for x in lines})
    return [heading, *lines] if heading else []


def _trend_chart(
    doc: OfficialDocument, datas: list[report_data.ReportData], codes: list[str], label: str, wording
) -> None:
    """The quarterly trend across every window's quarters (quý I/2023 … quý II/2024)."""
    from . import charts

    quarters: list[Period] = []
    points: dict[str, dict[str, Any]] = {}
    for data in datas:
        if data.window is not None:  # read on its own dates: calendar quarters are other windows
            continue
        own = [data.period] if data.period.kind == "quarter" else report_data.series_periods(data.period)
        quarters.extend(own)
        wanted = {q.code for q in own}
        for code in codes:
            for sub, fig in data.series.get(code, []):
                if sub.code in wanted:
                    points.setdefault(code, {})[sub.code] = fig
    if len(quarters) < 2:
        return
    values: dict[str, list[float | None]] = {}
    for code in codes:
        found = points.get(code, {})
        if len(found) >= 2:
            values[datas[-1].catalog[code].name_vi] = [
                float(found[q.code].value) if q.code in found else None for q in quarters
            ]
    if values:
        png = charts.trend([q.label_vi for q in quarters], values, phrase(wording, "trend_title"))
        doc.picture(png, 150, phrase(wording, "trend_caption", period=label))


def _hotspots(
    spec: dict[str, Any], unit: Unit, datas, windows: list[dict[str, str]], multi: dict[str, Any]
) -> dict[str, list[Block]]:
    """The offline hot spots of each window under "Khó khăn, hạn chế", each list led by its window."""
    out: list[Block] = []
    for data, words in zip(datas, windows, strict=True):
        blocks = hotspot_blocks(spec, unit, data).get("kho_khan", [])
        if blocks:
            blocks[0].text = _led(multi, words["period_lead"], blocks[0].text)
            for b in blocks:
                b.window = words["code"]
            out.extend(blocks)
    return {"kho_khan": out} if out else {}


def _per_window(template: str, parts: list[tuple[str, str]], windows: int) -> str:
    """The target once when every one of the ``windows`` has the same, else each with its window:
    "năm 2023: 80%; 6 tháng đầu năm 2024: 85%", "6 tháng đầu năm 2024: 80%" (a target of one window
    only is not printed as if it held for the others)."""
    if not parts:
        return ""
    if len(parts) == windows and len({text for _, text in parts}) == 1:
        return parts[0][1]
    return "; ".join(
        Renderer(None, {"label": label, "text": text}).text(template) or text for label, text in parts
    )


def _appendix(
    doc: OfficialDocument,
    datas,
    labels: list[str],
    number: str,
    title: str,
    of_report: str,
    spec,
    wording=None,
) -> list[list[str]]:
    """Phụ lục I: each indicator the report used, one column per window, the target and verdict
    of each window (said once when every window has the same)."""
    catalog = datas[-1].catalog
    order = catalog.codes()
    used = sorted({c for d in datas for c in d.used if c in order}, key=order.index)
    template = spec.get("per_window", "{label}: {text}")
    rows: list[list[str]] = []
    disagreeing: list[str] = []  # notes under the table: totals their own parts contradict
    for code in used:
        figures = [d.figures.get(code) for d in datas]
        shown = next((f for f in figures if f is not None), None)
        if shown is None or shown.definition.kind in ("boolean", "text"):
            continue
        goals, verdicts = [], []
        for data, label in zip(datas, labels, strict=True):
            result = data.target(code)
            if result is not None:
                goals.append((label, goal_text(data.targets[code])))
            verdicts.append(verdict(wording, None if result is None else result.met))
        d = shown.definition
        cells = [show_value(f, with_unit=False) if f is not None else "" for f in figures]
        for i, (data, label, f) in enumerate(zip(datas, labels, figures, strict=True)):
            of = label if len(datas) > 1 else ""
            note = disagreeing_total_note(data, f, wording, of) if f is not None else ""
            if note:  # printed as stored, marked, and said under the table (with its window)
                cells[i] += phrase(wording, "total_disagrees_mark")
                disagreeing.append(note)
        rows.append(
            [
                str(len(rows) + 1),
                d.name_vi,
                display_unit(d) if d.kind == "amount" else d.unit_vi,
                *cells,
                _per_window(template, goals, len(datas)),
                *verdicts,
            ]
        )
    if not rows:
        return []
    n = len(datas)
    # 252 mm: the landscape width inside the margins; the names get what the columns leave
    unit_mm, value_mm, goal_mm, verdict_mm = (24, 26, 28, 22) if n <= 2 else (20, 22, 24, 18)
    fixed = 12 + unit_mm + (value_mm + verdict_mm) * n + goal_mm
    doc.appendix(number, [title], of_report)
    doc.data_table(
        [
            "Stt",
            "Chỉ tiêu",
            "Đơn vị tính",
            *labels,
            "Chỉ tiêu giao",
            *[f"Đánh giá {label}" for label in labels],
        ],
        rows,
        [12, 252 - fixed, unit_mm, *[value_mm] * n, goal_mm, *[verdict_mm] * n],
        numeric_from=3,
        centered=(2, 3 + n, *range(4 + n, 4 + 2 * n)),
        font_pt=None if n <= 2 else 11,
    )
    for note in disagreeing:
        doc.paragraph(note)
    return rows


def _training_appendix(
    doc: OfficialDocument, datas, labels: list[str], spec, of_report: str, wording=None
) -> list[list[str]]:
    """Phụ lục II: the sample's table once per window; over several windows each under its
    window's label with its own total (three columns of a window side by side with another's would
    not fit the sample's headers on a page). Returns every table's rows, each total row last."""
    tables = [
        (label, t) for d, label in zip(datas, labels, strict=True) if (t := training_table(d, spec, wording))
    ]
    if not tables:
        return []
    doc.appendix(spec["number"], spec["title"], of_report)
    out: list[list[str]] = []
    for label, (rows, total) in tables:
        if len(datas) > 1:  # one period: the sample's table as it is
            doc.table_caption(label)
        doc.data_table(spec["columns"], rows, TRAINING_WIDTHS, total=total)
        out.extend([*rows, total])
    return out


def _held_lines(
    sections: dict[str, Any],
    spec: dict[str, Any],
    withheld: list[list[report_data.Figure]],
    windows: list[dict[str, str]],
    multi: dict[str, Any] | None,
    bullet: str,
) -> dict[int | None, list[Block]]:
    """The lines of the figures not consolidated (``spec["withheld"]``), by the section of
    ``sections`` that would have stated each (``parts.withheld_by_section``: a dossier rate under
    the dossier one); over several windows (``multi``) each window's led by it."""
    held: dict[int | None, list[Block]] = {}
    for figures, w in zip(withheld, windows, strict=True):
        for where, group in withheld_by_section(sections, figures).items():
            text = coverage.withheld_line(spec, group)
            if text:
                text = _led(multi, w["period_lead"], text) if multi is not None else text
                window = w["code"] if multi is not None else ""
                held.setdefault(where, []).append(Block("paragraph", text, window=window, bullet=bullet))
    return held


def unit_report(
    kind: str, unit: Unit, periods: Period | PeriodSet, options: Any, source: Any = None
) -> BuiltReport:
    """The periodic or training report of ``unit`` over one period or every window of ``periods``
    (see the module). One period is the report of one window: its sentences as they are (no
    window leads), ``--window`` allowed, the indicator appendix with the previous period's column,
    the quarterly trend chart, Phụ lục II without a caption."""
    wording = load_wording(options.wording)
    spec = wording[kind]
    multi = wording.get("multi") or load_wording()["multi"]
    several = isinstance(periods, PeriodSet)
    periods_read = list(periods.windows) if isinstance(periods, PeriodSet) else [periods]
    one_window = None if several else options.window  # --window: one period's own dates
    codes, series = report_codes(kind, wording)
    datas = [
        report_data.load(
            unit,
            w,
            codes,
            series_codes=series,
            source=source,
            window=report_window(unit, w, one_window),
            include_unapproved=options.include_unapproved,
        )
        for w in periods_read
    ]
    withheld = [coverage.gate_figures(d) for d in datas]  # a district's roll-ups: "n/N xã", or withheld
    last = datas[-1]
    letterhead = letterhead_for(unit, periods_read[-1], options, wording, last.data_window.end)
    base = unit_words(unit) | issuer_words(letterhead, wording, unit)
    whole = period_words(periods, wording)
    windows = [period_words(w, wording) | {"code": w.code, "label": w.label_vi} for w in periods_read]
    renderers = [
        Renderer(
            d,
            base | words | {"year": str(d.period.year)} | known_words(unit, d.data_window, d.period.year),
            wording,
        )
        for d, words in zip(datas, windows, strict=True)
    ]
    words = base | whole | {"year": str(periods.year)}
    if several:
        renderer = Renderer(last, words, wording)
    else:
        renderer = renderers[0]
        renderer.context |= plan_words(unit, periods_read[0])  # "{next_tasks}" of the subject
        renderer.once_per_section = True  # "(… 14/14 xã)" once in each section's lead

    sections = MultiRenderer(renderers, windows, whole, multi)
    doc, mark, subject, blocks = _opening(letterhead, options, renderer, spec, datas, wording, multi, several)
    periodic = kind == "periodic"
    held = _held_lines(spec, spec, withheld, windows, multi if several else None, "" if periodic else "-")
    results = [
        b for s in spec["sections"] for b in sections.section(s, level=2 if periodic else 1, held=held)
    ]
    if periodic:
        results.extend(_dti_blocks(spec, unit, periods, words))
    results.extend(held.get(None, []))  # a figure no section would have stated
    if results and periodic:
        blocks.append(Block("heading", renderer.text(spec["results_heading"]) or "", level=1))
    blocks.extend(results)
    blocks = without_repeats(blocks)
    emit(doc, blocks)
    if options.charts and periodic:
        # a rate the text withholds (too few units reported it) is not drawn either: the chart
        # would show the very figure the sentence above it refuses to consolidate
        held_codes = {f.definition.code for figures in withheld for f in figures}
        drawn = [c for c in spec.get("chart_codes", []) if c not in held_codes]
        if several:
            _trend_chart(doc, datas, drawn, whole["period"], wording)
        else:
            trend_chart(doc, last, drawn, wording)
    if several:
        generated = _hotspots(spec, unit, datas, windows, multi)
    else:
        generated = hotspot_blocks(spec, unit, last)
    tail = narrative_blocks(unit, periods, spec, wording, generated)
    emit(doc, tail)
    closing(doc, wording, words, subject)
    doc.recipients_and_signature()
    built = BuiltReport(doc, last, blocks + tail)
    _windows_recorded(built, periods_read, datas, several)
    labels = [w["label"] for w in windows]
    rows: list[list[str]] = []
    if periodic:
        if several:
            title = f"Số liệu chuyển đổi số {whole['period']}"
            rows = _appendix(doc, datas, labels, "I", title, of_report(letterhead, words), multi, wording)
        else:
            rows = indicator_appendix(doc, last, "I", letterhead, words, wording)
        if rows:
            built.appendix_rows["indicators"] = rows
    elif "appendix" in spec:
        training = _training_appendix(
            doc, datas, labels, spec["appendix"], of_report(letterhead, words), wording
        )
        if training:
            built.appendix_rows["training"] = training
    # after the appendices (they use values too); an official report reads none
    number = ("II" if rows else "I") if periodic else "IV"
    return _closing_parts(built, mark, datas, None, number, letterhead, words, options, wording, several)


def consolidated_report(unit: Unit, periods: Period | PeriodSet, options: Any) -> BuiltReport:
    """The consolidated report of ``unit`` over one period or every window of ``periods``: each
    window's units read on one data window (``builders.consolidated_window``: --window for one
    period, else the scope's declared one, else the window), its reporting summary and roll-up
    sentences (said with the window when there are several), and Phụ lục I with one units table
    per window (a table of the units × six indicators × several windows would not fit a page),
    each under its window's label with its own total. One period is this report with one window."""
    wording = load_wording(options.wording)
    spec = wording["consolidated"]
    multi = wording.get("multi") or load_wording()["multi"]
    several = isinstance(periods, PeriodSet)
    periods_read = periods.windows if isinstance(periods, PeriodSet) else [periods]
    one_window = None if several else options.window  # --window: one period's own dates
    children = consolidated_children(unit, periods_read[0].start)
    last_period = periods_read[-1]
    end = report_window(unit, last_period, one_window).end  # the date line: the end of the last window's data
    letterhead = letterhead_for(unit, last_period, options, wording, end)
    base = unit_words(unit) | issuer_words(letterhead, wording, unit)
    parts, windows = [], []
    for read in periods_read:
        words = period_words(read, wording) | {"code": read.code, "label": read.label_vi}
        windows.append(words)
        parts.append(consolidated_window(unit, read, options, wording, children, base | words, one_window))
    datas = [p.data for p in parts]
    last = datas[-1]
    whole = period_words(periods, wording)
    words = base | whole | {"year": str(periods.year)}

    def led(w: dict[str, str], text: str) -> str:  # one window: the sentence as it is
        return _led(multi, w["period_lead"], text) if several else text

    if several:
        children_level = "cấp huyện" if children[0].level == "district" else "cấp xã"
        renderer = Renderer(last, words | {"children_level": children_level}, wording)
    else:
        renderer = parts[0].renderer  # its intro says "tổng hợp từ số liệu của n đơn vị"
        renderer.once_per_section = True  # "(… 96/96 xã)" once in each section's lead
    sections = MultiRenderer([p.renderer for p in parts], windows, whole, multi)
    # over several windows the intro's units reporting are said per window (the summary)
    doc, mark, subject, blocks = _opening(letterhead, options, renderer, spec, datas, wording, multi, several)
    summary: list[Block] = []
    for part, w in zip(parts, windows, strict=True):
        if part.other_windows:
            blocks.append(Block("paragraph", led(w, part.other_windows), window=w["code"] if several else ""))
        for block in part.summary:
            if several:
                if w["period"] not in block.text:  # "Có 2/14 đơn vị … đã có số liệu năm 2023" says it
                    block.text = led(w, block.text)
                block.window = w["code"]
            summary.append(block)
    if summary:
        blocks.append(Block("heading", phrase(wording, "reporting_heading"), level=1))
        blocks.extend(summary)
    # the figures not consolidated, under the section that would have stated each
    withheld = [p.withheld for p in parts]
    held = _held_lines(wording["periodic"], spec, withheld, windows, multi if several else None, "")
    results = [b for s in wording["periodic"]["sections"] for b in sections.section(s, level=2, held=held)]
    results.extend(held.get(None, []))  # a figure no section would have stated
    if results:
        heading = phrase(wording, "consolidated_results_heading", period=whole["period"])
        blocks.append(Block("heading", heading, level=1))
        blocks.extend(results)
    blocks = without_repeats(blocks)
    emit(doc, blocks)
    if options.charts:
        for part, w in zip(parts, windows, strict=True):
            units_chart(doc, part, children, w["label"], wording)
    tail = narrative_blocks(unit, periods, spec, wording)
    emit(doc, tail)
    closing(doc, wording, words, subject)
    doc.recipients_and_signature()
    title = phrase(wording, "consolidated_appendix_title", period=whole["period"])
    doc.appendix("I", [title], of_report(letterhead, words))
    rows: list[list[str]] = []
    for part, w in zip(parts, windows, strict=True):
        headers, widths = units_table_headers(spec, part.engine.catalog)
        if several:
            doc.table_caption(w["label"])
        doc.data_table(headers, part.table_rows, widths, total=part.total)
        rows.extend([*part.table_rows, part.total])
    built = BuiltReport(doc, last, blocks + tail, {"units": rows})
    _windows_recorded(built, periods_read, datas, several)
    codes = [*spec["table_codes"], *spec["completeness_codes"]]
    return _closing_parts(built, mark, datas, codes, "II", letterhead, words, options, wording, several)


def _opening(
    letterhead: Any,
    options: Any,
    renderer: Renderer,
    spec: dict[str, Any],
    datas: list[report_data.ReportData],
    wording: dict[str, Any],
    multi: dict[str, Any],
    several: bool,
) -> tuple[OfficialDocument, Any, str, list[Block]]:
    """What every report of this module opens with: the header table, the DỰ THẢO mark when
    unapproved values may be read (taken out again by ``_closing_parts`` when none was), the
    title, the introduction and the data window line(s)."""
    doc = OfficialDocument(letterhead)
    doc.header_table()
    mark = doc.draft_mark() if options.include_unapproved else None
    subject = renderer.text(spec["subject"]) or spec["subject"]
    doc.title("Báo cáo", [subject])
    blocks: list[Block] = []
    intro = renderer.text(spec["intro"]) if spec.get("intro") else None
    if intro:
        blocks.append(Block("paragraph", intro))
    blocks.extend(_window_lines(multi, datas, wording) if several else window_line(datas[-1], wording))
    return doc, mark, subject, blocks


def _windows_recorded(
    built: BuiltReport, periods_read: Sequence[Period], datas: list[report_data.ReportData], several: bool
) -> None:
    """A report over several windows keeps each window's data and records the windows in the file."""
    if several:
        built.window_data = {w.code: d for w, d in zip(periods_read, datas, strict=True)}
        built.properties = {WINDOWS_PROPERTY: json.dumps([w.code for w in periods_read])}


def _closing_parts(
    built: BuiltReport,
    mark: Any,
    datas: list[report_data.ReportData],
    codes: list[str] | None,
    number: str,
    letterhead: Any,
    words: dict[str, str],
    options: Any,
    wording: dict[str, Any],
    several: bool,
) -> BuiltReport:
    """What every report of this module ends with, after its appendices (they read values too): a
    draft's appendix of the values it read that are not approved (an official report reads none,
    and a draft that read none loses its DỰ THẢO mark), the provenance and the file's properties."""
    doc = built.document
    unapproved = (
        [] if mark is None else list(dict.fromkeys(r for d in datas for r in d.unapproved(codes or ())))
    )
    built.draft = bool(unapproved)
    if mark is not None and not unapproved:
        mark._p.getparent().remove(mark._p)
    if unapproved:
        built.appendix_rows["unapproved"] = unapproved_appendix(doc, unapproved, number, letterhead, words)
    provenance(built, datas if several else datas[-1], letterhead, words, options.provenance)
    _own_coverage_words(built, wording)
    if built.properties:
        set_custom_properties(doc.doc, built.properties)
    return built


def _own_coverage_words(built: BuiltReport, wording: dict[str, Any]) -> None:
    """A wording with its own ``coverage_notes`` or fixed phrases: the file records them, so the
    check (in the build and `cds report check FILE`) knows the words that say whose figures a
    sentence states, the window line, the total rows and the verdicts."""
    forms = coverage_forms(wording)
    if forms != coverage_forms():  # the bundled words: nothing to record
        built.properties[COVERAGE_PROPERTY] = json.dumps(forms, ensure_ascii=False)
    words = checked_words(wording)
    if words != checked_words(None):
        built.properties[FIXED_PROPERTY] = json.dumps(words, ensure_ascii=False)
