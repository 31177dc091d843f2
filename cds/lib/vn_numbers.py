"""Read and write numbers the way Vietnamese reports do ("1.463 hồ sơ", "27,8%", "1.315,643").

Input arrives in both conventions — Vietnamese (VN: dot groups thousands, comma marks decimals)
and English (EN: the reverse, from English-locale Excel and from web pages). A mark is a
thousands mark only before a group of exactly three digits, after 1–3 digits not led by 0, so:

- "12.5", "312.46", "87.25", "0.6961", "1234.567" (a dot before 1, 2 or ≥ 4 digits, or after
  "0" or four digits) have only a decimal reading, whatever the kind; so have "1,5" and "27,8".
- "48.000.000", "1,234,567" (several groups) and "1.234,5", "1,234.5" (both marks) have one reading.
- A single three-digit group ("1.463", "1,463") has two: thousands (1463) and decimals (1,463).
  The kind and the range decide (``_decide``):

  ==================================  ==============================================
  kind                                reading taken
  ==================================  ==============================================
  count                               thousands: a count has no decimal part
  count or number with a scale word   Vietnamese marks: "1,463 triệu người" is
                                      1.463.000, "1.463 triệu người" 1.463.000.000
  amount in đồng (no unit, "đồng")    thousands: whole đồng have no decimal part
  amount with a scale word            the unit word's language: "1,463 triệu đồng" is
                                      1.463.000 đ (Vietnamese marks), "1,463 million"
                                      is 1.463.000.000 đ
  rate, number                        the reading within the range (``maximum``, else
                                      ``BOUNDS``): "512.250" of at most 1.000 points is
                                      512,25; "1.463" as a rate of at most 1.000% is
                                      1,463%. Both within it: REFUSED, with the two
                                      unambiguous spellings (1463 / 1,4630)
  ==================================  ==============================================

Everything else ("1.2.3", "1,23,4", "01.463" as a count) is refused as not a number. A count
never has a decimal part, not even ",0" (so "1,0" is refused, not read as 1).

Other rules: a scale word before what a count or number counts multiplies it ("16 nghìn doanh
nghiệp" is 16.000, "1,5 triệu người" 1.500.000), never dropped; a count may end with the scale
word alone, as reports write a figure whose noun follows in the sentence ("hơn 12,5 triệu",
"1,2 nghìn", "2 tỷ": 12.500.000, 1.200, 2.000.000.000) — on a count it multiplies, it is not
money; the money words ("triệu đồng", "tr", "trđ" …) stay money and are refused for a count; negative values only for kind
"number"; a percent sign is refused for counts and amounts; "08/09" (numerator/denominator) only
for counts and numbers; rates are in percent units (27,8 means 27,8%) and are never rescaled — a
raw Excel fraction 0.278 is the importer's business.

Money: an amount is returned in đồng. Its unit word may be "đồng", "nghìn đồng", "triệu đồng",
"tỷ đồng" or a short form officials write ("đ", "VNĐ", "VND", "tr", "trđ", "tr.đ", "tỷ"), in any
case, spacing or Unicode form; "250,5 triệu đồng" is 250.500.000 đồng. Any other word after an
amount ("ha", "người") contradicts it and is refused; a money word after any other kind, or a
unit of measure ("ha", "m²", "kg") after a count, is refused too — a unit word is never dropped
silently (other words after a count, "1.463 hồ sơ", are kept in the raw text). An amount is whole đồng (there is no coin
below 1 đồng), so "1,5" without a unit word is refused with a hint to write "1,5 triệu đồng".

Bounds (``BOUNDS``), so a value fits the database (``DataValue.number`` is DECIMAL(24, 6), and
SQLite keeps 15 significant digits) and a slip of the keyboard is caught where it is typed:
counts 0 … 10^12, amounts 0 … 10^15 đồng, rates 0 … 10^6 %, numbers −10^12 … 10^12; at most
``MAX_DECIMALS`` (6) decimals, so no typed digit is rounded away on storage.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from cds.lib.errors import InputError
from cds.lib.text import fold, nfc, strip_accents

Kind = Literal["count", "amount", "rate", "number"]
Qualifier = Literal["", "about", "over", "more_than", "under", "nearly"]
KINDS: tuple[str, ...] = ("count", "amount", "rate", "number")
_KIND_VI = {"count": "số đếm", "amount": "số tiền", "rate": "tỷ lệ", "number": "số"}

# Accent-folded lead words. "khoản" is a typo for "khoảng" seen in real reports; with a bound
# after it ("khoảng trên 1000") the bound is kept, as it says more than the approximation.
_QUALIFIERS: dict[str, Qualifier] = {
    "khoang tren": "over", "khoan tren": "over", "khoang hon": "more_than", "khoan hon": "more_than",
    "khoang chung": "about", "xap xi": "about", "uoc tinh": "about",
    "khoang": "about", "khoan": "about", "chung": "about", "uoc": "about",
    "tren": "over", "hon": "more_than", "duoi": "under", "gan": "nearly",
}  # fmt: skip
_ZERO_WORDS = ("khong co", "chua co", "khong")

# Money unit words, folded (lower case, no accents, no spaces or dots): multiplier to đồng.
_MONEY_SCALES = {"": 1, "nghin": 10**3, "ngan": 10**3, "trieu": 10**6, "tr": 10**6,
                 "ty": 10**9, "ti": 10**9, "thousand": 10**3, "million": 10**6, "billion": 10**9}  # fmt: skip
_MONEY_WORDS = ("dong", "d", "vnd")
MONEY_UNITS: dict[str, int] = {
    **{scale + word: factor for scale, factor in _MONEY_SCALES.items() for word in _MONEY_WORDS},
    **{scale: factor for scale, factor in _MONEY_SCALES.items() if scale},
}
# Scale words before what a count counts ("16 nghìn doanh nghiệp", "1,5 triệu người"), folded.
_SCALE_WORDS = {"nghin": 10**3, "ngan": 10**3, "trieu": 10**6, "ty": 10**9, "ti": 10**9}
# Units of measure, folded: never a count of things ("5 ha" typed for a number of households).
_MEASURE_UNITS = {"ha", "hecta", "m", "m2", "km", "km2", "kg", "tan", "ta", "lit", "l"}
# The units an amount may be shown in (a catalog's ``display_unit``), and how many đồng each is.
DISPLAY_UNITS: dict[str, int] = {"đồng": 1, "nghìn đồng": 10**3, "triệu đồng": 10**6, "tỷ đồng": 10**9}
DISPLAY_UNITS_EN = {
    "đồng": "VND",
    "nghìn đồng": "thousand VND",
    "triệu đồng": "million VND",
    "tỷ đồng": "billion VND",
}
# The largest value of each kind that may be stored, and the fewest: see the module docstring.
BOUNDS: dict[str, tuple[Decimal, Decimal]] = {
    "count": (Decimal(0), Decimal(10) ** 12),
    "amount": (Decimal(0), Decimal(10) ** 15),
    "rate": (Decimal(0), Decimal(10) ** 6),
    "number": (-(Decimal(10) ** 12), Decimal(10) ** 12),
}
MAX_DECIMALS = 6
# Digits with dots/commas, or single spaces before a group of exactly three digits ("1 463").
_TOKEN = re.compile(r"\d(?:[\d.,]|\s(?=\d{3}(?!\d)))*")
_VN = re.compile(r"(\d+|[1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?")
_EN = re.compile(r"(\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?")


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from text, keeping what the text said around it."""

    value: Decimal
    qualifier: Qualifier = ""
    denominator: Decimal | None = None
    unit_text: str = ""
    is_percent: bool = False
    raw: str = ""


def money_factor(unit_text: str) -> int | None:
    """How many đồng one of ``unit_text`` is ("triệu đồng" → 1.000.000); None if it is no money unit."""
    return MONEY_UNITS.get(fold(unit_text)) if unit_text else None


# Money words written after a figure in running text, folded: «đồng», «VNĐ», «trđ» (triệu đồng).
_MONEY_WORDS_WRITTEN = {"dong", "vnd", "trd"}
# Scale words that stand for a sum when nothing follows them: reports write «11 tỷ», «250 triệu»
# for money; «5 nghìn» alone is not read as a sum.
_BARE_MONEY_SCALES = {"trieu", "ty"}
_LEAD_WORDS = re.compile(r"([^\W\d_]+)(?:\s+([^\W\d_]+))?")


def unit_after_figure(text: str) -> tuple[Literal["count", "amount"], str] | None:
    """What the words right after a figure in running text make of it — the one place that tells a
    sum of money from a count written with a scale word (``cds.ingest`` asks it, then reads the
    figure with ``parse_number``):

    - a scale word before a word that is no money word counts what follows: «12,5 triệu hồ sơ»,
      «1,2 nghìn người» → ("count", "triệu" / "nghìn");
    - a money word, with or without its scale word, is a sum: «250,5 triệu đồng», «500 đồng»,
      «3 tỷ VNĐ», «2 trđ» → ("amount", the unit words); so is «triệu» or «tỷ» with nothing after
      it («11 tỷ»);
    - anything else (None): «1.463 hồ sơ», «5 nghìn» alone.
    """
    lead = _LEAD_WORDS.match(text)
    if lead is None:
        return None
    first, second = lead[1], lead[2]
    if fold(first) in _SCALE_WORDS:
        if second is None:
            return ("amount", first) if fold(first) in _BARE_MONEY_SCALES else None
        if fold(second) in _MONEY_WORDS_WRITTEN:
            return "amount", f"{first} {second}"
        return "count", first
    if fold(first) in _MONEY_WORDS_WRITTEN:
        return "amount", first
    return None


def check_bounds(value: Decimal, kind: str, raw: object = None, maximum: Decimal | None = None) -> Decimal:
    """Refuse a value of ``kind`` outside ``BOUNDS`` (or below ``maximum``), or with more decimals
    than can be stored. Every value written goes through here, typed as text or sent as a number."""
    low, high = BOUNDS.get(kind, BOUNDS["number"])
    high = min(high, maximum) if maximum is not None else high
    shown = raw if raw is not None else value
    if not value.is_finite():
        raise _error(shown, "không phải là số hữu hạn", "is not a finite number")
    if not low <= value <= high:
        unit_vi, unit_en = {"amount": (" đồng", " đồng"), "rate": ("%", "%")}.get(kind, ("", ""))
        kind_vi = _KIND_VI.get(kind, "số")
        raise _error(
            shown,
            f"{kind_vi} phải từ {format_number(low)}{unit_vi} đến {format_number(high)}{unit_vi}; "
            "hãy kiểm tra lại số đã nhập",
            f"a {kind} must be between {low:,f}{unit_en} and {high:,f}{unit_en}; check the number typed",
        )
    if kind == "count" and value != value.to_integral_value():
        raise _not_whole(shown)
    if kind == "amount" and value != value.to_integral_value():
        raise _error(
            shown,
            "số tiền tính bằng đồng, không có phần lẻ của đồng; nếu là triệu hay tỷ đồng hãy ghi rõ, "
            "ví dụ «250,5 triệu đồng»",
            "an amount is in whole đồng; for millions or billions say so, e.g. «250,5 triệu đồng»",
        )
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise _error(
            shown,
            f"có quá {MAX_DECIMALS} chữ số thập phân; không thể lưu mà không làm tròn",
            f"has more than {MAX_DECIMALS} decimals; it cannot be stored without rounding",
        )
    return value


def _error(raw: object, vi: str, en: str) -> InputError:
    return InputError(vi=f"«{raw}»: {vi}", en=f"«{raw}»: {en}")


def _as_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _error(value, "không phải là số", "is not a number")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise _error(value, "không phải là số hữu hạn", "is not a finite number")
    return number


def _strip_zeros(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """Vietnamese style: 1463 → "1.463", 1315.643 → "1.315,643"; ``decimals=n`` gives exactly n
    decimals rounded half-up (as people round), ``None`` keeps the value's own, minus trailing zeros."""
    number = _as_decimal(value)
    if decimals is None:
        text = _strip_zeros(f"{number:f}")
    else:
        if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
            raise _error(decimals, "số chữ số thập phân không hợp lệ", "invalid number of decimals")
        try:
            text = f"{number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
        except InvalidOperation:
            raise _error(value, "quá lớn để làm tròn", "is too large to round") from None
    negative = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    sign = "-" if negative and (whole + frac).strip("0") else ""  # never print "-0"
    return sign + f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")


def format_percent(value: int | float | Decimal, decimals: int = 2, fixed: bool = False) -> str:
    """A value already in percent units: 27.8 → "27,8%", 100 → "100%"; ``fixed`` keeps "27,80%"."""
    text = format_number(value, decimals)
    if not fixed and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def format_fraction(num: int | Decimal, den: int | Decimal, width: int | None = None) -> str:
    """Fraction "29/29"; ``width=2`` zero-pads as reports write counts of officials ("02/02", "08/09")."""
    parts = []
    for part in (num, den):
        number = _as_decimal(part)
        if number < 0 or number != number.to_integral_value():
            vi, en = "tử số và mẫu số là số nguyên không âm", "numerator and denominator are whole and ≥ 0"
            raise _error(part, vi, en)
        parts.append(format_number(number.to_integral_value()).zfill(width or 0))
    return "/".join(parts)


def _readings(token: str) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """(whole digits, decimal digits) for the Vietnamese and the English reading, None if malformed."""
    out = []
    for pattern, group in ((_VN, "."), (_EN, ",")):
        match = pattern.fullmatch(token)
        out.append((match.group(1).replace(group, ""), match.group(2) or "") if match else None)
    return out[0], out[1]


@dataclass(frozen=True)
class _Group:
    """A single mark before exactly three digits ("1.463", "1,463"): thousands or decimals."""

    thousands: Decimal
    decimal: Decimal
    mark: str


def _read_token(token: str, raw: str) -> tuple[Decimal, bool] | _Group:
    """One run of digits and marks: its value and whether it had a decimal part, or a ``_Group``
    when both readings are well formed and differ (``_decide`` settles it by kind and range)."""
    token = token.replace(" ", "")
    vn, en = _readings(token)
    if vn is not None and en is not None and vn != en:
        # one mark, exactly three digits after it, 1–3 digits (not led by 0) before it
        dotted = "." in token
        thousands, decimal = (vn, en) if dotted else (en, vn)
        return _Group(Decimal(thousands[0]), Decimal(f"{decimal[0]}.{decimal[1]}"), "." if dotted else ",")
    found = vn or en
    if found is None:
        raise _error(
            raw,
            "không phải là số hợp lệ; viết theo kiểu Việt Nam, ví dụ 1.463 hoặc 1,5",
            "is not a well-formed number; write it Vietnamese-style, e.g. 1.463 or 1,5",
        )
    whole, frac = found
    return Decimal(f"{whole}.{frac}" if frac else whole), bool(frac)


def _unambiguous(value: Decimal) -> str:
    """``value`` written so no reader can take it two ways: a decimal part of exactly three digits
    after 1–3 digits gets a trailing zero ("1,4630"), a whole number has no thousands mark."""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():f}"
    text = format_number(value).replace(".", "")
    whole, _, frac = text.lstrip("-").partition(",")
    return text + "0" if len(frac) == 3 and whole != "0" and len(whole) <= 3 else text


def _decide(
    group: _Group, kind: str, unit: str, maximum: Decimal | None, sign: int, raw: str, scaled: bool = False
) -> Decimal:
    """Which reading of a single three-digit group the kind and the range allow (module docstring).
    ``scaled``: a Vietnamese scale word follows ("1,463 triệu người"), so the marks are Vietnamese."""
    if scaled:
        return group.thousands if group.mark == "." else group.decimal
    if kind == "count":
        return group.thousands  # a count is written without a decimal part
    if kind == "amount":
        factor = money_factor(unit)
        if not factor or factor == 1:
            return group.thousands  # whole đồng are written without a decimal part
        english = fold(unit).startswith(("thousand", "million", "billion"))
        return group.thousands if (group.mark == ".") != english else group.decimal
    low, high = BOUNDS[kind]
    high = min(high, maximum) if maximum is not None else high
    fitting = [v for v in (group.thousands, group.decimal) if low <= sign * v <= high]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        return group.thousands  # out of range either way: ``check_bounds`` says so
    shown_max = f" (tối đa {format_number(maximum)})" if maximum is not None else ""
    shown_max_en = f" (at most {maximum.normalize():f})" if maximum is not None else ""
    a, b = _unambiguous(sign * group.thousands), _unambiguous(sign * group.decimal)
    mark_vi = "dấu chấm" if group.mark == "." else "dấu phẩy"
    mark_en = "dot" if group.mark == "." else "comma"
    raise _error(
        raw,
        f"{mark_vi} ở đây có thể tách hàng nghìn hoặc là dấu thập phân, và cả hai cách đọc đều "
        f"hợp lệ cho {_KIND_VI[kind]}{shown_max}; hãy viết {a} nếu là số nguyên, hoặc {b} "
        "nếu có phần thập phân",
        f"the {mark_en} may separate thousands or mark decimals, and both readings are valid "
        f"for a {kind}{shown_max_en}; write {a} for the whole number or {b} for the decimal",
    )


def _take_token(rest: str, raw: str) -> tuple[str, str]:
    match = _TOKEN.match(rest)
    if not match:
        raise _error(raw, "không tìm thấy số", "no number found")
    token = match.group(0).rstrip(".,")  # "1.463." ends a sentence
    return token, rest[len(token) :]


def _lead_words(words: list[str], table: Container[str]) -> tuple[str, int]:
    """The longest entry of ``table`` the text starts with (accent-insensitive), and its word count."""
    for size in (2, 1):
        key = strip_accents(" ".join(words[:size])).lower()
        if len(words) >= size and key in table:
            return key, size
    return "", 0


def _scale_word(unit: str, kind: str) -> tuple[int, str]:
    """A count's scale word and what it counts: "nghìn doanh nghiệp" → (1000, "doanh nghiệp");
    for a count the word may stand alone ("triệu" → (1000000, "")). (1, unit) when there is none."""
    if kind not in ("count", "number"):
        return 1, unit
    first, _, rest = unit.partition(" ")
    scale = _SCALE_WORDS.get(fold(first), 1) if rest.strip() or kind == "count" else 1
    return (scale, rest.strip()) if scale != 1 else (1, unit)


def _not_whole(raw: object) -> InputError:
    return _error(
        raw,
        "số đếm, tử số và mẫu số là số nguyên, không có phần thập phân (một nghìn viết 1.000)",
        "counts, numerators and denominators are whole numbers with no decimal part "
        "(one thousand is written 1.000)",
    )


def _whole(token: str, raw: str) -> Decimal:
    read = _read_token(token, raw)
    if isinstance(read, _Group):
        return read.thousands
    value, has_decimals = read
    if has_decimals:
        raise _not_whole(raw)
    return value


def _read_value(rest: str, kind: str, raw: str) -> tuple[Decimal | _Group, int, Decimal | None, str, bool]:
    """Value (or a group to decide), its sign, denominator, the text after them and whether there
    was a decimal part."""
    words = rest.split(" ")
    zero, size = _lead_words(words, _ZERO_WORDS)
    if zero:
        return Decimal(0), 1, None, " ".join(words[size:]), False
    negative = rest.startswith("-")
    if negative and kind != "number":
        raise _error(raw, f"{_KIND_VI[kind]} không được âm", f"a {kind} cannot be negative")
    token, rest = _take_token(rest[1:].lstrip() if negative else rest, raw)
    sign = -1 if negative else 1
    if not rest.lstrip().startswith("/"):
        read = _read_token(token, raw)
        if isinstance(read, _Group):
            return read, sign, None, rest, False
        value, has_decimals = read
        return sign * value, 1, None, rest, has_decimals
    if kind not in ("count", "number"):
        raise _error(raw, f"{_KIND_VI[kind]} không viết dạng phân số", f"a {kind} is not a fraction")
    den_token, rest = _take_token(rest.lstrip()[1:].lstrip(), raw)
    return sign * _whole(token, raw), 1, _whole(den_token, raw), rest, False


def parse_number(text: str, kind: Kind = "count", *, maximum: Decimal | int | None = None) -> ParsedNumber:
    """Read "khoảng 4.000 người", "27,8%", "08/09 máy", "không có" … as a count, amount, rate or number.

    ``maximum`` is the largest value the figure may take (a DTI item's points, a rate's ceiling):
    with the kind it decides a single three-digit group ("512.250" of at most 1.000 points is
    512,25). The caller enforces it with its own words (``check_bounds(value, kind, raw, maximum)``
    or a range message naming the item); only ``BOUNDS`` are enforced here. Refuses (``InputError``)
    what it cannot read for sure; see the module docstring for why.
    """
    if kind not in KINDS:
        raise _error(kind, f"loại số phải là một trong {', '.join(KINDS)}", f"kind must be one of {KINDS}")
    if not isinstance(text, str):
        raise _error(text, "phải là văn bản", "must be text")
    words = nfc(text).replace("\u2212", "-").split(" ")
    found, size = _lead_words(words, _QUALIFIERS)
    read, sign, denominator, rest, has_decimals = _read_value(" ".join(words[size:]), kind, text)
    unit = rest.strip().rstrip(".;:,").strip()
    limit = Decimal(maximum) if maximum is not None else None
    factor = money_factor(unit)
    bare_scale = kind == "count" and fold(unit) in _SCALE_WORDS  # "triệu" alone, never "triệu đồng"
    scale, measure = _scale_word(unit, kind) if factor is None or bare_scale else (1, unit)
    if scale != 1:
        factor = None  # "hơn 11 triệu" on a count is 11.000.000 of what it counts, not money
    if isinstance(read, _Group):
        value = sign * _decide(read, kind, unit, limit, sign, text, scaled=scale != 1)
    else:
        value = read
    if any(ch.isdigit() for ch in unit) or unit.startswith(("/", ".", ",")):
        raise _error(text, f"có phần thừa không hiểu được «{unit}»", f"has unexpected extra text «{unit}»")
    is_percent = unit.startswith("%") or strip_accents(unit).lower().startswith("phan tram")
    if is_percent and kind in ("count", "amount"):
        raise _error(text, f"là tỷ lệ phần trăm, không phải {_KIND_VI[kind]}", f"is a percent, not a {kind}")
    if kind == "rate" and unit and not is_percent:
        raise _error(text, f"tỷ lệ không có đơn vị «{unit}»", f"a rate has no unit «{unit}»")
    value *= scale  # "16 nghìn doanh nghiệp" is 16.000, never 16
    if kind == "count" and has_decimals and (scale == 1 or value != value.to_integral_value()):
        raise _not_whole(text)
    if kind == "amount":
        if unit and factor is None:
            raise _error(
                text,
                f"số tiền ghi bằng đồng, nghìn đồng, triệu đồng hoặc tỷ đồng, không phải «{unit}»",
                f"an amount is in đồng, nghìn đồng, triệu đồng or tỷ đồng, not «{unit}»",
            )
        value *= factor or 1
    elif factor is not None:
        raise _error(
            text, f"là số tiền («{unit}»), không phải {_KIND_VI[kind]}", f"is money («{unit}»), not a {kind}"
        )
    elif kind == "count" and fold(measure) in _MEASURE_UNITS:
        raise _error(
            text,
            f"«{unit}» là đơn vị đo, không phải số đếm; hãy ghi số lượng (ví dụ 12 hộ)",
            f"«{unit}» is a unit of measure, not a count; write how many (e.g. 12 households)",
        )
    check_bounds(value, kind, text)
    if kind in ("amount", "count"):
        value = value.to_integral_value()  # "250,5 triệu" = 250500000, not 250500000.0
    if denominator is not None:
        check_bounds(denominator, "count", text)
    return ParsedNumber(value, _QUALIFIERS.get(found, ""), denominator, unit, is_percent, text)
