"""Helpers for tests: input files the way Vietnamese offices produce them, and how many examples a
Hypothesis property runs."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def as_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks as combining characters."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
            out += base.encode("cp1258") + "".join(p for p in parts if p in _TONES).encode("cp1258")
    return bytes(out)


def text_file(folder: Path, text: str, name: str) -> Path:
    """``text`` written as the UTF-8 file ``folder/name``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def zipped(members: dict[str, bytes | str]) -> bytes:
    """A deflated zip archive holding ``members`` (name → content), as bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def examples(full: int) -> int:
    """The number of examples of a property that sets its own: ``full`` under the suite's Hypothesis
    profile (``make test``), under ``make test-fast``'s profile (``--hypothesis-profile=fast``, see the
    root ``conftest.py``) the share of it that profile's ``max_examples`` is of Hypothesis's 100 — a
    fifth — and never fewer than 5. Read when the test module is imported, after the profile is loaded.
    """
    from hypothesis import settings

    share = settings().max_examples  # a settings object of the loaded profile
    return full if share >= 100 else max(5, full * share // 100)
