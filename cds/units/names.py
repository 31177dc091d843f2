"""Reading unit names as people write them: "UBND xã Sơn Nham", "X. Sơn Nham", "TP. Quảng Ngãi".

Pure functions, no database: the search and the loader both use them, so a name is split into
type and proper name the same way when it is stored and when it is looked up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cds.lib.text import fold, nfc, strip_accents

# Full type words, longest first so "Thị xã" wins over "Xã" at the start of a name.
UNIT_TYPES = (
    "Tổ dân phố",
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Đặc khu",
    "Khu phố",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Xã",
    "Thôn",
    "Ấp",
    "Bản",
    "Buôn",
    "Khóm",
)
VILLAGE_TYPES = ("Thôn", "Tổ dân phố", "Ấp", "Bản", "Buôn", "Khu phố", "Khóm")
# The levels a type word can name (Luật Tổ chức chính quyền địa phương): "Thành phố" is a
# centrally-run city (a province) or a provincial city (a district before 1/7/2025); only the
# context (the scope, the other rows of a table) tells which.
_TYPE_LEVELS = {
    "Tỉnh": ("province",),
    "Thành phố": ("province", "district"),
    "Huyện": ("district",),
    "Quận": ("district",),
    "Thị xã": ("district",),
    "Xã": ("commune",),
    "Phường": ("commune",),
    "Thị trấn": ("commune",),
    "Đặc khu": ("commune",),
    **{village: ("village",) for village in VILLAGE_TYPES},
}
# Wards and districts numbered in Roman ("Phường I", "Quận IV") or Arabic ("Phường 1") figures:
# one name either way. Only a name that is a number alone is read so.
_ROMAN = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
    "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
    "xix": 19, "xx": 20,
}  # fmt: skip
_ARABIC = {number: roman for roman, number in _ROMAN.items()}
_OTHER_NUMBER_PENALTY = 0.05
# Names written as their initials in every document: «TP.HCM», «TPHCM», «TP HCM».
_INITIALS = {"hcm": ["hồ", "chí", "minh"]}
_CITY_INITIALS = {"tphcm": "hcm"}

# Abbreviations seen in addresses and spreadsheets ("X. Sơn Nham", "TT. Ba Tơ", "TP.HCM").
_ABBREVIATIONS = {
    "x": "Xã",
    "p": "Phường",
    "tt": "Thị trấn",
    "h": "Huyện",
    "q": "Quận",
    "tx": "Thị xã",
    "tp": "Thành phố",
    "t": "Tỉnh",
    "dk": "Đặc khu",
    "đk": "Đặc khu",
    "tdp": "Tổ dân phố",
    "kp": "Khu phố",
}
_COMMITTEE = (("ubnd",), ("uy", "ban", "nhan", "dan"))
_TOKEN = re.compile(r"[^\W_]+")
_CODE = re.compile(r"^\d{2}$|^\d{3}$|^\d{5}$|^\d{5}-T\d{3,}$", re.IGNORECASE)  # official and village codes
_CODE_LIKE = re.compile(r"^[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*$")  # one token with a digit: may be any code
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
# Tone marks; where a tone sits ("hoà" vs "hòa", "thuỷ" vs "thủy") does not change the name.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


@dataclass(frozen=True)
class Reading:
    """One way to read a piece of text: an optional unit type plus the proper name."""

    unit_type: str | None
    key: str  # search key of the proper name
    accented: str  # accent-sensitive form of the proper name, for tie-breaking
    penalty: float = 0.0  # how much less likely this reading is than the first one


@dataclass(frozen=True)
class ParsedName:
    text: str
    code: str | None  # the text as a unit code, when it could be one
    readings: tuple[Reading, ...]
    has_accents: bool


def search_key(text: str) -> str:
    """Matching key of a proper name: folded, digits without leading zeros ("Phường 03" ≡ "Phường 3")."""
    return _LEADING_ZEROS.sub("", fold(text))


def accent_key(text: str) -> str:
    """Accent-sensitive key: lower case, tone placement and punctuation ignored ("Hoà" ≡ "hòa")."""
    words = (_tone_last(w) for w in _TOKEN.findall(nfc(text).lower()))
    return _LEADING_ZEROS.sub("", " ".join(words))


def _tone_last(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + tones


def type_levels(unit_type: str | None) -> set[str]:
    """The levels a unit of this type can be: {"district"} for "Huyện", {"province", "district"}
    for "Thành phố"; empty for an unknown or missing type."""
    if not unit_type:
        return set()
    for known, levels in _TYPE_LEVELS.items():
        if fold(known) == fold(unit_type):
            return set(levels)
    return set()


def other_number_form(tokens: list[str]) -> list[str] | None:
    """A name that is one number in the other notation: ["iv"] → ["4"], ["04"] → ["iv"]."""
    if len(tokens) != 1:
        return None
    word = tokens[0].lower()
    if word in _ROMAN:
        return [str(_ROMAN[word])]
    if word.isdigit() and int(word) in _ARABIC:
        return [_ARABIC[int(word)]]
    return None


def accents_conflict(typed: str, official: str) -> bool:
    """Whether two accent keys of one folded name carry different marks on some word: «Định» is
    not «Đỉnh» (another name), while «Tra» for «Trà» only leaves a mark out (the same name)."""
    typed_words, official_words = typed.split(), official.split()
    if len(typed_words) != len(official_words):
        return False
    return any(t != o and has_accents(t) for t, o in zip(typed_words, official_words, strict=True))


def has_accents(text: str) -> bool:
    return strip_accents(text) != text


def is_code(text: str) -> bool:
    return bool(_CODE.match(text.strip()))


def split_type(name: str, loose: bool = False) -> tuple[str | None, str]:
    """Split a full name into (type, proper name): "Thị xã Kỳ Anh" → ("Thị xã", "Kỳ Anh").

    Official names need the exact type word; ``loose`` also accepts it typed without accents
    or abbreviated ("THON Nham Bắc", "TDP 3"), for names people type in.
    """
    clean = nfc(name)
    words = clean.split(" ")
    lowered = [w.lower().rstrip(".") for w in words]
    for unit_type in UNIT_TYPES:
        type_words = unit_type.lower().split()
        n = len(type_words)
        head = lowered[:n]
        if len(words) > n and (head == type_words or (loose and all(map(_same_word, head, type_words)))):
            return unit_type, " ".join(words[n:])
    if loose and len(words) > 1 and lowered[0] in _ABBREVIATIONS:
        return _ABBREVIATIONS[lowered[0]], " ".join(words[1:])
    return None, clean


def parse_name(text: str) -> ParsedName:
    """Read a typed name: drop "UBND"/"Ủy ban nhân dân", find a type word or abbreviation.

    Returns every plausible reading, best first: "Quan Sơn" typed without accents may be
    "Quận Sơn" or the district "Quan Sơn", so both are kept and the data decides.
    """
    clean = nfc(text)
    if is_code(clean):
        return ParsedName(clean, clean.upper(), (), False)
    code = clean.upper() if _CODE_LIKE.match(clean) else None
    tokens = _expand_initials(_TOKEN.findall(clean.lower()))
    while True:
        stripped = _strip_committee(tokens)
        if stripped == tokens:
            break
        tokens = stripped
    readings: list[Reading] = []
    typed = _match_type(tokens)
    if typed:
        unit_type, rest = typed
        readings.append(_reading(unit_type, rest, 0.0))
        if other := other_number_form(rest):
            readings.append(_reading(unit_type, other, _OTHER_NUMBER_PENALTY))
        readings.append(_reading(None, tokens, 0.1))
    elif tokens:
        readings.append(_reading(None, tokens, 0.0))
    return ParsedName(clean, code, tuple(r for r in readings if r.key), has_accents(clean))


def _expand_initials(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if token in _CITY_INITIALS:
            out += ["thành", "phố", *_INITIALS[_CITY_INITIALS[token]]]
        else:
            out += _INITIALS.get(token, [token])
    return out


def _reading(unit_type: str | None, tokens: list[str], penalty: float) -> Reading:
    words = " ".join(tokens)
    return Reading(unit_type, search_key(words), accent_key(words), penalty)


def _strip_committee(tokens: list[str]) -> list[str]:
    folded = [fold(t) for t in tokens]
    for words in _COMMITTEE:
        if tuple(folded[: len(words)]) == words and len(tokens) > len(words):
            return tokens[len(words) :]
    return tokens


def _match_type(tokens: list[str]) -> tuple[str, list[str]] | None:
    for unit_type in UNIT_TYPES:
        words = unit_type.lower().split()
        if len(tokens) > len(words) and all(_same_word(t, w) for t, w in zip(tokens, words, strict=False)):
            return unit_type, tokens[len(words) :]
    if len(tokens) > 1 and tokens[0] in _ABBREVIATIONS:
        return _ABBREVIATIONS[tokens[0]], tokens[1:]
    return None


def _same_word(typed: str, word: str) -> bool:
    """A typed word matches a type word exactly, or loosely when it was typed without accents."""
    return typed == word or (not has_accents(typed) and fold(typed) == fold(word))


def same_type(stated: str, unit_type: str) -> bool:
    return fold(stated) == fold(unit_type)
