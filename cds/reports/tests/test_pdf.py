"""PDF through LibreOffice (installed by `make test`); a bilingual message when it is missing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.lib.text import vietnamese_letters
from cds.reports import pdf
from cds.reports.kinds import build_report
from cds.reports.tests.test_layout import _doc
from cds.units.services import resolve_unit


def test_a_report_converts_to_pdf(tmp_path):
    _, blob = _doc()
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(blob)
    out = pdf.to_pdf(source)
    assert out.read_bytes()[:5] == b"%PDF-"


def test_several_reports_convert_in_one_libreoffice_start_and_one_not_converted_is_named(tmp_path):
    _, blob = _doc()
    good = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for path in good:
        path.write_bytes(blob)
    out = tmp_path / "out"
    out.mkdir()
    pdfs, failed = pdf.to_pdf_many([*good, tmp_path / "mat.docx"], out, tmp_path / "profile")  # mất: gone
    assert [p.name for p in pdfs] == ["a.pdf", "b.pdf"] and pdfs[0].read_bytes()[:5] == b"%PDF-"
    assert len(failed) == 1 and failed[0].startswith("mat.docx: ")


def test_without_libreoffice_the_message_is_bilingual(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(InputError) as err:
        pdf.to_pdf(tmp_path / "x.docx")
    assert "LibreOffice" in err.value.vi and "LibreOffice" in err.value.en


def _font_families(pdf_path: Path) -> dict[str, bool]:
    """Font family → embedded, from ``pdffonts`` (subset tag and Bold/Italic suffixes dropped)."""
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    families: dict[str, bool] = {}
    for line in out.splitlines()[2:]:
        name, *rest = line.split()
        family = re.sub(r"^[A-Z]{6}\+", "", name)
        family = re.sub(r"-(Bold|Italic|BoldItalic|Regular)$", "", family)
        embedded = rest[-5] == "yes"  # columns: type, encoding, emb, sub, uni, object, ID
        families[family] = families.get(family, True) and embedded
    return families


def test_every_vietnamese_letter_prints_in_one_serif_font_in_all_four_styles(tmp_path):
    """fonts-liberation 1.07 lacks ơ, ư, ạ, ế … : LibreOffice took them from DejaVu Serif, inside words."""
    doc, _ = _doc()
    letters = "".join(vietnamese_letters())
    for bold, italic in ((False, False), (True, False), (False, True), (True, True)):
        run = doc.paragraph("").add_run(f"Chữ Việt: {letters}")
        run.bold, run.italic = bold, italic
    source = tmp_path / "chu-viet.docx"
    doc.save(source)
    assert _font_families(pdf.to_pdf(source)) == {"LiberationSerif": True}


@pytest.mark.django_db
def test_a_demo_report_pdf_has_one_serif_family_and_no_fallback(sample_figures, tmp_path):
    period = parse_period("2024")
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    source = tmp_path / "son-nham-2024.docx"
    build_report("periodic", unit, period).save(source)
    assert _font_families(pdf.to_pdf(source)) == {"LiberationSerif": True}
