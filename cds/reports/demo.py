"""Demo: Sơn Nham declares the data window of its annual report 2024 (report 002: "từ ngày
15/12/2023 đến ngày 31/10/2024"), so the demo's periodic report draws every figure from it."""

from __future__ import annotations

import datetime as dt

from cds.lib.periods import Period, parse_period
from cds.units.services import resolve_unit

from .windows import declare_window


def load_demo() -> list[str]:
    period = parse_period("2024")
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    result = declare_window(unit, period, Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31)))
    return [f"reports: {unit.name} {period.label_vi}: số liệu {result.window.label_vi}", *result.notes]
