"""DOCX → PDF through LibreOffice headless, when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from cds.lib.errors import InputError


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _missing() -> InputError:
    return InputError(
        "Không xuất được PDF: máy chưa cài LibreOffice (gói libreoffice-writer). "
        "Báo cáo DOCX vẫn được tạo đầy đủ.",
        "Cannot export PDF: LibreOffice is not installed (package libreoffice-writer). "
        "The DOCX report was still produced.",
    )


def _convert(docxs: list[Path], out_dir: Path, profile: Path) -> list[str]:
    """The LibreOffice command converting ``docxs`` to PDF in ``out_dir``, with ``profile`` as its
    user installation (a profile is used by one LibreOffice at a time)."""
    binary = soffice()
    if binary is None:
        raise _missing()
    uri = profile.resolve().as_uri()
    return [binary, f"-env:UserInstallation={uri}", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir),
            *map(str, docxs)]  # fmt: skip


def to_pdf_many(
    docxs: list[Path], out_dir: Path, profile: Path, timeout_each: int = 60
) -> tuple[list[Path], list[str]]:
    """Convert several files in one LibreOffice start with the caller's own ``profile`` (a batch
    worker keeps one, so it pays the profile's cold start once); returns (PDFs, failures)."""
    cmd = _convert(docxs, out_dir, profile)
    timeout = 60 + timeout_each * len(docxs)
    try:
        subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pass  # whatever was converted is kept; the rest is reported below
    pdfs, failed = [], []
    for docx in docxs:
        pdf = out_dir / (docx.stem + ".pdf")
        if pdf.exists():
            pdfs.append(pdf)
        else:
            failed.append(
                f"{docx.name}: LibreOffice không chuyển được sang PDF / LibreOffice could not convert it to PDF"
            )
    return pdfs, failed


def to_pdf(docx: Path, out_dir: Path | None = None, timeout: int = 180) -> Path:
    """Convert one file; each call gets its own profile (-env:UserInstallation) so calls can run in parallel."""
    if soffice() is None:
        raise _missing()
    out_dir = out_dir or docx.parent
    with tempfile.TemporaryDirectory(prefix="cds-lo-") as profile:
        cmd = _convert([docx], out_dir, Path(profile))
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
