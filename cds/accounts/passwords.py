"""Password rules beyond Django's built-ins, explained in both languages: a mix of character kinds,
the passwords Vietnamese users pick most, and the patterns guessed first (name or place + year)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from cds.lib.text import strip_accents


class CharacterClassesValidator:
    """Require at least ``min_classes`` of: lower-case, upper-case, digits, other characters.

    Length matters most (MinimumLengthValidator); this stops the all-lower-case word lists that
    the common-password list misses in Vietnamese ("matkhaucuatoi2025" has two kinds only).
    """

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        kinds = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(kinds) < self.min_classes:
            raise ValidationError(
                f"Mật khẩu cần ít nhất {self.min_classes} trong 4 loại ký tự: chữ thường, chữ hoa, chữ số, "
                f"ký tự khác / The password needs at least {self.min_classes} of 4 kinds of character: "
                "lower-case, upper-case, digits, symbols.",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return (
            f"Ít nhất {self.min_classes} loại ký tự (chữ thường, chữ hoa, chữ số, ký tự khác) / "
            f"at least {self.min_classes} kinds of character."
        )


DATA = Path(__file__).resolve().parent / "data"
COMMON_PASSWORDS_VI = DATA / "common_passwords_vi.txt"


class VietnameseCommonPasswordValidator(CommonPasswordValidator):
    """Django's common-password check against our list of the passwords Vietnamese users pick."""

    def __init__(self, password_list_path: Path | str = COMMON_PASSWORDS_VI) -> None:
        lines = Path(password_list_path).read_text(encoding="utf-8").splitlines()
        self.passwords = {line.strip() for line in lines if line.strip() and not line.startswith("#")}

    def validate(self, password: str, user: Any = None) -> None:
        if password.lower().strip() in self.passwords:
            raise ValidationError(
                "Mật khẩu này quá phổ biến / This password is too common.", code="password_too_common"
            )


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    text = (DATA / "password_words_vi.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


_SEQUENCES = (
    "01234567890",
    "09876543210",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
)


def _trivial_digits(digits: str) -> bool:
    """Nothing, a year or date, a run such as 123456, or one digit repeated."""
    if len(digits) <= 4 or len(set(digits)) == 1:
        return True
    if re.fullmatch(r"(0?[1-9]|[12]\d|3[01])(0?[1-9]|1[0-2])((19|20)?\d\d)", digits):
        return True  # ddmmyyyy, ddmmyy
    if re.fullmatch(r"(19|20)\d\d(0?[1-9]|1[0-2])(0?[1-9]|[12]\d|3[01])", digits):
        return True
    return any(digits in run for run in _SEQUENCES[:2]) or bool(re.fullmatch(r"(\d{1,4})\1+", digits))


def _word_count(letters: str, words: frozenset[str]) -> int | None:
    """The fewest listed words that spell ``letters`` exactly, or None when they cannot."""
    best: list[int | None] = [0] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 14), end):
            before = best[start]
            if before is not None and letters[start:end] in words:
                current = best[end]
                best[end] = before + 1 if current is None else min(current, before + 1)
    return best[-1]


class TrivialPatternValidator:
    """Refuse passwords built the way people guess first, whatever symbols decorate them:

    - up to ``max_words`` listed words (names, places, "matkhau", "admin"…) and a year, a date or
      a digit run: "Nguyen@1990", "Abc@12345678" is caught by the list, "Quangngai@2025", "Tran-Van-An-1985";
    - a keyboard or alphabet run, or one character repeated: "Qwertyuiop@1", "aaaaaaaaaaaa".

    A passphrase of several words ("Tinh-Chau-Bao-Cao-2025") is long enough to pass.
    """

    def __init__(self, max_words: int = 3) -> None:
        self.max_words = max_words

    def validate(self, password: str, user: Any = None) -> None:
        folded = strip_accents(unicodedata.normalize("NFC", password)).lower()
        letters = "".join(c for c in folded if c.isalpha())
        digits = "".join(c for c in folded if c.isdigit())
        words = _word_count(letters, _words()) if letters else 0
        runs = letters and (len(set(letters)) == 1 or any(letters in run for run in _SEQUENCES[2:]))
        if (words is not None and words <= self.max_words and _trivial_digits(digits)) or runs:
            raise ValidationError(
                "Mật khẩu theo khuôn dễ đoán (tên, địa danh, «matkhau»… kèm năm sinh hoặc dãy số) / "
                "The password follows an easily guessed pattern (a name, place or 'password' plus a year "
                "or a run of digits).",
                code="password_trivial_pattern",
            )

    def get_help_text(self) -> str:
        return (
            "Không dùng tên, địa danh hay «matkhau» kèm năm sinh hoặc dãy số / "
            "not a name, place or 'password' plus a year or a run of digits."
        )
