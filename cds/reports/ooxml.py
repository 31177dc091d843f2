"""Small OOXML pieces python-docx has no API for: footnotes, PAGE fields, repeated header rows,
paragraph rules, table borders and fonts that Word and LibreOffice both honour.

Each function does one thing to the XML and is tested by reading the part back.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FONT = "Times New Roman"

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def set_run_font(run, name: str = FONT) -> None:
    """Set every script slot of a run's font (python-docx sets only ascii/hAnsi)."""
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def style_fonts(style, name: str = FONT) -> None:
    """Give a style explicit fonts, dropping theme fonts that would override them."""
    rpr = style.element.get_or_add_rPr()
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    rpr.insert(0, fonts)


class Footnotes:
    """The document's footnotes part, created on first use; ``add`` returns the new id."""

    def __init__(self, document) -> None:
        self.document = document
        self._element = None
        self._next_id = 1

    def _part_element(self):
        if self._element is None:
            doc_part = self.document.part
            for rel in doc_part.rels.values():
                if rel.reltype == RT.FOOTNOTES:
                    self._element = rel.target_part.element
                    ids = [int(f.get(qn("w:id"))) for f in self._element.findall(qn("w:footnote"))]
                    self._next_id = max([0, *ids]) + 1
                    return self._element
            part = XmlPart(
                PackURI("/word/footnotes.xml"), FOOTNOTES_CT, parse_xml(_FOOTNOTES_XML), doc_part.package
            )
            doc_part.relate_to(part, RT.FOOTNOTES)
            self._element = part.element
        return self._element

    def add(self, paragraph, text: str) -> int:
        """Append a footnote reference to ``paragraph`` and the note ``text`` to the footnotes part."""
        element = self._part_element()
        note_id = self._next_id
        self._next_id += 1
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
            '</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        text_run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        text_run.append(t)
        note.find(qn("w:p")).append(text_run)
        element.append(note)
        ref = paragraph.add_run()
        ref.style = "Footnote Reference"
        ref._element.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{note_id}"/>'))
        return note_id


def add_page_field(paragraph) -> None:
    """A PAGE field (complex field, so Word and LibreOffice both update it)."""
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {nsdecls('w')}><w:t>2</w:t></w:r>",
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


def repeat_as_header(row) -> None:
    """Mark a table row as a header row repeated at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))


def keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))


def set_table_borders(table, size: int = 4, val: str = "single") -> None:
    """All borders of a table (``val="nil"`` for none), in eighths of a point."""
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    edges = "".join(
        f'<w:{edge} w:val="{val}" w:sz="{size}" w:space="0" w:color="000000"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tbl_pr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))


def set_fixed_layout(table, widths_twips: list[int]) -> None:
    """Fixed column widths (tblGrid + tblLayout), so rows added later need no per-cell widths."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    if tbl_pr.find(qn("w:tblLayout")) is None:
        tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(sum(widths_twips)))
    width.set(qn("w:type"), "dxa")
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_twips, strict=False):
        col.set(qn("w:w"), str(w))


def set_cell_width(cell, twips: int) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    width = tc_pr.find(qn("w:tcW"))
    if width is None:
        width = OxmlElement("w:tcW")
        tc_pr.append(width)
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")


def rule_below(paragraph, size: int = 6) -> None:
    """A line under a paragraph (the rule beneath the slogan and the issuing body)."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size}" w:space="1" '
            'w:color="000000"/></w:pBdr>'
        )
    )


def merge_row(row, start: int, end: int):
    """Merge cells ``start..end`` of a row (used for the "Tổng cộng" label)."""
    cells = row.cells
    return cells[start].merge(cells[end])


_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def set_custom_properties(document, values: dict[str, str]) -> None:
    """Document properties of our own (File → Properties → Custom in Word, kept when the file is
    edited and saved): ``docProps/custom.xml``, which python-docx does not write."""
    from xml.sax.saxutils import escape

    from docx.opc.part import Part

    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(values.items()), start=2)
    )
    blob = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{props}</Properties>'
    ).encode()
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            rel.target_part._blob = blob  # replaced in place: one custom.xml per package
            return
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_custom_properties(zf) -> dict[str, str]:
    """The custom properties of an open DOCX zip (empty when it has none)."""
    from lxml import etree

    try:
        root = etree.fromstring(zf.read("docProps/custom.xml"))
    except (KeyError, etree.XMLSyntaxError):
        return {}
    return {
        p.get("name"): "".join(p.itertext())
        for p in root.iterfind(f"{{{_CUSTOM_NS}}}property")
        if p.get("name")
    }


# w:sectPr's children after w:pgNumType, in schema order (a pgNumType must come before them)
_AFTER_PGNUMTYPE = (
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def restart_page_numbers(section) -> None:
    """The section's pages numbered from 1 (``w:pgNumType w:start="1"``), in its schema place."""
    sect = section._sectPr
    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    following = next((c for c in sect if c.tag in {qn(f"w:{n}") for n in _AFTER_PGNUMTYPE}), None)
    if following is not None:
        following.addprevious(numbering)
    else:
        sect.append(numbering)
