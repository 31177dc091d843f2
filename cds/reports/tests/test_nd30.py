"""Nghị định 30/2020/NĐ-CP, Phụ lục I, item by item as read (docs/sources/nd-30-2020.md): each
element's letter case, size and style in the DOCX a report is written to."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from cds.reports.layout import Letterhead, OfficialDocument


def _first_page():  # type: ignore[no-untyped-def]
    lh = Letterhead(
        "UBND huyện Sơn Hà",
        "Phòng Văn hóa và Thông tin",
        "Sơn Hà",
        number=193,
        symbol="BC-PVHTT",
        date=dt.date(2024, 10, 31),
    )
    doc = OfficialDocument(lh)
    doc.header_table()
    doc.title("Báo cáo", ["Kết quả chuyển đổi số năm 2024"])
    doc.paragraph("Nội dung.")
    return Document(io.BytesIO(doc.to_bytes()))


def _runs(paragraph):  # type: ignore[no-untyped-def]
    return [r for r in paragraph.runs if r.text.strip()]


def _size(paragraph, d) -> float:  # type: ignore[no-untyped-def]
    sizes = {r.font.size.pt if r.font.size else None for r in _runs(paragraph)}
    sizes.discard(None)
    if sizes:
        (size,) = sizes
        return size
    style = paragraph.style
    while style is not None and style.font.size is None:
        style = style.base_style
    return (style or d.styles["Normal"]).font.size.pt


def _bold(paragraph) -> bool:  # type: ignore[no-untyped-def]
    runs = _runs(paragraph)
    return all(r.bold or (r.bold is None and paragraph.style.font.bold) for r in runs)


def _upright(paragraph) -> bool:  # type: ignore[no-untyped-def]
    return not any(r.italic or (r.italic is None and paragraph.style.font.italic) for r in _runs(paragraph))


def test_quoc_hieu_and_tieu_ngu_are_top_right_bold_in_the_decrees_sizes():
    d = _first_page()
    right = d.tables[0].rows[0].cells[1].paragraphs
    quoc_hieu, tieu_ngu = (p for p in right if p.text.strip())
    assert quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # in hoa
    assert 12 <= _size(quoc_hieu, d) <= 13 and _bold(quoc_hieu) and _upright(quoc_hieu)
    assert tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"  # in thường, initials capital, hyphens
    assert 13 <= _size(tieu_ngu, d) <= 14 and _bold(tieu_ngu) and _upright(tieu_ngu)


def test_the_governing_body_is_upright_and_the_issuer_bold_both_capitals_12_to_13():
    d = _first_page()
    governing, *issuer = (p for p in d.tables[0].rows[0].cells[0].paragraphs if p.text.strip())
    assert governing.text == "UBND HUYỆN SƠN HÀ"
    assert 12 <= _size(governing, d) <= 13 and _upright(governing) and not _bold(governing)
    assert " ".join(p.text for p in issuer) == "PHÒNG VĂN HÓA VÀ THÔNG TIN"
    assert all(12 <= _size(p, d) <= 13 and _upright(p) and _bold(p) for p in issuer)


def test_the_number_is_13_upright_and_the_place_and_date_13_to_14_italic():
    d = _first_page()
    number, date = (c.paragraphs[0] for c in d.tables[0].rows[1].cells)
    assert number.text == "Số: 193/BC-PVHTT" and _size(number, d) == 13 and _upright(number)
    assert date.text == "Sơn Hà, ngày 31 tháng 10 năm 2024"
    assert 13 <= _size(date, d) <= 14 and all(r.italic for r in _runs(date))


def test_the_document_type_is_capitals_and_the_subject_bold_with_a_rule_below():
    d = _first_page()
    body = [p for p in d.paragraphs]
    kind = next(p for p in body if p.text == "BÁO CÁO")
    subject = body[body.index(kind) + 1]
    assert subject.text == "Kết quả chuyển đổi số năm 2024"  # in thường
    for p in (kind, subject):
        assert 13 <= _size(p, d) <= 14 and _bold(p) and _upright(p)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER or p.style.paragraph_format.alignment == 1
    rule = body[body.index(subject) + 1]
    assert "w:bottom" in rule._p.xml and not rule.text.strip()  # "Dòng kẻ bên dưới"


def test_the_body_text_is_upright_13_to_14():
    d = _first_page()
    p = next(p for p in d.paragraphs if p.text == "Nội dung.")
    assert 13 <= _size(p, d) <= 14 and _upright(p)


def test_the_page_number_is_13_to_14_upright_centred_in_the_top_margin_not_on_page_one():
    d = _first_page()
    section = d.sections[0]
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER and "PAGE" in header._p.xml
    sizes = {r.font.size.pt for r in header.runs if r.font.size}
    assert sizes and all(13 <= s <= 14 for s in sizes)
    assert section.different_first_page_header_footer and "PAGE" not in section.first_page_header._element.xml
