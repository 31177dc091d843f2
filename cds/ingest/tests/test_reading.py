"""Reading old reports: DOCX (headers, paragraphs, tables cell by cell, footnotes), PDF with a
text layer, plain text; and every bad file refused in words, never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from cds.ingest.reading import MAX_PDF_PAGES, read_document
from cds.lib.errors import InputError
from cds.lib.testing import zipped

FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="0"><w:p><w:r><w:t>separator</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Số liệu tổng hợp đến ngày 20/6/2024.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def docx_bytes(footnotes: bool = True) -> bytes:
    import docx

    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "ỦY BAN NHÂN DÂN XÃ AN"
    doc.add_paragraph("BÁO CÁO Kết quả chuyển đổi số 6 tháng đầu năm 2024")
    doc.add_paragraph("Toàn xã có 5 tổ công nghệ số cộng đồng với 40 thành viên.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Kết quả"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tổ công nghệ số cộng đồng thôn", "12"
    buffer = io.BytesIO()
    doc.save(buffer)
    if not footnotes:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/footnotes.xml", FOOTNOTES)
    return out.getvalue()


def pdf_bytes(text_lines: list[str], image_only: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(8.27, 11.69))
        if image_only:
            ax = fig.add_axes((0, 0, 1, 1))
            ax.imshow([[0, 1], [1, 0]])
            ax.axis("off")
        for i, line in enumerate(text_lines):
            fig.text(0.1, 0.9 - 0.05 * i, line, fontsize=11)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="pdf")
        plt.close(fig)
    return buffer.getvalue()


def test_a_docx_is_read_header_paragraphs_table_cells_and_footnotes_each_with_its_place() -> None:
    doc = read_document(docx_bytes(), "bao-cao.docx")
    assert doc.format == "docx"
    where = {b.where_vi: b.text for b in doc.blocks}
    assert where["đầu trang"] == "ỦY BAN NHÂN DÂN XÃ AN"
    assert where["đoạn 2"] == "Toàn xã có 5 tổ công nghệ số cộng đồng với 40 thành viên."
    # a figure in a cell keeps its row's subject and its column's header
    assert where["bảng 1, hàng 2, cột 2"] == "Tổ công nghệ số cộng đồng thôn (Kết quả) 12"
    assert where["chú thích 1"] == "Số liệu tổng hợp đến ngày 20/6/2024."


def test_a_pdf_with_a_text_layer_is_read_page_by_page() -> None:
    data = pdf_bytes(["ỦY BAN NHÂN DÂN XÃ AN", "Toàn xã có 5 tổ công nghệ số cộng đồng với 40 thành viên."])
    doc = read_document(data, "bao-cao.pdf")
    assert doc.format == "pdf"
    assert "5 tổ công nghệ số cộng đồng" in doc.text
    assert {b.where_vi for b in doc.blocks} == {"trang 1"}


def test_a_scanned_pdf_without_text_is_refused_in_both_languages() -> None:
    with pytest.raises(InputError) as caught:
        read_document(pdf_bytes([], image_only=True), "scan.pdf")
    assert "không có lớp chữ" in caught.value.vi
    assert "no text layer" in caught.value.en


def test_a_pdf_of_more_pages_than_the_limit_is_refused_with_the_limit() -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(300):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InputError) as caught:
        read_document(buffer.getvalue(), "tuyen-tap.pdf")
    assert f"tối đa {MAX_PDF_PAGES} trang" in caught.value.vi
    assert "300 pages" in caught.value.en


def test_a_password_protected_pdf_is_refused() -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(["Năm 2023"])))
    writer.encrypt("matkhau")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InputError) as caught:
        read_document(buffer.getvalue(), "mat-khau.pdf")
    assert "mật khẩu" in caught.value.vi


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"PK\x03\x04 this is no archive at all", "hong.docx", "không phải văn bản Word .docx hợp lệ"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "mat-khau.docx", "mật khẩu"),
        (b"%PDF-1.7\n garbage", "hong.pdf", "Không đọc được tệp PDF"),
        (b"just text renamed", "bao-cao.docx", "không phải .docx hợp lệ"),
        (b"\x00\x01\x02binary", "anh.bin", "không phải văn bản"),
        (b"", "rong.txt", "rỗng"),
    ],
)
def test_a_bad_file_is_an_input_error_never_a_traceback(data: bytes, name: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_document(data, name)
    assert words in caught.value.vi
    assert caught.value.en


def test_a_zip_bomb_disguised_as_a_docx_is_refused_before_parsing() -> None:
    bomb = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": b"\x00" * (20 * 1024 * 1024)})
    with pytest.raises(InputError) as caught:
        read_document(bomb, "bom.docx")
    assert "cấu trúc bất thường" in caught.value.vi


def test_plain_text_drops_markdown_quote_marks_and_a_front_matter() -> None:
    text = "---\ntitle: x\n---\n\n> Toàn xã có 5 tổ.\n> - 100% cán bộ có máy tính\n"
    doc = read_document(text.encode(), "bai.md")
    assert [b.text for b in doc.blocks] == ["Toàn xã có 5 tổ.", "100% cán bộ có máy tính"]
    assert doc.blocks[1].where_vi == "đoạn 2"


def test_a_table_saved_as_text_is_read_cell_by_cell_with_its_row_s_subject_and_column_s_header() -> None:
    text = (
        "PHỤ LỤC II\n"
        "Stt\tTên hoạt động\tSố lượng CB, CC được tập huấn\tSố lượng người dân được hướng dẫn\n"
        "1\tTập huấn chuyển đổi số trên địa bàn xã\t29\t2400\n"
        "Tổng cộng\t\t68\t2831\n"
        "Nơi nhận: như trên.\n"
    )
    doc = read_document(text.encode(), "bao-cao.txt")
    cells = [b for b in doc.blocks if b.kind == "cell"]
    assert "Tập huấn chuyển đổi số trên địa bàn xã (Số lượng CB, CC được tập huấn) 29" in [
        b.text for b in cells
    ]
    assert next(b for b in cells if b.text.endswith(" 2400")).where_vi == "bảng 1, hàng 2, cột 4"
    assert not [b for b in cells if b.text.endswith("(Stt) 1")]  # the row's number is no figure
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["PHỤ LỤC II", "Nơi nhận: như trên."]
