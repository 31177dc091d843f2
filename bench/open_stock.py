"""Benchmark: what the open-dossier stock (2.1 of the 766 index, ``counts-open.parquet``) costs the
import and the index, on ``bench/preagg.py``'s synthetic Quảng Ngãi 2024 file (1M rows by default).

Run:  .venv/bin/python bench/open_stock.py [--rows 1000000] [--runs 2] [--scratch /tmp/cds-bench-dvc]

Needs the CSV and the store ``bench/preagg.py --rows N`` leaves in its scratch directory. Measured in
one process, CPU = user + system time of the process (DuckDB's threads included), alternating A/B:
1. ``import``: the whole import of the CSV into a fresh store, with the stock and with its step
   replaced by an empty one (``importer.days_sql`` of no day);
2. ``step``: on the imported partition, the flow counts (day, month, half) against the stock alone;
3. ``index``: ``index766.index_many`` of every commune of the province for a month and a quarter,
   with ``services.attach_open`` and with it replaced by a no-op.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dvc  # bench/dvc.py: scratch set-up


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def measure(fn) -> tuple[float, float]:
    c0, w0 = cpu(), time.perf_counter()
    fn()
    return round(cpu() - c0, 3), round(time.perf_counter() - w0, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "cds-bench-dvc")
    args = parser.parse_args()
    dvc.setup_django(args.scratch)

    from cds.dossiers import importer, index766, kpi, services
    from cds.dossiers.store import DossierStore, connect
    from cds.lib.periods import parse_period
    from cds.units.models import Unit

    csv, store = args.scratch / f"dossiers-{args.rows}.csv", DossierStore(args.scratch / f"store-{args.rows}")
    if not csv.exists() or not store.files():
        raise SystemExit(f"run bench/preagg.py --rows {args.rows} --scratch {args.scratch} first")
    out: dict = {"load_before": dvc.load_average(), "import": {}, "step": {}, "index": {}}

    real_days = importer.days_sql
    for _ in range(args.runs):
        for mode in ("without", "with"):
            importer.days_sql = real_days if mode == "with" else (lambda days: real_days([]))
            ab = DossierStore(args.scratch / "open-stock-ab")
            shutil.rmtree(ab.root, ignore_errors=True)
            out["import"].setdefault(mode, []).append(
                measure(lambda ab=ab: importer.import_file(csv, store=ab))
            )
    importer.days_sql = real_days
    shutil.rmtree(args.scratch / "open-stock-ab", ignore_errors=True)

    (partition,) = store.files()[:1]
    dossiers = store.relation_sql([partition])
    work = Path(tempfile.mkdtemp(dir=args.scratch))
    con = connect()

    def counts() -> None:
        con.execute(f"COPY ({kpi.counts_sql(dossiers)}) TO '{work}/day.parquet' (FORMAT parquet)")
        day = f"read_parquet('{work}/day.parquet')"
        con.execute(
            f"COPY ({kpi.month_counts_sql(day, dossiers)}) TO '{work}/month.parquet' (FORMAT parquet)"
        )
        con.execute(f"COPY ({kpi.half_counts_sql(day)}) TO '{work}/half.parquet' (FORMAT parquet)")

    def stock() -> None:
        first, last = con.execute(
            f"SELECT min(received_at)::DATE, max(greatest(received_at, coalesce(finished_at, received_at)))::DATE "
            f"FROM {dossiers}"
        ).fetchone()
        days = kpi.days_sql(kpi.end_days(first, last))
        con.execute(f"COPY ({kpi.open_stock_sql(dossiers, days)}) TO '{work}/open.parquet' (FORMAT parquet)")

    for _ in range(args.runs):
        out["step"].setdefault("counts", []).append(measure(counts))
        out["step"].setdefault("open_stock", []).append(measure(stock))
    shutil.rmtree(work)

    province = Unit.objects.get(code="51", era="legacy", level="province")
    communes = list(Unit.objects.filter(path__startswith=province.path, level="commune", era="legacy"))
    real_attach = services.attach_open
    for period in ("2024-05", "2024Q2"):
        p = parse_period(period)
        index766.index_many(communes[:5], p, store=store)  # warm: catalogs, spec, connection
        for _ in range(args.runs + 1):
            for mode in ("without", "with"):
                services.attach_open = real_attach if mode == "with" else (lambda *a, **k: None)
                timing = measure(lambda p=p: index766.index_many(communes, p, store=store))
                out["index"].setdefault(f"{period} {mode}", []).append(timing)
    services.attach_open = real_attach
    out["load_after"] = dvc.load_average()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
