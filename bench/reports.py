"""Benchmark: periodic report time (no PDF) and a batch of every commune of the demo province.

Run on a database with the demo loaded:
    CDS_DATABASE_URL=sqlite:////tmp/reports.sqlite3 .venv/bin/python bench/reports.py
Extrapolates the batch to the country's 3,321 communes on 2 cores (two processes).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")

import django

django.setup()

from cds.demo.loader import DEMO_PROVINCE  # noqa: E402
from cds.lib.periods import parse_period  # noqa: E402
from cds.reports.builders import ReportOptions, build_report  # noqa: E402
from cds.units.services import descendants, resolve_unit  # noqa: E402

COUNTRY_COMMUNES = 3321


def main() -> None:
    period = parse_period(os.environ.get("BENCH_PERIOD", "2024"))
    province = resolve_unit(f"tỉnh {DEMO_PROVINCE}", as_of=period.end)
    communes = list(descendants(province, level="commune"))
    options = ReportOptions(charts=os.environ.get("BENCH_CHARTS", "1") == "1")
    build_report("periodic", communes[0], period, options).document.to_bytes()  # warm caches
    sample = communes[:30]
    times = []
    for unit in sample:
        t = time.perf_counter()
        build_report("periodic", unit, period, options).document.to_bytes()
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    for unit in communes:
        build_report("periodic", unit, period, options).document.to_bytes()
    batch = time.perf_counter() - t
    per = batch / len(communes)
    country = per * COUNTRY_COMMUNES / 2 / 60
    print(
        f"periodic report ({period.code}, charts={options.charts}): median {statistics.median(times) * 1000:.0f} ms, "
        f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.0f} ms over {len(sample)} communes"
    )
    print(f"batch: {len(communes)} communes of {DEMO_PROVINCE} in {batch:.1f} s ({per * 1000:.0f} ms each)")
    print(f"extrapolated: {COUNTRY_COMMUNES} communes on 2 cores ≈ {country:.1f} min (goal ≤ 10 min)")


if __name__ == "__main__":
    main()
