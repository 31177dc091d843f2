"""Front matter per Nghị định 30 (issue 14 items 2, 4, 5): the issuer and signer as data, the date
line, the rules, names never split, and the provenance apart — read back from the DOCX."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.reports.check import not_ready_to_sign
from cds.reports.frontmatter import name_lines, signature_lines, text_mm
from cds.reports.issuers import default_date, set_profile
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.layout import CELL_PAD_MM, LEFT_MM, MOTTO, Letterhead, OfficialDocument
from cds.reports.parts import BuiltReport
from cds.units.services import resolve_unit

TINH_CHAU = "xã Tịnh Châu, thành phố Quảng Ngãi"
SON_NHAM = "xã Sơn Nham, huyện Sơn Hà"
CITY = "thành phố Quảng Ngãi, tỉnh Quảng Ngãi"
COLUMN = LEFT_MM - 2 * CELL_PAD_MM


def _build(kind: str, unit_text: str, period_code: str, **options: Any) -> tuple[BuiltReport, DocxDocument]:
    period = parse_period(period_code)
    unit = resolve_unit(unit_text, as_of=period.end)
    built = build_report(kind, unit, period, ReportOptions(charts=False, **options))
    return built, Document(io.BytesIO(built.to_bytes()))


def _header(doc: DocxDocument) -> tuple[_Cell, _Cell, str, str]:
    table = doc.tables[0]
    left, right = table.rows[0].cells
    number, date = table.rows[1].cells
    return left, right, number.text.strip(), date.text.strip()


def _signature(doc: DocxDocument) -> tuple[list[str], list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    left, right = table.rows[0].cells
    return [p.text for p in left.paragraphs[1:]], [p.text for p in right.paragraphs if p.text]


def _rule_mm(paragraph: Paragraph, cell_mm: float) -> float:
    """The length of a rule drawn as an empty paragraph's bottom border between its indents."""
    f = paragraph.paragraph_format
    return cell_mm - 2 * CELL_PAD_MM - f.left_indent.mm - f.right_indent.mm


# --- names, rules, signature forms (no database) ---------------------------------------------------


def test_a_city_name_breaks_between_words_and_keeps_the_proper_name_whole():
    lines, size = name_lines("Ủy ban nhân dân thành phố Quảng Ngãi", COLUMN, keep=["Quảng Ngãi"])
    assert lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ QUẢNG NGÃI"] and size == 13
    lines, _ = name_lines("UBND thành phố Quảng Ngãi", 60, keep=["Quảng Ngãi"])
    assert all("QUẢNG NGÃI" in line or "QUẢNG" not in line for line in lines)
    assert all(text_mm(line, 13) <= 60 for line in lines)


def test_a_name_that_cannot_fit_whole_shrinks_instead_of_splitting_the_proper_name():
    lines, size = name_lines("Xã Ba Tơ Đông Nam Quảng", 45, keep=["Ba Tơ Đông Nam Quảng"])
    assert "BA TƠ ĐÔNG NAM QUẢNG" in lines and size < 13


@pytest.mark.parametrize(
    ("form", "behalf", "title", "lines"),
    [
        ("TM", "Ủy ban nhân dân", "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("KT.", "Chủ tịch", "Phó Chủ tịch", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("TL", "Chủ tịch", "Chánh Văn phòng", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        (
            "tuq",
            "Chủ tịch",
            "Giám đốc Sở Khoa học và Công nghệ",
            ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
        ),
        ("Q", "Chủ tịch", "", ["Q. CHỦ TỊCH"]),
        ("", "", "Trưởng phòng", ["TRƯỞNG PHÒNG"]),
    ],
)
def test_the_signing_forms_of_the_decree(form, behalf, title, lines):
    assert signature_lines(form, behalf, title) == lines


def test_an_unknown_signing_form_or_a_missing_on_behalf_is_refused():
    with pytest.raises(InputError):
        signature_lines("PT", "CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    with pytest.raises(InputError):
        signature_lines("KT", "", "PHÓ CHỦ TỊCH")


def _letterhead_doc(lh: Letterhead) -> DocxDocument:
    doc = OfficialDocument(lh)
    doc.header_table()
    return Document(io.BytesIO(doc.to_bytes()))


def test_the_rule_under_the_motto_is_as_long_as_the_motto_and_the_issuer_rule_a_third_to_a_half():
    lh = Letterhead(
        "", "Ủy ban nhân dân thành phố Quảng Ngãi", "TP. Quảng Ngãi", proper_names=("Quảng Ngãi",)
    )
    left, right, _, _ = _header(_letterhead_doc(lh))
    motto = text_mm(MOTTO, 13)
    rule = _rule_mm(right.paragraphs[2], 165 - LEFT_MM)
    assert right.paragraphs[1].text == MOTTO and abs(rule - motto) < 1
    issuer_lines = [p.text for p in left.paragraphs if p.text]
    widest = max(text_mm(t, 13) for t in issuer_lines)
    rule = _rule_mm(left.paragraphs[len(issuer_lines)], LEFT_MM)
    assert widest / 3 <= rule <= widest / 2


def test_every_issuer_line_fits_its_column_and_no_proper_name_is_split():
    lh = Letterhead(
        "", "Ủy ban nhân dân thành phố Quảng Ngãi", "TP. Quảng Ngãi", proper_names=("Quảng Ngãi",)
    )
    left, _, _, _ = _header(_letterhead_doc(lh))
    lines = [p.text for p in left.paragraphs if p.text]
    assert lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ QUẢNG NGÃI"]
    assert all(text_mm(line, 13) <= COLUMN for line in lines)


# --- reports of the sample units -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_date_line_defaults_to_the_end_of_the_period_not_today(sample_figures):
    _, doc = _build("training", TINH_CHAU, "2023Q3")
    _, _, number, date = _header(doc)
    assert date == "Tịnh Châu, ngày 30 tháng 9 năm 2023"
    assert number == "Số:        /BC-UBND"


@pytest.mark.django_db
def test_the_date_line_defaults_to_the_end_of_the_declared_data_window(sample_figures):
    _, doc = _build("periodic", SON_NHAM, "2024")
    assert _header(doc)[3] == "Sơn Nham, ngày 31 tháng 10 năm 2024"


@pytest.mark.django_db
def test_a_date_after_the_unit_ceased_to_exist_is_refused_and_the_default_stops_at_its_last_day(
    sample_figures,
):
    unit = resolve_unit(SON_NHAM, as_of=dt.date(2024, 1, 1))
    with pytest.raises(InputError) as err:
        build_report(
            "periodic", unit, parse_period("2024"), ReportOptions(charts=False, date=dt.date(2025, 8, 1))
        )
    assert "kết thúc hoạt động" in err.value.vi
    assert default_date(unit, dt.date(2025, 12, 31), today=dt.date(2026, 1, 1)) == dt.date(2025, 6, 30)


@pytest.mark.django_db
def test_a_pre_2025_commune_report_goes_to_the_bodies_of_then(sample_figures):
    _, doc = _build("periodic", SON_NHAM, "2024")
    recipients, signature = _signature(doc)
    assert "- UBND huyện Sơn Hà (b/c);" in recipients
    assert "- Phòng Văn hóa và Thông tin huyện Sơn Hà;" in recipients
    assert not any("Khoa học và Công nghệ" in r for r in recipients)
    assert recipients[-1] == "- Lưu: VT."
    assert signature == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "[Họ và tên người ký]"]  # no name held for 2024


@pytest.mark.django_db
def test_a_2022_district_report_goes_to_the_so_thong_tin_va_truyen_thong(sample_figures):
    _, doc = _build("consolidated", CITY, "2022")
    recipients, _ = _signature(doc)
    assert "- Sở Thông tin và Truyền thông;" in recipients
    assert not any("Khoa học và Công nghệ" in r for r in recipients)
    left, _, _, _ = _header(doc)
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ QUẢNG NGÃI"]
    date = doc.tables[0].rows[1].cells[1].paragraphs[0]  # one line: 13 pt when 14 would wrap
    size = date.runs[0].font.size.pt
    assert text_mm(date.text, size, "ri") <= 165 - LEFT_MM - 2 * CELL_PAD_MM and size in (13, 14)


@pytest.mark.django_db
def test_a_department_issues_under_its_governing_body_with_its_own_symbol_and_signer(sample_figures):
    built, doc = _build(
        "consolidated",
        CITY,
        "2022",
        issuer="Phòng Văn hóa và Thông tin",
        signer_name="Nguyễn Văn A",  # the head signs in their own title by default: TRƯỞNG PHÒNG
        number=12,
        date=dt.date(2023, 2, 3),
        recipients=["UBND thành phố (b/c)", "Lưu: VT"],
    )
    left, _, number, date = _header(doc)
    paragraphs = [p for p in left.paragraphs if p.text]
    assert paragraphs[0].text == "UBND THÀNH PHỐ QUẢNG NGÃI" and not paragraphs[0].runs[0].bold
    assert (
        " ".join(p.text for p in paragraphs[1:]) == "PHÒNG VĂN HÓA VÀ THÔNG TIN"
    )  # long: may take two lines
    assert all(p.runs[0].bold for p in paragraphs[1:])
    assert number == "Số: 12/BC-PVHTT" and date == "TP. Quảng Ngãi, ngày 03 tháng 02 năm 2023"
    recipients, signature = _signature(doc)
    assert recipients == ["- UBND thành phố (b/c);", "- Lưu: VT."]
    assert signature == ["TRƯỞNG PHÒNG", "Nguyễn Văn A"]
    assert "Phòng Văn hóa và Thông tin kính báo cáo" in built.narrative or any(
        "Phòng Văn hóa và Thông tin" in p.text and "kính báo cáo" in p.text for p in doc.paragraphs
    )


@pytest.mark.django_db
def test_stored_defaults_hold_for_their_span_only(sample_figures):
    unit = resolve_unit(TINH_CHAU, as_of=dt.date(2023, 1, 1))
    set_profile(
        unit,
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
        signer_name="Võ Quang Luận",
        recipients=["Phòng VH TT thành phố", "CT, các PCT UBND xã", "Tổ công nghệ số xã", "Lưu: VT, HS"],
    )
    _, doc = _build("training", TINH_CHAU, "2023Q3")
    recipients, signature = _signature(doc)
    assert recipients == [
        "- Phòng VH TT thành phố;",
        "- CT, các PCT UBND xã;",
        "- Tổ công nghệ số xã;",
        "- Lưu: VT, HS.",
    ]
    assert signature == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Quang Luận"]
    _, doc = _build("training", TINH_CHAU, "2023Q3", date=dt.date(2024, 1, 5))  # outside the span
    assert "Võ Quang Luận" not in _signature(doc)[1]


@pytest.mark.django_db
def test_the_cli_stores_defaults_and_builds_with_the_front_matter(sample_figures, tmp_path):
    call_command(
        "report", "issuer", "--unit", SON_NHAM, "--from", "1/1/2024", "--to", "30/6/2025",
        "--signer", "Đinh Văn Sen",
    )  # fmt: skip
    out = tmp_path / "bc.docx"
    call_command(
        "report", "build", "--type", "periodic", "--unit", SON_NHAM, "--period", "2024", "--no-charts",
        "--sign-form", "TM", "--on-behalf", "Ủy ban nhân dân", "--signer-title", "Chủ tịch",
        "--number", "193", "--date", "5/11/2024", "--recipients", "UBND huyện Sơn Hà", "-o", str(out),
    )  # fmt: skip
    doc = Document(str(out))
    _, _, number, date = _header(doc)
    assert number == "Số: 193/BC-UBND" and date == "Sơn Nham, ngày 05 tháng 11 năm 2024"
    recipients, signature = _signature(doc)
    assert recipients == ["- UBND huyện Sơn Hà;", "- Lưu: VT."]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đinh Văn Sen"]


# --- provenance apart ------------------------------------------------------------------------------


def _text(doc: DocxDocument) -> str:
    return "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )


@pytest.mark.django_db
def test_the_official_file_has_no_provenance_by_default(sample_figures):
    built, doc = _build("periodic", SON_NHAM, "2024")
    text = _text(doc)
    assert "Nguồn gốc số liệu" not in text.upper().title() and "NGUỒN GỐC SỐ LIỆU" not in text
    assert "Lô nhập" not in text and ".csv" not in text
    assert built.provenance_docx is None
    with zipfile.ZipFile(io.BytesIO(built.to_bytes())) as z:
        assert "word/comments.xml" not in z.namelist()


@pytest.mark.django_db
def test_provenance_on_request_is_a_separate_file(sample_figures, tmp_path):
    built, doc = _build("periodic", SON_NHAM, "2024", provenance="separate")
    assert "Lô nhập" not in _text(doc)
    written = built.save(tmp_path / "bc.docx")
    assert [p.name for p in written] == ["bc.docx", "bc-nguon-so-lieu.docx"]
    apart = Document(str(written[1]))
    assert apart.tables[0].rows[0].cells[-1].text == "Lô nhập"
    assert "sample_reports.csv" in _text(apart)


@pytest.mark.django_db
def test_provenance_on_request_is_word_comments(sample_figures):
    built, doc = _build("periodic", SON_NHAM, "2024", provenance="comments")
    assert "Lô nhập" not in _text(doc)
    with zipfile.ZipFile(io.BytesIO(built.to_bytes())) as z:
        comments = z.read("word/comments.xml").decode()
    assert "sample_reports.csv" in comments


@pytest.mark.django_db
def test_cds_report_check_passes_on_a_file_without_the_provenance_appendix(sample_figures, tmp_path):
    out = tmp_path / "bc.docx"
    call_command(
        "report", "build", "--type", "periodic", "--unit", SON_NHAM, "--period", "2024", "--no-charts",
        "-o", str(out),
    )  # fmt: skip
    call_command("report", "check", str(out), "--unit", SON_NHAM, "--period", "2024")


# --- «Kính gửi» (Nghị định 30, Phụ lục I, II.9.b) ----------------------------------------------------


def _after_subject(doc: DocxDocument) -> list[str]:
    """The lines between the title's subject and the body's first heading."""
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("BÁO CÁO") + 2
    end = next(i for i in range(start, len(texts)) if texts[i][:2] in ("I.", "1."))
    return [t for t in texts[start:end] if t.strip()]


@pytest.mark.django_db
def test_a_report_has_no_kinh_gui_by_default_as_the_signed_samples(sample_figures):
    _, doc = _build("periodic", SON_NHAM, "2024")
    assert not any(p.text.startswith("Kính gửi") for p in doc.paragraphs)
    recipients, _ = _signature(doc)
    assert "- Như trên;" not in recipients


@pytest.mark.django_db
def test_a_report_to_a_higher_body_names_it_after_kinh_gui_and_copies_begin_nhu_tren(sample_figures):
    _, doc = _build("periodic", SON_NHAM, "2024", addressees=["UBND huyện Sơn Hà"])
    assert _after_subject(doc)[:1] == ["Kính gửi: UBND huyện Sơn Hà"]
    recipients, _ = _signature(doc)
    assert recipients[0] == "- Như trên;" and recipients[-1] == "- Lưu: VT."
    _, doc = _build("periodic", SON_NHAM, "2024", addressees=["UBND huyện Sơn Hà", "Phòng VH-TT huyện"])
    assert _after_subject(doc)[:3] == ["Kính gửi:", "- UBND huyện Sơn Hà;", "- Phòng VH-TT huyện."]


@pytest.mark.django_db
def test_the_addressees_are_stored_defaults_and_set_in_the_cli(sample_figures, tmp_path):
    call_command(
        "report", "issuer", "--unit", SON_NHAM, "--from", "1/1/2024", "--addressee", "UBND huyện Sơn Hà"
    )
    _, doc = _build("periodic", SON_NHAM, "2024")
    assert _after_subject(doc)[:1] == ["Kính gửi: UBND huyện Sơn Hà"]
    out = tmp_path / "bc.docx"
    call_command(
        "report", "build", "--type", "periodic", "--unit", SON_NHAM, "--period", "2024", "--no-charts",
        "--addressee", "Phòng Văn hóa và Thông tin huyện Sơn Hà", "-o", str(out),
    )  # fmt: skip
    assert _after_subject(Document(str(out)))[:1] == ["Kính gửi: Phòng Văn hóa và Thông tin huyện Sơn Hà"]


@pytest.mark.django_db
def test_a_report_without_a_signer_name_prints_a_placeholder_the_office_fills_and_is_not_ready_to_sign(
    sample_figures,
):
    """Issue 14 item 2 (session 11: Tịnh Châu 2024 had no signer name — the stored defaults hold
    for 2023 only, the 2024 signer is not held): a blank line under the title is signed unseen;
    the name's place says what goes there and the check warns, as for an empty section."""
    built, doc = _build("training", TINH_CHAU, "2023Q3")
    assert _signature(doc)[1] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "[Họ và tên người ký]"]
    assert any("người ký" in w.vi for w in built.check.unsigned), built.check
    assert "chưa có họ và tên người ký" in not_ready_to_sign(built.check)
    signed, doc = _build("training", TINH_CHAU, "2023Q3", signer_name="Võ Quang Luận")
    assert _signature(doc)[1][-1] == "Võ Quang Luận"
    assert not signed.check.unsigned


@pytest.mark.django_db
def test_a_date_of_a_month_leaves_the_day_for_the_office_as_sample_003_is_dated(sample_figures):
    """Sample 003 is dated «ngày … tháng 02 năm 2023»: the month known, the day written at issue."""
    _, doc = _build("consolidated", CITY, "2022", month=(2, 2023))
    assert _header(doc)[3].endswith("ngày      tháng 02 năm 2023")


@pytest.mark.django_db
def test_the_cli_takes_a_month_as_the_date_and_refuses_one_after_the_unit_ceased(sample_figures, tmp_path):
    out = tmp_path / "bc.docx"
    call_command("report", "build", "--type", "consolidated", "--unit", CITY, "--period", "2022",
                 "--date", "02/2023", "--no-charts", "-o", str(out))  # fmt: skip
    assert _header(Document(str(out)))[3].endswith("ngày      tháng 02 năm 2023")
    with pytest.raises(CommandError):
        call_command("report", "build", "--type", "training", "--unit", TINH_CHAU, "--period", "2023Q3",
                     "--date", "8/2025", "--no-charts", "-o", str(out))  # fmt: skip


@pytest.mark.django_db
def test_a_report_to_a_body_that_consolidates_it_closes_as_sample_000(sample_figures):
    """Sample 000 closes «…, kính báo Phòng Văn hóa thông tin tổng hợp theo quy định./.»."""
    _, doc = _build("training", TINH_CHAU, "2023Q3", report_to="Phòng Văn hóa thông tin")
    closing = next(p.text for p in doc.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert closing.endswith(
        "của UBND xã Tịnh Châu, kính báo Phòng Văn hóa thông tin tổng hợp theo quy định./."
    )
    _, doc = _build("training", TINH_CHAU, "2023Q3")
    closing = next(p.text for p in doc.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert closing.endswith("quý III/2023, UBND xã Tịnh Châu kính báo cáo./."), closing  # as 003 closes
