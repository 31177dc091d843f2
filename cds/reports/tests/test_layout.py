"""The Nghị định 30 building blocks, read back from the saved DOCX."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT

from cds.reports.layout import Letterhead, OfficialDocument, recipient_lines


def _doc() -> tuple[OfficialDocument, bytes]:
    lh = Letterhead(
        "Ủy ban nhân dân",
        "Xã Tịnh Châu",
        "Tịnh Châu",
        number=5,
        date=dt.date(2024, 1, 5),
        signer_name="Võ Quang Luận",
        recipients=["Phòng VH TT thành phố", "Lưu: VT, HS"],
    )
    doc = OfficialDocument(lh)
    doc.header_table()
    doc.title("Báo cáo", ["Kết quả chuyển đổi số"])
    doc.heading(1, "Công tác chỉ đạo")
    doc.heading(2, "Kết quả")
    doc.heading(3, "Nhận thức số")
    doc.heading(3, "Nhân lực số")
    doc.paragraph("Có chú thích.", footnotes=["Quý I: 9,36%; quý II: 18,73%"])
    doc.paragraph("Gạch đầu dòng", bullet="-")
    doc.closing("UBND xã Tịnh Châu kính báo cáo./.")
    doc.recipients_and_signature()
    doc.appendix("II", ["Số lượng người tham gia"], "(Kèm theo Báo cáo số 05/BC-UBND ngày 5/1/2024)")
    doc.data_table(
        ["Stt", "Tên", "A"],
        [["1", "x", "29"], ["2", "y", "39"]],
        [15, 100, 30],
        total=["Tổng cộng", "", "68"],
    )
    return doc, doc.to_bytes()


def test_the_page_is_a4_with_decree_margins_and_times_new_roman_14():
    _, blob = _doc()
    d = Document(io.BytesIO(blob))
    first = d.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert 20 <= round(first.top_margin.mm) <= 25 and 20 <= round(first.bottom_margin.mm) <= 25
    assert 30 <= round(first.left_margin.mm) <= 35 and 15 <= round(first.right_margin.mm) <= 20
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert (
        normal.paragraph_format.space_after.pt == 6 and normal.paragraph_format.first_line_indent.cm == 1.27
    )


def test_the_header_table_has_body_motto_zero_padded_number_and_decree_date():
    _, blob = _doc()
    table = Document(io.BytesIO(blob)).tables[0]
    left, right = (c.text for c in table.rows[0].cells)
    assert "ỦY BAN NHÂN DÂN\nXÃ TỊNH CHÂU" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in right
    number, date = table.rows[1].cells
    assert number.text.strip() == "Số: 05/BC-UBND"
    assert date.text.strip() == "Tịnh Châu, ngày 05 tháng 01 năm 2024"
    assert all(run.italic for run in date.paragraphs[0].runs)


def test_headings_are_numbered_roman_arabic_and_letters():
    _, blob = _doc()
    texts = [p.text for p in Document(io.BytesIO(blob)).paragraphs if p.style.name.startswith("Heading")]
    assert texts == ["I. Công tác chỉ đạo", "1. Kết quả", "a) Nhận thức số", "b) Nhân lực số"]


def test_footnotes_are_real_word_footnotes():
    _, blob = _doc()
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        notes = z.read("word/footnotes.xml").decode()
        body = z.read("word/document.xml").decode()
        types = z.read("[Content_Types].xml").decode()
    assert "Quý I: 9,36%; quý II: 18,73%" in notes
    assert '<w:footnoteReference w:id="1"/>' in body
    assert "footnotes+xml" in types


def test_page_numbers_are_a_page_field_in_the_header_but_not_on_page_one():
    _, blob = _doc()
    d = Document(io.BytesIO(blob))
    section = d.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_recipients_and_signature_block():
    _, blob = _doc()
    table = Document(io.BytesIO(blob)).tables[1]
    left, right = table.rows[0].cells
    first = left.paragraphs[0].runs[0]
    assert left.paragraphs[0].text == "Nơi nhận:" and first.bold and first.italic and first.font.size.pt == 12
    assert [p.text for p in left.paragraphs[1:]] == ["- Phòng VH TT thành phố;", "- Lưu: VT, HS."]
    assert left.paragraphs[1].runs[0].font.size.pt == 11
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Quang Luận"]


def test_recipient_lines_end_with_the_archive():
    assert recipient_lines(["Sở KH&CN", "CT, các PCT"]) == ["- Sở KH&CN;", "- CT, các PCT;", "- Lưu: VT."]


def test_appendices_are_landscape_with_repeated_header_rows_and_a_total():
    _, blob = _doc()
    d = Document(io.BytesIO(blob))
    assert d.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    table = d.tables[-1]
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml
    assert [c.text for c in table.rows[-1].cells][-1] == "68"
    assert table.rows[-1].cells[0].text == "Tổng cộng"


def test_a_wide_table_can_use_a_smaller_font_in_every_cell():
    doc, _ = _doc()
    table = doc.data_table(["Stt", "Xếp hạng"], [["1", "112/151"]], [10, 17], font_pt=10)
    sizes = {
        run.font.size.pt
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
    }
    assert sizes == {10.0}
    plain = doc.data_table(["Stt"], [["1"]], [10])
    assert all(run.font.size is None for run in plain.rows[1].cells[0].paragraphs[0].runs)  # the style's size


def test_a_column_header_starts_with_a_capital_letter_whatever_the_caller_passes():
    """Issue 14: «năm 2024» heading a column reads «Năm 2024»; a number or an abbreviation is kept."""
    doc, _ = _doc()
    table = doc.data_table(
        ["Stt", "Chỉ tiêu", "năm 2024", "quý II/2023", "6 tháng đầu năm 2024", "Đánh giá năm 2024"],
        [["1", "x", "1", "2", "3", "Đạt"]],
        [10, 60, 30, 30, 30, 30],
    )
    assert [c.text for c in table.rows[0].cells] == [
        "Stt",
        "Chỉ tiêu",
        "Năm 2024",
        "Quý II/2023",
        "6 tháng đầu năm 2024",
        "Đánh giá năm 2024",
    ]


def test_a_heading_starts_with_a_capital_letter():
    doc, _ = _doc()
    p = doc.heading(2, "năm 2024 và quý I/2025")
    assert p.text.endswith("Năm 2024 và quý I/2025")


def test_a_tables_caption_keeps_with_its_table():
    """Seen on the demo's two-year consolidated report: «Năm 2024» alone at the foot of a page."""
    doc, _ = _doc()
    caption = doc.table_caption("năm 2024")
    assert caption.text == "Năm 2024" and caption.paragraph_format.keep_with_next


def test_the_closing_takes_the_bodys_last_paragraph_onto_the_signatures_page():
    """Seen on the commune's DTI report: the closing sentence and the signature alone on page 4,
    a signed page holding none of the report. The body's last paragraph keeps with the closing."""
    _, data = _doc()
    read = Document(io.BytesIO(data))
    texts = [p.text for p in read.paragraphs]
    closing = texts.index("UBND xã Tịnh Châu kính báo cáo./.")
    before, closing_p = read.paragraphs[closing - 1], read.paragraphs[closing]
    assert before.text.endswith("Gạch đầu dòng")
    assert before.paragraph_format.keep_with_next and closing_p.paragraph_format.keep_with_next
