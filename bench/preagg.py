"""Benchmark: dossier KPIs from the pre-aggregated counts against the scan of the dossiers, and the
import and re-import that write them (issue #17 goals), ratios from one run.

Run:  .venv/bin/python bench/preagg.py [--rows 1000000,10000000] [--repeat 5] [--import-repeat 2]
                                       [--scratch /tmp/cds-bench-dvc] [--kpi-only]

Uses ``bench/dvc.py``'s scratch directory, synthetic CSVs (Quảng Ngãi 2024, generated if missing)
and its child steps, each in its own process:

1. ``import``: CSV into an empty store (median of ``--import-repeat``; counts and fingerprints
   included), peak RSS, then the same file again (recognised: not read); beside it the floor,
   DuckDB converting the same CSV to Parquet as text (``csv_floor``);
2. ``reimport_copy``: the store copied with ``cp -r`` and the file with ``cp`` (every timestamp
   new), the copied file imported into the copied store: recognised by content (the file's
   SHA-256, each partition's footer stamp), not read;
3. ``reimport_read``: the same file once more after a unit registry change, so it cannot be
   recognised by its bytes and is read, checked and compared by partition fingerprints;
4. ``kpi``: for the province, a district and a commune × a month, a quarter, a year and a Nghị
   định 09 window (and the /dvc/unit/ page's ``overview``), each question asked of the counts and
   of the scan alternately ``--repeat`` times (medians of wall and of CPU time; the answers are
   asserted equal).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dvc  # bench/dvc.py: scratch set-up, generate/import/floor steps
from timing import median, ms, run_child, timed  # bench/timing.py

ENGINES = ("counts", "scan")  # not services.ENGINES: its Spark takes minutes a 10M question (bench/spark.py)
CPU = tuple(f"{e}_cpu" for e in ENGINES)  # CPU seconds of the same runs (the machine is shared)
QUESTIONS = [
    ("2024-05", None),
    ("2024Q2", None),
    ("2024", None),
    ("2024Q2", "window"),
    ("2024Q2", "procedure"),
]


def step_reimport_copy(args: argparse.Namespace) -> dict:
    from cds.dossiers.importer import import_file
    from cds.dossiers.store import DossierStore

    copy, copied = (
        args.store.with_name(args.store.name + "-copy"),
        args.path.with_name("copy-" + args.path.name),
    )
    shutil.rmtree(copy, ignore_errors=True)
    subprocess.run(["cp", "-r", str(args.store), str(copy)], check=True)  # new timestamps everywhere
    subprocess.run(["cp", str(args.path), str(copied)], check=True)
    try:
        start = time.perf_counter()
        report = import_file(copied, store=DossierStore(copy), within=dvc._province())
        seconds = time.perf_counter() - start
        assert report.recognised_as is not None, report.summary_en()
    finally:
        shutil.rmtree(copy, ignore_errors=True)
        copied.unlink(missing_ok=True)
    return {"seconds": seconds}


def _timed_cpu(fn) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def step_reimport_read(args: argparse.Namespace) -> dict:
    from cds.dossiers.importer import import_file
    from cds.dossiers.store import DossierStore
    from cds.units.models import bump_reference_version

    bump_reference_version("units")  # the file's bytes are the same, the recognition key is not
    (seconds,), report = timed(
        lambda: import_file(args.path, store=DossierStore(args.store), within=dvc._province()), 1
    )
    assert report.recognised_as is None and report.changed == 0, report.summary_en()
    return {"seconds": seconds}


def step_kpi(args: argparse.Namespace) -> dict:
    from cds.dossiers import services
    from cds.dossiers.store import DossierStore
    from cds.lib.periods import parse_period
    from cds.units.models import Unit

    store = DossierStore(args.store)
    province = dvc._province()
    district = Unit.objects.filter(path__startswith=province.path, level="district").order_by("code").first()
    commune = Unit.objects.filter(path__startswith=district.path, level="commune").order_by("code").first()
    dvc.warm_up()
    out = []
    levels = {"province": province, "district": district, "commune": commune}
    for unit in (levels[level] for level in args.levels.split(",")):
        for period_text, how in QUESTIONS:
            period = parse_period(period_text)
            if how == "window":
                period = period.reporting_window()
            by = how if how == "procedure" else None
            times: dict[str, list[float]] = {e: [] for e in (*ENGINES, *CPU)}
            answers = {}
            for run in range(args.repeat):  # the engines alternate: a load change hits them alike
                for engine in ENGINES if run < args.scan_repeat else ENGINES[:1]:
                    took, cpu, answers[engine] = _timed_cpu(
                        partial(services.compute_kpis, unit, period, by=by, store=store, engine=engine)
                    )
                    times[engine].append(took)
                    times[f"{engine}_cpu"].append(cpu)
            assert answers["counts"] == answers["scan"], (unit.name, period.code)
            out.append(
                {"unit": unit.name, "level": unit.level, "period": period.code, "by": by, **times}
                | {"load": os.getloadavg()[0]}
            )
        times = {e: [] for e in (*ENGINES, *CPU)}
        period = parse_period("2024Q2")
        for run in range(args.repeat):
            for engine in ENGINES if run < args.scan_repeat else ENGINES[:1]:
                took, cpu, _ = _timed_cpu(
                    partial(services.overview, unit, period, store=store, engine=engine)
                )
                times[engine].append(took)
                times[f"{engine}_cpu"].append(cpu)
        out.append(
            {"unit": unit.name, "level": unit.level, "period": "overview 2024Q2", "by": None, **times}
            | {"load": os.getloadavg()[0]}
        )
    sizes = {
        name: sum(p.stat().st_size for p in store.root.glob(f"province=*/year=*/{name}"))
        for name in ("data.parquet", "counts.parquet", "counts-month.parquet", "counts-half.parquet")
    }
    import duckdb

    rows = {
        name: duckdb.sql(f"SELECT count(*) FROM '{store.root}/province=*/year=*/{name}'").fetchone()[0]
        for name in sizes
    }
    return {"questions": out, "bytes": sizes, "rows": rows}


STEPS = {"reimport_copy": step_reimport_copy, "reimport_read": step_reimport_read, "kpi": step_kpi}


def child(argv: list[str]) -> None:
    parser = dvc.child_parser(STEPS)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--levels", default="province,district,commune")
    parser.add_argument("--scan-repeat", type=int, default=1000)
    dvc.run_step(parser, STEPS, argv)


def run_own(scratch: Path, step: str, **options) -> dict:
    return run_child(__file__, scratch, step, **options)


def main() -> None:
    if "--child" in sys.argv:
        child([a for a in sys.argv[1:] if a != "--child"])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,10000000")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each KPI question per engine")
    parser.add_argument("--import-repeat", type=int, default=2, help="first imports per size")
    parser.add_argument("--kpi-only", action="store_true", help="reuse the stores (no import)")
    parser.add_argument(
        "--levels", default="province,district,commune", help="the units asked (comma-separated)"
    )
    parser.add_argument("--no-reread", action="store_true", help="skip the re-import that reads the file")
    parser.add_argument(
        "--scan-repeat",
        type=int,
        default=1000,
        help="ask the scan only the first N of --repeat runs (30M under load)",
    )
    parser.add_argument("--no-kpi", action="store_true", help="imports only")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "cds-bench-dvc")
    args = parser.parse_args()
    scratch = args.scratch
    dvc.prepare_scratch(scratch)
    results = {}
    for rows in (int(r) for r in args.rows.split(",") if r):
        csv_path, store = scratch / f"dossiers-{rows}.csv", scratch / f"store-{rows}"
        if not csv_path.exists():
            dvc.run_child(scratch, "generate", rows=rows, path=csv_path)
        res: dict = {"load_before": dvc.load_average()}
        if not args.kpi_only:
            res["import"] = dvc.run_child(
                scratch, "import", rows=rows, path=csv_path, store=store, repeat=args.import_repeat
            )
            res["reimport_copy"] = run_own(scratch, "reimport_copy", path=csv_path, store=store)
            res["floor"] = dvc.run_child(
                scratch, "csv_floor", path=csv_path, repeat=args.import_repeat, out=scratch / "floor.parquet"
            )
            if not args.no_reread:
                res["reimport_read"] = run_own(scratch, "reimport_read", path=csv_path, store=store)
        if not args.no_kpi:
            res["kpi"] = run_own(
                scratch,
                "kpi",
                store=store,
                repeat=args.repeat,
                levels=args.levels,
                scan_repeat=args.scan_repeat,
            )
        res["load_after"] = dvc.load_average()
        results[rows] = res
        print(f"\n## {rows:,} rows (load {res['load_before']} → {res['load_after']})", flush=True)
        if "import" in res:
            first = median(res["import"]["seconds"])
            floor = median(res["floor"]["duckdb"])
            print(
                f"import {res['import']['seconds']} s (median {first:.1f}), peak RSS "
                f"{res['import']['peak_mb']:.0f} MB; floor DuckDB CSV→Parquet {res['floor']['duckdb']} "
                f"(median {floor:.1f}): ratio {first / floor:.2f}×; re-import recognised "
                f"{res['import']['again_seconds']:.2f} s = {res['import']['again_seconds'] / first:.3f}× first; "
                f"after cp -r of the store and cp of the file, recognised {res['reimport_copy']['seconds']:.2f} s "
                f"= {res['reimport_copy']['seconds'] / first:.3f}× first"
                + (
                    f"; re-import read and compared by fingerprints {res['reimport_read']['seconds']:.1f} s "
                    f"= {res['reimport_read']['seconds'] / first:.2f}× first"
                    if "reimport_read" in res  # not with --no-reread
                    else ""
                ),
                flush=True,
            )
        (scratch / "preagg-results.json").write_text(json.dumps(results, indent=1))
        if "kpi" not in res:
            continue
        kpi = res["kpi"]
        print(f"sizes bytes {kpi['bytes']} rows {kpi['rows']}; KPI peak RSS {kpi['peak_mb']:.0f} MB")
        print(
            "| unit | period | by | scan / counts (CPU) | scan / counts (wall) | counts CPU ms | counts wall ms "
            "| scan CPU ms | scan wall ms | load (1 min) |"
        )
        print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for q in kpi["questions"]:
            ratio = median(q["scan"]) / median(q["counts"])
            cpu_ratio = median(q["scan_cpu"]) / max(median(q["counts_cpu"]), 1e-9)
            print(
                f"| {q['level']} {q['unit']} | {q['period']} | {q['by'] or ''} | {cpu_ratio:.0f}× | {ratio:.0f}× "
                f"| {ms(q['counts_cpu'])} | {ms(q['counts'])} | {ms(q['scan_cpu'])} | {ms(q['scan'])} "
                f"| {q['load']:.1f} |",
                flush=True,
            )
    (scratch / "preagg-results.json").write_text(json.dumps(results, indent=1))
    print(f"\nMachine: {os.cpu_count()} cores; results in {scratch / 'preagg-results.json'}")


if __name__ == "__main__":
    main()
