"""One way to say an indicator's value: pages, exports, the API and reports all call ``format_value``.

So a figure never reads differently in two places: "1.463 hồ sơ", "94,44%", "1.315,643 triệu đồng",
"khoảng 4.000", "có"; "chưa có số liệu" when it is unknown, "không có" for a true zero where a
sentence asks for it. Money is stored in đồng and shown in the unit the catalog says officials
read it in (``display_unit``), with every digit that was typed — never rounded to the unit.

A stored number outside what its kind can hold (written before the parser had bounds) is shown
as "giá trị không hợp lệ" and logged, so one bad row never breaks a page, a report or the API.
``cds.lib.vn_numbers.format_number`` / ``format_percent`` stay the low-level primitives.

A change between two values of an indicator ("tăng gấp 3,1 lần so với quý II/2023", "giảm 2,4
điểm phần trăm so với …") is ``format_change``: reports and the /dvc/ page say it alike.

DTI points and scores are not catalog values; ``format_points`` writes them the one way pages,
the ``cds dti`` command, charts and the DTI report print them ("820,69", "160", "87,5").
"""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cds.lib.errors import InputError
from cds.lib.vn_dates import format_date, number_date
from cds.lib.vn_numbers import (
    BOUNDS,
    DISPLAY_UNITS,
    DISPLAY_UNITS_EN,
    format_fraction,
    format_number,
    format_percent,
)

CHANGE_WORDS = {
    "vi": ("tăng", "giảm", "so với", "không thay đổi so với", "tăng gấp {times} lần so với",
           "điểm phần trăm"),
    "en": ("up", "down", "on", "unchanged from", "{times} times", "percentage points"),
}  # fmt: skip

log = logging.getLogger(__name__)

UNKNOWN = {"vi": "chưa có số liệu", "en": "no data"}
INVALID = {"vi": "giá trị không hợp lệ", "en": "invalid value"}
NONE = {"vi": "không có", "en": "none"}
YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}
QUALIFIERS = {
    "vi": {"about": "khoảng", "over": "trên", "more_than": "hơn", "under": "dưới", "nearly": "gần"},
    "en": {"about": "about", "over": "over", "more_than": "more than", "under": "under", "nearly": "nearly"},
}


def is_valid(definition: Any, value: Decimal) -> bool:
    """Whether a stored number can be a value of its indicator's kind at all (finite, in bounds)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return False
    kind = getattr(definition, "kind", "number")
    if kind == "date":  # stored as YYYYMMDD (``cds.lib.vn_dates.date_number``)
        return number_date(value) is not None
    low, high = BOUNDS.get(kind, BOUNDS["number"])
    if kind == "boolean":
        low, high = Decimal(0), Decimal(1)
    # a sum over many units may exceed one unit's bound: allow a national total's worth of room
    return (
        low * 10_000 <= value <= high * 10_000
        if kind in ("count", "amount", "number")
        else low <= value <= high
    )


def display_unit(definition: Any, lang: str = "vi") -> str:
    """The unit an amount is shown in ("triệu đồng"); đồng when the catalog says nothing."""
    unit = getattr(definition, "display_unit", "") or "đồng"
    return DISPLAY_UNITS_EN.get(unit, unit) if lang == "en" else unit


def count_unit(definition: Any, lang: str = "vi") -> str:
    """What a count counts, as the catalog names it ("thuê bao", "người"): printed after the number."""
    unit = getattr(definition, "unit_en" if lang == "en" else "unit_vi", "") or ""
    return "" if unit.strip() in ("", "%") else unit.strip()


def format_number_of(definition: Any, value: Decimal, lang: str = "vi", with_unit: bool = True) -> str:
    """The bare number of a value in its kind's style, without qualifier or unknown/invalid words:
    for table cells that share a unit in their header, and sentences that add their own words."""
    kind = getattr(definition, "kind", None)
    if kind == "rate":
        return format_percent(value, decimals=definition.decimals)
    if kind == "date":  # "ngày 14/3/2023" wherever it is shown, sentences and table cells alike
        as_date = number_date(value)
        assert as_date is not None  # is_valid checked it
        day = format_date(as_date)
        return day if lang == "en" else f"ngày {day}"
    if kind == "boolean":
        yes, no = YES_NO["en" if lang == "en" else "vi"]
        return yes if value else no
    if kind == "amount":  # a zero too, in the display unit: "0 triệu đồng" beside "48 triệu đồng"
        factor = DISPLAY_UNITS.get(getattr(definition, "display_unit", "") or "đồng", 1)
        number = format_number(Decimal(value) / factor)
        return f"{number} {display_unit(definition, lang)}" if with_unit else number
    if kind == "count":
        number = format_number(value, 0) if value == value.to_integral_value() else format_number(value)
        unit = count_unit(definition, lang) if with_unit else ""
        return f"{number} {unit}" if unit else number
    decimals = getattr(definition, "decimals", None)
    text = format_number(value, decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def format_value(
    definition: Any,
    value: Decimal | int | None,
    qualifier: str = "",
    *,
    lang: str = "vi",
    text: str = "",
    zero_as_none: bool = False,
    unknown: str | None = None,
    with_unit: bool = True,
) -> str:
    """An indicator's value as every output writes it.

    ``definition`` is a catalog ``Definition`` (None: a plain number); ``text`` is a text value;
    ``zero_as_none`` writes a true, exact zero as "không có"; ``unknown`` overrides "chưa có số liệu"
    (a table cell may prefer ""); ``with_unit=False`` leaves the unit to a column header or to
    the sentence: a count prints its catalog unit ("157 thuê bao"), an amount its display unit
    ("48 triệu đồng", and "0 triệu đồng" for a zero — a sentence says "không phát sinh kinh phí"
    by its own wording), unless ``with_unit`` is False.
    """
    lang = "en" if lang.startswith("en") else "vi"
    if getattr(definition, "kind", None) == "text" or (text and value is None):
        return text or (UNKNOWN[lang] if unknown is None else unknown)
    if value is None:
        return UNKNOWN[lang] if unknown is None else unknown
    value = Decimal(value)
    if not is_valid(definition, value):
        log.warning(
            "invalid stored value for %s: %s",
            getattr(definition, "code", "?"),
            value if value.is_finite() else "∞",
        )
        return INVALID[lang]
    if zero_as_none and value == 0 and not qualifier:
        return NONE[lang]
    shown = format_number_of(definition, value, lang, with_unit)
    word = QUALIFIERS[lang].get(qualifier or "", "")
    return f"{word} {shown}" if word else shown


def format_units_share(
    definition: Any, numerator: Decimal | None, denominator: Decimal | None, catalog: Any, *, lang: str = "vi"
) -> str:
    """A rate over the units that exist, as reports write it: «12/13 xã», «12/13 thôn» — the
    denominator a count of units (``counts_units``) from the registry. "" for any other rate, or
    when a part is unknown."""
    den_def = catalog.get(definition.denominator) if getattr(definition, "denominator", None) else None
    if den_def is None or not den_def.counts_units or numerator is None or denominator is None:
        return ""
    word = den_def.unit_en if lang.startswith("en") else den_def.unit_vi
    try:
        return f"{format_fraction(numerator, denominator)} {word}".strip()
    except InputError:  # a part carried over a merger by share is not a whole number of units
        return ""


def format_points(value: Decimal | int | None, *, lang: str = "vi", unknown: str | None = None) -> str:
    """DTI points as decisions print them: rounded half up to two decimals, trailing zeros dropped
    ("820,69", "160", "87,5"); unknown is "chưa có số liệu" (``unknown`` overrides it, e.g. "" in a
    table cell or a report sentence that is left out without it)."""
    if value is None:
        return UNKNOWN["en" if lang.startswith("en") else "vi"] if unknown is None else unknown
    return format_number(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), None)


def format_change(
    definition: Any, current: Decimal | int, previous: Decimal | int, label: str, *, lang: str = "vi"
) -> str:
    """How ``current`` compares with ``previous`` (of the period ``label``), as reports write it:
    "tăng gấp 3,1 lần so với quý II/2023" (twice or more), "giảm 2,4 điểm phần trăm so với …"
    (rates), "tăng 12,5% so với …", "không thay đổi so với …"."""
    up, down, than, same, times, points = CHANGE_WORDS["en" if lang.startswith("en") else "vi"]
    current, previous = Decimal(current), Decimal(previous)
    if getattr(definition, "kind", None) == "rate":  # compared as printed: «56,86%» − «31,22%» = 25,64
        step = Decimal(1).scaleb(-definition.decimals)
        current = current.quantize(step, rounding=ROUND_HALF_UP)
        previous = previous.quantize(step, rounding=ROUND_HALF_UP)
    if current == previous:
        return f"{same} {label}"
    if previous > 0 and current / previous >= 2:
        ratio = format_number(current / previous, 1).removesuffix(",0")
        return f"{times.format(times=ratio)} {label}"
    word = up if current > previous else down
    difference = abs(current - previous)
    if getattr(definition, "kind", None) == "rate":
        shown = format_number(difference, definition.decimals)
        shown = shown.rstrip("0").rstrip(",") if "," in shown else shown
        return f"{word} {shown} {points} {than} {label}"
    if previous == 0:
        return f"{word} {format_value(definition, difference, lang=lang)} {than} {label}"
    return f"{word} {format_percent(difference / previous * 100, 1)} {than} {label}"
