"""DOCX → PDF through LibreOffice headless, when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from cds.lib.errors import InputError


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, out_dir: Path | None = None, timeout: int = 180) -> Path:
    """Convert one file; each call gets its own profile (-env:UserInstallation) so calls can run in parallel."""
    binary = soffice()
    if binary is None:
        raise InputError(
            "Không xuất được PDF: máy chưa cài LibreOffice (gói libreoffice-writer). "
            "Báo cáo DOCX vẫn được tạo đầy đủ.",
            "Cannot export PDF: LibreOffice is not installed (package libreoffice-writer). "
            "The DOCX report was still produced.",
        )
    out_dir = out_dir or docx.parent
    with tempfile.TemporaryDirectory(prefix="cds-lo-") as profile:
        cmd = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(
                f"LibreOffice không chuyển xong {docx.name} sang PDF trong {timeout} giây",
                f"LibreOffice did not convert {docx.name} to PDF within {timeout} s",
            ) from None
    pdf = out_dir / (docx.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise InputError(
            f"LibreOffice không chuyển được {docx.name} sang PDF: {result.stderr.strip()[:300]}",
            f"LibreOffice could not convert {docx.name} to PDF: {result.stderr.strip()[:300]}",
        )
    return pdf
