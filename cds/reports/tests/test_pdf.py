"""PDF through LibreOffice when installed; a bilingual message when not."""

from __future__ import annotations

import os

import pytest

from cds.lib.errors import InputError
from cds.reports import pdf
from cds.reports.tests.test_layout import _doc


# Skipped only on a developer machine without LibreOffice; in CI (which installs it) a missing
# LibreOffice is a failure, never a silent skip.
@pytest.mark.skipif(
    pdf.soffice() is None and not os.environ.get("CI"), reason="LibreOffice is not installed (CI installs it)"
)
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
