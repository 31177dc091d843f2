"""The numbered texts of a corpus directory (``01-lam-thao-2022.md`` … ``100-….md``), in number order.

Issue 19: the corpus outgrew two digits (texts 100 and up), so every reader of ``corpus/reports`` finds
its texts here rather than with a two-digit glob, and sorts them by number, not by name («100» after «99»).
"""

from __future__ import annotations

import re
from pathlib import Path

_NUMBERED = re.compile(r"^(\d+)-")


def report_number(name: str) -> int:
    """The number a corpus text's name begins with: ``"100-xa-a-2025"`` → 100."""
    match = _NUMBERED.match(name)
    if match is None:
        raise ValueError(
            f"tên văn bản không bắt đầu bằng số / a corpus text's name must start with a number: {name!r}"
        )
    return int(match.group(1))


def corpus_texts(directory: Path) -> list[Path]:
    """Every ``<number>-<name>.md`` in ``directory``, any number of digits, sorted by number."""
    paths = [p for p in directory.glob("[0-9]*-*.md") if _NUMBERED.match(p.name)]
    return sorted(paths, key=lambda p: (report_number(p.stem), p.name))
