"""Cell values as text and column letters, shared by reading and writing."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

from cds.lib.text import nfc
from cds.lib.vn_dates import local_time


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: Any) -> str:
    """Text of a workbook cell as the user means it: 3.0 → "3", dates as ISO 2023-03-14."""
    kind = type(value)  # exact types first: this runs for every cell of every import
    if kind is str:
        return nfc(value) if value else ""
    if kind is float:
        return float_text(value)
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return float_text(float(value)) if isinstance(value, float) else str(int(value))
    if isinstance(value, decimal.Decimal):
        return decimal_text(value)
    if isinstance(value, dt.datetime):
        moment = round_seconds(local_time(value))
        return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return round_seconds(dt.datetime.combine(dt.date(2000, 1, 1), value)).time().isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return nfc(str(value))


def float_text(value: float) -> str:
    """Shortest plain text at Excel's 15 significant digits: 3.0 → "3", 0.1+0.2 → "0.3"."""
    text = repr(value + 0.0)  # + 0.0 turns -0.0 into 0.0
    if len(text) <= 16 and "e" not in text and "n" not in text:  # ≤ 15 digits: already clean
        return text[:-2] if text.endswith(".0") else text
    if not math.isfinite(value):
        return ""
    return decimal_text(decimal.Decimal(format(value, ".15g")))


def decimal_text(value: decimal.Decimal) -> str:
    if not value.is_finite():
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def round_seconds(value: dt.datetime) -> dt.datetime:
    # Excel stores times as fractions of a day; 08:30 may come back as 08:29:59.999999.
    return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0) if value.microsecond else value
