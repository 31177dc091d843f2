"""Reporting periods: month, quarter, half-year, year and explicit date ranges.

Reports name their period in words ("quý III/2023", "6 tháng đầu năm 2023", "từ ngày 15/12/2023
đến 31/10/2024"); the code keeps one canonical ``code`` per period ("2023Q3", "2023S1",
"2023-12-15..2024-10-31") so the same period typed two ways is recognised as one. Data windows
of the state reporting regime (Nghị định 09/2019/NĐ-CP) run from the 15th of the month before a
period to the 14th of its last month, so counts can be taken on either calendar or window dates.

``parse_period`` is lenient about spelling (case, accents, NFD, "ngày" missing before the second
date, as in real reports) but not about meaning: a phrase maps to one period or is refused with
how to write one. Counted months run from January unless "cuối" says otherwise: "9 tháng năm
2024" is January–September as the statistics office writes it (see the corpus,
``cds/lib/tests/corpus/periods.tsv``); "đến ngày 20/6/2024" runs from the start of that year; a
moment ("cuối năm 2023", "ngày 19/7/2023"), "đến nay" and two periods in one phrase are refused.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeGuard

from cds.lib.errors import InputError
from cds.lib.text import listed, nfc, strip_accents
from cds.lib.vn_dates import format_date, parse_date

PeriodKind = Literal["month", "quarter", "half", "year", "range"]
KINDS: tuple[str, ...] = ("month", "quarter", "half", "year", "range")
_MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_ROMAN = ("I", "II", "III", "IV")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
_ACCEPTED = (
    "2024-03, tháng 3/2024, tháng 3 năm 2024, March 2024; 2023Q3, quý III/2023, Quý 3/2023, "
    "quý III năm 2023, Q3/2023; 2023S1, 6 tháng đầu năm 2023, 6 tháng cuối năm 2023, H2 2023; "
    "2024, năm 2024; 2023-12-15..2024-10-31, từ ngày 15/12/2023 đến (ngày) 31/10/2024"
)


def _error(value: object, vi: str, en: str) -> InputError:
    return InputError(vi=f"«{value}»: {vi}", en=f"«{value}»: {en}")


def roman(n: int) -> str:
    """Quarters are written in Roman numerals ("quý III/2023")."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(_ROMAN):
        raise _error(n, "số La Mã chỉ dùng cho 1 đến 4", "Roman numerals are only for 1 to 4")
    return _ROMAN[n - 1]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return _month_end(day.year, day.month)


def _is_calendar(kind: str) -> TypeGuard[PeriodKind]:
    return kind in _MONTHS_IN


def _calendar_kind(kind: str) -> PeriodKind:
    """``kind`` as a calendar period's kind (month, quarter, half, year), or refused."""
    if not _is_calendar(kind):
        raise _error(kind, f"loại kỳ phải là một trong {', '.join(KINDS)}", f"kind must be one of {KINDS}")
    return kind


def _bounds(kind: str, year: int, index: int) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar period, refusing an index the kind does not have."""
    size = _MONTHS_IN[_calendar_kind(kind)]
    valid = range(0, 1) if kind == "year" else range(1, 12 // size + 1)
    if index not in valid or not 1 <= year <= 9999:
        raise _error(f"{kind} {year} {index}", "kỳ không tồn tại", "no such period")
    first = 1 if kind == "year" else (index - 1) * size + 1
    return dt.date(year, first, 1), _month_end(year, first + size - 1)


def _year_earlier(day: dt.date) -> dt.date:
    """Same day a year before; a month end stays a month end (28/2/2025 → 29/2/2024)."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(day.year - 1, day.month, last)
    return dt.date(day.year - 1, day.month, min(day.day, last))


@dataclass(frozen=True)
class Period:
    """A reporting period; ``end`` is inclusive. ``index`` is the month, quarter or half number
    (0 for a year or a range); a range's ``year`` is the year it ends in, the year it reports on."""

    kind: PeriodKind
    start: dt.date
    end: dt.date
    year: int
    index: int = 0

    def __post_init__(self) -> None:
        if self.kind != "range":
            if _bounds(self.kind, self.year, self.index) != (self.start, self.end):
                raise _error(self, "ngày đầu/cuối không khớp với kỳ", "start/end do not match the period")
        elif not (isinstance(self.start, dt.date) and isinstance(self.end, dt.date)) or self.start > self.end:
            raise _error(f"{self.start}..{self.end}", "ngày bắt đầu sau ngày kết thúc", "start after end")
        elif (self.year, self.index) != (self.end.year, 0):
            raise _error(self, "năm/chỉ số không khớp với khoảng ngày", "year/index do not match the range")

    @classmethod
    def of(cls, kind: str, year: int, index: int = 0) -> Period:
        """A calendar period: ``Period.of("quarter", 2023, 2)``, ``Period.of("year", 2024)``."""
        calendar = _calendar_kind(kind)
        start, end = _bounds(calendar, year, index)
        return cls(calendar, start, end, year, index)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """An explicit range, both days included (a datetime counts for its whole day)."""
        start, end = (d.date() if isinstance(d, dt.datetime) else d for d in (start, end))
        return cls("range", start, end, end.year, 0)

    @classmethod
    def containing(cls, day: dt.date, kind: str) -> Period:
        """The calendar period of ``kind`` that ``day`` falls in."""
        size = _MONTHS_IN.get(kind, 0)
        if kind == "year":
            return cls.of("year", day.year)
        return cls.of(kind, day.year, (day.month - 1) // size + 1 if size else 0)

    @property
    def code(self) -> str:
        """Canonical, sortable within a kind, and what ``parse_period`` reads back."""
        return {
            "month": f"{self.year:04d}-{self.index:02d}",
            "quarter": f"{self.year:04d}Q{self.index}",
            "half": f"{self.year:04d}S{self.index}",
            "year": f"{self.year:04d}",
        }.get(self.kind) or f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label_vi(self) -> str:
        if self.kind == "month":
            return f"tháng {self.index}/{self.year}"
        if self.kind == "quarter":
            return f"quý {roman(self.index)}/{self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "year":
            return f"năm {self.year}"
        return f"từ ngày {format_date(self.start)} đến ngày {format_date(self.end)}"

    @property
    def label_en(self) -> str:
        if self.kind == "month":
            return f"{_EN_MONTHS[self.index - 1]} {self.year}"
        if self.kind in ("quarter", "half"):
            return f"{'Q' if self.kind == 'quarter' else 'H'}{self.index} {self.year}"
        if self.kind == "year":
            return str(self.year)
        return f"{format_date(self.start)} – {format_date(self.end)}"

    def _shift(self, steps: int) -> Period:
        per_year = 12 // _MONTHS_IN[self.kind]
        position = self.year * per_year + max(self.index - 1, 0) + steps
        year, offset = divmod(position, per_year)
        return Period.of(self.kind, year, 0 if self.kind == "year" else offset + 1)

    def previous(self) -> Period:
        """The period just before, of the same kind; for a range, the range of equal length before it."""
        if self.kind != "range":
            return self._shift(-1)
        end = self.start - dt.timedelta(days=1)
        return Period.between(end - (self.end - self.start), end)

    def same_period_last_year(self) -> Period:
        """For year-on-year comparison ("so với cùng kỳ năm trước")."""
        if self.kind != "range":
            return Period.of(self.kind, self.year - 1, self.index)
        return Period.between(_year_earlier(self.start), _year_earlier(self.end))

    def contains(self, day: dt.date) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        return self.start <= day <= self.end

    def sub_periods(self, kind: str) -> list[Period]:
        """The periods of a finer ``kind`` making up this one (3 months of a quarter …).

        For a range: every calendar period that overlaps it, so the first and last may stick out.
        """
        if kind not in _MONTHS_IN or (self.kind != "range" and _MONTHS_IN[kind] > _MONTHS_IN[self.kind]):
            raise _error(
                kind, f"không chia {self.label_vi} thành kỳ loại này", f"cannot split {self.label_en} into it"
            )
        return list(_walk(Period.containing(self.start, kind), self.end))

    def months(self) -> list[Period]:
        return self.sub_periods("month")

    def reporting_window(self) -> Period:
        """The Nghị định 09/2019 data window: 15th of the month before the period → 14th of its last month."""
        if self.kind == "range":
            raise _error(
                self.label_vi, "khoảng ngày tự chọn không có kỳ số liệu", "a date range has no window"
            )
        before = self.start - dt.timedelta(days=1)
        return Period.between(before.replace(day=15), self.end.replace(day=14))


def _walk(first: Period, last_day: dt.date) -> Iterator[Period]:
    period = first
    while period.start <= last_day:
        yield period
        period = period._shift(1)


def reporting_period_for(day: dt.date, kind: str) -> Period:
    """The period whose Nghị định 09 window holds ``day``: data from the 15th on counts for the next month."""
    if day.day >= 15:
        day = _month_end(day.year, day.month) + dt.timedelta(days=1)
    return Period.containing(day, kind)


_QUARTER = r"(?P<index>iv|i{1,3}|[1-4])"
_CALENDAR_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("month", re.compile(r"(?:thang\s*)?(?P<year>\d{4})-(?P<index>\d{1,2})")),
    ("month", re.compile(r"(?:thang\s*|t)(?P<index>\d{1,2})\s*(?:[/-]|,?\s+nam\s+)\s*(?P<year>\d{4})")),
    ("quarter", re.compile(r"(?P<year>\d{4})\s*q(?P<index>[1-4])")),
    ("quarter", re.compile(rf"(?:quy|q\.?)\s*{_QUARTER}\s*(?:[/-]|,?\s+nam\s+|\s)\s*(?P<year>\d{{4}})")),
    ("half", re.compile(r"(?P<year>\d{4})\s*[sh](?P<index>[12])")),
    ("half", re.compile(r"[sh](?P<index>[12])\s*[/ -]?\s*(?P<year>\d{4})")),
    ("year", re.compile(r"(?:nam\s+)?(?P<year>\d{4})")),
]
_INDEX_WORDS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "dau": 1, "cuoi": 2}
# "9 tháng đầu năm 2024", "sáu tháng cuối năm 2023", "9 tháng năm 2024": months counted from the
# start (no word: from the start, as the statistics office's "quý III và 9 tháng năm 2024" and
# every "lũy kế" count) or back from the end of a year; a quarter, a half or the year is that period.
_MONTH_COUNT = re.compile(
    r"(?P<count>\d{1,2}|ba|sau|chin|muoi hai)\s+thang(?:\s+(?P<which>dau|cuoi))?,?\s+(?:nam\s+)?(?P<year>\d{4})"
)
_COUNT_WORDS = {"ba": 3, "sau": 6, "chin": 9, "muoi hai": 12}
# Words that lead a period without changing it ("kỳ báo cáo quý III/2023", "trong năm 2024",
# "số liệu tổng hợp đến ngày …"), accent-folded; removed before reading.
_LEAD_WORDS = re.compile(
    r"^(?:(?:ky bao cao|bao cao|so lieu|tong hop|luy ke|tinh|trong|ca|thoi gian|ky)\s*:?\s+)+"
)
_YEAR_TO_DATE = re.compile(r"(?:den|toi)(?:\s+het)?\s+(?P<end>.+)")
_STAGE = re.compile(r"giai doan\s+(?P<first>\d{4})\s*(?:[-–—]|den)\s*(?:nam\s+)?(?P<last>\d{4})")
_RANGE_SPLIT = re.compile(
    r"\s+(?:den|toi)(?:\s+het)?\s+|\s*[–—]\s*|\s+-\s+|\s*\.\.\s*|(?<=\d{4})-(?=\d{1,2}/\d)"  # 1/1/2023-30/6/2024
)
# A range's first side may leave its year to the second ("từ tháng 1 đến tháng 9/2024").
_NO_YEAR = re.compile(
    r"(?:thang\s*(?P<month>\d{1,2})|(?:quy|q\.?)\s*(?P<quarter>iv|i{1,3}|[1-4])"
    r"|(?:ngay\s+)?(?P<day>\d{1,2})[/.-](?P<day_month>\d{1,2}))"
)
_ACCEPTED = (
    "2024-03, tháng 3/2024, tháng 3 năm 2024, T3/2024, March 2024; 2023Q3, quý III/2023, quý 3 năm 2023, "
    "Q3/2023; 2023S1, 6 tháng đầu năm 2023, 6 tháng cuối năm 2023, H2 2023; 9 tháng đầu năm 2024; "
    "2024, năm 2024; giai đoạn 2021–2025; đến ngày 20/6/2024 (từ đầu năm); năm 2021 đến tháng 9/2022; "
    "2023-12-15..2024-10-31, từ ngày 15/12/2023 đến (ngày) 31/10/2024"
)


def _parse_calendar(text: str) -> Period | None:
    for kind, pattern in _CALENDAR_FORMS:
        match = pattern.fullmatch(text)
        if match:
            index = match.groupdict().get("index") or "0"
            return Period.of(kind, int(match["year"]), _INDEX_WORDS.get(index) or int(index))
    for number, name in enumerate(_EN_MONTHS, start=1):
        match = re.fullmatch(rf"{name.lower()}\s+(\d{{4}})", text)
        if match:
            return Period.of("month", int(match[1]), number)
    match = _MONTH_COUNT.fullmatch(text)
    if match:
        return _months_of_year(match, text)
    return None


def _months_of_year(match: re.Match[str], text: str) -> Period:
    """The first or last ``count`` months of a year: a quarter, a half, the year, or a range."""
    raw = match["count"]
    count, year, which = _COUNT_WORDS.get(raw) or int(raw), int(match["year"]), match["which"]
    if not 1 <= count <= 12:
        raise _PeriodWording(
            f"một năm có 12 tháng, ví dụ 9 tháng đầu năm {year}; các dạng nhận được: {_ACCEPTED}",
            f"a year has 12 months, e.g. 9 tháng đầu năm {year}; accepted: {_ACCEPTED}",
        )
    kind = {3: "quarter", 6: "half", 12: "year"}.get(count)
    if kind:
        size = _MONTHS_IN[kind]
        return Period.of(kind, year, 0 if kind == "year" else (12 // size if which == "cuoi" else 1))
    if which != "cuoi":  # "9 tháng năm 2024", as the statistics office writes it: from January
        return Period.between(dt.date(year, 1, 1), _month_end(year, count))
    return Period.between(dt.date(year, 13 - count, 1), dt.date(year, 12, 31))


class _PeriodWording(InputError):
    """A period phrase that is almost right; its message says how to write it (the text is added)."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi=vi, en=en)


def _side(text: str, year: int | None = None) -> tuple[dt.date, dt.date] | None:
    """First and last day of one side of a range: a date, a calendar period, or (with ``year``)
    a month, quarter or day written without its year."""
    try:
        day = parse_date(text)
    except InputError:
        pass
    else:
        return day, day
    try:
        period = _parse_calendar(text)
    except _PeriodWording:
        raise
    except InputError:
        return None
    if period is not None:
        return period.start, period.end
    match = _NO_YEAR.fullmatch(text)
    if match is None or year is None:
        return None
    try:
        if match["month"]:
            found = Period.of("month", year, int(match["month"]))
        elif match["quarter"]:
            found = Period.of("quarter", year, _INDEX_WORDS.get(match["quarter"]) or int(match["quarter"]))
        else:
            day = dt.date(year, int(match["day_month"]), int(match["day"]))
            return day, day
    except (InputError, ValueError):
        return None
    return found.start, found.end


def _range(text: str, folded: str) -> Period | None:
    """A stage of years, a year to date, or two sides joined by "đến", a dash or ".."."""
    stage = _STAGE.fullmatch(folded) or re.fullmatch(
        r"tu\s+nam\s+(?P<first>\d{4})\s+den\s+(?:het\s+)?(?:nam\s+)?(?P<last>\d{4})", folded
    )
    if stage:
        first, last = int(stage["first"]), int(stage["last"])
        if first >= last:
            raise _error(
                text,
                f"năm đầu phải trước năm cuối, ví dụ giai đoạn 2021–2025; các dạng nhận được: {_ACCEPTED}",
                f"the first year must come before the last, e.g. giai đoạn 2021–2025; accepted: {_ACCEPTED}",
            )
        return Period.between(dt.date(first, 1, 1), dt.date(last, 12, 31))
    to_date = _YEAR_TO_DATE.fullmatch(folded)
    if to_date:
        side = _side(re.sub(r"^ngay\s+", "", to_date["end"]))
        if side is None:
            return None
        return Period.between(dt.date(side[1].year, 1, 1), side[1])  # from the year's start
    parts = _RANGE_SPLIT.split(re.sub(r"^tu\s+", "", folded), maxsplit=1)
    if len(parts) != 2:
        return None
    left_text, right_text = (re.sub(r"^ngay\s+", "", part.strip()) for part in parts)
    right = _side(right_text)
    if right is None:
        return None
    left = _side(left_text) or _side(left_text, right[1].year)
    if left is None:
        return None
    if left[0] > right[1] and _NO_YEAR.fullmatch(left_text):  # "từ 15/12 đến 14/6/2024": the year before
        left = _side(left_text, right[1].year - 1) or left
    if left[0] > right[1]:
        raise _error(text, "ngày bắt đầu sau ngày kết thúc", "the start date is after the end date")
    return Period.between(left[0], right[1])


FIRST_DATA_YEAR = 2000


def data_years(first: int | None = None, last: int | None = None, today: dt.date | None = None) -> range:
    """The years data may be recorded for: ``first`` (2000) to ``last`` (next year), both included.

    Stored figures outside these years are typing mistakes ("0023", "9999"), never data.
    """
    today = today or dt.date.today()
    return range(first or FIRST_DATA_YEAR, (last or today.year + 1) + 1)


def check_data_period(period: Period, years: range) -> Period:
    """The period itself if it lies within ``years`` (see ``data_years``), otherwise an ``InputError``."""
    if period.start.year not in years or period.end.year not in years:
        raise _error(
            period.label_vi if 1 < period.year < 9999 else period.code,
            f"kỳ số liệu phải nằm trong các năm {years[0]}–{years[-1]}",
            f"data periods must lie within the years {years[0]}–{years[-1]}",
        )
    return period


def parse_period(text: str) -> Period:
    """Read a period written as a code, in Vietnamese or as an English label; see ``_ACCEPTED``.

    A phrase that is a calendar period is that period ("3 tháng đầu năm 2024" is 2024Q1); any
    other span is a date range ("9 tháng đầu năm 2024", "giai đoạn 2021–2025", "đến ngày
    20/6/2024" — from the start of that year, as reports count "lũy kế").
    """
    if not isinstance(text, str):
        raise _error(text, "phải là văn bản", "must be text")
    folded = strip_accents(nfc(text)).lower().strip(" .;,")
    folded = _LEAD_WORDS.sub("", re.sub(r"\s+", " ", folded))
    try:
        found = _parse_calendar(folded) or _range(text, folded)
    except _PeriodWording as wording:
        raise _error(text, wording.vi, wording.en) from None
    except InputError as error:
        if "ngày bắt đầu" in error.vi or "năm đầu" in error.vi:
            raise
        raise _error(
            text,
            f"kỳ không tồn tại; các dạng nhận được: {_ACCEPTED}",
            f"no such period; accepted: {_ACCEPTED}",
        ) from None
    if found:
        return found
    raise _error(text, *_refusal(folded))


def _refusal(folded: str) -> tuple[str, str]:
    """Why ``folded`` is no period, and how to write one."""
    if re.fullmatch(r"(?:thang\s*\d{1,2}|(?:quy|q\.?)\s*(?:iv|i{1,3}|[1-4]))", folded):
        return (
            f"thiếu năm, ví dụ tháng 9/2024 hoặc quý III/2023; các dạng nhận được: {_ACCEPTED}",
            f"the year is missing, e.g. tháng 9/2024 or quý III/2023; accepted: {_ACCEPTED}",
        )
    if re.search(r"\bnay\b|\bhien tai\b", folded):
        return (
            "«nay» không phải là một ngày cụ thể; hãy ghi ngày số liệu, ví dụ đến ngày 20/6/2024; "
            f"các dạng nhận được: {_ACCEPTED}",
            "«nay» (now) is no fixed day; write the day of the figures, e.g. đến ngày 20/6/2024; "
            f"accepted: {_ACCEPTED}",
        )
    return f"không đọc được kỳ; các dạng nhận được: {_ACCEPTED}", f"is not a period; accepted: {_ACCEPTED}"


# --- several windows in one report -------------------------------------------------------------

_WHOLE_KINDS = ("year", "half", "quarter")  # what a range is split into, largest first
MAX_WINDOWS = 4  # a value and a verdict column each in a report's comparison table (252 mm landscape)


def whole_periods(span: Period) -> list[Period]:
    """The whole years, halves and quarters that make up ``span``, in order, each as large as it
    can be ("1/1/2023–30/6/2024" → năm 2023, 6 tháng đầu năm 2024); an ``InputError`` when the
    range does not start on a quarter's first day and end on a quarter's last day."""
    out: list[Period] = []
    day = span.start
    while day <= span.end:
        found = None
        for kind in _WHOLE_KINDS:
            candidate = Period.containing(day, kind)
            if candidate.start == day and candidate.end <= span.end:
                found = candidate
                break
        if found is None:
            first = format_date(span.start)
            last = format_date(span.end)
            raise InputError(
                f"Khoảng {first}–{last} không chia được thành các năm, 6 tháng hoặc quý trọn vẹn (khoảng "
                "phải bắt đầu vào ngày đầu và kết thúc vào ngày cuối của một quý, ví dụ 1/1/2023-30/6/2024); "
                "để báo cáo một kỳ theo khoảng số liệu riêng, dùng --window",
                f"The range {first}–{last} does not split into whole years, halves or quarters (it must "
                "start on the first and end on the last day of a quarter, e.g. 1/1/2023-30/6/2024); for "
                "one period counted over its own dates, use --window",
            )
        out.append(found)
        day = found.end + dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class PeriodSet:
    """Several windows reported on together ("năm 2023 và 6 tháng đầu năm 2024"), in order and
    without overlap; ``span`` is the range they were asked as ("1/1/2023-30/6/2024"), if they
    were. A report of a ``PeriodSet`` states every figure with its window."""

    windows: tuple[Period, ...]
    span: Period | None = None
    kind: str = "multi"

    def __post_init__(self) -> None:
        if len(self.windows) < 2:
            raise ValueError("a PeriodSet has at least two windows")

    @property
    def start(self) -> dt.date:
        return self.windows[0].start

    @property
    def end(self) -> dt.date:
        return self.windows[-1].end

    @property
    def year(self) -> int:
        """The year of the last window: the one the report's date line and title follow."""
        return self.windows[-1].year

    @property
    def last(self) -> Period:
        return self.windows[-1]

    @property
    def code(self) -> str:
        """ "2023+2024S1"; asked as a range, the range's code ("2023-01-01..2024-06-30"), which
        ``parse_periods`` splits into the same windows again."""
        return self.span.code if self.span is not None else "+".join(w.code for w in self.windows)

    @property
    def label_vi(self) -> str:
        if self.span is not None:
            return self.span.label_vi
        return listed([w.label_vi for w in self.windows])

    @property
    def label_en(self) -> str:
        if self.span is not None:
            return self.span.label_en
        return listed([w.label_en for w in self.windows], "and")

    def contains(self, day: dt.date) -> bool:
        return any(w.contains(day) for w in self.windows)


def period_set(periods: list[Period], span: Period | None = None) -> Period | PeriodSet:
    """One period, or several as a ``PeriodSet`` (sorted; overlapping windows and more than
    ``MAX_WINDOWS`` refused). A range is split into its whole years, halves and quarters."""
    windows: list[Period] = []
    for p in periods:
        windows.extend(whole_periods(p) if p.kind == "range" else [p])
    windows = sorted({w.code: w for w in windows}.values(), key=lambda w: (w.start, w.end))
    for before, after in itertools.pairwise(windows):
        if after.start <= before.end:
            raise InputError(
                f"Các kỳ {before.label_vi} và {after.label_vi} trùng nhau: mỗi số liệu chỉ thuộc một kỳ "
                "của báo cáo",
                f"The periods {before.label_en} and {after.label_en} overlap: each figure belongs to one "
                "period of the report",
            )
    if len(windows) > MAX_WINDOWS:
        raise InputError(
            f"Một báo cáo gồm tối đa {MAX_WINDOWS} kỳ (mỗi kỳ một cột trong bảng so sánh); đã chọn {len(windows)}",
            f"A report covers at most {MAX_WINDOWS} periods (one column each in the comparison table); "
            f"{len(windows)} were chosen",
        )
    if len(windows) == 1:
        return windows[0]
    if span is None and len(periods) == 1 and periods[0].kind == "range":
        span = periods[0]
    return PeriodSet(tuple(windows), span)


def parse_periods(texts: list[str] | str) -> Period | PeriodSet:
    """The period(s) of a report: one text or several ("2023", "2024S1"), a range
    ("1/1/2023-30/6/2024") split into whole periods, or a set's code "2023+2024S1"."""
    if isinstance(texts, str):
        texts = [texts]
    parts = [piece for text in texts for piece in (text.split("+") if isinstance(text, str) else [text])]
    parts = [p for p in parts if not isinstance(p, str) or p.strip()]
    if not parts:
        raise InputError("Chưa chọn kỳ báo cáo", "No reporting period chosen")
    return period_set([parse_period(p) for p in parts])


def label_for(value: Period | PeriodSet | str, language: str) -> str:
    """A period, a set of periods or a period's code as a reader of ``language`` reads it
    («2025Q4» → «quý IV/2025»; «Q4 2025» in English); a text that is not a period, as it is. The
    one language-aware label the pages' filter and the admin lists use."""
    try:
        period = value if isinstance(value, Period | PeriodSet) else parse_period(str(value))
    except InputError:
        return str(value)
    return str(period.label_en if language == "en" else period.label_vi)
