"""Benchmark: periodic reports of every commune of the demo province, before and after sharing.

Run on a database with the demo loaded:
    CDS_DATABASE_URL=sqlite:////tmp/rep3.sqlite3 .venv/bin/cds demo --no-serve
    CDS_DATABASE_URL=sqlite:////tmp/rep3.sqlite3 .venv/bin/python bench/reports.py

Measures in the same run, no PDF, DOCX bytes produced:
- before: every report loads its own roll-ups (``build_report`` alone), one process, one after another;
- after: one roll-up source rooted at the province shared by every report, and the batch as
  ``cds report batch`` runs it (``build_batch``, 2 worker processes, zip written).
Per-report medians over BENCH_SAMPLE communes; batch times are the median of BENCH_RUNS runs.
Extrapolated to the country's 3,321 communes on 2 cores (before: two such processes in parallel).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")

import django

django.setup()

from cds.demo.loader import DEMO_PROVINCE  # noqa: E402
from cds.lib.periods import Period, parse_period  # noqa: E402
from cds.reports.batch import batch_units, build_batch  # noqa: E402
from cds.reports.data import Source  # noqa: E402
from cds.reports.kinds import ReportOptions, build_report, shared_source  # noqa: E402
from cds.units.models import Unit  # noqa: E402
from cds.units.services import resolve_unit  # noqa: E402

COUNTRY_COMMUNES = 3321


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu or platform.processor()}), Python {platform.python_version()}"


def _load() -> str:
    return "/".join(f"{x:.2f}".replace(".", ",") for x in os.getloadavg())


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _old_batch(communes: list[Unit], period: Period, options: ReportOptions, tmp: Path) -> float:
    """The batch as it was: each report loads its own roll-ups, one after another, into a zip."""
    t = time.perf_counter()
    with zipfile.ZipFile(tmp / "b.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for unit in communes:
            path = tmp / f"{unit.code}.docx"
            build_report("periodic", unit, period, options).document.save(path)
            zf.write(path, path.name)
    return time.perf_counter() - t


def main() -> None:
    period = parse_period(os.environ.get("BENCH_PERIOD", "2024"))
    sample_size = int(os.environ.get("BENCH_SAMPLE", "30"))
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    province = resolve_unit(f"tỉnh {DEMO_PROVINCE}", as_of=period.end)
    communes = batch_units(province, period)
    options = ReportOptions(charts=os.environ.get("BENCH_CHARTS", "1") == "1")
    print(f"machine: {_machine()}; load average at start {_load()}")
    build_report("periodic", communes[0], period, options).document.to_bytes()  # warm caches

    def one(unit: Unit, source: Source | None = None) -> float:
        t = time.perf_counter()
        build_report("periodic", unit, period, options, source=source).document.to_bytes()
        return time.perf_counter() - t

    sample = communes[:sample_size]
    before_each = [one(u) for u in sample]
    t = time.perf_counter()
    source = shared_source("periodic", province, options)
    after_each = [one(u, source) for u in sample]
    after_first = time.perf_counter() - t  # includes the province-wide loads, paid once per batch

    before_batch, after1_batch, after_batch = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            before_batch.append(_old_batch(communes, period, options, Path(tmp)))
        for workers, times in ((1, after1_batch), (2, after_batch)):
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                result = build_batch(
                    "periodic", province, period, options, Path(tmp) / "b.zip", workers=workers
                )
                times.append(time.perf_counter() - t)
                assert result.reports == len(communes), result.failed
    n = len(communes)
    before_b, after1_b, after_b = (statistics.median(x) for x in (before_batch, after1_batch, after_batch))
    print(f"period {period.code}, charts={options.charts}, {n} communes of {DEMO_PROVINCE}")
    print(
        f"per report, median (p90) over {len(sample)}: before {_ms(statistics.median(before_each))} "
        f"({_ms(sorted(before_each)[int(len(sample) * 0.9)])}); after {_ms(statistics.median(after_each))} "
        f"({_ms(sorted(after_each)[int(len(sample) * 0.9)])}); after's first {len(sample)} incl. the "
        f"shared loads: {after_first:.1f} s"
    )
    print(f"batch into a zip, median of {runs}:")
    for label, secs, workers in (
        ("before (own loads, 1 process)", before_b, 1),
        ("after, shared source, 1 process", after1_b, 1),
        ("after, shared source, 2 workers", after_b, 2),
    ):
        country = secs / n * COUNTRY_COMMUNES / 60
        print(
            f"  {label}: {secs:.1f} s ({_ms(secs / n)} each) → 3,321 communes ≈ {country:.1f} min"
            + (f" as run; ≈ {country / 2:.1f} min if split over 2 cores" if workers == 1 else " on 2 cores")
        )
    print(f"load average at end {_load()}")


if __name__ == "__main__":
    main()
