"""The report types: what goes into each, in what order, from which data and wording.

``build_report(kind, unit, period, options)`` is the one entry point the CLI, the web view, the
batch and the tests call; it returns the finished ``OfficialDocument`` plus the data it quoted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cds.catalog.formatting import display_unit, format_value
from cds.catalog.targets import evaluate, goal_text, targets_for
from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, check_data_period, parse_period
from cds.lib.vn_dates import format_date
from cds.units.models import Unit
from cds.units.services import unit_order
from cds.values.rollup import Rollup
from cds.values.services import allowed_years

from . import coverage, issuers
from . import data as report_data
from .availability import missing
from .data import show_value
from .issuers import FrontMatter, unit_words
from .known import hotspot_lines, known_words
from .layout import CAPTION_MM, Letterhead, OfficialDocument
from .narrative import EMPTY_SECTION, next_period, paragraphs, sections_for
from .windows import report_window
from .wording import (
    Block,
    Renderer,
    load_wording,
    other_windows_line,
    period_words,
    without_repeats,
    wording_codes,
)

KINDS = ("periodic", "training", "consolidated", "dti")
KIND_LABELS = {
    "periodic": "Báo cáo kết quả chuyển đổi số",
    "training": "Báo cáo bồi dưỡng, tập huấn kỹ năng số (Phụ lục II)",
    "consolidated": "Báo cáo tổng hợp các đơn vị trực thuộc",
    "dti": "Báo cáo kết quả chỉ số DTI",
}


PROVENANCE = ("none", "separate", "comments")


@dataclass
class ReportOptions:
    # the front matter: None leaves each to the unit's stored defaults (issuers.IssuerProfile),
    # else to what the unit implies (its UBND, KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, the date the data end)
    number: int | str | None = None
    date: dt.date | None = None
    issuer: str | None = None  # "Phòng Văn hóa và Thông tin"; default the unit's UBND
    governing_body: str | None = None  # the letterhead's upper line: "UBND huyện Sơn Hà"
    symbol: str | None = None  # ký hiệu: "BC-UBND", "BC-PVHTT"
    sign_form: str | None = None  # TM / KT / TL / TUQ / Q / "" (own title)
    on_behalf: str | None = None  # "CHỦ TỊCH", "ỦY BAN NHÂN DÂN" (TM.)
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: list[str] | None = None
    # the internal provenance (CSV files, rows, codes) is not part of the official file: "none";
    # "separate" writes it to a second DOCX (BuiltReport.provenance_docx), "comments" as Word comments
    provenance: str = "none"
    charts: bool = True
    wording: str | None = None
    window: Period | None = None  # a data window for this build (else the declared one, else the period)
    include_unapproved: bool = False  # also unapproved values: the report is then a DỰ THẢO
    check: bool = True  # read the DOCX back and refuse it if it contradicts itself (check.py)

    def front(self) -> FrontMatter:
        return FrontMatter(
            issuer=self.issuer,
            governing_body=self.governing_body,
            number=self.number,
            symbol=self.symbol,
            date=self.date,
            sign_form=self.sign_form,
            on_behalf=self.on_behalf,
            signer_title=self.signer_title,
            signer_name=self.signer_name,
            recipients=self.recipients,
        )


@dataclass
class BuiltReport:
    document: OfficialDocument
    data: report_data.ReportData | None
    blocks: list[Block] = field(default_factory=list)
    appendix_rows: dict[str, list[list[str]]] = field(default_factory=dict)
    draft: bool = False  # built with unapproved values: "DỰ THẢO"
    check: Any = None  # the check.CheckResult of the finished document
    checked: bytes | None = None  # the DOCX exactly as checked (what is written)
    provenance_docx: bytes | None = None  # --provenance separate: the internal sources, apart
    # a report over several windows (multi.py): each window's data, by window code (``data`` is the last)
    window_data: dict[str, report_data.ReportData] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties (check.py)

    def to_bytes(self) -> bytes:
        """The DOCX: the checked bytes when the check ran (so what is written is what was checked)."""
        return self.checked if self.checked is not None else self.document.to_bytes()

    def save(self, path: Any) -> list[Path]:
        """Writes the report, and with ``--provenance separate`` "<name>-nguon-so-lieu.docx" beside it."""
        path = Path(path)
        path.write_bytes(self.to_bytes())
        written = [path]
        if self.provenance_docx is not None:
            apart = provenance_path(path)
            apart.write_bytes(self.provenance_docx)
            written.append(apart)
        return written

    @property
    def narrative(self) -> str:
        """The generated text, one block a line (what the golden tests compare)."""
        return "\n".join(
            ("#" * b.level + " " if b.kind == "heading" else b.bullet + " " if b.bullet else "")
            + b.text
            + "".join(f" [^{n}]" for n in b.footnotes)
            for b in self.blocks
        )


def provenance_path(report: Path) -> Path:
    return report.with_name(f"{report.stem}-nguon-so-lieu{report.suffix}")


def letterhead_for(
    unit: Unit, period: Period, options: ReportOptions, wording: dict[str, Any], end: dt.date | None = None
) -> Letterhead:
    """The front matter of a report whose data end on ``end`` (default the period's end)."""
    if options.provenance not in PROVENANCE:
        raise InputError(
            f"--provenance phải là một trong {', '.join(PROVENANCE)}: {options.provenance}",
            f"--provenance must be one of {', '.join(PROVENANCE)}: {options.provenance}",
        )
    return issuers.letterhead_for(unit, end or period.end, options.front(), wording)


def issuer_words(
    letterhead: Letterhead, wording: dict[str, Any] | None = None, unit: Unit | None = None
) -> dict[str, str]:
    """ "{issuer}" of the wording as the letterhead names it ("UBND xã Tịnh Châu", "Phòng Văn hóa
    và Thông tin"), and the subjects of the sentences by the kind of issuer (wording
    ``defaults.voice``): a UBND speaks of itself ("UBND xã đã ban hành …"), a department of the
    UBND in the third person ("UBND huyện Sơn Hà đã ban hành …") and of itself by its name."""
    words = {"issuer": issuers.UBND.sub("UBND", letterhead.issuer, count=1)}
    voices = (wording or {}).get("defaults", {}).get("voice", {})
    kind = "ubnd" if issuers.UBND.match(letterhead.issuer) else "department"
    if unit is not None and kind in voices:
        context = unit_words(unit) | words
        words |= {name: template.format(**context) for name, template in voices[kind].items()}
    return words


def plan_words(unit: Unit, period: Period) -> dict[str, str]:
    """ "{next_tasks}": the period after the report's ("năm 2023") when the unit has written its
    phương hướng for it — the subject then names it, as sample 003's title does."""
    if not sections_for(unit, period).get("phuong_huong"):
        return {}
    return {"next_tasks": next_period(period).label_vi}


def sections_with_withheld(
    spec: dict[str, Any], sections: list[list[Block]], held: list[Block]
) -> list[Block]:
    """The report's sections (each its blocks) with the figures not consolidated (``held``: the
    ``withheld`` lines) at the end of the section the wording names (``withheld_in``; given its
    heading when the data said nothing else in it), else after the last section."""
    out: list[Block] = []
    for section_spec, blocks in zip(spec["sections"], sections, strict=True):
        if held and section_spec["heading"] == spec.get("withheld_in"):
            blocks = (blocks or [Block("heading", section_spec["heading"], level=1)]) + held
            held = []
        out.extend(blocks)
    return out + held


def _emit(doc: OfficialDocument, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "heading":
            doc.heading(block.level, block.text)
        else:
            doc.paragraph(block.text, block.footnotes, block.bullet)


def _narrative_blocks(
    unit: Unit,
    period: Period,
    spec: dict[str, Any],
    wording: dict[str, Any],
    generated: dict[str, list[Block]] | None = None,
) -> list[Block]:
    """The unit-written sections in order: assessment (1., 2., …) then one heading each for the tail;
    ``generated``: what the data says in a section (the offline hot spots under "hạn chế"), first.
    A section the unit left empty (and the data say nothing in) is the placeholder ``EMPTY_SECTION``."""
    after = {"next_period": next_period(period).label_vi}  # "Phương hướng, nhiệm vụ năm 2023"
    labels = {k: v.format(**after) for k, v in wording.get("narrative_kinds", {}).items()}
    texts = sections_for(unit, period)
    generated = generated or {}
    blocks: list[Block] = []

    def written(kind: str) -> list[Block]:
        own = [Block("paragraph", t, bullet=b) for b, t in paragraphs(texts.get(kind, ""))]
        if not own and not generated.get(kind):  # left empty: a visible placeholder, never a gap
            own = [Block("paragraph", EMPTY_SECTION)]
        return generated.get(kind, []) + own

    assessment = spec.get("assessment", [])
    if assessment:
        blocks.append(Block("heading", spec.get("assessment_heading", "Đánh giá chung"), level=1))
        for kind in assessment:
            blocks.append(Block("heading", labels.get(kind, kind), level=2))
            blocks.extend(written(kind))
    for kind in spec.get("tail", []):
        blocks.append(Block("heading", labels.get(kind, kind), level=1))
        blocks.extend(written(kind))
    return blocks


def _dti_blocks(spec: dict[str, Any], unit: Unit, period: Period, words: dict[str, str]) -> list[Block]:
    """The unit's own DTI result in a periodic report: the period's year (a year period), else the
    year before (the latest full year); nothing when the unit has no result (wording ``dti_section``)."""
    section = spec.get("dti_section")
    if not section:
        return []
    from .dti_report import own_result_words

    year = period.year if period.kind == "year" else period.year - 1
    context = own_result_words(unit, year)
    if not context:
        return []
    renderer = Renderer(None, words | context)
    lines = [b for b in (renderer.item(t) for t in section["items"]) if b]
    return [Block("heading", section["heading"], level=2), *lines] if lines else []


def _hotspot_blocks(spec: dict[str, Any], unit: Unit, data: report_data.ReportData) -> dict[str, list[Block]]:
    """ "Khó khăn, hạn chế": the offline hot spots with their counts (wording ``hotspots_intro``)."""
    intro = spec.get("hotspots_intro")
    lines = hotspot_lines(unit, data.data_window, data.figures) if intro else []
    if not lines:
        return {}
    ends = [";"] * (len(lines) - 1) + ["."]  # "- …;" and the last "- … ."
    items = [Block("paragraph", text + end, bullet="-") for text, end in zip(lines, ends, strict=True)]
    return {"kho_khan": [Block("paragraph", intro), *items]}


def _closing(doc: OfficialDocument, wording: dict[str, Any], words: dict[str, str], subject: str) -> None:
    template = wording.get("defaults", {}).get("closing", "{issuer} kính báo cáo./.")
    doc.closing(template.format(subject_lower=subject[:1].lower() + subject[1:], **words))


def _of_report(letterhead: Letterhead, words: dict[str, str]) -> str:
    number = letterhead.number_text.removeprefix("Số: ").strip()
    date = f" ngày {letterhead.date_short}" if letterhead.date else ""
    return f"(Kèm theo Báo cáo số {number}{date} của {words['issuer']})"


def _period_cell(code: str) -> str:
    """ "năm 2024", "quý III/2023", a window as "15/12/2023 – 31/10/2024" (not the raw code)."""
    try:
        period = parse_period(code)
    except InputError:
        return code
    if period.kind == "range":
        return f"{format_date(period.start)} – {format_date(period.end)}"
    return period.label_vi


PROVENANCE_HEADERS = ["Stt", "Chỉ tiêu", "Giá trị", "Kỳ số liệu", "Nguồn", "Tham chiếu", "Lô nhập"]
PROVENANCE_WIDTHS = [10, 80, 22, 28, 24, 46, 42]  # 10 pt: a file name and its row ("… dòng 85") on one line


def _provenance(
    built: BuiltReport,
    data: report_data.ReportData | list[report_data.ReportData],
    letterhead: Letterhead,
    words: dict[str, str],
    mode: str,
) -> None:
    """The internal provenance (source files, rows, import batches) apart from the official text
    (of every window's data, for a report over several):
    ``separate`` → ``built.provenance_docx``, a second DOCX; ``comments`` → Word comments on the
    indicator appendix rows (the rest on the title); ``none`` → nothing."""
    if mode == "none":
        return
    records = [p for d in (data if isinstance(data, list) else [data]) for p in d.provenance()]
    rows = [
        [str(i), p.name, p.shown, _period_cell(p.period), p.source_kind, p.source_ref, p.batch]
        for i, p in enumerate(records, 1)
    ]
    if not rows:
        return
    built.appendix_rows["provenance"] = rows
    if mode == "separate":
        sheet = OfficialDocument(letterhead)
        sheet.sheet(
            ["Nguồn gốc số liệu sử dụng trong báo cáo"],
            _of_report(letterhead, words) + " — tài liệu nội bộ, không kèm văn bản ban hành",
        )
        sheet.data_table(
            PROVENANCE_HEADERS, rows, PROVENANCE_WIDTHS, numeric_from=99, numeric=(2,), font_pt=10
        )
        built.provenance_docx = sheet.to_bytes()
        return
    built.document.provenance_comments(
        [
            (
                row[1],
                "; ".join(f"{h}: {v}" for h, v in zip(PROVENANCE_HEADERS[2:], row[2:], strict=True) if v),
            )
            for row in rows
        ]
    )


def _indicator_appendix(
    doc: OfficialDocument,
    data: report_data.ReportData,
    number: str,
    letterhead: Letterhead,
    words: dict[str, str],
) -> list[list[str]]:
    rows = []
    for code in sorted(data.used, key=lambda c: data.catalog.codes().index(c)):
        fig = data.figures.get(code)
        if fig is None or fig.definition.kind in ("boolean", "text"):
            continue
        before = data.previous.get(code)
        result = data.target(code)
        rows.append(
            [
                str(len(rows) + 1),
                fig.definition.name_vi,
                display_unit(fig.definition) if fig.definition.kind == "amount" else fig.definition.unit_vi,
                show_value(fig, with_unit=False),
                show_value(before, with_unit=False) if before and code not in data.windows else "",
                "" if result is None else goal_text(data.targets[code]),  # type: ignore[arg-type]
                "" if result is None else ("Đạt" if result.met else "Chưa đạt"),
            ]
        )
    if rows:
        doc.appendix(number, [f"Số liệu chuyển đổi số {data.period.label_vi}"], _of_report(letterhead, words))
        doc.data_table(
            [
                "Stt",
                "Chỉ tiêu",
                "Đơn vị tính",
                data.period.label_vi,
                data.period.previous().label_vi,
                "Chỉ tiêu giao",
                "Đánh giá",
            ],
            rows,
            [12, 101, 28, 30, 30, 28, 23],  # 252 mm: the landscape width inside the margins
            numeric_from=3,
            centered=(2, 6),
        )
    return rows


def _unapproved(
    doc: OfficialDocument, data: report_data.ReportData, mark: Any, codes: Iterable[str] = ()
) -> list[tuple[str, str, str, str]]:
    """The values not approved among those the finished report read (``data.used`` and ``codes``);
    the "DỰ THẢO" placed under the letterhead (``mark``) stays only when there are some."""
    if mark is None:
        return []
    unapproved = data.unapproved(codes)
    if not unapproved:
        mark._p.getparent().remove(mark._p)
    return unapproved


def _window_line(data: report_data.ReportData) -> list[Block]:
    """ "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024." when the window is not the period."""
    if data.window is None:
        return []
    w = data.window
    return [Block("paragraph", f"Số liệu tính từ ngày {format_date(w.start)} đến ngày {format_date(w.end)}.")]


def _unapproved_appendix(
    doc: OfficialDocument,
    unapproved: list[tuple[str, str, str, str]],
    number: str,
    letterhead: Letterhead,
    words: dict[str, str],
) -> list[list[str]]:
    """The values a DỰ THẢO includes that are not approved: indicator, unit, period, status."""
    rows = [[str(i), *row] for i, row in enumerate(unapproved, 1)]
    doc.appendix(number, ["Số liệu chưa được duyệt trong dự thảo"], _of_report(letterhead, words))
    doc.data_table(
        ["Stt", "Chỉ tiêu", "Đơn vị", "Kỳ số liệu", "Trạng thái"],
        rows,
        [12, 110, 60, 40, 30],
        numeric_from=99,
    )
    return rows


def _trend_chart(doc: OfficialDocument, data: report_data.ReportData, codes: list[str]) -> None:
    from . import charts

    series_periods = report_data.series_periods(data.period)
    if len(series_periods) < 2:
        return
    values: dict[str, list[float | None]] = {}
    for code in codes:
        points = dict((p.code, f) for p, f in data.series.get(code, []))
        if len(points) >= 2:
            values[data.catalog[code].name_vi] = [
                float(points[p.code].value) if p.code in points else None for p in series_periods
            ]
    if values:
        png = charts.trend(
            [p.label_vi for p in series_periods], values, "Chỉ số dịch vụ công trực tuyến theo quý"
        )
        doc.picture(png, 150, f"Biểu đồ: chỉ số dịch vụ công trực tuyến theo quý, {data.period.label_vi}")


# --- report types -------------------------------------------------------------------------------


def report_codes(kind: str, wording: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The codes a unit report of ``kind`` quotes and those it needs a quarterly series of."""
    spec = wording[kind]
    codes = set(wording_codes(spec))
    appendix = spec.get("appendix", {})
    codes.update(c for row in appendix.get("rows", []) for c in row["codes"])
    codes.update(appendix.get("totals", []))
    series = list(spec.get("chart_codes", [])) + [
        c for c in codes if "|series}" in str(spec) and c.startswith("dvc.")
    ]
    return sorted(codes), sorted(set(series))


def shared_source(kind: str, scope: Unit, options: ReportOptions | None = None) -> report_data.Source | None:
    """One roll-up source rooted at ``scope`` for every unit report of a batch (None for the
    consolidated and DTI reports, which load their own)."""
    if kind not in ("periodic", "training"):
        return None
    options = options or ReportOptions()
    codes, series = report_codes(kind, load_wording(options.wording))
    return report_data.Source(scope, [*codes, *series], report_data.value_filter(options.include_unapproved))


def _unit_report(
    kind: str, unit: Unit, period: Period, options: ReportOptions, source: report_data.Source | None = None
) -> BuiltReport:
    wording = load_wording(options.wording)
    spec = wording[kind]
    words = unit_words(unit) | period_words(period, wording) | {"year": str(period.year)}
    codes, series = report_codes(kind, wording)
    data = report_data.load(
        unit,
        period,
        codes,
        series_codes=series,
        source=source,
        window=report_window(unit, period, options.window),
        include_unapproved=options.include_unapproved,
    )
    withheld = coverage.gate_figures(data)  # a district's roll-ups: "theo số liệu của n/N xã", or withheld
    letterhead = letterhead_for(unit, period, options, wording, (data.window or period).end)
    words |= issuer_words(letterhead, wording, unit)
    renderer = Renderer(
        data, words | known_words(unit, data.data_window, period.year) | plan_words(unit, period)
    )
    doc = OfficialDocument(letterhead)
    doc.header_table()
    mark = doc.draft_mark() if options.include_unapproved else None
    subject = renderer.text(spec["subject"]) or spec["subject"]
    doc.title("Báo cáo", [subject])
    blocks: list[Block] = []
    if spec.get("intro"):
        intro = renderer.text(spec["intro"])
        if intro:
            blocks.append(Block("paragraph", intro))
    blocks.extend(_window_line(data))
    if kind == "periodic":
        results = [b for s in spec["sections"] for b in renderer.section(s, level=2)]
        results.extend(_dti_blocks(spec, unit, period, words))
        withheld_text = coverage.withheld_line(spec, withheld)
        if withheld_text:
            results.append(Block("paragraph", withheld_text))
        if results:
            blocks.append(Block("heading", renderer.text(spec["results_heading"]) or "", level=1))
            blocks.extend(results)
    else:
        text = coverage.withheld_line(spec, withheld)
        held = [Block("paragraph", text, bullet="-")] if text else []
        blocks.extend(
            sections_with_withheld(spec, [renderer.section(s, level=1) for s in spec["sections"]], held)
        )
    blocks = without_repeats(blocks)
    _emit(doc, blocks)
    if options.charts and kind == "periodic":
        _trend_chart(doc, data, spec.get("chart_codes", []))
    tail = _narrative_blocks(unit, period, spec, wording, _hotspot_blocks(spec, unit, data))
    _emit(doc, tail)
    _closing(doc, wording, words, subject)
    doc.recipients_and_signature()
    built = BuiltReport(doc, data, blocks + tail)
    appendix_no = 1
    if kind == "training" and "appendix" in spec:
        rows = _training_appendix(doc, data, spec["appendix"], letterhead, words)
        if rows:
            built.appendix_rows["training"] = rows
    elif kind == "periodic":
        rows = _indicator_appendix(doc, data, "I", letterhead, words)
        if rows:
            built.appendix_rows["indicators"] = rows
            appendix_no += 1
    unapproved = _unapproved(doc, data, mark)  # after the appendices: they use values too
    built.draft = bool(unapproved)
    if unapproved:
        number = "IV" if kind == "training" else ["I", "II", "III", "IV"][appendix_no - 1]
        built.appendix_rows["unapproved"] = _unapproved_appendix(doc, unapproved, number, letterhead, words)
    _provenance(built, data, letterhead, words, options.provenance)
    return built


def _training_table(
    data: report_data.ReportData, spec: dict[str, Any]
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
    return rows, ["Tổng cộng", "", *totals, "; ".join(notes)]


TRAINING_WIDTHS = [12, 105, 38, 38, 38, 20]


def _training_appendix(
    doc: OfficialDocument,
    data: report_data.ReportData,
    spec: dict[str, Any],
    letterhead: Letterhead,
    words: dict[str, str],
) -> list[list[str]]:
    """Phụ lục II: activities × (officials, team members, residents) with a total row."""
    table = _training_table(data, spec)
    if table is None:
        return []
    rows, total = table
    doc.appendix(spec["number"], spec["title"], _of_report(letterhead, words))
    # the empty "Ghi chú" column of the sample is printed only with a note in it
    doc.data_table(spec["columns"], rows, TRAINING_WIDTHS, total=total)
    return [*rows, total]


def consolidated_children(unit: Unit) -> list[Unit]:
    """The units a consolidated report of ``unit`` tables (its communes or districts), in order."""
    children = sorted(unit.children.filter(era=unit.era).exclude(level="village"), key=unit_order)
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
            missing.append(child.short_name)
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
                verdict = "Đạt" if ok else "Chưa đạt"
        table_rows.append([str(i), child.name, *cells, verdict, f"{present}/{len(completeness)}"])
    total_label, total_cells = coverage.total_row(spec, engine, table_codes, catalog, children)
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
            "missing_list": ", ".join(missing[:15])
            + (f" và {len(missing) - 15} đơn vị khác" if len(missing) > 15 else ""),
        }
    )
    if len(scored) > 1:  # with one unit, "cao nhất" and "thấp nhất" would name it twice
        best = max(scored, key=lambda s: s[1])
        worst = min(scored, key=lambda s: s[1])
        context |= {
            "best_unit": best[0],
            "best_value": format_value(catalog[rate_code], best[1]),
            "worst_unit": worst[0],
            "worst_value": format_value(catalog[rate_code], worst[1]),
        }
    if judged:
        rate_targets = {t.value for c in children if (t := targets_for(c, period.code).get(rate_code))}
        target = format_value(catalog[rate_code], rate_targets.pop()) if len(rate_targets) == 1 else None
        context |= {"met_count": str(met), "judged_count": str(judged)}
        context |= _met_phrase(spec, met, judged, target)
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
    )
    summary = [b for b in (renderer.item({"text": s, "bullet": "-"}) for s in spec["summary"]) if b]
    summary.extend(_kpi_lines(spec, engine, children, period, rate_code))
    withheld_text = coverage.withheld_line(spec, withheld)
    if withheld_text:
        summary.append(Block("paragraph", withheld_text, bullet="-"))
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
    )


def units_chart(doc: OfficialDocument, part: ConsolidatedWindow, children: list[Unit], label: str) -> None:
    """The units' online-dossier rates, best first (split into pictures that fit the page)."""
    from . import charts

    if not part.scored:
        return
    catalog = part.engine.catalog
    target = targets_for(children[0], part.period.code).get(RATE_CODE)
    width, height = doc.text_area_mm()
    parts = charts.comparison(
        [s[0] for s in part.scored],
        [float(s[1]) for s in part.scored],
        f"Tỷ lệ hồ sơ trực tuyến các đơn vị, {label}",
        float(target.value) if target is not None else None,
        format_value(catalog[RATE_CODE], target.value) if target is not None else "",
        width_mm=min(150, width),
        max_height_mm=height - CAPTION_MM - 20,  # room for the caption and a heading line
    )
    caption = f"Biểu đồ: tỷ lệ hồ sơ trực tuyến của các đơn vị trực thuộc, {label}"
    for n, (chunk, png) in enumerate(parts):
        where = ""
        if len(parts) > 1:  # "(thứ 1–32)", "(tiếp theo, thứ 33–64)": places in the best-first order
            where = f" ({'tiếp theo, ' if n else ''}thứ {chunk.start + 1}–{chunk.stop})"
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


def _consolidated(unit: Unit, period: Period, options: ReportOptions) -> BuiltReport:
    wording = load_wording(options.wording)
    spec = wording["consolidated"]
    children = consolidated_children(unit)
    letterhead = letterhead_for(unit, period, options, wording)
    words = unit_words(unit) | period_words(period, wording) | issuer_words(letterhead, wording, unit)
    part = consolidated_window(unit, period, options, wording, children, words, options.window)
    data, renderer = part.data, part.renderer
    doc = OfficialDocument(letterhead)
    doc.header_table()
    mark = doc.draft_mark() if options.include_unapproved else None
    subject = renderer.text(spec["subject"]) or spec["subject"]
    doc.title("Báo cáo", [subject])
    blocks: list[Block] = []
    intro = renderer.text(spec["intro"])
    if intro:
        blocks.append(Block("paragraph", intro))
    blocks.extend(_window_line(data))
    if part.other_windows:
        blocks.append(Block("paragraph", part.other_windows))
    if part.summary:
        blocks.append(Block("heading", "Tình hình báo cáo số liệu của các đơn vị", level=1))
        blocks.extend(part.summary)
    results = [b for s in wording["periodic"]["sections"] for b in renderer.section(s, level=2)]
    if results:
        blocks.append(Block("heading", f"Kết quả triển khai chuyển đổi số {period.label_vi}", level=1))
        blocks.extend(results)
    blocks = without_repeats(blocks)
    _emit(doc, blocks)
    if options.charts:
        units_chart(doc, part, children, period.label_vi)
    tail = _narrative_blocks(unit, period, spec, wording)
    _emit(doc, tail)
    _closing(doc, wording, words, subject)
    doc.recipients_and_signature()
    headers, widths = units_table_headers(spec, part.engine.catalog)
    doc.appendix(
        "I", [f"Kết quả chuyển đổi số của các đơn vị {period.label_vi}"], _of_report(letterhead, words)
    )
    doc.data_table(headers, part.table_rows, widths, total=part.total)
    built = BuiltReport(doc, data, blocks + tail, {"units": [*part.table_rows, part.total]})
    unapproved = _unapproved(doc, data, mark, [*spec["table_codes"], *spec["completeness_codes"]])
    built.draft = bool(unapproved)
    if unapproved:
        built.appendix_rows["unapproved"] = _unapproved_appendix(doc, unapproved, "II", letterhead, words)
    _provenance(built, data, letterhead, words, options.provenance)
    return built


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
        best = max(scored, key=lambda s: s[1])
        worst = min(scored, key=lambda s: s[1])
        line = template if len(scored) > 1 else spec.get("kpi_line_one", template)
        judged = [(c, v) for c, v in scored if code in targets[c.pk]]
        met = sum(1 for c, v in judged if evaluate(targets[c.pk][code], v).met)
        shown = {str(targets[c.pk][code].value) for c, _ in judged}
        context = {
            "kpi": definition.name_vi,
            "best_unit": best[0].short_name,
            "best_value": format_value(definition, best[1]),
            "worst_unit": worst[0].short_name,
            "worst_value": format_value(definition, worst[1]),
        }
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


def build_report(
    kind: str,
    unit: Unit,
    period: Period | PeriodSet,
    options: ReportOptions | None = None,
    source: report_data.Source | None = None,
) -> BuiltReport:
    """One report, of one period or of several windows (a ``PeriodSet``: "năm 2023 và 6 tháng đầu
    năm 2024", multi.py). ``source``: a roll-up source shared by a batch (``shared_source``),
    rooted at a unit above ``unit``; by default the report loads its own."""
    options = options or ReportOptions()
    if kind not in KINDS:
        raise InputError(
            f"Loại báo cáo không hợp lệ: {kind} (chọn một trong {', '.join(KINDS)})",
            f"Unknown report type: {kind} (one of {', '.join(KINDS)})",
        )
    several = isinstance(period, PeriodSet)
    if several:
        from .multi import check_windows

        check_windows(unit, period, kind, options)
    # no figure exists outside the data years (a URL or a stored code "9999" must not reach the builders)
    for window in period.windows if several else [period]:
        check_data_period(window, allowed_years())
    # a period without a figure is refused here, where every build passes (web, CLI, batch)
    empty = missing(unit, period, kind, options.include_unapproved, options.window)
    if empty is not None:
        raise empty
    if several:
        from .multi import build_multi

        if kind == "consolidated":
            from .multi import build_multi_consolidated

            built = build_multi_consolidated(unit, period, options)
        else:
            built = build_multi(unit, period, options, source, kind)
    elif kind == "dti":
        from .dti_report import build_dti

        built = build_dti(unit, period, options)
    elif kind == "consolidated":
        built = _consolidated(unit, period, options)
    else:
        built = _unit_report(kind, unit, period, options, source)
    if options.check:
        from .check import verify

        verify(built)
    return built
