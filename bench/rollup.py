"""Benchmark: roll an indicator up the whole country in one request.

Setup (in a scratch SQLite database under var/bench/, or the database in CDS_DATABASE_URL):
the national unit lists with their 2025 lineage, and online/total dossier counts for every
commune of the country — 2025 Q1–Q2 on the 10.035 legacy communes, Q3–Q4 on the 3.321 current
ones — so the year 2025 for today's country needs the lineage carry-over as well as the tree.

Measured (median of several runs, same process, same data):
- ``Rollup`` (cds.values.rollup): the online dossier rate for the whole country in 2025, and
  the same for every current province (one engine, each province read from it);
- the baseline a developer would write first with the ORM: walk the tree recursively, one query
  for a unit's children and one for its values, summing numerator and denominator.

Run: ``.venv/bin/python bench/rollup.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import timing  # noqa: E402  bench/timing.py: what every benchmark shares

os.environ.setdefault("CDS_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'rollup.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from cds.lib.periods import parse_period  # noqa: E402
from cds.units.loader import load_units  # noqa: E402
from cds.units.models import Era, Unit, UnitLineage  # noqa: E402
from cds.values.models import DataValue  # noqa: E402
from cds.values.rollup import Rollup  # noqa: E402
from cds.values.services import Actor, ValueInput, record_values  # noqa: E402

CODES = ("dvc.dossiers_online", "dvc.dossiers_total")


def prepare() -> None:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    load_units()
    if DataValue.objects.filter(indicator__code="dvc.dossiers_total", period="2025Q4").exists():
        return
    inputs = []
    for era, quarters in ((Era.LEGACY, ("2025Q1", "2025Q2")), (Era.CURRENT, ("2025Q3", "2025Q4"))):
        for unit in Unit.objects.filter(era=era, level="commune").order_by("pk"):
            for q in quarters:
                total = 50 + unit.pk % 400
                online = total * (unit.pk % 7 + 2) // 10
                period = parse_period(q)
                inputs.append(ValueInput(unit, "dvc.dossiers_total", period, Decimal(total)))
                inputs.append(ValueInput(unit, "dvc.dossiers_online", period, Decimal(online)))
    started = time.perf_counter()
    record_values(inputs, Actor("bench", "demo"), reason="benchmark data")
    print(f"setup: wrote {len(inputs):,} values with history in {time.perf_counter() - started:.1f} s")


def naive_rate(unit_id: int | None, era: str, quarters: list[str]) -> tuple[Decimal, Decimal]:
    """The first thing one writes: recursive ORM walk, legacy values carried over edge by edge."""
    num = den = Decimal(0)
    children = (
        Unit.objects.filter(parent_id=unit_id, era=era)
        if unit_id is not None
        else Unit.objects.filter(parent__isnull=True, era=era)
    )
    own = (
        DataValue.objects.filter(unit_id=unit_id, period__in=quarters).values_list(
            "indicator__code", "number"
        )
        if unit_id is not None
        else []
    )
    for code, number in own:
        if code == "dvc.dossiers_online":
            num += number
        elif code == "dvc.dossiers_total":
            den += number
    if unit_id is not None and era == Era.CURRENT:
        for link in UnitLineage.objects.filter(new_id=unit_id, old__level="commune"):
            for code, number in DataValue.objects.filter(
                unit_id=link.old_id, period__in=quarters
            ).values_list("indicator__code", "number"):
                if code == "dvc.dossiers_online":
                    num += number * link.share
                elif code == "dvc.dossiers_total":
                    den += number * link.share
    for child in children.only("id"):
        n, d = naive_rate(child.pk, era, quarters)
        num, den = num + n, den + d
    return num, den


def timed(fn, runs: int) -> tuple[float, object]:
    samples, result = timing.timed(fn, runs)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=3)
    args = parser.parse_args()
    prepare()
    year = parse_period("2025")
    quarters = [p.code for p in year.sub_periods("quarter")]

    def ours() -> Decimal | None:
        return (
            Rollup(["dvc.online_dossier_rate"], None, year, Era.CURRENT)
            .value("dvc.online_dossier_rate")
            .value
        )

    def provinces() -> int:
        engine = Rollup(["dvc.online_dossier_rate"], None, year, Era.CURRENT)
        ids = Unit.objects.filter(era=Era.CURRENT, level="province").values_list("pk", flat=True)
        return sum(engine.value("dvc.online_dossier_rate", pk).value is not None for pk in ids)

    def baseline() -> Decimal:
        num, den = naive_rate(None, Era.CURRENT, quarters)
        return num / den * 100

    t_ours, v_ours = timed(ours, args.runs)
    t_prov, n_prov = timed(provinces, args.runs)
    t_base, v_base = timed(baseline, args.baseline_runs)
    assert abs(Decimal(v_ours) - Decimal(v_base)) < Decimal("1e-9"), (v_ours, v_base)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{django.db.connection.vendor}"
    )
    print(f"whole-country 2025 online dossier rate = {Decimal(v_ours):.4f}% (baseline agrees)")
    print(f"Rollup, whole country:            median {t_ours * 1000:8.1f} ms over {args.runs} runs")
    print(f"Rollup, + every province ({n_prov}):   median {t_prov * 1000:8.1f} ms over {args.runs} runs")
    print(f"baseline recursive ORM walk:      median {t_base * 1000:8.1f} ms over {args.baseline_runs} runs")
    print(f"speed-up: {t_base / t_ours:.0f}×")


if __name__ == "__main__":
    main()
