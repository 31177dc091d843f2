"""Demo dossiers: a seeded synthetic export per year for Quảng Ngãi, imported, KPIs into values.

Fast path: the generated Arrow tables go straight through the importer's checks into Parquet
(``import_table``: no CSV written and re-read), and the KPI values of all years are written by
one ``record_values`` call per import batch.

The three sample units keep their real figures: publishing skips any (unit, period) whose dossier
figures came from an import or were typed by people. Re-running changes nothing (the same seed
gives the same files, and an import of an unchanged file writes nothing).
"""

from __future__ import annotations

from cds.units.models import Era, Level, Unit

from .importer import import_table
from .publish import finish_pending
from .synth import generate

PROVINCE_CODE = "51"  # Quảng Ngãi
ROWS_PER_YEAR = {2023: 20_000, 2024: 25_000, 2025: 30_000}
SEED = "cds-demo"


def load_demo() -> list[str]:
    province = Unit.objects.filter(code=PROVINCE_CODE, era=Era.LEGACY, level=Level.PROVINCE).first()
    if province is None:
        return ["dossiers: Quảng Ngãi chưa có trong danh mục đơn vị / not in the unit list; skipped"]
    lines = []
    for year, rows in ROWS_PER_YEAR.items():
        report = import_table(generate(province, year, rows, seed=SEED), file_name=f"ho-so-quang-ngai-{year}")
        # the import's KPI refresh (and any a killed run left pending), through the same journal as the CLI
        results = finish_pending(kinds=("quarter", "year"))
        written = sum(r.report.written.changed for r in results if r.report and r.report.written)
        kept = sum(len(r.report.skipped_protected) for r in results if r.report)
        if report.import_id:
            lines.append(
                f"dossiers {year}: {report.new} hồ sơ mới / new dossiers, {written} giá trị chỉ số / KPI values, "
                f"{kept} kỳ giữ số liệu thật / real periods kept"
            )
        else:
            lines.append(f"dossiers {year}: {report.unchanged} hồ sơ không đổi / unchanged")
        lines += [f"dossiers: {r.refresh} — {r.error}" for r in results if r.error]
    return lines
