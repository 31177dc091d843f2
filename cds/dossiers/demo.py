"""Demo dossiers: a seeded synthetic export per year for Quảng Ngãi, imported, KPIs into values.

The years follow the demo's calendar (``cds.demo.calendar``): every year from 2023 up to today's,
the current one as an export taken today (dossiers received so far, the unfinished ones still
being handled), so the current quarter has its figures to date.

Fast path: the generated Arrow tables go straight through the importer's checks into Parquet
(``import_table``: no CSV written and re-read), and the KPI values of all years are written by
one ``record_values`` call per import batch.

The three sample units keep their real figures: publishing skips any (unit, period) whose dossier
figures came from an import or were typed by people. Re-running on the same day changes nothing
(the same seed and day give the same tables, and an import of an unchanged file writes nothing);
on a later day the current year's export replaces the earlier one (same codes, more dossiers).
"""

from __future__ import annotations

import datetime as dt

from cds.demo import calendar
from cds.lib.vn_numbers import format_number
from cds.units.models import Era, Level, Unit

from .importer import import_table
from .publish import finish_pending
from .synth import generate

PROVINCE_CODE = "51"  # Quảng Ngãi
FIRST_YEAR = 2023
# Rows of a whole year: more each year to 2026, then level (a bounded demo build, whatever the date).
ROWS_FIRST_YEAR, ROWS_MORE_PER_YEAR, ROWS_MAX = 16_000, 4_000, 28_000
SEED = "cds-demo"


def rows_per_year(today: dt.date) -> dict[int, tuple[int, dt.date | None]]:
    """{year: (rows, export day or None for a finished year)} from 2023 up to ``today``'s year."""
    out = {}
    for year in calendar.years(FIRST_YEAR, today):
        full = min(ROWS_MAX, ROWS_FIRST_YEAR + ROWS_MORE_PER_YEAR * (year - FIRST_YEAR))
        share = calendar.fraction_of_year(year, today)
        out[year] = (max(1, round(full * share)), None if share == 1 else today)
    return out


def load_demo() -> list[str]:
    province = Unit.objects.filter(code=PROVINCE_CODE, era=Era.LEGACY, level=Level.PROVINCE).first()
    if province is None:
        return ["dossiers: Quảng Ngãi chưa có trong danh mục đơn vị / not in the unit list; skipped"]
    lines = []
    for year, (rows, until) in rows_per_year(calendar.demo_today()).items():
        table = generate(province, year, rows, seed=SEED, until=until)
        report = import_table(table, file_name=f"ho-so-quang-ngai-{year}")
        # the import's KPI refresh (and any a killed run left pending), through the same journal as the CLI
        results = finish_pending(kinds=("quarter", "year"))
        written = sum(r.report.written.changed for r in results if r.report and r.report.written)
        kept = sum(len(r.report.skipped_protected) for r in results if r.report)
        if report.import_id:
            lines.append(
                f"dossiers {year}: {format_number(report.new)} hồ sơ mới / new dossiers, "
                f"{format_number(written)} giá trị chỉ số / KPI values, "
                f"{kept} kỳ giữ số liệu thật / real periods kept"
            )
        else:
            lines.append(f"dossiers {year}: {format_number(report.unchanged)} hồ sơ không đổi / unchanged")
        lines += [f"dossiers: {r.refresh} — {r.error}" for r in results if r.error]
    return lines
