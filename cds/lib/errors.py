"""Errors a person can act on, in Vietnamese and English, naming where the bad input is.

Every parser, loader and import raises (or collects) ``InputError`` instead of letting a
traceback reach the user; the CLI and the web print ``str(error)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# how a location is said: file, row, column, value
_WORDS = {"vi": ("tệp", "dòng", "cột", "giá trị"), "en": ("file", "row", "column", "value")}


@dataclass
class Location:
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None

    def vi(self) -> str:
        return self._said(_WORDS["vi"])

    def en(self) -> str:
        return self._said(_WORDS["en"])

    def _said(self, words: tuple[str, str, str, str]) -> str:
        file, row, column, value = words
        parts = []
        if self.file:
            parts.append(f"{file} {self.file}")
        if self.row is not None:
            parts.append(f"{row} {self.row}")
        if self.column:
            parts.append(f"{column} {self.column}")
        if self.value is not None:
            parts.append(f"{value} «{self.value}»")
        return ", ".join(parts)


@dataclass
class InputError(Exception):
    """A problem with input, explained in both languages."""

    vi: str
    en: str
    where: Location = field(default_factory=Location)

    def __post_init__(self) -> None:
        super().__init__(self.vi)

    def located(self, **where: Any) -> InputError:
        """Copy with location details filled in (keeps any already known)."""
        merged = {k: v for k, v in vars(self.where).items() if v is not None}
        merged.update({k: v for k, v in where.items() if v is not None})
        return InputError(self.vi, self.en, Location(**merged))

    def message(self, lang: str = "vi") -> str:
        text, loc = (self.vi, self.where.vi()) if lang == "vi" else (self.en, self.where.en())
        return f"{loc}: {text}" if loc else text

    def __str__(self) -> str:
        return f"{self.message('vi')} / {self.message('en')}"

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self.where), "message_vi": self.vi, "message_en": self.en}


def reading_problem(err: BaseException) -> tuple[str, int | None]:
    """Why a file could not be read, fit to show a person, and the line if known.

    Only the operating system's reason (``strerror``) or a parser's own problem text (YAML) —
    never ``str(err)``, which names server paths and internals.
    """
    if isinstance(err, OSError):
        return err.strerror or "lỗi đọc/ghi (I/O error)", None
    problem = getattr(err, "problem", None)
    mark = getattr(err, "problem_mark", None)
    return (str(problem) if problem else ""), (mark.line + 1 if mark is not None else None)
