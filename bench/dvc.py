"""Benchmark: dossier import and KPIs at 1–10M rows, against pandas and a hand-written DuckDB query.

Run:  .venv/bin/python bench/dvc.py [--rows 1000000,10000000] [--repeat 3] [--xlsx-rows 100000]

It uses a scratch SQLite database and store under /tmp (never the shared ones), loads the
national unit list, generates N synthetic dossiers for Quảng Ngãi 2024 with ``cds.dossiers.synth``,
then measures in one run:

1. CSV import into the Parquet store (``import_file``), rows/s;
2. every KPI count for every receiving unit × quarter × procedure with our engine
   (``kpi.fine_counts`` + ``kpi.rollup_counts``), and the same roll-up to every ancestor unit;
3. the same counts by a straightforward pandas implementation (the analyst's baseline);
4. the same counts by one hand-written DuckDB SQL query over the stored files (the near-limit);

checks that 2, 3 and 4 agree exactly, and reports medians and peak memory (ru_maxrss). The
engine is timed as ``publish`` and ``--by unit`` use it (counts only: ``labels=False``); the
procedure names a ``--by procedure`` table prints cost one more narrow scan, timed separately.
Peak RSS is read before pandas runs (the pandas frame alone exceeds the engine's footprint).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = Path(tempfile.gettempdir()) / "cds-bench-dvc"
os.environ["CDS_DATABASE_URL"] = f"sqlite:///{SCRATCH / 'db.sqlite3'}"
os.environ["CDS_VAR_DIR"] = str(SCRATCH / "var")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402

from cds.dossiers.importer import import_file  # noqa: E402
from cds.dossiers.kpi import COUNTS, fine_counts, month_buckets, rollup_counts  # noqa: E402
from cds.dossiers.store import DossierStore, connect  # noqa: E402
from cds.dossiers.synth import generate, write_export  # noqa: E402
from cds.lib.periods import Period  # noqa: E402
from cds.units.models import Unit  # noqa: E402
from cds.units.testing import ensure_units_loaded  # noqa: E402

YEAR = 2024
QUARTERS = [Period.of("quarter", YEAR, q) for q in range(1, 5)]
NAMES = [c.removeprefix("dvc.") for c in COUNTS]
MEMORY_LIMIT = "1GB"  # DuckDB's cap for the KPI queries (ours and the hand-written one)
THREADS = os.cpu_count() or 1


def peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def engine(
    source: str, unit_ids: list[int], ancestors: dict[int, list[int]] | None = None, labels: bool = False
) -> dict:
    """Our path: stage 1 over the files, stage 2 to the groups asked for."""
    con = connect(memory_limit=MEMORY_LIMIT)
    fine_counts(
        con, source, {u: u for u in unit_ids}, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), labels=labels
    )
    groups = ancestors or {u: [u] for u in unit_ids}
    rows = rollup_counts(con, groups, {p.code: month_buckets(p) for p in QUARTERS}, by="procedure")
    con.close()
    return {(k[0], k[1], k[2]): tuple(r.counts[c] for c in COUNTS) for k, r in rows.items()}


HAND_SQL = """
WITH d AS (SELECT * FROM {source}),
rec AS (
  SELECT unit_id, 'Q' || quarter(received_at) AS q, procedure_code,
    count(*) AS dossiers_total,
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
    count(*) FILTER (finished_at IS NOT NULL AND status <> 'cancelled' AND (due_at IS NULL OR
        (finished_at - to_days(supplement_days))::DATE <= due_at::DATE)) AS dossiers_resolved_on_time,
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


def hand_sql(source: str) -> dict:
    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "threads": THREADS})
    columns = ", ".join(f"coalesce({n}, 0)::BIGINT" for n in NAMES)
    rows = con.execute(HAND_SQL.format(source=source, year=YEAR, columns=columns)).fetchall()
    con.close()
    return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}


def pandas_baseline(files: list[Path]) -> dict:
    """What an analyst writes: read the Parquet files, add flag columns, group by, outer-join."""
    needed = [
        "unit_id", "procedure_code", "received_at", "due_at", "finished_at", "supplement_days", "channel",
        "service_level", "fee_required", "paid_online", "dossier_digitised", "result_digitised", "status", "rating",
    ]  # fmt: skip
    df = pd.concat([pd.read_parquet(f, columns=needed) for f in files], ignore_index=True)
    online = df.channel == "online"
    resolved = df.finished_at.notna() & (df.status != "cancelled")
    df["dossiers_total"] = df.received_at.dt.year == YEAR
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
    on_time = df.due_at.isna() | (
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
    for (unit_id, q, procedure), row in zip(both.index, both[NAMES].itertuples(index=False), strict=True):
        out[(int(unit_id), f"{YEAR}Q{int(q)}", procedure)] = tuple(int(v) for v in row)
    return out


def run(rows: int, repeat: int, report: list[str]) -> None:
    store = DossierStore(SCRATCH / f"store-{rows}")
    csv_path = SCRATCH / f"dossiers-{rows}.csv"
    province = Unit.objects.get(code="51", era="legacy", level="province")
    if not csv_path.exists():
        start = time.perf_counter()
        write_export(generate(province, YEAR, rows, seed="bench"), csv_path)
        print(f"[{rows:,}] generated CSV in {time.perf_counter() - start:.1f} s", flush=True)
    if store.root.exists():
        for f in store.root.rglob("*.parquet"):
            f.unlink()
    start = time.perf_counter()
    result = import_file(csv_path, store=store, within=province)
    import_s = time.perf_counter() - start
    assert result.rows_rejected == 0 and result.new == rows, result.summary_en()
    print(
        f"[{rows:,}] import {import_s:.1f} s ({rows / import_s:,.0f} rows/s); peak {peak_mb():,.0f} MB",
        flush=True,
    )
    files = store.files()
    source = store.relation_sql(files)
    units = list(Unit.objects.filter(path__startswith=province.path, era="legacy").values_list("id", "path"))
    leaf_ids = [u for u, _ in units]
    ancestors: dict[int, list[int]] = {}
    for uid, path in units:
        for a in (int(p) for p in path.strip("/").split("/")):
            ancestors.setdefault(a, []).append(uid)
    ours_s, ours = timed(lambda: engine(source, leaf_ids), repeat)
    peak_engine = peak_mb()
    tree_s, _ = timed(lambda: engine(source, leaf_ids, ancestors), repeat)
    labels_s, _ = timed(lambda: engine(source, leaf_ids, labels=True), repeat)
    hand_s, hand = timed(lambda: hand_sql(source), repeat)
    pandas_s, base = timed(lambda: pandas_baseline(files), 1 if rows > 2_000_000 else repeat)
    agree = ours == hand == base
    print(
        f"[{rows:,}] engine {ours_s:.2f} s, +ancestors {tree_s:.2f} s, +names {labels_s:.2f} s, hand SQL {hand_s:.2f} s, "
        f"pandas {pandas_s:.2f} s; agree={agree} ({len(ours):,} groups); peak {peak_mb():,.0f} MB",
        flush=True,
    )
    report.append(
        f"| {rows:,} | {import_s:.1f} s ({rows / import_s:,.0f} rows/s) | {ours_s:.2f} s | {tree_s:.2f} s | "
        f"{hand_s:.2f} s | {pandas_s:.2f} s | {pandas_s / ours_s:.1f}× | {ours_s / hand_s:.2f}× | "
        f"{'yes' if agree else 'NO'} | {peak_engine:,.0f} MB / {peak_mb():,.0f} MB |"
    )
    if not agree:
        raise SystemExit("the three implementations disagree")


def xlsx_rate(rows: int, report: list[str]) -> None:
    province = Unit.objects.get(code="51", era="legacy", level="province")
    path = SCRATCH / f"dossiers-{rows}.xlsx"
    if not path.exists():
        write_export(generate(province, YEAR, rows, seed="bench-xlsx"), path)
    store = DossierStore(SCRATCH / "store-xlsx")
    for f in store.root.rglob("*.parquet") if store.root.exists() else []:
        f.unlink()
    start = time.perf_counter()
    result = import_file(path, store=store, within=province)
    took = time.perf_counter() - start
    assert result.new == rows, result.summary_en()
    print(f"XLSX {rows:,} rows: {took:.1f} s ({rows / took:,.0f} rows/s)", flush=True)
    report.append(f"\nXLSX import, {rows:,} rows: {took:.1f} s = {rows / took:,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,10000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    args = parser.parse_args()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, skip_checks=True)
    ensure_units_loaded()
    report = [
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}, pandas {pd.__version__}; medians of "
        f"{args.repeat} runs (pandas once above 2M rows).",
        "",
        "| rows | CSV import | KPIs (ours) | + every ancestor | hand-written SQL | pandas | vs pandas | vs hand SQL "
        "| agree | peak RSS (after KPIs / after pandas) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for rows in (int(r) for r in args.rows.split(",")):
        run(rows, args.repeat, report)
    if args.xlsx_rows:
        xlsx_rate(args.xlsx_rows, report)
    print("\n".join(report))


if __name__ == "__main__":
    main()
