"""Helpers every page uses: finding a unit in the user's scope, reading a period, sending tables."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from cds.lib.errors import InputError
from cds.lib.periods import Period, check_data_period, parse_period
from cds.lib.tabular import write_table
from cds.units.models import Unit
from cds.values.deadlines import current_round
from cds.values.services import allowed_years

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def lang(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "vi").startswith("en") else "vi"


def default_period(unit: Unit | None = None, today: dt.date | None = None) -> Period:
    """The round in progress (``deadlines.current_round``: the quarter that just ended until it is
    due, then the running one) — within the unit's lifetime (a pre-2025 commune ends in 2025Q2)."""
    today = today or timezone.localdate()
    period = current_round(today)
    if unit is not None and unit.valid_to is not None:
        while period.end >= unit.valid_to:
            period = period.previous()
    return period


def read_period(text: str | None, fallback: Period) -> tuple[Period, str | None, str | None]:
    """(period, Vietnamese error, English error) — a bad period, or one outside the data years, falls
    back and says why."""
    if not text:
        return fallback, None, None
    try:
        return check_data_period(parse_period(text), allowed_years()), None, None
    except InputError as err:
        return fallback, err.message("vi"), err.message("en")


def data_periods(codes: Iterable[str]) -> list[Period]:
    """Stored period codes as periods, newest first, leaving out any outside the data years (a
    figure typed for "9999" before the years were checked must not break the page that lists it)."""
    years, found = allowed_years(), set()
    for code in codes:
        try:
            found.add(check_data_period(parse_period(code), years))
        except InputError:
            logger.warning("stored period %r is outside the data years; not listed", code)
    return sorted(found, key=lambda p: (p.end, p.start), reverse=True)


def unit_exists_in(unit: Unit, period: Period) -> bool:
    starts_ok = unit.valid_from is None or unit.valid_from <= period.end
    ends_ok = unit.valid_to is None or unit.valid_to > period.start
    return starts_ok and ends_ok


def recent_periods(unit: Unit | None = None, count: int = 8) -> list[Period]:
    """The last ``count`` ended quarters and the last two years, newest first (the period menu)."""
    last = default_period(unit)
    running = Period.containing(timezone.localdate(), "quarter")
    quarters = (
        [running, last] if running != last and (unit is None or unit_exists_in(unit, running)) else [last]
    )
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    years = [Period.of("year", last.year - 1), Period.of("year", last.year - 2)]
    if last.index == 4:
        years.insert(0, Period.of("year", last.year))
    return quarters + years


def columns_for(request: HttpRequest, pairs: Sequence[tuple[str, str]]) -> list[str]:
    """An export's header row from (Vietnamese, English) pairs, in the reader's language."""
    index = 1 if lang(request) == "en" else 0
    return [pair[index] for pair in pairs]


def export_cell(value: Any) -> Any:
    """A figure as the pages round it (two decimals at most: a recomputed rate is never
    «66.66666666666666666666666667»), a yes/no in words; anything else as it is."""
    if isinstance(value, bool):
        return gettext("có") if value else gettext("không")
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal) and value.is_finite():
        if value == value.to_integral_value():
            return int(value)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return value


def table_response(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], file_stem: str, fmt: str
) -> HttpResponse:
    """CSV or XLSX download written by ``write_table`` (formula injection neutralised), figures
    rounded as the pages show them (``export_cell``)."""
    fmt = fmt if fmt in CONTENT_TYPES else "csv"
    rows = [[export_cell(cell) for cell in row] for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{file_stem}.{fmt}"
        write_table(path, columns, rows, sheet_title=file_stem[:31])
        data = path.read_bytes()
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{fmt}"'
    return response


def default_period_for(user: Any) -> Period:
    """The last ended quarter — or, for someone whose units all ended (pre-2025 only), their last one."""
    units = [r.unit for r in user.roles.select_related("unit") if r.unit is not None]
    if units and all(u.valid_to is not None for u in units):
        return default_period(max(units, key=lambda u: u.valid_to))
    return default_period()
