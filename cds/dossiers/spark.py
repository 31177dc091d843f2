"""The dossier KPIs on Apache Spark: the scan of the Parquet store, distributed.

``fine_counts`` has the signature and the result of ``kpi.fine_counts`` — the temp table ``fine``
(counts per counted unit, procedure, file columns, authority and bucket) in the DuckDB connection
— but the scan over the partition files runs on Spark (``spark.master`` from
``CDS_SPARK_MASTER``: ``local[*]`` inside this process, ``spark://host:7077`` for a cluster whose
workers read the same store on shared storage or S3-compatible object storage). Only that small
table comes back; the roll-up (``kpi.rollup_counts``) and everything after it are the same code
for both engines, and the per-dossier conditions are ``kpi``'s own (``kpi.dossier_conditions``).
Results are identical to DuckDB's (``tests/test_spark.py`` on synthetic data).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from .kpi import RESOLVED_CONDITION, dossier_conditions
from .store import SCHEMA

_session: Any = None
_lock = threading.Lock()

# Spark SQL types of the stored columns (a file written before a column existed reads it as NULL)
_SPARK_TYPES = {
    "VARCHAR": "STRING",
    "INTEGER": "INT",
    "BIGINT": "BIGINT",
    "BOOLEAN": "BOOLEAN",
    "TIMESTAMP": "TIMESTAMP_NTZ",
}


def session() -> Any:
    """The process's Spark session (started on first use: seconds, a JVM)."""
    global _session
    with _lock:
        if _session is None:
            from pyspark.sql import SparkSession

            _session = (
                SparkSession.builder.master(settings.CDS_SPARK_MASTER)
                .appName("cds-dvc")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.parquet.inferTimestampNTZ.enabled", "true")  # stored times have no zone
                .config("spark.sql.shuffle.partitions", str(settings.CDS_SPARK_SHUFFLE_PARTITIONS))
                .config(
                    "spark.driver.memory", settings.CDS_SPARK_DRIVER_MEMORY
                )  # local[*]: the executors too
                .getOrCreate()
            )
            _session.sparkContext.setLogLevel("ERROR")
    return _session


def stop() -> None:
    global _session
    with _lock:
        if _session is not None:
            _session.stop()
            _session = None


def _dossiers(spark: Any, files: list[Path]) -> Any:
    """One DataFrame over the partition files with every stored column (missing ones NULL)."""
    from pyspark.sql import functions as F

    if not files:
        schema = ", ".join(f"{c} {_SPARK_TYPES[t]}" for c, t in SCHEMA.items())
        return spark.createDataFrame([], schema)
    frame = spark.read.option("mergeSchema", "true").parquet(*[str(f) for f in files])
    for column, sql_type in SCHEMA.items():
        if column not in frame.columns:
            frame = frame.withColumn(column, F.lit(None).cast(_SPARK_TYPES[sql_type]))
    return frame


def fine_counts(
    con: duckdb.DuckDBPyConnection,
    source: list[Path],
    unit_map: dict[int, int],
    start: dt.date,
    end: dt.date,
    bucket: str = "month",
    labels: bool = True,
    authority: bool = False,
) -> None:
    """``kpi.fine_counts`` on Spark: ``source`` is the list of partition files to read."""
    spark = session()
    _dossiers(spark, list(source)).createOrReplaceTempView("dossiers")
    spark.createDataFrame(
        [(int(u), int(c)) for u, c in unit_map.items()] or [(-1, -1)], "unit_id INT, counted_id INT"
    ).createOrReplaceTempView("umap")
    day_after = end + dt.timedelta(days=1)
    close = "coalesce(finished_at, received_at)"

    def within(expr: str) -> str:
        return (
            f"({expr} >= TIMESTAMP_NTZ '{start} 00:00:00' AND {expr} < TIMESTAMP_NTZ '{day_after} 00:00:00')"
        )

    rec_b = "year(received_at) * 100 + month(received_at)" if bucket == "month" else "0"
    fin_b = f"year({close}) * 100 + month({close})" if bucket == "month" else "0"
    received, resolved, rated = dossier_conditions()
    conditions = {
        **received,
        **{n: f"{RESOLVED_CONDITION} AND ({c})" for n, c in resolved.items()},
        **rated,
    }
    late = (*resolved, *rated)
    auth = "d.authority" if authority else "CAST(NULL AS STRING)"
    sums = ", ".join(
        f"CAST(sum(CASE WHEN {c} THEN 1 ELSE 0 END) AS BIGINT) AS {n}" for n, c in conditions.items()
    )
    keys = "counted_id, procedure_code, mask, authority, bucket"
    rec = ", ".join(f"{n}" if n in received else f"CAST(0 AS BIGINT) AS {n}" for n in conditions)
    fin = ", ".join(f"{n}" if n in late else f"CAST(0 AS BIGINT) AS {n}" for n in conditions)
    fine = spark.sql(
        f"""WITH s AS (
            SELECT m.counted_id, d.procedure_code, coalesce(d.fields, 0) AS mask, {auth} AS authority,
                   CASE WHEN {within("received_at")} THEN {rec_b} END AS rec_bucket,
                   CASE WHEN {within(close)} THEN {fin_b} END AS close_bucket, {sums}
            FROM dossiers d JOIN umap m ON d.unit_id = m.unit_id
            WHERE {within("received_at")} OR {within(close)}
            GROUP BY 1, 2, 3, 4, 5, 6),
        parts AS (
            SELECT counted_id, procedure_code, mask, authority, rec_bucket AS bucket, {rec}
            FROM s WHERE rec_bucket IS NOT NULL
            UNION ALL
            SELECT counted_id, procedure_code, mask, authority, close_bucket AS bucket, {fin}
            FROM s WHERE close_bucket IS NOT NULL)
        SELECT {keys}, {", ".join(f"CAST(sum({n}) AS BIGINT) AS {n}" for n in conditions)}
        FROM parts GROUP BY {keys}"""
    )
    counted = fine.toArrow()  # the one scan of the dossiers' counting columns; small (groups, not rows)
    names: Any = None
    if labels and counted.num_rows:
        # the names and fields of the procedures counted: a second, narrow scan (as DuckDB's)
        codes = sorted(set(counted.column("procedure_code").to_pylist()) - {None})
        spark.createDataFrame([(c,) for c in codes], "procedure_code STRING").createOrReplaceTempView(
            "wanted"
        )
        names = spark.sql(
            "SELECT d.procedure_code, any_value(d.procedure_name) AS procedure_name, any_value(d.field) AS field "
            "FROM dossiers d JOIN wanted w ON d.procedure_code = w.procedure_code GROUP BY d.procedure_code"
        ).toArrow()
    con.register("fine_arrow", counted)
    if names is not None:
        con.register("names_arrow", names)
        joined = "fine_arrow LEFT JOIN names_arrow USING (procedure_code)"
    else:
        joined = "(SELECT *, NULL AS field, NULL AS procedure_name FROM fine_arrow)"
    counts = ", ".join(f"{n}::BIGINT AS {n}" for n in conditions)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fine AS SELECT counted_id::INTEGER AS counted_id, "
        "procedure_code::VARCHAR AS procedure_code, mask::INTEGER AS mask, authority::VARCHAR AS authority, "
        f"bucket::BIGINT AS bucket, {counts}, field::VARCHAR AS field, procedure_name::VARCHAR AS procedure_name "
        f"FROM {joined}"
    )
    if names is not None:
        con.unregister("names_arrow")
    con.unregister("fine_arrow")
