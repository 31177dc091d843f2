"""The Nghị định 30/2020/NĐ-CP layout as a small builder over python-docx.

``OfficialDocument`` knows the page (A4, margins), the styles (Times New Roman 14 pt, justified,
first-line indent 1,27 cm, 6 pt after), the header table, title and subject, numbered headings
(I., 1., a)), "-"/"+" bullets, real footnotes, page numbers top centre except on page 1, the
"Nơi nhận" + signature table and landscape appendices with repeated header rows. Report types
only say *what* to write; nothing here knows about indicators.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cds.lib.vn_dates import format_date

from . import ooxml
from .frontmatter import name_lines, text_mm

BODY_PT = 14
# the signer's name when none is given or stored for the report's date: the office writes it in
SIGNER_PLACEHOLDER = "[Họ và tên người ký]"
LEFT_MM = 72  # the issuer's column; the motto's (93 mm) holds "CỘNG HÒA … VIỆT NAM" at 12 pt (88 mm)
CELL_PAD_MM = 1.9  # Word's default cell margin, each side
MOTTO_TOP = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV".split()
TWIPS_PER_MM = 56.7
MM_EMU = 36000  # python-docx lengths are EMU
CAPTION_MM = 10  # a 12 pt caption line and the space after it, kept with its picture
SUBJECT_RULE = 0.4  # the rule under the trích yếu: 1/3 to 1/2 of its line (Nghị định 30, Phụ lục I, II.5.b)
_JC = {
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "both",
}


def _emu(measure: int | None) -> int:
    """A section's page size or margin (python-docx types them optional; the template sets each)."""
    if measure is None:
        raise ValueError("the report template's section has no page size or margin")
    return measure


@dataclass
class Letterhead:
    """Who issues the report and how it is numbered, dated and signed (all parameters)."""

    governing_body: str  # the upper line (tên cơ quan chủ quản): "UBND huyện Sơn Hà"; "" for a UBND
    issuer: str  # "Ủy ban nhân dân xã Tịnh Châu", "Phòng Văn hóa và Thông tin"
    place: str  # "Tịnh Châu"
    number: int | str | None = None  # 193 → "193/BC-UBND"; None leaves it blank for the văn thư
    symbol: str = "BC-UBND"
    date: dt.date | None = None  # None leaves day and month blank, as drafts are sent to sign
    year: int | None = None  # for a blank date: the year to print
    month: int | None = None  # for a blank day: the month to print («ngày      tháng 02 năm 2023»)
    sign_form: str = "KT"  # TM / KT / TL / TUQ / Q / "" (frontmatter.SIGN_FORMS)
    on_behalf: str = "CHỦ TỊCH"  # "ỦY BAN NHÂN DÂN" for TM., the head's title for KT./TL./TUQ./Q.
    signer_title: str = "PHÓ CHỦ TỊCH"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    # «Kính gửi:» (Nghị định 30, Phụ lục I, II.9.b): the bodies a report is sent to act on; the
    # copies stay under «Nơi nhận:», which then begins «- Như trên;»
    addressees: list[str] = field(default_factory=list)
    proper_names: tuple[str, ...] = ()  # never split across lines in the issuer column
    report_to: str = ""  # the body that consolidates the report (the closing names it)

    @property
    def signature(self) -> list[str]:
        from .frontmatter import signature_lines

        return signature_lines(self.sign_form, self.on_behalf, self.signer_title)

    @property
    def number_text(self) -> str:
        if self.number in (None, ""):
            return f"Số:        /{self.symbol}"
        number = self.number
        if isinstance(number, int) or (isinstance(number, str) and number.isdigit()):
            number = f"{int(number):02d}"
        return f"Số: {number}/{self.symbol}"

    @property
    def place_date_text(self) -> str:
        if self.date is None:
            year = self.year or dt.date.today().year
            month = f"{self.month:02d}" if self.month else "     "
            return f"{self.place}, ngày      tháng {month} năm {year}"
        return f"{self.place}, {format_date(self.date, 'decree')}"

    @property
    def date_short(self) -> str:
        return format_date(self.date) if self.date else "     /     /" + str(self.year or "")


class Numbering:
    """I., II. → 1., 2. → a), b) — each level restarts under its parent."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0]

    def next(self, level: int) -> str:
        self.counts[level - 1] += 1
        for deeper in range(level, 3):
            self.counts[deeper] = 0
        n = self.counts[level - 1]
        if level == 1:
            return f"{ROMAN[n - 1]}."
        if level == 2:
            return f"{n}."
        return f"{LETTERS[n - 1]})"


class OfficialDocument:
    def __init__(self, letterhead: Letterhead) -> None:
        self.letterhead = letterhead
        self.doc = Document(io.BytesIO(_template_bytes()))
        self.footnotes = ooxml.Footnotes(self.doc)
        self.numbering = Numbering()

    def _setup_page(self, section, landscape: bool) -> None:
        setup_page(section, landscape)

    # --- paragraphs ---------------------------------------------------------------------------

    def _line(
        self,
        container,
        text: str,
        *,
        size: float = BODY_PT,
        bold: bool = False,
        italic: bool = False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after: float = 0,
    ):
        """A one-run paragraph with direct formatting, written as XML (the letterhead, signature and
        captions: ~40 of them per report, 5× cheaper than python-docx's format objects)."""
        run = ""
        if text:
            rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
            half = int(size * 2)
            run = (
                f'<w:r><w:rPr>{rpr}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
                f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
            )
        xml = (
            f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:after="{int(after * 20)}"/>'
            f'<w:ind w:firstLine="0"/><w:jc w:val="{_JC[align]}"/></w:pPr>{run}</w:p>'
        )
        p = container.add_paragraph()
        new = parse_xml(xml)
        p._p.getparent().replace(p._p, new)
        return Paragraph(new, p._parent)

    def header_table(self) -> None:
        """Issuing body left, national motto right; number left, place and date right."""
        lh = self.letterhead
        table = self.doc.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        ooxml.set_table_borders(table, val="nil")
        widths = [int(LEFT_MM * TWIPS_PER_MM), int((165 - LEFT_MM) * TWIPS_PER_MM)]
        ooxml.set_fixed_layout(table, widths)
        top = table.add_row().cells
        bottom = table.add_row().cells
        for cells in (top, bottom):
            for cell, w in zip(cells, widths, strict=True):
                ooxml.set_cell_width(cell, w)
        left, right = top
        left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
        right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
        # Nghị định 30: the governing body upright, the issuer bold under it, a rule 1/3–1/2 of
        # its line; names broken only where a proper name stays whole (frontmatter.name_lines)
        column = LEFT_MM - 2 * CELL_PAD_MM
        if lh.governing_body.strip():
            lines, size = name_lines(lh.governing_body, column, 13, lh.proper_names, style="r")
            for line in lines:
                self._line(left, line, size=size)
        lines, size = name_lines(lh.issuer, column, 13, lh.proper_names)
        for line in lines:
            self._line(left, line, size=size, bold=True)
        self._short_rule(left, 0.4 * max(text_mm(line, size) for line in lines))
        self._line(right, MOTTO_TOP, size=12, bold=True)
        self._line(right, MOTTO, size=13, bold=True)
        self._short_rule(right, text_mm(MOTTO, 13))  # as long as the motto
        number_cell, date_cell = bottom
        number_cell.paragraphs[0]._p.getparent().remove(number_cell.paragraphs[0]._p)
        date_cell.paragraphs[0]._p.getparent().remove(date_cell.paragraphs[0]._p)
        self._line(number_cell, lh.number_text, size=13)
        # 14 pt italic, or 13 (the decree's range) when "TP. Quảng Ngãi, ngày … năm 2022" would wrap
        right_mm = 165 - LEFT_MM - 2 * CELL_PAD_MM
        size = 14 if text_mm(lh.place_date_text, 14, "ri") <= right_mm else 13
        self._line(date_cell, lh.place_date_text, size=size, italic=True)

    def draft_mark(self):
        """ "DỰ THẢO" under the letterhead: the report includes values not yet approved."""
        return self._line(self.doc, "DỰ THẢO", size=14, bold=True, after=6)

    def _short_rule(self, cell, width_mm: float) -> None:
        """A centred rule ``width_mm`` long under the line above (an empty paragraph's border)."""
        text_area = ooxml_cell_width(cell) / TWIPS_PER_MM - 2 * CELL_PAD_MM  # indents count from here
        side = max(0.0, (text_area - width_mm) / 2)
        p = self._line(cell, "", size=6, after=6)
        p.paragraph_format.left_indent = Mm(side)
        p.paragraph_format.right_indent = Mm(side)
        ooxml.rule_below(p, 6)
        run = p.add_run()
        run.font.size = Pt(2)

    def title(self, kind: str, subject_lines: Sequence[str]) -> None:
        self._line(self.doc, "", after=6)
        p = self._styled(kind.upper(), "ReportTitle")
        self.title_paragraph = p
        p.paragraph_format.space_before = Pt(6)
        for line in subject_lines:
            self._styled(line, "ReportTitle")
        # Nghị định 30, Phụ lục I, II.5.b: the rule under the trích yếu is 1/3 to 1/2 of its line
        # (the widest line; a subject that wraps fills the text width on its first line)
        area = self.text_area_mm()[0]
        widest = max((text_mm(line, BODY_PT) for line in subject_lines), default=area)
        self._short_rule_body(SUBJECT_RULE * min(widest, area))
        self.addressees()

    def addressees(self) -> None:
        """«Kính gửi:» under the subject (Nghị định 30, Phụ lục I, II.9.d ô 9a: lower case, 13–14
        pt, upright): one body on the same line («Kính gửi: Bộ Nội vụ»); several one a line, «- …;»,
        the last «.», the dashes aligned under the colon — the block centred on the page."""
        names = [a.strip().lstrip("-").strip().rstrip(";.").strip() for a in self.letterhead.addressees]
        names = [n for n in names if n]
        if not names:
            return
        if len(names) == 1:
            p = self._line(self.doc, f"Kính gửi: {names[0]}", size=BODY_PT, after=6)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Mm(0)
            return
        lines = [f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]
        label = text_mm("Kính gửi:", BODY_PT, "r")
        area = self.text_area_mm()[0]
        block = min(area, label + max(text_mm(line, BODY_PT, "r") for line in lines))
        side = max(0.0, (area - block) / 2)
        for i, text in enumerate(["Kính gửi:", *lines]):
            p = self._line(self.doc, text, size=BODY_PT, after=6 if i == len(lines) else 0)
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.first_line_indent = Mm(0)
            p.paragraph_format.left_indent = Mm(side + (label if i else 0))

    def _short_rule_body(self, width_mm: float) -> None:
        area = self.text_area_mm()[0]
        side = (area - width_mm) / 2
        p = self._line(self.doc, "", size=4, after=12)
        p.paragraph_format.left_indent = Mm(side)
        p.paragraph_format.right_indent = Mm(side)
        ooxml.rule_below(p, 6)

    def _styled(self, text: str, style_id: str):
        """A paragraph with a style given by id (python-docx's lookup by name scans every style)."""
        p = self.doc.add_paragraph(text)
        p._p.style = style_id
        return p

    def heading(self, level: int, text: str):
        """A numbered heading; the number is text ("I.", "1.", "a)") as officials type it."""
        return self._styled(f"{self.numbering.next(level)} {capitalised(text)}", f"Heading{level}")

    def plain_heading(self, level: int, text: str):
        """An unnumbered heading (e.g. "* Khó khăn, vướng mắc")."""
        return self._styled(capitalised(text), f"Heading{level}")

    def paragraph(self, text: str, footnotes: Iterable[str] = (), bullet: str = ""):
        """A body paragraph; ``bullet`` "-" or "+" prefixes it as the samples do."""
        p = self.doc.add_paragraph((f"{bullet} " if bullet else "") + text)
        for note in footnotes:
            self.footnotes.add(p, note)
        return p

    def text_area_mm(self) -> tuple[float, float]:
        """(width, height) inside the margins of the current section, in mm."""
        section = self.doc.sections[-1]
        width = _emu(section.page_width) - _emu(section.left_margin) - _emu(section.right_margin)
        height = _emu(section.page_height) - _emu(section.top_margin) - _emu(section.bottom_margin)
        # the page is stored in twips: 210 mm reads back as 210,009 mm; round down to 0,1 mm
        return math.floor(width / MM_EMU * 10) / 10, math.floor(height / MM_EMU * 10) / 10

    def picture(self, png: bytes, width_mm: float = 150, caption: str = "") -> None:
        """A centred picture ``width_mm`` wide, made smaller if it would not fit the text area
        (with its caption line, kept on the same page)."""
        from PIL import Image

        with Image.open(io.BytesIO(png)) as image:
            px_w, px_h = image.size
        area_w, area_h = self.text_area_mm()
        if caption:
            area_h -= CAPTION_MM
        width_mm = min(width_mm, area_w, area_h * px_w / px_h)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Cm(0)
        p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
        if caption:
            p.paragraph_format.keep_with_next = True
            c = self._line(self.doc, caption, size=12, italic=True, after=6)
            c.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def closing(self, text: str) -> None:
        """The closing sentence, kept on the page of the signature block that follows; the body's last
        paragraph is kept with it, so the closing and the signature never stand alone on a last page
        (a signed page that holds none of the report's content)."""
        body = self.doc.paragraphs
        if body and body[-1].text.strip():
            body[-1].paragraph_format.keep_with_next = True
        self.doc.add_paragraph(text).paragraph_format.keep_with_next = True

    def recipients_and_signature(self) -> None:
        """ "Nơi nhận" (12 pt bold italic, list 11 pt) left; the signature block right."""
        lh = self.letterhead
        table = self.doc.add_table(rows=0, cols=2)
        ooxml.set_table_borders(table, val="nil")
        widths = [int(85 * TWIPS_PER_MM), int(80 * TWIPS_PER_MM)]
        ooxml.set_fixed_layout(table, widths)
        row = table.add_row()
        ooxml.keep_row_together(row)  # the signer's name never alone on the next page
        left, right = row.cells
        for cell, w in zip((left, right), widths, strict=True):
            ooxml.set_cell_width(cell, w)
        left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
        right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
        self._line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in recipient_lines(lh.recipients, as_above=bool(lh.addressees)):
            self._line(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in lh.signature:
            self._line(right, line, size=14, bold=True)
        for _ in range(4):
            self._line(right, "", size=14)
        # no name held (the stored defaults cover another span): the place says what goes there
        self._line(right, lh.signer_name.strip() or SIGNER_PLACEHOLDER, size=14, bold=True)

    # --- appendices -----------------------------------------------------------------------------

    def appendix(self, number: str, title_lines: Sequence[str], of_report: str) -> None:
        """Start a landscape section for an appendix with its centred title and "(Kèm theo …)"."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._setup_page(section, landscape=True)
        section.different_first_page_header_footer = False
        ooxml.restart_page_numbers(section)  # Phụ lục I, III.1.đ: each appendix numbered on its own
        # III.1.b: «Phụ lục» and its number in lower case, 14 pt upright bold; its name in capitals
        self._styled(f"Phụ lục {number}".strip(), "ReportTitle")
        for line in title_lines:
            self._styled(line.upper(), "ReportTitle")
        p = self._line(self.doc, of_report, size=14, italic=True, after=12)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def table_caption(self, text: str):
        """A bold centred line naming what the table below it is of («Quý II/2023»)."""
        p = self._line(self.doc, capitalised(text), size=14, bold=True, after=6)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True  # never alone at a page's foot, its table overleaf
        return p

    def data_table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths_mm: Sequence[float],
        *,
        total: Sequence[str] | None = None,
        numeric_from: int = 2,
        numeric: Sequence[int] = (),
        centered: Sequence[int] = (),
        font_pt: float | None = None,
    ):
        """A bordered table, header row repeated on every page, "Tổng cộng" label spanning two columns.

        Columns from ``numeric_from`` on, and those listed in ``numeric``, are right-aligned; those
        in ``centered`` (units of measure, verdicts) centred.
        ``font_pt`` sets a smaller size for wide tables (the table style's 12 pt breaks "112/151"
        and header words across lines once there are more than ~10 columns on a landscape page).

        A column no row fills (the total row included) is left out and its width given to the
        second column (the names): an official table has no empty columns.

        Rows are appended as ready-made ``w:tr`` XML in one parse: linear, and ~20× faster than
        python-docx's ``add_row`` + run API (``cell()`` would even be quadratic).
        """
        headers = [capitalised(h) for h in headers]  # «năm 2024» heading a column reads «Năm 2024»
        rows = [list(r) for r in rows]
        keep = filled_columns(len(headers), [*rows, *([total] if total is not None else [])])
        if len(keep) < len(headers):
            freed = sum(w for i, w in enumerate(widths_mm) if i not in keep)
            widths_mm = [w + (freed if i == 1 else 0) for i, w in enumerate(widths_mm) if i in keep]
            headers = [headers[i] for i in keep]
            rows = [[r[i] for i in keep] for r in rows]
            total = [total[i] for i in keep] if total is not None else None
            numeric = [keep.index(i) for i in numeric if i in keep]
            numeric_from = next((n for n, i in enumerate(keep) if i >= numeric_from), len(keep))
            centered = [keep.index(i) for i in centered if i in keep]
        table = self.doc.add_table(rows=0, cols=len(headers))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        ooxml.set_table_borders(table)
        widths = [int(w * TWIPS_PER_MM) for w in widths_mm]
        ooxml.set_fixed_layout(table, widths)
        size = round(font_pt * 2) if font_pt else None  # OOXML sizes are in half-points
        xml = [_row_xml(headers, widths, bold=True, header=True, size=size)]
        xml += [
            _row_xml(values, widths, numeric_from=numeric_from, numeric=numeric, centered=centered, size=size)
            for values in rows
        ]
        if total is not None:
            xml.append(
                _row_xml(
                    total,
                    widths,
                    bold=True,
                    numeric_from=numeric_from,
                    numeric=numeric,
                    centered=centered,
                    span_label=True,
                    size=size,
                )
            )
        holder = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>")
        for tr in list(holder):
            table._tbl.append(tr)
        return table

    def sheet(self, title_lines: Sequence[str], note: str) -> None:
        """A landscape document that is not an official text (no letterhead): title and a note."""
        self._setup_page(self.doc.sections[0], landscape=True)
        for line in title_lines:
            self._styled(line.upper(), "ReportTitle")
        p = self._line(self.doc, note, size=14, italic=True, after=12)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def provenance_comments(self, notes: Sequence[tuple[str, str]], author: str = "CĐS Hub") -> int:
        """Word comments, one per (indicator name, where its value came from): on the name's row of
        an appendix table, else on the title. Comments are not printed with the document."""
        rows: dict[str, list[Run]] = {}
        for table in self.doc.tables:
            for row in table.rows:
                cells = row.cells
                if len(cells) > 2 and cells[1].paragraphs and cells[1].paragraphs[0].runs:
                    rows.setdefault(cells[1].text.strip(), cells[1].paragraphs[0].runs)
        title = getattr(self, "title_paragraph", None)
        rest = []
        count = 0
        for name, text in notes:
            if name in rows:
                self.doc.add_comment(rows[name], text=f"Nguồn: {text}", author=author, initials="CĐS")
                count += 1
            else:
                rest.append(f"{name}: {text}")
        if rest and title is not None and title.runs:
            self.doc.add_comment(
                title.runs, text="Nguồn số liệu:\n" + "\n".join(rest), author=author, initials="CĐS"
            )
            count += 1
        return count

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def save(self, target) -> None:
        self.doc.save(target)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def setup_page(section, landscape: bool) -> None:
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    # Nghị định 30: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm (portrait).
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _setup_styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    ooxml.style_fonts(normal)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.0
    for level in (1, 2, 3):
        style = styles[f"Heading {level}"]
        ooxml.style_fonts(style)
        style.font.size = Pt(BODY_PT)
        style.font.bold = True
        style.font.italic = level == 3
        style.font.color.rgb = None
        f = style.paragraph_format
        f.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        f.first_line_indent = Cm(1.27)
        f.space_before = Pt(6)
        f.space_after = Pt(6)
        f.keep_with_next = True
    title = styles.add_style("Report Title", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    title.font.bold = True
    title.font.size = Pt(BODY_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Cm(0)
    title.paragraph_format.space_after = Pt(0)
    note = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(10)
    note.paragraph_format.first_line_indent = Cm(0)
    note.paragraph_format.space_after = Pt(0)
    note.element.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", "FootnoteText")
    ref = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True
    ref.element.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", "FootnoteReference"
    )
    cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(12)
    cell.paragraph_format.first_line_indent = Cm(0)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin from page 2 on (a different first-page header)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    ooxml.add_page_field(p)
    for run in p.runs:
        run.font.size = Pt(BODY_PT)


KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Heading1", "Heading2", "Heading3"}
DROP_RELS = ("stylesWithEffects", "customXml", "webSettings")


@functools.cache
def _template_bytes() -> bytes:
    """The empty official document (styles, A4 page, page numbers), built once per process.

    python-docx's default template carries 800 KB of styles (and a styles-with-effects copy) that
    every report would parse and write again; the template keeps only the styles we use, which
    makes opening and saving a report several times faster.
    """
    doc = Document()
    part = doc.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in DROP_RELS:
            part.rels.pop(r_id)
    for r_id, rel in list(part.package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            part.package.rels.pop(r_id)
    styles = doc.styles.element
    for child in list(styles):
        if child.tag == qn("w:latentStyles"):
            styles.remove(child)
        elif child.tag == qn("w:style") and child.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(child)
        elif child.tag == qn("w:style"):
            for link in child.findall(qn("w:link")):
                child.remove(link)
    _setup_styles(doc)
    setup_page(doc.sections[0], landscape=False)
    _page_numbers(doc.sections[0])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def capitalised(text: str) -> str:
    """A heading or column header as Vietnamese writes one: its first letter a capital («năm
    2024» → «Năm 2024», «quý II/2023» → «Quý II/2023»); one starting with a digit or a sign is
    left as it is. Every heading and table header of a report passes here (``heading``,
    ``data_table``), so a label made for the middle of a sentence can head a column."""
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def filled_columns(count: int, rows: Sequence[Sequence[str]]) -> list[int]:
    """The columns to print: the first two (number and name) and every one some row fills."""
    return [i for i in range(count) if i < 2 or any(i < len(r) and str(r[i]).strip() for r in rows)]


def _row_xml(
    values,
    widths,
    *,
    bold=False,
    header=False,
    numeric_from=2,
    numeric=(),
    centered=(),
    span_label=False,
    size=None,
) -> str:
    tr_pr = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    cells = []
    values = list(values)
    i = 0
    while i < len(values):
        text, width, span = str(values[i]), widths[i], 1
        if span_label and i == 0 and len(values) > 1 and str(values[1]) == "":
            width, span = widths[0] + widths[1], 2
        if header or i == 0 or i in centered:
            align = "center"
        else:
            align = "right" if i >= numeric_from or i in numeric else "left"
        run = ""
        if text:
            props = ("<w:b/>" if bold else "") + (
                f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
            )
            rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
            run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>'
        )
        i += span
    return f"<w:tr>{tr_pr}{''.join(cells)}</w:tr>"


def recipient_lines(recipients: Sequence[str], as_above: bool = False) -> list[str]:
    """Each line "- …;", the last "- Lưu: VT, …." (added when missing); ``as_above``: the report
    has «Kính gửi:» bodies, named first as «- Như trên;»."""
    items = [r.strip().lstrip("-").strip().rstrip(";.").strip() for r in recipients if r.strip()]
    if as_above and not any(item.lower() == "như trên" for item in items):
        items.insert(0, "Như trên")
    if not any(item.lower().startswith("lưu") for item in items):
        items.append("Lưu: VT")
    archive = [i for i in items if i.lower().startswith("lưu")]
    others = [i for i in items if not i.lower().startswith("lưu")]
    return [f"- {i};" for i in others] + [f"- {archive[-1]}."]


def ooxml_cell_width(cell) -> int:
    from docx.oxml.ns import qn

    tc_pr = cell._tc.tcPr
    width = tc_pr.find(qn("w:tcW")) if tc_pr is not None else None
    return int(width.get(qn("w:w"))) if width is not None else int(80 * TWIPS_PER_MM)
