"""The demo's calendar: the one place every demo generator takes its dates from.

The demo's latest period is today's, whatever the date: synthetic values, dossier records,
DTI assessments, registries and the workflow state are all laid out from ``demo_today()``
(today in Asia/Ho_Chi_Minh). ``CDS_DEMO_TODAY=YYYY-MM-DD`` (or the ``CDS_DEMO_TODAY`` setting)
pins the day, for tests and reproducible screenshots; the demo is deterministic for a given day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.lib.vn_dates import format_date
from cds.values.deadlines import current_round

FIRST_YEAR = 2022  # the demo's history starts with the quarters of 2022
# The sample reports' real figures run to 31/10/2024: a demo "today" before that would put them in its future.
EARLIEST_TODAY = dt.date(2025, 1, 1)


def demo_today() -> dt.date:
    """Today for the demo: the ``CDS_DEMO_TODAY`` setting when set, else the local date."""
    text = str(settings.CDS_DEMO_TODAY or "").strip()
    if not text:
        return timezone.localdate()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            "CDS_DEMO_TODAY phải là một ngày dạng YYYY-MM-DD, ví dụ 2026-12-05",
            "CDS_DEMO_TODAY must be a date as YYYY-MM-DD, e.g. 2026-12-05",
            Location(value=text),
        ) from None
    if day < EARLIEST_TODAY:
        raise InputError(
            f"CDS_DEMO_TODAY phải từ ngày {format_date(EARLIEST_TODAY)} trở đi (số liệu báo cáo mẫu đến 31/10/2024)",
            f"CDS_DEMO_TODAY must be {EARLIEST_TODAY.isoformat()} or later (the sample reports run to 2024-10-31)",
            Location(value=text),
        )
    return day


def current_quarter(today: dt.date | None = None) -> Period:
    """The round in progress on ``today`` (``values.deadlines.current_round``): the demo's latest
    reviewed quarter — the quarter today falls in, except in the days before the quarter that just
    ended is due (then that one), which is also the quarter the pages open on."""
    return current_round(today or demo_today())


def years(first: int = FIRST_YEAR, today: dt.date | None = None) -> list[int]:
    """Every year from ``first`` up to and including today's (the current year is under way)."""
    return list(range(first, (today or demo_today()).year + 1))


def finished_years(first: int = FIRST_YEAR, today: dt.date | None = None) -> list[int]:
    """Every year from ``first`` that has ended before today."""
    return list(range(first, (today or demo_today()).year))


def fraction_of_year(year: int, today: dt.date | None = None) -> float:
    """How much of ``year`` has passed by the end of today: 0 before it, 1 once it is over."""
    today = today or demo_today()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if today >= last:
        return 1.0
    if today < first:
        return 0.0
    return ((today - first).days + 1) / ((last - first).days + 1)
