"""The parts every report is built from: the options, the built report, the letterhead and front
matter words, the narrative sections, the closing, the provenance table and the appendices of
unapproved values and indicators. The report kinds (``builders``, ``multi``, ``dti_report``) are
assembled from these; ``kinds.build_report`` chooses one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cds.catalog.formatting import display_unit
from cds.catalog.targets import goal_text
from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, parse_period
from cds.lib.text import listed
from cds.lib.vn_dates import format_date, parse_date
from cds.units.models import Unit
from cds.units.services import unit_order

from . import data as report_data
from . import issuers
from .data import show_value
from .issuers import FrontMatter, unit_words
from .known import hotspot_lines
from .layout import Letterhead, OfficialDocument
from .narrative import EMPTY_SECTION, next_period, paragraphs, sections_for
from .wording import (
    Block,
    disagreeing_total_note,
    load_wording,
    phrase,
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
NOT_COMPARED = "—"  # Phụ lục I: a figure not compared with the previous period (a date, another window)


@dataclass
class ReportOptions:
    # the front matter: None leaves each to the unit's stored defaults (issuers.IssuerProfile),
    # else to what the unit implies (its UBND, KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, the date the data end)
    number: int | str | None = None
    date: dt.date | None = None
    month: tuple[int, int] | None = None  # (2, 2023): «ngày … tháng 02 năm 2023», the day written at issue
    report_to: str | None = (
        None  # the body that consolidates it: «kính báo {report_to} tổng hợp theo quy định»
    )
    issuer: str | None = None  # "Phòng Văn hóa và Thông tin"; default the unit's UBND
    governing_body: str | None = None  # the letterhead's upper line: "UBND huyện Sơn Hà"
    symbol: str | None = None  # ký hiệu: "BC-UBND", "BC-PVHTT"
    sign_form: str | None = None  # TM / KT / TL / TUQ / Q / "" (own title)
    on_behalf: str | None = None  # "CHỦ TỊCH", "ỦY BAN NHÂN DÂN" (TM.)
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: list[str] | None = None
    addressees: list[str] | None = None  # «Kính gửi:» — a report sent to a higher body (ND30 II.9.b)
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
            month=self.month,
            report_to=self.report_to,
            sign_form=self.sign_form,
            on_behalf=self.on_behalf,
            signer_title=self.signer_title,
            signer_name=self.signer_name,
            recipients=self.recipients,
            addressees=self.addressees,
        )


def signing_date(text: str | None) -> dict[str, Any]:
    """The ``date`` and ``month`` of ``ReportOptions`` from what an office types, the one reading
    of the CLI's ``--date`` and the web page's field: "21/9/2023" a day; "02/2023" a month
    (sample 003's «ngày … tháng 02 năm 2023», the day written at issue); empty: neither."""
    if text is None or not text.strip():
        return {"date": None, "month": None}
    month = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*", text)
    if month is None:
        return {"date": parse_date(text), "month": None}
    if not 1 <= int(month[1]) <= 12:
        raise InputError(f"Tháng không hợp lệ: {text.strip()}", f"Not a month: {text.strip()}")
    return {"date": None, "month": (int(month[1]), int(month[2]))}


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


TIES_NAMED = 5  # units named in a tie for the best or the worst; the others are counted


def unit_in_sentence(unit: Unit) -> str:
    """A unit as a sentence names it: «xã Đăk Rơ Wa», «phường Nghĩa Chánh» (charts keep «Đăk Rơ Wa»)."""
    return f"{(unit.unit_type or '').lower()} {unit.short_name}".strip()


def tied_names(units: Iterable[Unit]) -> str:
    """Units tied for the best or the worst, in Vietnamese alphabetical order: "xã Ba Dinh, xã Sơn
    Cao và xã Sơn Lập"; past ``TIES_NAMED`` the rest are counted ("… và 10 đơn vị khác"). Issue 14:
    naming one of several tied units (or "xã Sơn Cao và 1 đơn vị khác") left the signer asking which."""
    tied = sorted(units, key=unit_order)
    names = [unit_in_sentence(u) for u in tied[:TIES_NAMED]]
    rest = len(tied) - len(names)
    if rest:
        return f"{', '.join(names)} và {rest} đơn vị khác"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


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


def lone_subheadings(blocks: list[Block]) -> set[int]:
    """Indexes of the headings that are the only sub-section of their section: a «1.» with no
    «2.» is not numbered (the section says it under its own heading)."""
    lone: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        subs = []
        for j in range(i + 1, len(blocks)):
            other = blocks[j]
            if other.kind == "heading" and other.level <= block.level:
                break
            if other.kind == "heading" and other.level == block.level + 1:
                subs.append(j)
        if len(subs) == 1:
            lone.add(subs[0])
    return lone


def emit(doc: OfficialDocument, blocks: list[Block]) -> None:
    lone = lone_subheadings(blocks)
    for i, block in enumerate(blocks):
        if i in lone:
            doc.plain_heading(block.level, block.text)
        elif block.kind == "heading":
            doc.heading(block.level, block.text)
        else:
            doc.paragraph(block.text, block.footnotes, block.bullet)


def narrative_blocks(
    unit: Unit,
    period: Period | PeriodSet,
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


def hotspot_blocks(spec: dict[str, Any], unit: Unit, data: report_data.ReportData) -> dict[str, list[Block]]:
    """ "Khó khăn, hạn chế": the offline hot spots with their counts (wording ``hotspots_intro``)."""
    intro: str = spec.get("hotspots_intro") or ""
    lines = hotspot_lines(unit, data.data_window, data.figures) if intro else []
    if not lines:
        return {}
    ends = [";"] * (len(lines) - 1) + ["."]  # "- …;" and the last "- … ."
    items = [Block("paragraph", text + end, bullet="-") for text, end in zip(lines, ends, strict=True)]
    return {"kho_khan": [Block("paragraph", intro), *items]}


def closing(doc: OfficialDocument, wording: dict[str, Any], words: dict[str, str], subject: str) -> None:
    """The closing sentence; a report sent to a body that consolidates it names that body
    (wording ``defaults.closing_to``, sample 000: «… kính báo Phòng Văn hóa thông tin tổng hợp …»)."""
    defaults = wording.get("defaults", {})
    report_to = doc.letterhead.report_to.strip()
    template = defaults.get("closing", "{issuer} kính báo cáo./.")
    if report_to and defaults.get("closing_to"):
        template = defaults["closing_to"]
    doc.closing(
        template.format(subject_lower=subject[:1].lower() + subject[1:], report_to=report_to, **words)
    )


def of_report(letterhead: Letterhead, words: dict[str, str]) -> str:
    number = letterhead.number_text.removeprefix("Số: ").strip()
    date = f" ngày {letterhead.date_short}" if letterhead.date else ""
    return f"(Kèm theo Báo cáo số {number}{date} của {words['issuer']})"


def period_cell(code: str) -> str:
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


def provenance(
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
        [str(i), p.name, p.shown, period_cell(p.period), p.source_kind, p.source_ref, p.batch]
        for i, p in enumerate(records, 1)
    ]
    if not rows:
        return
    built.appendix_rows["provenance"] = rows
    if mode == "separate":
        sheet = OfficialDocument(letterhead)
        sheet.sheet(
            ["Nguồn gốc số liệu sử dụng trong báo cáo"],
            of_report(letterhead, words) + " — tài liệu nội bộ, không kèm văn bản ban hành",
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


def verdict(wording: dict[str, Any] | None, met: bool | None) -> str:
    """ "Đạt" / "Chưa đạt" (wording ``fixed.met`` / ``fixed.not_met``); "" when not judged."""
    return "" if met is None else phrase(wording, "met" if met else "not_met")


def indicator_appendix(
    doc: OfficialDocument,
    data: report_data.ReportData,
    number: str,
    letterhead: Letterhead,
    words: dict[str, str],
    wording: dict[str, Any] | None = None,
) -> list[list[str]]:
    rows: list[list[str]] = []
    unknown_before: list[list[str]] = []  # rows with no figure of the previous period
    dates: list[tuple[list[str], str]] = []  # a date is not compared: «—», said under the table
    other_window: dict[str, list[tuple[list[str], str]]] = {}  # by the window its figure is from
    disagreeing: list[str] = []  # notes under the table: totals their own parts contradict
    previous_code = data.period.previous().code if data.period.kind != "range" else ""
    partial = {x.code for x in data.incomparable if x.period.code == previous_code}
    partly: list[list[str]] = []  # rows ``window_line`` says are not compared across the reorganisation
    for code in sorted(data.used, key=lambda c: data.catalog.codes().index(c)):
        fig = data.figures.get(code)
        if fig is None or fig.definition.kind in ("boolean", "text"):
            continue
        before = data.previous.get(code)
        result = data.target(code)
        compared = code not in data.windows and fig.definition.kind != "date"
        row = [
            str(len(rows) + 1),
            fig.definition.name_vi,
            display_unit(fig.definition) if fig.definition.kind == "amount" else fig.definition.unit_vi,
            show_value(fig, with_unit=False),
            show_value(before, with_unit=False) if before and compared else "",
            "" if result is None else goal_text(data.targets[code]),
            verdict(wording, None if result is None else result.met),
        ]
        note = disagreeing_total_note(data, fig, wording)
        if note:  # printed as stored, marked, and said under the table why the report does not use it
            row[3] += phrase(wording, "total_disagrees_mark")
            disagreeing.append(note)
        name = _lower_first(fig.definition.name_vi)
        if fig.definition.kind == "date":  # «ngày 14/3/2023» beside «chưa có số liệu» means nothing
            dates.append((row, name))
        elif code in data.windows:  # another window's figure is not compared: said which
            other_window.setdefault(data.windows[code].label_vi, []).append((row, name))
        elif code in partial:  # carried from only some of the units before: not «chưa có số liệu»
            partly.append(row)
        elif before is None:
            unknown_before.append(row)
        rows.append(row)
    notes: list[str] = []
    if any(row[4] for row in rows):  # the previous period's column is printed: no empty cell in it
        earlier = data.period.previous().label_vi
        for row in unknown_before:
            row[4] = phrase(wording, "unknown")
        if dates:
            for row, _name in dates:
                row[4] = NOT_COMPARED
            notes.append(
                phrase(
                    wording,
                    "not_compared_date",
                    column=earlier[:1].upper() + earlier[1:],  # as the column's header reads
                    indicators=listed([n for _r, n in dates]),
                )
            )
        if partly:
            for row in partly:
                row[4] = NOT_COMPARED
            notes.append(phrase(wording, "not_compared_partial", earlier=earlier))
        for label, held in other_window.items():
            for row, _name in held:
                row[4] = NOT_COMPARED
            notes.append(
                phrase(
                    wording,
                    "not_compared_window",
                    earlier=earlier,
                    window=label,
                    indicators=listed([n for _r, n in held]),
                )
            )
    if rows:
        doc.appendix(number, [f"Số liệu chuyển đổi số {data.period.label_vi}"], of_report(letterhead, words))
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
        for note in notes + disagreeing:
            doc.paragraph(note)
    return rows


def unapproved_rows(
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


def window_line(data: report_data.ReportData, wording: dict[str, Any] | None = None) -> list[Block]:
    """ "Số liệu tính từ ngày 15/12/2023 đến ngày 31/10/2024." (wording ``fixed.window_line``)
    when the window is not the period; then, for a unit formed after an earlier period it is
    compared with, the figures not compared because they miss some of the units it was formed
    from (``fixed.not_comparable``, ``data.across_reorganisation``)."""
    out = []
    if data.window is not None:
        w = data.window
        out.append(
            Block(
                "paragraph",
                phrase(wording, "window_line", start=format_date(w.start), end=format_date(w.end)),
            )
        )
    by_period: dict[str, list[report_data.Incomparable]] = {}
    for lost in data.incomparable:
        by_period.setdefault(lost.period.code, []).append(lost)
    for lost_in in by_period.values():
        earlier = lost_in[0].period.label_vi
        alike: dict[tuple[int, int, tuple[str, ...]], list[str]] = {}  # the same units missing: one list
        for x in lost_in:
            alike.setdefault((x.covered, x.total, x.missing), []).append(
                _lower_first(data.catalog[x.code].name_vi)
            )
        items = "; ".join(
            phrase(
                wording,
                "not_comparable_item",
                indicators=", ".join(names),
                covered=str(covered),
                total=str(total),
                missing=", ".join(_lower_first(m) for m in missing),  # «chưa có: xã Sơn Nham»
            )
            for (covered, total, missing), names in alike.items()
        )
        since = format_date(data.unit.valid_from) if data.unit.valid_from else ""
        text = phrase(
            wording, "not_comparable", unit=data.unit.name, since=since, earlier=earlier, items=items
        )
        out.append(Block("paragraph", text))
    out.extend(no_comparison_line(data, wording))
    return out


def no_comparison_line(data: report_data.ReportData, wording: dict[str, Any] | None = None) -> list[Block]:
    """Why the report compares no figure with the previous period, at every level: the figures
    there add up other units (the province's 2025 report: «năm 2024 … 170/170 xã», «96/96 xã»),
    or the unit was formed after it began, or its figures are not approved, or there are none."""
    if data.period.kind == "range" or any(code in data.previous for code in data.figures):
        return []
    earlier = data.uncompared_with or data.period.previous().label_vi
    if data.units_changed is not None:
        before, now = data.units_changed
        text = phrase(
            wording,
            "no_comparison_units",
            earlier=earlier,
            before=before,
            now=now,
            period=data.period.label_vi,
        )
    elif data.uncompared:
        since = format_date(data.unit.valid_from) if data.unit.valid_from else ""
        name = f"no_comparison_{data.uncompared}"
        text = phrase(wording, name, unit=data.unit.name, since=since, earlier=earlier)
    else:
        return []
    return [Block("paragraph", text)]


def _lower_first(name: str) -> str:
    """ "Số lượt người dân …" inside a sentence: "số lượt người dân …" (an abbreviation such as
    "CBCC" or "DTI" keeps its capitals)."""
    first = name.split(" ", 1)[0]
    return name if first.isupper() and len(first) > 1 else name[:1].lower() + name[1:]


def unapproved_appendix(
    doc: OfficialDocument,
    unapproved: list[tuple[str, str, str, str]],
    number: str,
    letterhead: Letterhead,
    words: dict[str, str],
) -> list[list[str]]:
    """The values a DỰ THẢO includes that are not approved: indicator, unit, period, status."""
    rows = [[str(i), *row] for i, row in enumerate(unapproved, 1)]
    doc.appendix(number, ["Số liệu chưa được duyệt trong dự thảo"], of_report(letterhead, words))
    doc.data_table(
        ["Stt", "Chỉ tiêu", "Đơn vị", "Kỳ số liệu", "Trạng thái"],
        rows,
        [12, 110, 60, 40, 30],
        numeric_from=99,
    )
    return rows


def trend_chart(
    doc: OfficialDocument,
    data: report_data.ReportData,
    codes: list[str],
    wording: dict[str, Any] | None = None,
) -> None:
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
        png = charts.trend([p.label_vi for p in series_periods], values, phrase(wording, "trend_title"))
        doc.picture(png, 150, phrase(wording, "trend_caption", period=data.period.label_vi))


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


def withheld_by_section(
    spec: dict[str, Any], withheld: list[report_data.Figure]
) -> dict[int | None, list[Any]]:
    """The figures not consolidated, by the section whose sentences would have stated each: the
    innermost section (``id`` of its spec, at any depth of ``spec["sections"]``) whose own items
    quote its code — a dossier rate under «Hoạt động chính quyền số», a team count under «Công tác
    chỉ đạo, điều hành» —; a figure no section quotes goes to the section named ``withheld_in``,
    else after the last section (key None)."""

    def walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:  # a child before its parent
        return [x for s in sections for x in (*walk(s.get("sections", [])), s)]

    every = walk(spec["sections"])
    fallback = next((id(s) for s in every if s["heading"] == spec.get("withheld_in")), None)
    quoted = [(id(s), wording_codes(s.get("items", []))) for s in every]
    out: dict[int | None, list[Any]] = {}
    for figure in withheld:
        where = next((key for key, codes in quoted if figure.code in codes), fallback)
        out.setdefault(where, []).append(figure)
    return out
