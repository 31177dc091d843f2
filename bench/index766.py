"""Benchmark: the 766 index of every current commune of a synthetic country for one month, from the
pre-aggregated counts (issue 18: goal ≤ 1 s on 2 cores).

Run:  .venv/bin/python bench/index766.py [--rows-per-province 20000] [--month 2025-09] [--runs 5]
                                          [--baseline-sample 150] [--before REV]

Setup (a scratch SQLite database and dossier store under var/bench/, kept between runs): migrate,
load the national unit lists, generate each legacy province's 2025 dossiers with ``synth.generate``
(dossiers received from 1/7/2025 go to today's communes) and import them with ``import_table``.

Measured in the same run, medians of ``--runs``:
- ours: ``index766.index_many(all current communes, month)``: one stage-1 pass over the counts per
  era and one roll-up, then the index evaluated per commune;
- per-province: ``rank_index(province, month)`` for each of the 34 provinces (the ranking page's
  path: the month and the previous month, one counts question per province);
- baseline ("one question per commune", the obvious way): ``compute_index(commune, month)`` for a
  sample of ``--baseline-sample`` communes, timed and scaled to all communes (stated as such).
The answers of ours and the baseline are asserted equal on the sample.
- ``--before REV``: ``index_many`` and ``rank_index`` (``--rank-runs`` times) of
  ``cds/dossiers/index766.py`` as it was at git revision REV (read with ``git show``, nothing checked
  out), timed in the same run, alternating with ours run by run so both see the same load.
The 1-minute load average is printed before and after each measurement: on a shared machine a
wall time means little without it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
os.environ.setdefault("CDS_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'index766.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from cds.dossiers import index766  # noqa: E402
from cds.dossiers.importer import import_table  # noqa: E402
from cds.dossiers.store import DossierStore  # noqa: E402
from cds.dossiers.synth import generate  # noqa: E402
from cds.lib.periods import parse_period  # noqa: E402
from cds.units.models import Era, Level, Unit  # noqa: E402
from cds.units.testing import ensure_units_loaded  # noqa: E402

STORE = ROOT / "var" / "bench" / "index766-store"


def prepare(rows: int) -> DossierStore:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    ensure_units_loaded()
    store = DossierStore(STORE)
    if store.files():
        return store
    started, total = time.perf_counter(), 0
    for province in Unit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE).order_by("code"):
        report = import_table(generate(province, 2025, rows, seed="bench-766"), file_name=f"bench-{province.code}",
                              store=store)  # fmt: skip
        if report.refused or report.rows_rejected:  # a refused export is not a smaller country: stop
            raise SystemExit(f"setup: {province.code} not imported whole: {report.summary_en()}")
        total += report.new
    print(f"setup: {total:,} dossiers of 63 provinces imported in {time.perf_counter() - started:.0f} s")
    return store


def timed(fn, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def load_avg() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def module_at(rev: str) -> types.ModuleType:
    """``cds.dossiers.index766`` as it was at ``rev`` (same package, so its relative imports work)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:cds/dossiers/index766.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    name = "cds.dossiers._index766_before"
    module = types.ModuleType(name)
    module.__package__ = "cds.dossiers"
    module.__file__ = str(ROOT / "cds" / "dossiers" / "index766.py")  # its data files are today's
    sys.modules[name] = module
    exec(compile(source, f"{rev}:cds/dossiers/index766.py", "exec"), module.__dict__)
    return module


def alternating(fns: list, runs: int) -> list[tuple[float, float, object]]:
    """Each function ``runs`` times, one run of each in turn; median wall and CPU of each, last result."""
    walls: list[list[float]] = [[] for _ in fns]
    cpus: list[list[float]] = [[] for _ in fns]
    results: list[object] = [None for _ in fns]
    for _ in range(runs):
        for n, fn in enumerate(fns):
            w, c = time.perf_counter(), time.process_time()
            results[n] = fn()
            walls[n].append(time.perf_counter() - w)
            cpus[n].append(time.process_time() - c)
    return [
        (statistics.median(w), statistics.median(c), r) for w, c, r in zip(walls, cpus, results, strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows-per-province", type=int, default=20_000)
    parser.add_argument("--month", default="2025-09")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-sample", type=int, default=150)
    parser.add_argument("--rank-runs", type=int, default=3)
    parser.add_argument("--before", default="", help="also time index_many as it was at this git revision")
    args = parser.parse_args()
    store = prepare(args.rows_per_province)
    month = parse_period(args.month)
    communes = list(Unit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE))
    provinces = list(Unit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE))
    print(
        f"load: {os.getloadavg()[0]:.1f}; {len(communes):,} communes, {len(provinces)} provinces, {month.code}"
    )

    print(f"before index_many: {load_avg()}")
    fns = [lambda: index766.index_many(communes, month, store=store)]
    if args.before:
        before = module_at(args.before)
        fns.append(lambda: before.index_many(communes, month, store=store))
    (ours_wall, ours_cpu, ours), *others = alternating(fns, args.runs)
    scored = sum(1 for r in ours.values() if r.group("2").points is not None)
    print(f"ours  index_many, all communes: {ours_wall * 1000:,.0f} ms wall / {ours_cpu * 1000:,.0f} ms CPU "
          f"(median of {args.runs}); {scored:,} communes with the computable part; after: {load_avg()}")  # fmt: skip
    for wall, cpu, _ in others:
        print(f"index_many at {args.before}, same run, alternating: {wall * 1000:,.0f} ms wall / "
              f"{cpu * 1000:,.0f} ms CPU (median of {args.runs})")  # fmt: skip

    print(f"before rank_index: {load_avg()}")
    ranks = [lambda: [index766.rank_index(p, month, store=store) for p in provinces]]
    if args.before:
        ranks.append(lambda: [before.rank_index(p, month, store=store) for p in provinces])
    (prov_wall, prov_cpu, _), *others = alternating(ranks, args.rank_runs)
    print(f"rank_index × {len(provinces)} provinces (month + previous): {prov_wall * 1000:,.0f} ms wall / "
          f"{prov_cpu * 1000:,.0f} ms CPU (median of {args.rank_runs}); after: {load_avg()}")  # fmt: skip
    for wall, cpu, _ in others:
        print(f"rank_index × {len(provinces)} at {args.before}, same run, alternating: {wall * 1000:,.0f} ms "
              f"wall / {cpu * 1000:,.0f} ms CPU (median of {args.rank_runs})")  # fmt: skip

    sample = random.Random(766).sample(communes, min(args.baseline_sample, len(communes)))
    base_wall, base_cpu, base = timed(
        lambda: [index766.compute_index(c, month, store=store) for c in sample], 1
    )
    for commune, result in zip(sample, base, strict=True):
        assert ours[commune.pk] == result, commune.name
    scale = len(communes) / len(sample)
    print(f"baseline compute_index per commune: {len(sample)} communes {base_wall:,.1f} s wall / "
          f"{base_cpu:,.1f} s CPU → all {len(communes):,}: ≈ {base_wall * scale:,.0f} s wall "
          f"(scaled); ratio ≈ {base_wall * scale / ours_wall:,.0f}×; answers equal on the sample; {load_avg()}")  # fmt: skip


if __name__ == "__main__":
    main()
