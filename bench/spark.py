"""Benchmark: the dossier KPIs on DuckDB and on Spark, 1M → 10M rows, and on a standalone cluster.

Run:  .venv/bin/python bench/spark.py [--rows 1000000,3000000,10000000] [--repeat 2]
                                      [--cluster spark://127.0.0.1:7077] [--scratch /tmp/cds-bench-spark]

A scratch SQLite database (``small_tree``'s province: one district, two communes) and one store per
size live under ``--scratch``. The 1M store is a real import of synthetic dossiers
(``synth.generate`` → ``import_table``, seeded); a store of k million rows is that partition
repeated k times with the dossier codes made distinct (DuckDB ``COPY``): the same distribution, so
every count is exactly k times the 1M one (checked), and building 10M rows costs seconds, not an
import. For each size: every KPI count by procedure for the four quarters and the year of 2024
(``services.compute_many(..., by="procedure")``, what publishing and ``--by procedure`` run), with
``engine="scan"`` (DuckDB, threads = cores) and ``engine="spark"`` (``local[*]``), median of
``--repeat`` runs after one warm-up run each; the Spark session's start is timed apart. The two
engines' rows must be identical. With ``--cluster``, the same on the standalone cluster of
``scripts/spark_cluster.sh`` (a master and two one-core workers, separate processes).
Prints one JSON line per measurement.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,3000000,10000000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each engine first")
    parser.add_argument("--cluster", default="")
    parser.add_argument("--cluster-rows", default="1000000,10000000")
    parser.add_argument("--cluster-only", action="store_true", help="skip the local[*] runs")
    parser.add_argument("--scratch", default="/tmp/cds-bench-spark")
    args = parser.parse_args()
    scratch = Path(args.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["CDS_VAR_DIR"] = str(scratch)
    os.environ.pop("CDS_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from cds.dossiers import services, spark
    from cds.dossiers.importer import import_table
    from cds.dossiers.store import DossierStore, connect
    from cds.dossiers.synth import generate
    from cds.lib.periods import parse_period
    from cds.units.models import Unit
    from cds.units.testing import small_tree

    call_command("migrate", verbosity=0)
    province = (
        Unit.objects.filter(code="T99", level="province", era="legacy").first() or small_tree()["province"]
    )
    periods = [parse_period(p) for p in ("2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024")]

    base = DossierStore(scratch / "store-1000000")
    if not base.files():
        started = time.perf_counter()
        import_table(generate(province, 2024, 1_000_000, seed="bench"), file_name="bench", store=base)
        emit(step="import", rows=1_000_000, seconds=time.perf_counter() - started)

    def store_of(rows: int) -> DossierStore:
        if rows == 1_000_000:
            return base
        k = rows // 1_000_000
        store = DossierStore(scratch / f"store-{rows}")
        if not store.files():
            source = base.files()[0]
            target = store.partition_path(source.parent.parent.name.split("=")[1], 2024)
            target.parent.mkdir(parents=True, exist_ok=True)
            con = connect()
            con.execute(
                f"COPY (SELECT * REPLACE (dossier_code || '-' || k AS dossier_code) FROM read_parquet('{source}'), "
                f"range({k}) t(k)) TO '{target}' (FORMAT parquet, COMPRESSION lz4)"
            )
            con.close()
        return store

    def timed(engine: str, store: DossierStore) -> tuple[float, dict]:
        started = time.perf_counter()
        result = services.compute_many(province, periods, by="procedure", store=store, engine=engine)
        return time.perf_counter() - started, result

    def plain(result: dict) -> dict:
        return {code: sorted(json.dumps(dataclasses.asdict(r), sort_keys=True, default=str) for r in rows)
                for code, rows in result.items()}  # fmt: skip

    def run(label: str, sizes: list[int]) -> None:
        started = time.perf_counter()
        spark.session()
        emit(step="spark-session", master=settings.CDS_SPARK_MASTER, seconds=time.perf_counter() - started)
        first = None
        for rows in sizes:
            store = store_of(rows)
            results = {}
            for engine in ("scan", "spark"):
                for _ in range(args.warmup):
                    timed(engine, store)  # warm-up: file caches, JIT, the JVM's classes
                times = []
                for _ in range(args.repeat):
                    seconds, results[engine] = timed(engine, store)
                    times.append(seconds)
                emit(step=label, engine=engine, rows=rows, seconds=statistics.median(times), runs=times)
            same = plain(results["scan"]) == plain(results["spark"])
            total = sum(r.counts["dvc.dossiers_total"] for r in results["scan"]["2024"])
            first = first or total / rows
            emit(step=label, rows=rows, identical=same, dossiers_2024=total, scales=total / rows == first)
            assert same, "Spark and DuckDB disagree"

    if not args.cluster_only:
        run("kpi", [int(r) for r in args.rows.split(",")])
    if args.cluster:
        spark.stop()
        settings.CDS_SPARK_MASTER = args.cluster
        run("kpi-cluster", [int(r) for r in args.cluster_rows.split(",")])
    spark.stop()


def emit(**fields: object) -> None:
    print(json.dumps(fields, default=str), flush=True)


if __name__ == "__main__":
    main()
