"""Benchmark: what a user saving one value sees while a 100k-row values import runs (file SQLite).

Setup (a fresh SQLite database under var/bench/): 100 communes plus one more for the user, and a
CSV of ``--rows`` values (units × typed indicators × months of 2023–2024). The import runs as
``cds data import`` in another process; meanwhile this process saves one value every 0,2 s, each
in its own transaction, as the web form does, and records how long each save took and whether it
failed with "database is locked".

The write lock is read from the saves: every save that waited longer than 0,5 s met it, and the
span from the first such save's start to the last one's end is how long users were held up
(saves are 0,2 s apart, so the span is exact to about 0,2 s). The importer's CPU time is printed
too (the machine is shared; wall times vary with its load).

Run: ``.venv/bin/python bench/import_lock.py [--rows 100000]``
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "bench" / "import_lock.sqlite3"
sys.path.insert(0, str(ROOT))
os.environ["CDS_DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    DB.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import OperationalError, connection

    from cds.catalog.services import get_catalog
    from cds.lib.periods import Period, parse_period
    from cds.units.testing import make_unit
    from cds.values.services import Actor, ValueInput, record_values

    call_command("migrate", verbosity=0)
    province = make_unit("Tỉnh Đo Đạc", "province", "B99")
    district = make_unit("Huyện Đo", "district", "B999", province)
    months = [Period.of("month", year, m) for year in (2023, 2024) for m in range(1, 13)]
    codes = [d.code for d in get_catalog(months[0].start).definitions() if d.kind in {"count", "amount"}]
    units_needed = -(-args.rows // (len(months) * len(codes)))
    units = [make_unit(f"Xã Đo {i}", "commune", f"B{i:05d}", district) for i in range(units_needed)]
    user_unit = make_unit("Xã Người Dùng", "commune", "B99999", district)
    path = DB.parent / "import_lock.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "period", "indicator", "value"])
        written = 0
        for unit in units:
            for month in months:
                for code in codes:
                    if written < args.rows:
                        writer.writerow([unit.code, month.code, code, (written % 900) + 1])
                        written += 1
    connection.close()
    print(f"{written} rows, {len(units)} units × {len(months)} months × {len(codes)} indicators")

    started = time.perf_counter()
    importer = subprocess.Popen(
        [sys.executable, "-m", "cds.cli", "data", "import", str(path)],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    saves: list[tuple[float, float]] = []  # (start, seconds) of each save
    failures: list[str] = []
    q1 = parse_period("2025Q1")
    n = 0
    while importer.poll() is None:
        n += 1
        begin = time.perf_counter()
        try:
            record_values([ValueInput(user_unit, codes[0], q1, str(n))], Actor("user"))
        except OperationalError as error:
            failures.append(str(error))
        saves.append((begin - started, time.perf_counter() - begin))
        time.sleep(0.2)
    import_seconds = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    err = importer.stderr.read() if importer.stderr else ""
    print(
        f"import: exit {importer.returncode}, {import_seconds:.1f} s "
        f"(CPU {child.ru_utime + child.ru_stime:.1f} s) {err.strip()[:300]}"
    )
    held = [(start, seconds) for start, seconds in saves if seconds > 0.5]
    span = (held[-1][0] + held[-1][1] - held[0][0]) if held else 0.0
    times = sorted(seconds for _start, seconds in saves)
    print(
        f"user saves during the import: {len(saves)}, failed {len(failures)} ({set(failures) or ''}), "
        f"median {times[len(times) // 2]:.3f} s, max {times[-1]:.2f} s; "
        f"{len(held)} saves waited > 0,5 s, within {span:.1f} s (≈ the write lock)"
    )


if __name__ == "__main__":
    main()
