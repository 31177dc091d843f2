"""The front matter of a report as Nghị định 30/2020/NĐ-CP draws it (docs/sources/nd-30-2020.md).

- Text widths in Times New Roman (Adobe's Times AFM metrics, which matplotlib ships; Times New
  Roman and Liberation Serif share them): the rule under the motto is as long as the motto line,
  the rule under the issuer 1/3–1/2 of the issuer's line.
- ``name_lines``: an issuer's name broken into lines that fit the letterhead column, only between
  words and never inside a proper name ("THÀNH PHỐ QUẢNG / NGÃI" is wrong) or a fixed phrase
  ("ỦY BAN / NHÂN DÂN"); when a piece that may not be broken is wider than the column, the size
  shrinks (13 → 12 → 11 pt) instead.
- ``signature_lines``: the signing forms TM., KT., TL., TUQ., Q. and signing in one's own name.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence

from cds.lib.errors import InputError

PT_TO_MM = 25.4 / 72
SIGN_FORMS = ("", "TM", "KT", "TL", "TUQ", "Q")
SIGN_FORM_LABELS = {
    "": "Ký theo chức vụ của mình",
    "TM": "TM. – thay mặt tập thể",
    "KT": "KT. – ký thay người đứng đầu",
    "TL": "TL. – thừa lệnh",
    "TUQ": "TUQ. – thừa ủy quyền",
    "Q": "Q. – quyền",
}
# kinds of units: a line may break before them, never inside them
UNIT_KINDS = ("THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "ĐẶC KHU", "XÃ", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH")
# phrases a line never breaks inside
FIXED = (
    "ỦY BAN NHÂN DÂN",
    "UỶ BAN NHÂN DÂN",
    "VĂN PHÒNG",
    "VĂN HÓA",
    "VĂN HOÁ",
    "THÔNG TIN",
    "KHOA HỌC",
    "CÔNG NGHỆ",
    "NỘI VỤ",
    "TRUYỀN THÔNG",
    "HỘI ĐỒNG",
    *UNIT_KINDS,
)


@functools.cache
def _widths(style: str) -> dict[str, int]:
    """Advance widths (1/1000 em) of the Times AFM ``style``: b (bold), r (regular), ri (italic)."""
    import importlib.util

    name = {"b": "ptmb8a.afm", "r": "ptmr8a.afm", "ri": "ptmri8a.afm"}[style]
    spec = importlib.util.find_spec("matplotlib")  # its data files, without importing it (slow)
    assert spec is not None and spec.submodule_search_locations
    path = os.path.join(spec.submodule_search_locations[0], "mpl-data", "fonts", "afm", name)
    widths: dict[str, int] = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = re.match(r"C (\d+) ; WX (\d+) ;", line)
            if m and 32 <= int(m.group(1)) < 127:
                widths[chr(int(m.group(1)))] = int(m.group(2))
    return widths


def text_mm(text: str, size_pt: float, style: str = "b") -> float:
    """The printed width of ``text``: a Vietnamese letter is as wide as its base letter (the marks
    sit above or below it); "Ư", "Ơ" carry a horn, counted as 8% more."""
    widths = _widths(style)
    total = 0
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if ch == "\u031b":  # the horn of ư, ơ
                total += 60
            continue
        base = {"Đ": "D", "đ": "d", "–": "-"}.get(ch, ch)
        total += widths.get(base, widths["M"] // 2 if base.isupper() else 500)
    return total / 1000 * size_pt * PT_TO_MM


def _tokens(text: str, keep: Iterable[str]) -> list[tuple[str, bool]]:
    """The name in unbreakable pieces, each with whether a line may start before it without a
    penalty (a unit kind, or a proper name that has no kind before it)."""
    words = text.split()
    upper = [w.upper() for w in words]
    glued: list[tuple[int, int, bool]] = []  # (start, end, preferred break before)
    phrases = [(p.upper().split(), p.upper() in UNIT_KINDS) for p in FIXED]
    phrases += [(k.upper().split(), False) for k in keep if k.strip()]
    phrases.sort(key=lambda p: -len(p[0]))
    i = 0
    while i < len(words):
        for phrase, preferred in phrases:
            n = len(phrase)
            if n and upper[i : i + n] == phrase:
                glued.append((i, i + n, preferred))
                i += n
                break
        else:
            glued.append((i, i + 1, False))
            i += 1
    return [(" ".join(words[a:b]), preferred) for a, b, preferred in glued]


def name_lines(
    text: str, width_mm: float, size_pt: float = 13, keep: Sequence[str] = (), style: str = "b"
) -> tuple[list[str], float]:
    """``text`` upper-cased in lines that fit ``width_mm``, in one size.

    "ỦY BAN NHÂN DÂN" always ends its line (as every UBND letterhead writes it). Each remaining
    part is kept on one line at ``size_pt``, else at 1 pt less (the decree allows 12–13 pt); else
    it is broken only between pieces (``keep``: proper names, never split), fewest lines first,
    a break before a unit kind preferred, then the most even lines; when a piece alone is wider
    than the column the size shrinks down to 11 pt."""
    tokens = [(t.upper(), p) for t, p in _tokens(" ".join(text.split()), keep)]
    if not tokens:
        return [], size_pt
    parts: list[list[tuple[str, bool]]] = [[]]
    for token, preferred in tokens:
        parts[-1].append((token, preferred))
        if token in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"):
            parts.append([])
    parts = [part for part in parts if part]
    joined = [" ".join(t for t, _ in part) for part in parts]
    for size in (size_pt, size_pt - 1):
        if all(text_mm(line, size, style) <= width_mm for line in joined):
            return joined, size
    size = size_pt
    while True:
        lines: list[str] | None = []
        for part in parts:
            split = _best_split(part, width_mm, size, style)
            if split is None or lines is None:
                lines = None
                break
            lines.extend(split)
        if lines is not None:
            return lines, size
        if size <= 11:
            return [t for t, _ in tokens], size  # nothing fits even at 11 pt: one piece a line
        size -= 1


def _best_split(tokens: list[tuple[str, bool]], width_mm: float, size: float, style: str) -> list[str] | None:
    n = len(tokens)
    best_key, best_lines = None, None
    for mask in range(1 << (n - 1)):  # names are a few pieces: every split is tried
        lines, penalty, current = [], 0, [tokens[0][0]]
        for i in range(1, n):
            if mask >> (i - 1) & 1:
                lines.append(" ".join(current))
                current = [tokens[i][0]]
                penalty += 0 if tokens[i][1] else 1
            else:
                current.append(tokens[i][0])
        lines.append(" ".join(current))
        widths = [text_mm(line, size, style) for line in lines]
        if max(widths) > width_mm:
            continue
        key = (len(lines), penalty, max(widths) - min(widths))
        if best_key is None or key < best_key:
            best_key, best_lines = key, lines
    return best_lines


def signature_lines(form: str, on_behalf: str, signer_title: str) -> list[str]:
    """The lines above the signature: "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN" /
    "CHỦ TỊCH", "TL. CHỦ TỊCH" / "CHÁNH VĂN PHÒNG", "TUQ. CHỦ TỊCH" / "GIÁM ĐỐC SỞ …", "Q. CHỦ
    TỊCH" (the acting head: one line), or the signer's own title alone."""
    form = normalise_form(form)
    on_behalf, signer_title = on_behalf.strip().upper(), signer_title.strip().upper()
    if form == "Q":
        if not on_behalf:
            raise InputError(
                "Ký «Q.» cần chức vụ người đứng đầu (vd. CHỦ TỊCH)",
                "Signing as acting (Q.) needs the head's title (e.g. CHỦ TỊCH)",
            )
        return [f"Q. {on_behalf}"]
    if not signer_title:
        raise InputError("Thiếu chức vụ người ký", "The signer's title is missing")
    if not form:
        return [signer_title]
    if not on_behalf:
        raise InputError(
            f"Ký «{form}.» cần ghi thay cho ai (vd. «ỦY BAN NHÂN DÂN», «CHỦ TỊCH»)",
            f"Signing «{form}.» needs on whose behalf (e.g. «ỦY BAN NHÂN DÂN», «CHỦ TỊCH»)",
        )
    return [f"{form}. {on_behalf}", signer_title]


def normalise_form(form: str | None) -> str:
    """ "kt." / "KT" / "K.T." → "KT"; a form Nghị định 30 does not know is refused."""
    value = re.sub(r"[.\s]", "", form or "").upper()
    if value in ("-", "—"):  # stored for "in the own title" (an empty field means unset)
        value = ""
    if value not in SIGN_FORMS:
        raise InputError(
            f"Hình thức ký không hợp lệ: {form} (TM., KT., TL., TUQ., Q. hoặc để trống)",
            f"Unknown signing form: {form} (TM., KT., TL., TUQ., Q. or empty)",
        )
    return value
