"""Nghị định 30/2020/NĐ-CP, Phụ lục I, item by item as read (docs/sources/nd-30-2020.md): each
element's letter case, size and style in the DOCX a report is written to."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cds.reports.layout import Letterhead, OfficialDocument


def _first_page() -> DocxDocument:
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


def _runs(paragraph: Paragraph) -> list[Run]:
    return [r for r in paragraph.runs if r.text.strip()]


def _size(paragraph: Paragraph, d: DocxDocument) -> float:
    sizes = {r.font.size.pt for r in _runs(paragraph) if r.font.size}
    if sizes:
        (size,) = sizes
        return size
    style = paragraph.style
    while style is not None and style.font.size is None:
        style = style.base_style
    return (style or d.styles["Normal"]).font.size.pt


def _style(paragraph: Paragraph) -> ParagraphStyle:
    """The paragraph's style (python-docx gives the document's default where none is set)."""
    assert paragraph.style is not None
    return paragraph.style


def _bold(paragraph: Paragraph) -> bool:
    runs = _runs(paragraph)
    return all(r.bold or (r.bold is None and _style(paragraph).font.bold) for r in runs)


def _upright(paragraph: Paragraph) -> bool:
    return not any(r.italic or (r.italic is None and _style(paragraph).font.italic) for r in _runs(paragraph))


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


# --- Mục II.5–9 and Mục III, as read in a full transcription of Phụ lục I (docs/sources/nd-30-2020.md § 0, C)


def _whole(subject: str = "Kết quả chuyển đổi số năm 2024") -> DocxDocument:
    lh = Letterhead(
        "",
        "Ủy ban nhân dân xã Tịnh Châu",
        "Tịnh Châu",
        number=5,
        date=dt.date(2024, 1, 5),
        sign_form="KT",
        on_behalf="CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Võ Quang Luận",
        recipients=["Phòng Văn hóa và Thông tin huyện", "Lưu: VT"],
    )
    doc = OfficialDocument(lh)
    doc.header_table()
    doc.title("Báo cáo", [subject])
    doc.paragraph("Nội dung.")
    doc.closing("UBND xã Tịnh Châu kính báo cáo./.")
    doc.recipients_and_signature()
    doc.appendix("I", ["Số liệu chuyển đổi số năm 2024"], "(Kèm theo Báo cáo số 05/BC-UBND ngày 05/01/2024)")
    doc.data_table(["Stt", "Chỉ tiêu"], [["1", "x"]], [12, 100])
    doc.appendix("II", ["Số lượng người tham gia"], "(Kèm theo Báo cáo số 05/BC-UBND ngày 05/01/2024)")
    doc.data_table(["Stt", "Chỉ tiêu"], [["1", "y"]], [12, 100])
    return Document(io.BytesIO(doc.to_bytes()))


def test_the_body_is_justified_indented_6pt_apart_and_single_spaced():
    """II.6.e: «Nội dung văn bản được trình bày bằng chữ in thường, được canh đều cả hai lề, kiểu
    chữ đứng; cỡ chữ từ 13 đến 14; khi xuống dòng, chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm; khoảng
    cách giữa các đoạn văn tối thiểu là 6pt; khoảng cách giữa các dòng tối thiểu là dòng đơn, tối
    đa là 1,5 lines.»"""
    d = _whole()
    fmt = d.styles["Normal"].paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(fmt.first_line_indent.cm, 2) in (1.0, 1.27)
    assert fmt.space_after.pt >= 6 and 1.0 <= fmt.line_spacing <= 1.5


def test_the_rule_under_the_subject_is_a_third_to_a_half_of_its_line():
    """II.5.b: «Bên dưới trích yếu nội dung văn bản có đường kẻ ngang, nét liền, có độ dài bằng từ
    1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với dòng chữ.»"""
    from cds.reports.frontmatter import text_mm

    for subject in (
        "Kết quả chuyển đổi số năm 2024",
        "Kết quả chuyển đổi số năm 2024 trên địa bàn huyện Sơn Hà",
    ):
        d = _whole(subject)
        body = d.paragraphs
        at = next(i for i, p in enumerate(body) if p.text == subject)
        rule = body[at + 1]
        assert "w:bottom" in rule._p.xml
        section = d.sections[0]
        text_width = (section.page_width - section.left_margin - section.right_margin) / 36000
        indent = rule.paragraph_format.left_indent.mm
        assert abs(indent - rule.paragraph_format.right_indent.mm) < 0.1  # «đặt cân đối»
        length = text_width - 2 * indent
        line = min(text_mm(subject, 14), text_width)
        assert line / 3 - 0.5 <= length <= line / 2 + 0.5, (subject, length, line)


def test_the_signers_authority_title_and_name_are_bold_13_to_14_and_nơi_nhận_12_bold_italic_list_11():
    """II.7.đ: «… “TM.”, “Q.”, “KT.”, “TL.”, “TUQ.” và quyền hạn chức vụ của người ký được trình bày
    bằng chữ in hoa, cỡ chữ từ 13 đến 14, kiểu chữ đứng, đậm» … «Họ và tên của người ký … bằng chữ
    in thường, cỡ chữ từ 13 đến 14, kiểu chữ đứng, đậm»; II.9.d (ô 9b): «Từ “Nơi nhận” … sau có
    dấu hai chấm (:), bằng chữ in thường, cỡ chữ 12, kiểu chữ nghiêng, đậm; phần liệt kê … cỡ chữ
    11, kiểu chữ đứng; … đầu dòng có gạch đầu dòng (-) sát lề trái, cuối dòng có dấu chấm phẩy (;),
    dòng cuối cùng bao gồm chữ “Lưu” sau có dấu hai chấm (:), tiếp theo là chữ viết tắt “VT” …,
    cuối cùng là dấu chấm (.).»"""
    d = _whole()
    table = d.tables[-3]  # the recipients and signature table (before the two appendix tables)
    left, right = table.rows[0].cells
    lines = [p for p in right.paragraphs if p.text.strip()]
    assert [p.text for p in lines][:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[-1].text == "Võ Quang Luận"
    for p in (lines[0], lines[1], lines[-1]):
        assert 13 <= _size(p, d) <= 14 and _bold(p) and _upright(p)
    label, *listed = (p for p in left.paragraphs if p.text.strip())
    assert label.text == "Nơi nhận:" and _size(label, d) == 12 and _bold(label)
    assert all(r.italic for r in _runs(label))
    assert [p.text for p in listed] == ["- Phòng Văn hóa và Thông tin huyện;", "- Lưu: VT."]
    assert all(_size(p, d) == 11 and _upright(p) for p in listed)


def test_an_appendix_is_headed_phụ_lục_in_lower_case_bold_14_its_title_in_capitals():
    """III.1.b: «Từ “Phụ lục” và số thứ tự của Phụ lục được trình bày thành một dòng riêng, canh
    giữa, bằng chữ in thường, cỡ chữ 14, kiểu chữ đứng, đậm; tên Phụ lục (nếu có) được trình bày
    canh giữa, bằng chữ in hoa, cỡ chữ từ 13 đến 14, kiểu chữ đứng, đậm.» III.1.c: the «Kèm theo»
    line «canh giữa phía dưới tên của Phụ lục, chữ in thường, cỡ chữ từ 13 đến 14, kiểu chữ nghiêng»."""
    d = _whole()
    body = d.paragraphs
    at = next(i for i, p in enumerate(body) if p.text == "Phụ lục I")
    head, title, attached = body[at], body[at + 1], body[at + 2]
    assert _size(head, d) == 14 and _bold(head) and _upright(head)
    assert title.text == "SỐ LIỆU CHUYỂN ĐỔI SỐ NĂM 2024" and 13 <= _size(title, d) <= 14 and _bold(title)
    assert attached.text.startswith("(Kèm theo") and all(r.italic for r in _runs(attached))
    assert 13 <= _size(attached, d) <= 14
    assert not any(p.text.startswith("PHỤ LỤC") for p in body)


def test_each_appendix_numbers_its_pages_from_one():
    """III.1.đ: «Số trang của Phụ lục được đánh số riêng theo từng Phụ lục.»"""
    d = _whole()
    appendices = d.sections[1:]
    assert len(appendices) == 2
    for section in appendices:
        numbering = section._sectPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType"
        )
        assert numbering is not None
        assert numbering.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start") == "1"
