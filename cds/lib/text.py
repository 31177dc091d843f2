"""Vietnamese text normalisation: NFC on the way in, accent-folding for matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def nfc(text: str) -> str:
    """NFC-normalise and collapse whitespace (cp1258 and Mac/phone input arrive decomposed)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics: NFD, drop combining marks, map đ→d."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Matching key: lower case, no accents, no spaces or punctuation ("Tịnh Châu" → "tinhchau")."""
    return _NON_ALNUM.sub("", strip_accents(text).lower())


def fold_words(text: str) -> str:
    """Like ``fold`` but keeps single spaces between words ("Xã  Tịnh-Châu" → "xa tinh chau")."""
    return " ".join(_NON_ALNUM.sub(" ", strip_accents(text).lower()).split())


# --- Vietnamese alphabetical order --------------------------------------------------------------

# The Vietnamese alphabet, with f j w z (in names such as "Đắk Rơ Wa") at their Latin places.
VIETNAMESE_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# The tones after the unmarked one (ngang), in dictionary order: huyền, hỏi, ngã, sắc, nặng.
TONES = "\u0300\u0309\u0303\u0301\u0323"
_MODIFIERS = "\u0306\u0302\u031b"  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_LETTER_RANK = {letter: i for i, letter in enumerate(VIETNAMESE_ALPHABET)}
_TOKEN = re.compile(r"\d+|\w|\W", re.UNICODE)


def vietnamese_letters() -> list[str]:
    """Every precomposed letter Vietnamese writes (146: 12 vowels × 6 tones × 2 cases, đ, Đ)."""
    vowels = "aăâeêioôơuưy"
    letters = {"đ", "Đ"}
    for vowel in vowels + vowels.upper():
        for tone in ("", *TONES):
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return sorted(letters, key=vn_sort_key)


def vn_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese names in dictionary order, syllable by syllable: a syllable's letters
    first (a ă â b c d đ e ê …), then its tone (ngang, huyền, hỏi, ngã, sắc, nặng), and only then the
    next syllable — «Trương Quang Trọng» before «Trường Giang», as a dictionary lists «ma …» before
    «mà» —; numbers as numbers ("Phường 2" before "Phường 10"); case last; NFC and NFD spellings sort
    alike and only equal texts tie."""
    text = nfc(text)
    words: list[tuple[tuple[tuple[int, int], ...], tuple[int, ...]]] = []
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []

    def end_word() -> None:
        if letters:
            words.append((tuple(letters), tuple(tones)))
            letters.clear()
            tones.clear()

    for token in _TOKEN.findall(unicodedata.normalize("NFD", text)):
        if token.isdigit():
            end_word()
            words.append((((1, int(token)),), ()))
            continue
        if unicodedata.combining(token):
            if token in TONES and tones:
                tones[-1] = TONES.index(token) + 1
            elif token in _MODIFIERS and letters and letters[-1][0] == 2:
                base = VIETNAMESE_ALPHABET[letters[-1][1]]
                modified = unicodedata.normalize("NFC", base + token)
                letters[-1] = (2, _LETTER_RANK.get(modified, letters[-1][1]))
            continue
        lower = token.lower()
        if lower in _LETTER_RANK:
            letters.append((2, _LETTER_RANK[lower]))
            tones.append(0)
            cases.append(int(token != lower))
        elif token.isspace() or not token.isalnum():
            end_word()  # spaces and punctuation end a syllable (a shorter name sorts first)
        else:
            letters.append((3, ord(lower)))  # letters of other scripts, after the alphabet
            tones.append(0)
            cases.append(int(token != lower))
    end_word()
    return (tuple(words), tuple(cases), text)


def listed(items: Sequence[str], last: str = "và") -> str:
    """Items as a sentence lists them: «a, b và c» (``last`` "and" in English); one item alone."""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
