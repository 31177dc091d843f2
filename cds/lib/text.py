"""Vietnamese text normalisation: NFC on the way in, accent-folding for matching."""

from __future__ import annotations

import re
import unicodedata

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
