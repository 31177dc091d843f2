"""Read an old report into blocks of text, each knowing where it stood (issue 19, «Reading»).

DOCX (python-docx): headers, body paragraphs, tables cell by cell, footnotes; PDF with a text
layer (pypdf), page by page; plain text and Markdown. Every file goes through the same safety
checks as uploads of tables (``cds.lib.tabular.safety``: size, real format by its bytes, zip
bombs, passwords) before a parser sees it, and every failure is an ``InputError`` — a scanned PDF
(no text layer) included, since there is no OCR here.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from cds.lib.errors import InputError, Location
from cds.lib.tabular.safety import MB, Source, archive_kind, load_bytes
from cds.lib.text import fold, nfc

if TYPE_CHECKING:
    from docx.table import Table

MAX_BYTES = 30 * MB
MAX_PDF_PAGES = 200  # a report is tens of pages; a 300-page PDF is a compilation, refused
MAX_CHARACTERS = 2_000_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and password-protected .docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Block:
    """One paragraph, table cell, footnote or page line group, with where it stood."""

    text: str
    where_vi: str  # "đoạn 12", "bảng 1, hàng 3, cột 2", "chú thích 4", "đầu trang", "trang 3"
    where_en: str
    kind: str = "paragraph"  # paragraph, cell, footnote, header, page


@dataclass
class Document:
    file_name: str
    format: str  # docx, pdf, text
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def _error(file_name: str, vi: str, en: str) -> InputError:
    return InputError(vi, en, Location(file=file_name))


def read_document(source: Source, file_name: str) -> Document:
    """The blocks of an uploaded report; an ``InputError`` for anything that is not one."""
    data = load_bytes(source, MAX_BYTES)
    suffix = Path(file_name).suffix.lower()
    if data.startswith(_OLE_MAGIC):
        raise _error(
            file_name,
            "Tệp Word có mật khẩu hoặc là tệp .doc cũ: hãy gỡ mật khẩu / lưu lại dạng .docx rồi tải lên.",
            "The Word file is password-protected or an old .doc: remove the password / save it as "
            ".docx and upload it again.",
        )
    if data.startswith(b"PK"):
        return _read_docx(data, file_name)
    if data.startswith(b"%PDF"):
        return _read_pdf(data, file_name)
    if suffix in {".docx", ".pdf", ".doc"}:
        raise _error(
            file_name,
            f"Tệp không phải {suffix} hợp lệ (có thể bị hỏng hoặc chỉ được đổi đuôi).",
            f"The file is not a valid {suffix} (it may be damaged or merely renamed).",
        )
    return _read_text(data, file_name)


# --- plain text ---------------------------------------------------------------------------------


def _read_text(data: bytes, file_name: str) -> Document:
    if b"\x00" in data[:4096]:
        raise _error(
            file_name,
            "Tệp không phải văn bản (Word .docx, PDF có lớp chữ hoặc tệp chữ .txt).",
            "The file is not a document (Word .docx, PDF with a text layer or a .txt text file).",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise _error(
                file_name, "Không đọc được bảng mã của tệp chữ (hãy lưu dạng UTF-8).",
                "The text file's encoding could not be read (save it as UTF-8).",
            ) from None  # fmt: skip
    text = _FRONT_MATTER.sub("", unicodedata.normalize("NFC", text).replace("\r\n", "\n"))
    doc = Document(file_name, "text")
    number = table_no = 0
    lines = text.split("\n")
    at = 0
    while at < len(lines):
        end = at
        while end < len(lines) and lines[end].count("\t") >= 2:  # a table saved as text: tab-separated
            end += 1
        if end - at >= 2:
            table_no += 1
            _row_blocks(doc, [[nfc(c.strip()) for c in line.split("\t")] for line in lines[at:end]], table_no)
            at = end
            continue
        for paragraph in _paragraphs(lines[at]):
            number += 1
            doc.blocks.append(Block(paragraph, f"đoạn {number}", f"paragraph {number}"))
        at += 1
    return _checked(doc)


def _row_blocks(doc: Document, rows: list[list[str]], table_no: int) -> None:
    """A table's rows as blocks, cell by cell: a figure's cell keeps its row's subject (its first
    cell with words, past a «Stt» number) and its column's header, as DOCX tables are read."""
    header = rows[0]
    numbering = {c for c, h in enumerate(header, start=1) if fold(h) in ("stt", "tt", "sott")}
    for r, cells in enumerate(rows, start=1):
        label = next((c for c in cells if any(ch.isalpha() for ch in c)), "")
        for c, text in enumerate(cells, start=1):
            if not text or (r > 1 and c in numbering):  # «Stt»: the row's number, no figure
                continue
            if r > 1 and text != label and any(ch.isdigit() for ch in text):
                column = header[c - 1] if c - 1 < len(header) else ""
                text = " ".join(x for x in (label, column and f"({column})", text) if x)
            where_vi = f"bảng {table_no}, hàng {r}, cột {c}"
            doc.blocks.append(Block(text, where_vi, f"table {table_no}, row {r}, column {c}", "cell"))


def _paragraphs(text: str) -> list[str]:
    """Lines are paragraphs ("> " quote marks and "- " bullets of Markdown dropped)."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:>\s*)*(?:[-*+]\s+)?", "", line).strip()
        if line:
            out.append(nfc(line))
    return out


# --- DOCX ---------------------------------------------------------------------------------------


def _read_docx(data: bytes, file_name: str) -> Document:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        names = set()
    if "word/document.xml" not in names:
        raise _error(
            file_name,
            "Tệp không phải văn bản Word .docx hợp lệ (có thể bị hỏng hoặc chỉ được đổi đuôi).",
            "The file is not a valid Word .docx (it may be damaged or merely renamed).",
        )
    archive_kind(data)  # zip bombs, lying sizes, encrypted members: refused before parsing
    import docx  # python-docx: imported here, as only this path needs it

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as error:  # hostile XML fails in many ways; all mean "not a readable .docx"
        raise _error(
            file_name,
            "Không đọc được tệp Word (.docx bị hỏng).",
            "The Word file could not be read (the .docx is damaged).",
        ) from error
    doc = Document(file_name, "docx")
    for s_index, section in enumerate(word.sections, start=1):
        for paragraph in section.header.paragraphs:
            if paragraph.text.strip():
                doc.blocks.append(Block(nfc(paragraph.text.strip()), "đầu trang", "page header", "header"))
        if s_index == 1:
            break
    paragraph_no = table_no = 0
    for item in word.iter_inner_content():
        if isinstance(item, docx.table.Table):
            table_no += 1
            _table_blocks(doc, item, table_no)
        elif item.text.strip():
            paragraph_no += 1
            where = f"đoạn {paragraph_no}", f"paragraph {paragraph_no}"
            doc.blocks.append(Block(nfc(item.text.strip()), *where))
    for number, text in _footnotes(data):
        doc.blocks.append(Block(text, f"chú thích {number}", f"footnote {number}", "footnote"))
    return _checked(doc)


def _table_blocks(doc: Document, table: Table, table_no: int) -> None:
    """One block per distinct cell: a merged cell is read once. The row's first cell and the
    column's header are kept in the text, so a figure in a cell keeps its subject."""
    rows = list(table.rows)
    header = [nfc(c.text.strip()) for c in rows[0].cells] if rows else []
    for r, row in enumerate(rows, start=1):
        seen: set[int] = set()
        cells = list(row.cells)
        label = nfc(cells[0].text.strip()) if cells else ""
        for c, cell in enumerate(cells, start=1):
            if id(cell._tc) in seen or not cell.text.strip():
                continue
            seen.add(id(cell._tc))
            text = nfc(cell.text.strip())
            if r > 1 and c > 1 and any(ch.isdigit() for ch in text):
                column = header[c - 1] if c - 1 < len(header) else ""
                text = " ".join(x for x in (label, column and f"({column})", text) if x)
            where_vi = f"bảng {table_no}, hàng {r}, cột {c}"
            doc.blocks.append(Block(text, where_vi, f"table {table_no}, row {r}, column {c}", "cell"))


def _footnotes(data: bytes) -> list[tuple[int, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        try:
            root = ElementTree.fromstring(archive.read("word/footnotes.xml"))
        except ElementTree.ParseError:
            return []
    out = []
    for note in root.iter(f"{_W}footnote"):
        number = int(note.get(f"{_W}id", "0"))
        text = "".join(t.text or "" for t in note.iter(f"{_W}t")).strip()
        if number > 0 and text:
            out.append((number, nfc(text)))
    return out


# --- PDF ----------------------------------------------------------------------------------------


def _read_pdf(data: bytes, file_name: str) -> Document:
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged xref is our error, not a log line
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _error(
                file_name,
                "Tệp PDF có mật khẩu: hãy gỡ mật khẩu rồi tải lên.",
                "The PDF is password-protected: remove the password and upload it again.",
            )
        count = len(reader.pages)
    except InputError:
        raise
    except Exception as error:
        raise _error(
            file_name, "Không đọc được tệp PDF (bị hỏng).", "The PDF could not be read (it is damaged)."
        ) from error
    if count > MAX_PDF_PAGES:
        raise _error(
            file_name,
            f"Tệp PDF có {count} trang, tối đa {MAX_PDF_PAGES} trang: hãy tách phần báo cáo ra tệp riêng.",
            f"The PDF has {count} pages, at most {MAX_PDF_PAGES}: split the report into its own file.",
        )
    doc = Document(file_name, "pdf")
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # one damaged page: the rest is still read
            text = ""
        for paragraph in _pdf_paragraphs(unicodedata.normalize("NFC", text)):
            doc.blocks.append(Block(paragraph, f"trang {number}", f"page {number}", "page"))
    if not any(ch.isalpha() for b in doc.blocks for ch in b.text):
        raise _error(
            file_name,
            "Tệp PDF không có lớp chữ (bản quét ảnh): hệ thống chưa đọc được chữ trong ảnh. "
            "Hãy tải lên bản Word hoặc PDF xuất từ Word.",
            "The PDF has no text layer (a scanned image): text in images cannot be read yet. "
            "Upload the Word file or a PDF exported from Word.",
        )
    return _checked(doc)


def _pdf_paragraphs(text: str) -> list[str]:
    """A PDF breaks lines mid-sentence: lines are joined until one ends a sentence or the next
    starts a list item."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        starts_item = re.match(r"^(?:[-–•+]|\d+(?:\.\d+)*[.)]|[IVX]+\.|[a-zđ]\))\s", line)
        if current and (starts_item or current.endswith((".", ":", ";"))):
            out.append(nfc(current))
            current = line
        else:
            current = f"{current} {line}".strip()
    if current:
        out.append(nfc(current))
    return out


def _checked(doc: Document) -> Document:
    if sum(len(b.text) for b in doc.blocks) > MAX_CHARACTERS:
        raise _error(
            doc.file_name,
            f"Văn bản quá dài (hơn {MAX_CHARACTERS:,} ký tự): hãy tách phần báo cáo ra tệp riêng.".replace(
                ",", "."
            ),
            f"The document is too long (over {MAX_CHARACTERS:,} characters): split the report into its own file.",
        )
    if not doc.blocks:
        raise _error(doc.file_name, "Văn bản không có chữ nào.", "The document has no text.")
    return doc
