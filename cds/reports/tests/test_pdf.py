"""PDF through LibreOffice (installed by `make test`); a bilingual message when it is missing."""

from __future__ import annotations

import pytest

from cds.lib.errors import InputError
from cds.reports import pdf
from cds.reports.tests.test_layout import _doc


def test_a_report_converts_to_pdf(tmp_path):
    _, blob = _doc()
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(blob)
    out = pdf.to_pdf(source)
    assert out.read_bytes()[:5] == b"%PDF-"


def test_without_libreoffice_the_message_is_bilingual(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(InputError) as err:
        pdf.to_pdf(tmp_path / "x.docx")
    assert "LibreOffice" in err.value.vi and "LibreOffice" in err.value.en
