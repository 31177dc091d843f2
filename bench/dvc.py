"""Benchmark: dossier import and KPIs at 1M–30M rows, against pandas and a hand-written DuckDB query.

Run:  .venv/bin/python bench/dvc.py [--rows 1000000,10000000,30000000] [--repeat 3] [--repeat-huge 1]
                                    [--xlsx-rows 200000] [--xlsx-inline-rows 100000] [--cp1258-rows 1000000]
                                    [--kpi-only] [--scratch /tmp/cds-bench-dvc]

Scratch SQLite database, CSV files and stores live under ``--scratch`` (never the shared ones). The
national unit list is loaded once; for each size N a synthetic Quảng Ngãi 2024 export is generated
(``cds.dossiers.synth.write_synthetic``, seeded, chunked) unless it already exists, then:

1. CSV import into an empty Parquet store (``import_file``), rows/s (median of the repeats; the
   store is emptied before each run); once also a re-import of the same file (nothing changes);
   beside it the floor no import can beat: the same CSV read with no checks at all (DuckDB converting
   it to Parquet as text, and pyarrow's reader alone);
2. every KPI count for every receiving unit × quarter × procedure with our engine
   (``kpi.fine_counts`` + ``kpi.rollup_counts``, as ``publish`` and ``--by unit`` use it), the same
   roll-up to every ancestor unit, and with the procedure names a ``--by procedure`` table prints;
3. the same counts by one hand-written DuckDB SQL query over the stored files (the near-limit);
4. the same counts by a straightforward pandas implementation (the analyst's baseline: read the
   needed Parquet columns, flag columns, group by, outer join);

and asserts that 2, 3 and 4 agree exactly (every count of every group) after every round. The
KPI steps are interleaved — ours, hand-written, pandas, ours, … one run per child — so that all
three see the same drift of a shared machine's load. Each step runs in its own child process,
which times itself (Django and library imports and a first DuckDB connection excluded, for all
three alike) and reports its peak RSS
(``ru_maxrss``): the import's, our KPIs' and pandas' memory are measured separately. DuckDB gets
``memory_limit`` 1 GB for the KPI queries and ``IMPORT_MEMORY_LIMIT`` for imports, threads = cores.

Sizes up to 10M rows run every step ``--repeat`` times (pandas too), larger ones ``--repeat-huge``
times. XLSX is measured on two workbooks of ``--xlsx-rows`` dossiers (see ``xlsx_rate``).
Every import also checks, on a sample of stored dossiers, that ``source_row`` is the line of the
CSV that holds that dossier's code (row numbers survive the parallel read).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import timing  # bench/timing.py: what every benchmark shares
from timing import load_average, median, report_result, timed

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
MEMORY_LIMIT = "1GB"  # DuckDB's cap for the KPI queries (ours and the hand-written one)
THREADS = os.cpu_count() or 1


def setup_django(scratch: Path) -> None:
    os.environ["CDS_DATABASE_URL"] = f"sqlite:///{scratch / 'db.sqlite3'}"
    os.environ["CDS_VAR_DIR"] = str(scratch / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_scratch(scratch: Path) -> None:
    """Make the scratch directory, point Django at it, migrate and load the units (every bench's start)."""
    scratch.mkdir(parents=True, exist_ok=True)
    setup_django(scratch)
    from django.core.management import call_command

    from cds.units.testing import ensure_units_loaded

    call_command("migrate", verbosity=0, skip_checks=True)
    ensure_units_loaded()


# --- the three implementations ----------------------------------------------------------------

HAND_SQL = """
WITH d AS (SELECT * FROM {source}),
rec AS (
  SELECT unit_id, 'Q' || quarter(received_at) AS q, procedure_code,
    count(*) AS dossiers_total,
    count(*) FILTER (service_level = 'full') AS dossiers_full,
    count(*) FILTER (service_level = 'partial') AS dossiers_partial,
    count(*) FILTER (channel = 'online') AS dossiers_online,
    count(*) FILTER (channel = 'online' AND service_level = 'full') AS dossiers_online_full,
    count(*) FILTER (channel = 'online' AND service_level = 'partial') AS dossiers_online_partial,
    count(*) FILTER (dossier_digitised) AS dossiers_digitised,
    (count(*) FILTER (service_level <> 'none') > 0)::INT AS services_with_dossiers,
    (count(*) FILTER (service_level <> 'none' AND channel = 'online') > 0)::INT AS services_with_online_dossiers
  FROM d WHERE year(received_at) = {year} GROUP BY ALL),
fin AS (
  SELECT unit_id, 'Q' || quarter(coalesce(finished_at, received_at)) AS q, procedure_code,
    count(*) FILTER (finished_at IS NOT NULL AND status <> 'cancelled') AS dossiers_resolved,
    count(*) FILTER (finished_at IS NOT NULL AND status <> 'cancelled' AND
        finished_at::DATE - supplement_days <= due_at::DATE) AS dossiers_resolved_on_time,
    count(*) FILTER (finished_at IS NOT NULL AND status <> 'cancelled' AND result_digitised) AS results_digitised,
    count(*) FILTER (finished_at IS NOT NULL AND status <> 'cancelled' AND fee_required) AS fee_dossiers,
    count(*) FILTER (finished_at IS NOT NULL AND status <> 'cancelled' AND fee_required AND paid_online)
        AS online_paid_dossiers,
    count(rating) AS ratings_total,
    count(*) FILTER (rating = 'satisfied') AS satisfied_ratings
  FROM d WHERE year(coalesce(finished_at, received_at)) = {year} GROUP BY ALL)
SELECT unit_id, '{year}' || q AS period, procedure_code, {columns}
FROM rec FULL OUTER JOIN fin USING (unit_id, q, procedure_code)
"""


def names() -> list[str]:
    from cds.dossiers.kpi import COUNTS

    return [c.removeprefix("dvc.") for c in COUNTS]


def engine(source: str, unit_ids: list[int], ancestors: dict | None = None, labels: bool = False) -> dict:
    """Our path: stage 1 over the files, stage 2 to the groups asked for."""
    import datetime as dt

    from cds.dossiers.kpi import COUNTS, fine_counts, month_buckets, rollup_counts
    from cds.dossiers.store import connect
    from cds.lib.periods import Period

    quarters = [Period.of("quarter", YEAR, q) for q in range(1, 5)]
    con = connect(memory_limit=MEMORY_LIMIT)
    fine_counts(
        con, source, {u: u for u in unit_ids}, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), labels=labels
    )
    groups = ancestors or {u: [u] for u in unit_ids}
    rows = rollup_counts(con, groups, {p.code: month_buckets(p) for p in quarters}, by="procedure")
    con.close()
    assert all(tuple(r.counts) == COUNTS for r in list(rows.values())[:1])  # counts come in COUNTS order
    return {(k[0], k[1], k[2]): tuple(r.counts.values()) for k, r in rows.items()}


def hand_sql(source: str) -> dict:
    import duckdb

    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "threads": THREADS})
    columns = ", ".join(f"coalesce({n}, 0)::BIGINT" for n in names())
    rows = con.execute(HAND_SQL.format(source=source, year=YEAR, columns=columns)).fetchall()
    con.close()
    return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}


def pandas_baseline(files: list[str]) -> dict:
    """What an analyst writes: read the needed Parquet columns, add flag columns, group by, outer-join."""
    import pandas as pd

    needed = [
        "unit_id", "procedure_code", "received_at", "due_at", "finished_at", "supplement_days", "channel",
        "service_level", "fee_required", "paid_online", "dossier_digitised", "result_digitised", "status", "rating",
    ]  # fmt: skip
    df = pd.concat([pd.read_parquet(f, columns=needed) for f in files], ignore_index=True)
    online = df.channel == "online"
    resolved = df.finished_at.notna() & (df.status != "cancelled")
    df["dossiers_total"] = df.received_at.dt.year == YEAR
    df["dossiers_full"] = df.dossiers_total & (df.service_level == "full")
    df["dossiers_partial"] = df.dossiers_total & (df.service_level == "partial")
    df["dossiers_online"] = df.dossiers_total & online
    df["dossiers_online_full"] = df.dossiers_online & (df.service_level == "full")
    df["dossiers_online_partial"] = df.dossiers_online & (df.service_level == "partial")
    df["dossiers_digitised"] = df.dossiers_total & df.dossier_digitised
    df["svc"] = df.dossiers_total & (df.service_level != "none")
    df["svc_online"] = df.svc & online
    df["rq"] = df.received_at.dt.quarter
    close = df.finished_at.fillna(df.received_at)
    df["cq"] = close.dt.quarter
    in_year = close.dt.year == YEAR
    on_time = df.due_at.notna() & (
        (df.finished_at - pd.to_timedelta(df.supplement_days, unit="D")).dt.normalize()
        <= df.due_at.dt.normalize()
    )
    df["dossiers_resolved"] = resolved & in_year
    df["dossiers_resolved_on_time"] = df.dossiers_resolved & on_time
    df["results_digitised"] = df.dossiers_resolved & df.result_digitised
    df["fee_dossiers"] = df.dossiers_resolved & df.fee_required
    df["online_paid_dossiers"] = df.fee_dossiers & df.paid_online
    df["ratings_total"] = df.rating.notna() & in_year
    df["satisfied_ratings"] = df.ratings_total & (df.rating == "satisfied")
    rec_cols = [
        "dossiers_total",
        "dossiers_full",
        "dossiers_partial",
        "dossiers_online",
        "dossiers_online_full",
        "dossiers_online_partial",
        "dossiers_digitised",
        "svc",
        "svc_online",
    ]
    fin_cols = [
        "dossiers_resolved",
        "dossiers_resolved_on_time",
        "results_digitised",
        "fee_dossiers",
        "online_paid_dossiers",
        "ratings_total",
        "satisfied_ratings",
    ]
    rec = df[df.dossiers_total].groupby(["unit_id", "rq", "procedure_code"])[rec_cols].sum()
    rec["services_with_dossiers"] = (rec.svc > 0).astype(int)
    rec["services_with_online_dossiers"] = (rec.svc_online > 0).astype(int)
    rec.index = rec.index.set_names(["unit_id", "q", "procedure_code"])
    fin = df[in_year].groupby(["unit_id", "cq", "procedure_code"])[fin_cols].sum()
    fin.index = fin.index.set_names(["unit_id", "q", "procedure_code"])
    both = rec.drop(columns=["svc", "svc_online"]).join(fin, how="outer").fillna(0).astype("int64")
    out = {}
    for (unit_id, q, procedure), row in zip(both.index, both[names()].itertuples(index=False), strict=True):
        out[(int(unit_id), f"{YEAR}Q{int(q)}", procedure)] = tuple(int(v) for v in row)
    return out


# --- child steps (each in its own process) ----------------------------------------------------


def _province():
    from cds.units.models import Unit

    return Unit.objects.get(code="51", era="legacy", level="province")


def step_generate(args: argparse.Namespace) -> dict:
    from cds.dossiers.synth import write_synthetic

    start = time.perf_counter()
    write_synthetic(
        _province(), YEAR, args.rows, args.path, seed=args.seed, shared_strings=args.shared_strings
    )
    return {"seconds": time.perf_counter() - start}


def step_cp1258(args: argparse.Namespace) -> dict:
    """A Windows-1258 copy of a UTF-8 export, encoded as legacy tools do (tones as combining marks)."""
    from cds.lib.testing import as_cp1258

    start = time.perf_counter()
    text = Path(args.path).read_text(encoding="utf-8")
    table = {ord(c): as_cp1258(c).decode("cp1258") for c in set(text) if ord(c) > 127}
    Path(args.out).write_bytes(text.translate(table).encode("cp1258"))
    return {"seconds": time.perf_counter() - start}


def _check_row_numbers(path: Path, store) -> int:
    """A sample of stored dossiers: is ``source_row`` the CSV line holding that dossier's code?"""
    import duckdb

    sample = duckdb.sql(
        f"SELECT source_row, dossier_code FROM {store.relation_sql()} USING SAMPLE 7 ROWS"
    ).fetchall()
    wanted = {row: code for row, code in sample}
    line, found = 1, {}
    with open(path, "rb") as handle:
        while wanted.keys() - found.keys() and (block := handle.read(1 << 24)):
            count = block.count(b"\n")
            for row in [r for r in wanted if line <= r < line + count]:
                found[row] = block.split(b"\n")[row - line].split(b",", 1)[0].decode()
            last = block.rfind(b"\n")
            handle.seek(last + 1 - len(block), os.SEEK_CUR)
            line += count
    bad = {r: (c, found.get(r)) for r, c in wanted.items() if found.get(r) != c}
    if bad:
        raise SystemExit(f"source_row does not match the CSV lines: {bad}")
    return len(wanted)


def step_import(args: argparse.Namespace) -> dict:
    import shutil

    from cds.dossiers.importer import IMPORT_MEMORY_LIMIT, import_file
    from cds.dossiers.store import DossierStore

    store = DossierStore(args.store)
    province = _province()
    times = []
    for _ in range(args.repeat):
        shutil.rmtree(store.root, ignore_errors=True)
        start = time.perf_counter()
        report = import_file(args.path, store=store, within=province)
        times.append(time.perf_counter() - start)
        assert report.rows_rejected == 0 and report.new == args.rows, report.summary_en()
    result = {"seconds": times, "memory_limit": IMPORT_MEMORY_LIMIT}
    if args.path.suffix == ".csv":
        result["row_checks"] = _check_row_numbers(args.path, store)
        start = time.perf_counter()
        again = import_file(args.path, store=store, within=province)
        result["again_seconds"] = time.perf_counter() - start
        assert (again.new, again.updated, again.unchanged) == (0, 0, args.rows), again.summary_en()
    return result


def step_csv_floor(args: argparse.Namespace) -> dict:
    """The floor an import cannot go below: reading the same CSV with no checks at all.

    DuckDB alone converts it to Parquet, every cell as text (the first thing our import does, plus
    typing); pyarrow's multi-threaded reader only reads it into memory (no write).
    """
    import duckdb
    import pyarrow.csv

    from cds.dossiers.importer import IMPORT_MEMORY_LIMIT

    target = str(args.out).replace("'", "''")
    source = str(args.path).replace("'", "''")

    def duck() -> None:
        con = duckdb.connect(
            config={
                "memory_limit": IMPORT_MEMORY_LIMIT,
                "threads": THREADS,
                "preserve_insertion_order": False,
            }
        )
        con.execute(
            f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true, header = true)) "
            f"TO '{target}' (FORMAT parquet, COMPRESSION lz4)"
        )
        con.close()

    def arrow() -> None:
        pyarrow.csv.read_csv(args.path, convert_options=pyarrow.csv.ConvertOptions(strings_can_be_null=True))

    duck_t, _ = timed(duck, args.repeat)
    arrow_t, _ = timed(arrow, args.repeat)
    args.out.unlink(missing_ok=True)
    return {"duckdb": duck_t, "pyarrow": arrow_t}


def _units(province) -> tuple[list[int], dict[int, list[int]]]:
    from cds.units.models import Unit

    units = list(Unit.objects.filter(path__startswith=province.path, era="legacy").values_list("id", "path"))
    ancestors: dict[int, list[int]] = {}
    for uid, path in units:
        for a in (int(p) for p in path.strip("/").split("/")):
            ancestors.setdefault(a, []).append(uid)
    return [u for u, _ in units], ancestors


def warm_up() -> None:
    """Untimed, in every KPI child alike: the modules the timed code imports, a first DuckDB query."""
    import duckdb
    import pyarrow.parquet  # noqa: F401

    import cds.dossiers.kpi
    import cds.lib.periods  # noqa: F401

    duckdb.connect().execute("SELECT 1").fetchall()


def step_ours(args: argparse.Namespace) -> dict:
    from cds.dossiers.store import DossierStore

    warm_up()

    source = DossierStore(args.store).relation_sql()
    leaf_ids, ancestors = _units(_province())
    ours_t, ours = timed(lambda: engine(source, leaf_ids), args.repeat)
    tree_t, _ = timed(lambda: engine(source, leaf_ids, ancestors), args.repeat)
    labels_t, _ = timed(lambda: engine(source, leaf_ids, labels=True), args.repeat)
    with open(args.out, "wb") as handle:
        pickle.dump(ours, handle)
    return {"seconds": ours_t, "ancestors": tree_t, "labels": labels_t, "groups": len(ours)}


def step_hand(args: argparse.Namespace) -> dict:
    sys.path.insert(0, str(ROOT))
    from cds.dossiers.store import DossierStore

    warm_up()
    source = DossierStore(args.store).relation_sql()
    hand_t, hand = timed(lambda: hand_sql(source), args.repeat)
    with open(args.out, "wb") as handle:
        pickle.dump(hand, handle)
    return {"seconds": hand_t}


def step_pandas(args: argparse.Namespace) -> dict:
    import pandas as pd

    from cds.dossiers.store import DossierStore

    warm_up()
    files = [str(f) for f in DossierStore(args.store).files()]
    took, base = timed(lambda: pandas_baseline(files), args.repeat)
    with open(args.out, "wb") as handle:
        pickle.dump(base, handle)
    return {"seconds": took, "pandas": pd.__version__}


STEPS = {
    "generate": step_generate,
    "cp1258": step_cp1258,
    "import": step_import,
    "csv_floor": step_csv_floor,
    "ours": step_ours,
    "hand": step_hand,
    "pandas": step_pandas,
}


def child_parser(steps: dict) -> argparse.ArgumentParser:
    """The options every bench's child process takes: which step, the scratch, the CSV and the store."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", choices=steps, required=True)
    parser.add_argument("--scratch", type=Path, required=True)
    parser.add_argument("--path", type=Path)
    parser.add_argument("--store", type=Path)
    return parser


def run_step(parser: argparse.ArgumentParser, steps: dict, argv: list[str]) -> None:
    """In a child process: read the options, point Django at the scratch, run the step, print its figures."""
    args = parser.parse_args(argv)
    setup_django(args.scratch)
    report_result(steps[args.step](args))


def child(argv: list[str]) -> None:
    parser = child_parser(STEPS)
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", default="bench")
    parser.add_argument("--shared-strings", action="store_true")
    run_step(parser, STEPS, argv)


def run_child(scratch: Path, step: str, **options) -> dict:
    return timing.run_child(__file__, scratch, step, **options)


# --- the run ----------------------------------------------------------------------------------


def run(
    scratch: Path, rows: int, repeat: int, lines: list[str], summary: list[dict], kpi_only: bool = False
) -> None:
    csv_path = scratch / f"dossiers-{rows}.csv"
    store = scratch / f"store-{rows}"
    if not csv_path.exists():
        done = run_child(scratch, "generate", rows=rows, path=csv_path)
        print(f"[{rows:,}] generated CSV in {done['seconds']:.1f} s (load {load_average()})", flush=True)
    load_before = load_average()
    if kpi_only and (store / ".lock").exists():  # reuse the store a full run left (no import timed)
        imported = {"seconds": [float("nan")], "again_seconds": float("nan"), "peak_mb": 0, "row_checks": 0}
    else:
        imported = run_child(scratch, "import", rows=rows, path=csv_path, store=store, repeat=repeat)
    import_s = median(imported["seconds"])
    if kpi_only:
        floor = {"duckdb": [float("nan")], "pyarrow": [float("nan")]}
    else:
        floor = run_child(scratch, "csv_floor", path=csv_path, repeat=repeat, out=scratch / "floor.parquet")
    duck_s, arrow_s = median(floor["duckdb"]), median(floor["pyarrow"])
    print(
        f"[{rows:,}] CSV floor, no checks: DuckDB CSV → Parquet {floor['duckdb']} → {duck_s:.2f} s "
        f"({rows / duck_s:,.0f} rows/s); pyarrow read only {floor['pyarrow']} → {arrow_s:.2f} s "
        f"({rows / arrow_s:,.0f} rows/s); load {load_average()}",
        flush=True,
    )
    print(
        f"[{rows:,}] import {', '.join(f'{t:.1f}' for t in imported['seconds'])} s → median {import_s:.1f} s "
        f"({rows / import_s:,.0f} rows/s); again (unchanged) {imported['again_seconds']:.1f} s; "
        f"peak {imported['peak_mb']:,.0f} MB; row numbers checked {imported['row_checks']}; load {load_average()}",
        flush=True,
    )
    # interleaved (ours, hand, pandas, ours, hand, …), one run per child: on a shared machine the
    # load drifts within minutes, and all three should see the same drift
    steps: dict[str, dict] = {}
    agree = True
    for _ in range(repeat):
        for name in ("ours", "hand", "pandas"):
            done = run_child(scratch, name, store=store, repeat=1, out=scratch / f"{name}.pickle")
            step = steps.setdefault(name, {"peak_mb": 0.0})
            for key, value in done.items():
                if key == "peak_mb":
                    step["peak_mb"] = max(step["peak_mb"], value)
                elif isinstance(value, list):
                    step.setdefault(key, []).extend(value)
                else:
                    step[key] = value
        results = [pickle.loads((scratch / f"{n}.pickle").read_bytes()) for n in ("ours", "hand", "pandas")]
        agree = agree and results[0] == results[1] == results[2]
    ours, hand, base = steps["ours"], steps["hand"], steps["pandas"]
    ours_s, hand_s, pandas_s = median(ours["seconds"]), median(hand["seconds"]), median(base["seconds"])
    load_after = load_average()
    print(
        f"[{rows:,}] KPIs ours {ours['seconds']} → {ours_s:.2f} s, +ancestors {median(ours['ancestors']):.2f} s, "
        f"+names {median(ours['labels']):.2f} s, hand SQL {hand['seconds']} → {hand_s:.2f} s, pandas "
        f"{base['seconds']} → {pandas_s:.2f} s; agree={agree} ({ours['groups']:,} groups); peak RSS ours "
        f"{ours['peak_mb']:,.0f} MB, hand {hand['peak_mb']:,.0f} MB, pandas {base['peak_mb']:,.0f} MB; load {load_after}",
        flush=True,
    )
    lines.append(
        f"| {rows:,} | {len(imported['seconds'])} | {import_s:.1f} s ({rows / import_s:,.0f} rows/s) | "
        f"{duck_s:.2f} s ({rows / duck_s:,.0f} rows/s) | {arrow_s:.2f} s ({rows / arrow_s:,.0f} rows/s) | "
        f"{imported['again_seconds']:.1f} s | {ours_s:.2f} s | {median(ours['ancestors']):.2f} s | "
        f"{median(ours['labels']):.2f} s | {hand_s:.2f} s | {pandas_s:.2f} s | {pandas_s / ours_s:.1f}× | "
        f"{ours_s / hand_s:.2f}× | {'yes' if agree else 'NO'} | {imported['peak_mb']:,.0f} MB | "
        f"{ours['peak_mb']:,.0f} MB | {base['peak_mb']:,.0f} MB | {load_before} → {load_after} |"
    )
    summary.append(
        {
            "rows": rows,
            "import": imported,
            "csv_floor": floor,
            "ours": ours,
            "hand": hand,
            "pandas": base,
            "agree": agree,
        }
    )
    if not agree:
        raise SystemExit("the three implementations disagree")


def cp1258_rate(scratch: Path, rows: int, repeat: int, lines: list[str]) -> None:
    """The same export in Windows-1258: transcoding (and NFC of the decomposed accents) included."""
    source = scratch / f"dossiers-{rows}.csv"
    path = scratch / f"dossiers-{rows}-cp1258.csv"
    if not source.exists():
        run_child(scratch, "generate", rows=rows, path=source)
    if not path.exists():
        run_child(scratch, "cp1258", path=source, out=path)
    load_before = load_average()
    done = run_child(scratch, "import", rows=rows, path=path, store=scratch / "store-cp1258", repeat=repeat)
    took = median(done["seconds"])
    print(
        f"cp1258 CSV {rows:,} rows: {done['seconds']} → {took:.1f} s ({rows / took:,.0f} rows/s)", flush=True
    )
    lines.append(
        f"\nCSV import, Windows-1258, {rows:,} rows, median of {repeat}: {took:.1f} s = {rows / took:,.0f} rows/s; "
        f"peak RSS {done['peak_mb']:,.0f} MB; load {load_before} → {load_average()}"
    )


def xlsx_rate(scratch: Path, shared_rows: int, inline_rows: int, repeat: int, lines: list[str]) -> None:
    """Two workbooks: as Excel saves them (a shared-string table, ``rows`` dossiers) and as
    ``cds.lib.tabular`` writes them (inline strings, every accent a character reference: ~1.1 KB of
    XML per row; ``inline_rows`` dossiers).

    ``shared_rows`` is the shared-string workbook's size."""
    for kind, shared, rows in (
        ("shared strings (as Excel saves)", True, shared_rows),
        ("inline strings (cds.lib.tabular)", False, inline_rows),
    ):
        if not rows:
            continue
        path = scratch / f"dossiers-{rows}{'-shared' if shared else ''}.xlsx"
        if not path.exists():
            done = run_child(
                scratch, "generate", rows=rows, path=path, seed="bench-xlsx", shared_strings=shared
            )
            print(f"XLSX {kind} {rows:,} rows generated in {done['seconds']:.1f} s", flush=True)
        load_before = load_average()
        done = run_child(scratch, "import", rows=rows, path=path, store=scratch / "store-xlsx", repeat=repeat)
        took = median(done["seconds"])
        size = path.stat().st_size / 1e6
        print(
            f"XLSX {kind} {rows:,} rows ({size:.0f} MB): {done['seconds']} → {took:.1f} s ({rows / took:,.0f} rows/s)"
        )
        lines.append(
            f"\nXLSX import, {kind}, {rows:,} rows ({size:.0f} MB file), median of {repeat}: {took:.1f} s = "
            f"{rows / took:,.0f} rows/s; peak RSS {done['peak_mb']:,.0f} MB; load {load_before} → {load_average()}"
        )


def main() -> None:
    if "--child" in sys.argv:
        child([a for a in sys.argv[1:] if a != "--child"])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,10000000,30000000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step up to 10M rows")
    parser.add_argument("--repeat-huge", type=int, default=1, help="runs per step above 10M rows")
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    parser.add_argument("--xlsx-inline-rows", type=int, default=200_000)
    parser.add_argument("--cp1258-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--kpi-only", action="store_true", help="reuse the stores of a previous run (no import)"
    )
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "cds-bench-dvc")
    args = parser.parse_args()
    scratch = args.scratch
    prepare_scratch(scratch)
    import duckdb

    started = time.perf_counter()
    lines = [
        f"Machine: {os.cpu_count()} cores ({platform.machine()}), "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM, Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}; load average (1/5/15 min) before → after.",
        "",
        "| rows | runs | CSV import (median) | floor: DuckDB CSV → Parquet alone | floor: pyarrow read alone "
        "| re-import, unchanged | KPIs ours | + every ancestor | + procedure names "
        "| hand-written SQL | pandas | ours vs pandas | ours / hand SQL | agree | peak RSS import | peak RSS KPIs "
        "| peak RSS pandas | load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    summary: list[dict] = []
    for rows in (int(r) for r in args.rows.split(",") if r):
        run(
            scratch,
            rows,
            args.repeat if rows <= 10_000_000 else args.repeat_huge,
            lines,
            summary,
            args.kpi_only,
        )
    if args.cp1258_rows and not args.kpi_only:
        cp1258_rate(scratch, args.cp1258_rows, args.repeat, lines)
    if args.xlsx_rows and not args.kpi_only:
        xlsx_rate(scratch, args.xlsx_rows, args.xlsx_inline_rows, args.repeat, lines)
    (scratch / "results.json").write_text(json.dumps(summary, indent=1))
    print(f"\n(total {time.perf_counter() - started:.0f} s)\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
