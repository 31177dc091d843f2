"""Report kinds as a table: which builder makes each kind, and the one entry point.

``build_report(kind, unit, period, options)`` is what the CLI, the web view, the batch and the
tests call; it checks the request once (kind, windows, data years, a period without a figure),
builds through ``BUILDERS`` (one builder per kind, for one period or several windows) and
returns the finished ``OfficialDocument`` plus the data it quoted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, check_data_period
from cds.units.models import Unit
from cds.values.services import allowed_years

from . import data as report_data
from .availability import missing
from .check import verify
from .dti_report import build_dti
from .multi import check_windows, consolidated_report, unit_report
from .parts import KIND_LABELS, KINDS, PROVENANCE, BuiltReport, ReportOptions, shared_source

__all__ = ["BUILDERS", "KINDS", "KIND_LABELS", "PROVENANCE", "BuiltReport", "ReportOptions", "build_report",
           "shared_source"]  # fmt: skip

# (kind, unit, a Period or a PeriodSet, options, shared source)
Builder = Callable[[str, Unit, Any, ReportOptions, report_data.Source | None], BuiltReport]

# Each kind's builder, called with (kind, unit, period, options, shared source).
BUILDERS: dict[str, Builder] = {
    "periodic": unit_report,
    "training": unit_report,
    "consolidated": lambda kind, unit, period, options, source: consolidated_report(unit, period, options),
    "dti": lambda kind, unit, period, options, source: build_dti(unit, period, options),
}


def build_report(
    kind: str,
    unit: Unit,
    period: Period | PeriodSet,
    options: ReportOptions | None = None,
    source: report_data.Source | None = None,
) -> BuiltReport:
    """One report, of one period or of several windows (a ``PeriodSet``: "năm 2023 và 6 tháng đầu
    năm 2024", multi.py). ``source``: a roll-up source shared by a batch (``shared_source``),
    rooted at a unit above ``unit``; by default the report loads its own."""
    options = options or ReportOptions()
    if kind not in KINDS:
        raise InputError(
            f"Loại báo cáo không hợp lệ: {kind} (chọn một trong {', '.join(KINDS)})",
            f"Unknown report type: {kind} (one of {', '.join(KINDS)})",
        )
    if isinstance(period, PeriodSet):
        check_windows(unit, period, kind, options)
    # no figure exists outside the data years (a URL or a stored code "9999" must not reach the builders)
    for window in period.windows if isinstance(period, PeriodSet) else [period]:
        check_data_period(window, allowed_years())
    # a period without a figure is refused here, where every build passes (web, CLI, batch)
    empty = missing(unit, period, kind, options.include_unapproved, options.window)
    if empty is not None:
        raise empty
    built = BUILDERS[kind](kind, unit, period, options, source)  # one period or several windows
    if options.check:
        verify(built)
    return built
