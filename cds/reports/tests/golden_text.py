"""A built report's DOCX as reviewable text, read back with python-docx: what the golden matrix
(``test_golden_matrix.py``) compares. One line a paragraph in document order, a table one line a
row ("a | b | c"), the footnotes at the end. A table longer than ``LONG`` rows keeps its header,
first and last rows and stands for the rest by their count and a hash, so the files stay small
while any change in the hidden rows still fails the test."""

from __future__ import annotations

import hashlib
import io
import unicodedata

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

LONG = 30  # rows
KEEP = 8  # rows kept at each end of a long table


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _row(row: _Row) -> str:
    """A merged cell is repeated by python-docx (the same element): printed once."""
    seen: list[object] = []
    out: list[str] = []
    for cell in row.cells:
        if any(cell._tc is s for s in seen):
            continue
        seen.append(cell._tc)
        out.append(_clean(cell.text))
    return "| " + " | ".join(out) + " |"


def _table(table: Table) -> list[str]:
    rows = [_row(r) for r in table.rows]
    if len(rows) <= LONG:
        return rows
    head, hidden, tail = rows[: KEEP + 1], rows[KEEP + 1 : -KEEP], rows[-KEEP:]
    digest = hashlib.sha256("\n".join(hidden).encode()).hexdigest()[:16]
    return [*head, f"| … {len(hidden)} dòng, sha256 {digest} … |", *tail]


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    lines: list[str] = []
    for section_number, section in enumerate(doc.sections):
        if section_number == 0:
            header = [_clean(p.text) for p in section.header.paragraphs if _clean(p.text)]
            if header:
                lines.append("[đầu trang] " + " / ".join(header))
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            text = _clean(Paragraph(el, doc).text)
            if text:
                lines.append(text)
        elif el.tag == qn("w:tbl"):
            lines.extend(_table(Table(el, doc)))
    notes = _footnotes(doc)
    if notes:
        lines.append("---")
        lines.extend(f"[^{n}] {text}" for n, text in notes)
    return "\n".join(lines) + "\n"


def _footnotes(doc: DocxDocument) -> list[tuple[str, str]]:
    from lxml import etree

    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            root = etree.fromstring(rel.target_part.blob)
            out = []
            for note in root.iterfind(qn("w:footnote")):
                number = note.get(qn("w:id"))
                if number is None or int(number) <= 0:  # separators
                    continue
                text = _clean("".join(t.text or "" for t in note.iter(qn("w:t"))))
                out.append((number, text))
            return out
    return []
