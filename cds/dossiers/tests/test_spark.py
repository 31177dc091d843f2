"""The Spark engine gives exactly DuckDB's KPIs on synthetic data: every breakdown, calendar periods
and other ranges, two years (dossiers finished in the next year), and the values publishing writes.

Run by ``make test-spark`` (called by ``make test``): a JVM starts once for the module."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from cds.dossiers import services, spark
from cds.dossiers.importer import import_table
from cds.dossiers.publish import kpi_inputs
from cds.dossiers.synth import generate
from cds.lib.periods import parse_period

pytestmark = [pytest.mark.spark, pytest.mark.slow]

CALENDAR = ("2023", "2023Q2", "2023-03", "2023S2", "2024Q1")  # summed from month buckets
RANGES = ("2023-12-15..2024-02-14",)  # counted directly (one bucket), across a year's end


@pytest.fixture(scope="module")
def local_spark(django_db_blocker: Any) -> Any:
    from django.conf import settings

    settings.CDS_SPARK_MASTER = "local[2]"
    yield
    spark.stop()


@pytest.fixture
def filled(tree: dict, store: Any, local_spark: None) -> dict:
    for year, rows in ((2023, 4000), (2024, 1500)):
        report = import_table(
            generate(tree["province"], year, rows, seed="spark"), file_name=f"{year}", store=store
        )
        assert report.rows_rejected == 0 and report.new == rows
    return tree


def _plain(rows: list[Any]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(r) for r in rows]


@pytest.mark.django_db
def test_spark_and_duckdb_give_the_same_kpis_for_every_breakdown_and_period(filled, store):
    cases = [(by, CALENDAR) for by in (None, "procedure", "unit", "authority")]
    cases += [(by, RANGES) for by in (None, "field")]  # one Spark query per case: the JVM's fixed cost
    for by, codes in cases:
        periods = [parse_period(p) for p in codes]
        duck = services.compute_many(filled["province"], periods, by=by, store=store, engine="scan")
        sparked = services.compute_many(filled["province"], periods, by=by, store=store, engine="spark")
        assert sparked.keys() == duck.keys()
        for code in duck:
            assert duck[code], (by, code)  # the synthetic data have dossiers in every period
            assert _plain(sparked[code]) == _plain(duck[code]), (by, code)


@pytest.mark.django_db
def test_spark_and_duckdb_find_the_same_hot_spots_and_publish_the_same_values(filled, store):
    period = parse_period("2023")
    assert services.hotspots(filled["province"], period, store=store, engine="spark") == services.hotspots(
        filled["province"], period, store=store, engine="scan"
    )
    quarters = [parse_period(f"2023Q{q}") for q in range(1, 5)]
    duck = kpi_inputs(filled["province"], quarters, "x", store, engine="scan")
    sparked = kpi_inputs(filled["province"], quarters, "x", store, engine="spark")

    def key(v: Any) -> tuple:
        return (v.unit.pk, v.indicator_code, v.period.code, v.raw)

    assert len(duck) > 20 and sorted(sparked, key=key) == sorted(duck, key=key)


@pytest.mark.django_db
def test_an_empty_store_gives_no_rows_on_spark_either(tree, store, local_spark):
    assert services.compute_kpis(tree["province"], parse_period("2023"), store=store, engine="spark") == []


@pytest.mark.django_db
def test_cds_dvc_kpi_prints_the_same_with_engine_spark(filled, store, capsys):
    from django.core.management import call_command

    printed = {}
    for engine in ("scan", "spark"):
        call_command(
            "dvc", "kpi", "--unit", "T99901", "--period", "2023Q3", "--store", str(store.root), "--format", "json",
            "--engine", engine,
        )  # fmt: skip
        printed[engine] = capsys.readouterr().out
    assert '"dvc.dossiers_total"' in printed["scan"] and printed["spark"] == printed["scan"]
