"""Benchmark: where a first CSV import's time goes, step by step, against the no-check floor (#17).

Run:  .venv/bin/python bench/import_steps.py [--rows 1000000] [--rounds 3] [--scratch /tmp/cds-bench-steps]

Uses ``bench/dvc.py``'s scratch set-up and synthetic CSV (Quảng Ngãi 2024, generated if missing).
Each round, in its own child process: the floor (DuckDB converting the same CSV to Parquet with
every cell as text, the same ``memory_limit`` and threads, ``bench/dvc.py``'s ``csv_floor``) then
``import_file`` into an empty store, the importer's steps wrapped to record each one's wall and
process CPU seconds (DuckDB's threads included: the machine is shared, so CPU says more than
wall). Rounds alternate floor and import so both see the same load. Prints each step's median
and its share of the floor's median, and the load average before and after.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dvc  # bench/dvc.py: scratch set-up, CSV generation, the floor
from timing import load_average, median  # bench/timing.py

# importer-level names wrapped (``cds.dossiers.importer`` imports them into its namespace)
STEPS = (
    "_sha256",
    "load_raw",
    "stage",
    "survey",
    "match_units",
    "lookup_tables",
    "summarise",
    "nfc_names",
    "_incoming",
    "_plan_province",
    "_write_province",
    "_write_counts",
    "_write_fingerprint",
)


def step_profile(args: argparse.Namespace) -> dict:
    from cds.dossiers import importer
    from cds.dossiers.store import DossierStore

    spent: dict[str, list[float]] = {}

    def wrap(name: str, fn):
        @functools.wraps(fn)
        def timed(*a, **k):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **k)
            finally:
                w, c = spent.setdefault(name, [0.0, 0.0])
                spent[name] = [w + time.perf_counter() - wall, c + time.process_time() - cpu]

        return timed

    for name in STEPS:
        setattr(importer, name, wrap(name, getattr(importer, name)))
    store = DossierStore(args.store)
    shutil.rmtree(store.root, ignore_errors=True)
    wall, cpu = time.perf_counter(), time.process_time()
    report = importer.import_file(args.path, store=store, within=dvc._province())
    total = [time.perf_counter() - wall, time.process_time() - cpu]
    assert report.rows_rejected == 0 and report.new == args.rows, report.summary_en()
    return {"total": total, "steps": spent}


def step_floor(args: argparse.Namespace) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    _floor(args)
    return {"total": [time.perf_counter() - wall, time.process_time() - cpu]}


def _floor(args: argparse.Namespace) -> None:
    import duckdb

    from cds.dossiers.importer import IMPORT_MEMORY_LIMIT

    con = duckdb.connect(
        config={
            "memory_limit": IMPORT_MEMORY_LIMIT,
            "threads": dvc.THREADS,
            "preserve_insertion_order": False,
        }
    )
    source, target = (str(p).replace("'", "''") for p in (args.path, args.out))
    con.execute(
        f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true, header = true)) "
        f"TO '{target}' (FORMAT parquet, COMPRESSION lz4)"
    )
    con.close()


CHILD_STEPS = {"profile": step_profile, "floor": step_floor}


def child(argv: list[str]) -> None:
    parser = dvc.child_parser(CHILD_STEPS)
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--out", type=Path)
    dvc.run_step(parser, CHILD_STEPS, argv)


def run_child(scratch: Path, step: str, **options) -> dict:
    import timing

    return timing.run_child(__file__, scratch, step, **options)


def main() -> None:
    if "--child" in sys.argv:
        child([a for a in sys.argv[1:] if a != "--child"])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "cds-bench-steps")
    parser.add_argument("--label", default="", help="a name for this run's code (printed with the figures)")
    args = parser.parse_args()
    scratch = args.scratch
    dvc.prepare_scratch(scratch)
    csv_path = scratch / f"dossiers-{args.rows}.csv"
    if not csv_path.exists():
        dvc.run_child(scratch, "generate", rows=args.rows, path=csv_path)
    before = load_average()
    floors, imports = [], []
    for _ in range(args.rounds):
        floors.append(run_child(scratch, "floor", path=csv_path, out=scratch / "floor.parquet"))
        imports.append(run_child(scratch, "profile", rows=args.rows, path=csv_path, store=scratch / "store"))
    after = load_average()
    floor_wall = median([f["total"][0] for f in floors])
    floor_cpu = median([f["total"][1] for f in floors])
    print(f"{args.label} {args.rows:,} rows, {args.rounds} rounds, load {before} → {after}")
    print("| step | wall s (median) | × floor wall | CPU s (median) | × floor CPU |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| floor: DuckDB CSV → Parquet as text | {floor_wall:.2f} | 1 | {floor_cpu:.2f} | 1 |")
    for name in STEPS:
        w = median([i["steps"].get(name, [0, 0])[0] for i in imports])
        c = median([i["steps"].get(name, [0, 0])[1] for i in imports])
        print(f"| `{name}` | {w:.2f} | {w / floor_wall:.2f} | {c:.2f} | {c / floor_cpu:.2f} |")
    w = median([i["total"][0] for i in imports])
    c = median([i["total"][1] for i in imports])
    print(f"| **whole import** | {w:.2f} | **{w / floor_wall:.2f}** | {c:.2f} | **{c / floor_cpu:.2f}** |")
    print(json.dumps({"floors": floors, "imports": imports}))


if __name__ == "__main__":
    main()
