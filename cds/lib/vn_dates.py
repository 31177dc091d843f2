"""Dates as Vietnamese documents write them, and as they arrive from forms, text and Excel.

Reports write "14/3/2023" or "ngày 14 tháng 3 năm 2023"; the place-and-date line of Nghị định
30/2020 zero-pads days below 10 and the months 1–2 ("ngày 05 tháng 01 năm 2024") so that nobody
can turn "tháng 1" into "tháng 11" by adding a digit. Input is always day-first: a "03/04/2023"
is 3 April, never March 4 — only the ISO form puts the year first.

Excel stores dates as serial numbers in the 1900 date system, which keeps Lotus 1-2-3's bug of
a 29 February 1900: serial 60 is that phantom day, so serials from 61 are one day "late" and
1–59 are not. Serial 60 names no real date and is refused. A numeric *string* is read as a
serial only from 10000 (18/5/1927) up, because a short number typed as text ("2023", "14.3") is
far more likely a year or a day than a spreadsheet serial.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from cds.lib.errors import InputError
from cds.lib.text import nfc, strip_accents

STYLES: tuple[str, ...] = ("short", "long", "decree")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_MAX = 2958466  # first serial after 31/12/9999
_MIN_TEXT_SERIAL = 10000
_TIME = r"(?:(?:\s+|t)(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
_FORMS = [
    re.compile(r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})" + _TIME),
    re.compile(r"(?P<year>\d{4})(?P<sep>[/-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _TIME),
    re.compile(r"(?P<day>\d{1,2}) thang (?P<month>\d{1,2}),? nam (?P<year>\d{4})" + _TIME),
]
_SERIAL = re.compile(r"\d+(?:[.,]\d+)?")
_ACCEPTED = "14/3/2023, 14/03/2023, 14-03-2023, 2023-03-14, ngày 14 tháng 3 năm 2023, 14/03/2023 08:30, 45000"


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored moment as a clock in Việt Nam reads it (no time zone attached, for display and files).

    The database keeps UTC; people, messages, CSV and Excel files use Asia/Ho_Chi_Minh (UTC+7).
    A moment without a time zone is taken to be local already.
    """
    return moment.astimezone(VIETNAM).replace(tzinfo=None) if moment.tzinfo is not None else moment


def _error(value: object, vi: str, en: str) -> InputError:
    return InputError(vi=f"«{value}»: {vi}", en=f"«{value}»: {en}")


def format_date(d: dt.date, style: str = "short") -> str:
    """Short "14/3/2023", "ngày 14 tháng 3 năm 2023" (long) or "ngày 05 tháng 01 năm 2024" (decree)."""
    if not isinstance(d, dt.date):
        raise _error(d, "không phải là ngày", "is not a date")
    if style == "short":
        return f"{d.day}/{d.month}/{d.year}"
    if style == "long":
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    if style == "decree":
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        return f"ngày {d.day:02d} tháng {month} năm {d.year}"
    raise _error(style, f"kiểu ngày phải là một trong {', '.join(STYLES)}", f"style must be one of {STYLES}")


def to_excel_serial(value: dt.date) -> int | float:
    """The Excel (1900 system) serial of a date (an int) or a datetime (a float with the time)."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    if moment.tzinfo is not None:
        raise _error(value, "không nhận giờ có múi giờ", "time zones are not supported")
    if moment < dt.datetime(1900, 1, 1):
        raise _error(
            value, "trước ngày 1/1/1900, ngày đầu của Excel", "is before 1/1/1900, Excel's first day"
        )
    delta = moment - _EXCEL_EPOCH
    days = delta.days - (1 if delta.days < 61 else 0)  # before the phantom 29/2/1900
    if not isinstance(value, dt.datetime):
        return days
    return days + (delta.seconds + delta.microseconds / 1e6) / 86400


def _from_serial(serial: Decimal, raw: object) -> dt.datetime:
    if not serial.is_finite() or not 1 <= serial < _EXCEL_MAX:
        raise _error(raw, "không phải là số ngày Excel hợp lệ", "is not a valid Excel date serial")
    days = int(serial)
    if days == 60:
        raise _error(
            raw,
            "là ngày 29/2/1900 không có thật (lỗi của Excel); hãy kiểm tra lại ô này",
            "is 29/2/1900, a day that does not exist (an Excel bug); check the cell",
        )
    seconds = round((serial - days) * 86400)
    return _EXCEL_EPOCH + dt.timedelta(days=days + (1 if days < 60 else 0), seconds=seconds)


def _build(match: re.Match[str], raw: object) -> dt.datetime:
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None and k != "sep"}
    try:
        day = dt.date(parts["year"], parts["month"], parts["day"])
    except ValueError:
        raise _error(raw, "là ngày không có thật", "is a date that does not exist") from None
    try:
        time = dt.time(parts.get("hour", 0), parts.get("minute", 0), parts.get("second", 0))
    except ValueError:
        raise _error(raw, "có giờ không hợp lệ", "has an invalid time of day") from None
    return dt.datetime.combine(day, time)


def parse_datetime(value: str | int | float | Decimal | dt.date) -> dt.datetime:
    """Read a date, with its time of day if given, from text, an Excel serial or a date object."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise _error(value, "không phải là ngày", "is not a date")
    if not isinstance(value, str):
        try:
            return _from_serial(Decimal(str(value)), value)
        except InvalidOperation:
            raise _error(value, "không phải là số ngày Excel", "is not an Excel serial") from None
    text = strip_accents(nfc(value)).lower().removeprefix("ngay ").strip()
    if _SERIAL.fullmatch(text):
        serial = Decimal(text.replace(",", "."))
        if serial < _MIN_TEXT_SERIAL:
            raise _error(
                value,
                f"số ngắn không được coi là số ngày Excel (chỉ từ {_MIN_TEXT_SERIAL}); "
                "hãy viết ngày như 14/3/2023",
                f"a short number is not taken as an Excel serial (only from {_MIN_TEXT_SERIAL}); "
                "write the date like 14/3/2023",
            )
        return _from_serial(serial, value)
    for form in _FORMS:
        match = form.fullmatch(text)
        if match:
            return _build(match, value)
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}", text):
        raise _error(value, "năm phải viết đủ 4 chữ số", "write the year with 4 digits")
    raise _error(
        value,
        f"không đọc được ngày; các dạng nhận được: {_ACCEPTED}",
        f"is not a date; accepted forms: {_ACCEPTED}",
    )


def parse_date(value: str | int | float | Decimal | dt.date) -> dt.date:
    """Like ``parse_datetime`` but keeps only the day ("14/03/2023 08:30" → 14/3/2023)."""
    return parse_datetime(value).date()


_YEAR = re.compile(r"(?:nam\s+)?(?P<year>\d{4})")


def parse_year(value: str | int) -> int:
    """A year as people write one: «2025», «năm 2025» (any case or tone-mark form). Four digits and
    nothing else: «2.025» or «25» is refused with how to write it, never guessed."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return value
    match = _YEAR.fullmatch(strip_accents(nfc(str(value))).lower().strip())
    if match is None:
        raise _error(
            value,
            "không phải là năm; viết năm bằng 4 chữ số, ví dụ 2025 hoặc «năm 2025»",
            "is not a year; write the year with 4 digits, e.g. 2025 or «năm 2025»",
        )
    return int(match["year"])


# A date-valued indicator (catalog ``kind: date``) stores its date as the number YYYYMMDD: it sorts,
# compares and rolls up (``latest``) like every other stored number, and reads back unambiguously.
DATE_NUMBER_RANGE = (dt.date(1945, 1, 1), dt.date(2100, 12, 31))


def date_number(day: dt.date) -> Decimal:
    """14/3/2023 → Decimal(20230314)."""
    return Decimal(day.year * 10000 + day.month * 100 + day.day)


def number_date(number: Decimal | int | None) -> dt.date | None:
    """Decimal(20230314) → 14/3/2023; None for anything that is not such a number of a real date."""
    if number is None:
        return None
    try:
        value = Decimal(number)
        if not value.is_finite() or value != value.to_integral_value():
            return None
        whole = int(value)
        day = dt.date(whole // 10000, whole // 100 % 100, whole % 100)
    except (ValueError, InvalidOperation, OverflowError):
        return None
    return day if DATE_NUMBER_RANGE[0] <= day <= DATE_NUMBER_RANGE[1] else None
