"""Benchmark: why a district's or a commune's KPIs are only 2–4× faster from the counts than from
the scan of the dossiers (issue 17, "≥ 20× the raw scan"), where the province's are 78–344×.

    CDS_DOSSIER_STORE=/tmp/cds-bench-dvc/store-10000000 CDS_DATABASE_URL=sqlite:////tmp/cds-bench-dvc/db.sqlite3 \\
        .venv/bin/python bench/preagg_floor.py [--period 2024Q2] [--repeat 5]

For the province of the store (legacy Quảng Ngãi), its district with the most dossiers and that
district's commune with the most, one question (``compute_many``, no breakdown) is timed in CPU
(this process, DuckDB's threads included), medians of ``--repeat``, alternating:

* **counts**: from the pre-aggregated counts (what pages ask);
* **scan**: from the dossiers (the reference the goal's ratio is taken against);
* **fixed**: the same question over an empty store — every cost but reading Parquet (the unit map,
  the DuckDB statements, the roll-up in Python), which no store layout can remove;
* **kept**: ``services.remembered_many`` asked again (what the /dvc/unit/ page asks): the store's
  content stamp and the units' version checked, nothing computed (the first ask of each unit is
  not timed: it runs once, before the alternation);
* **unit_id read**: DuckDB counting the unit's dossiers, reading nothing but ``unit_id`` — the least
  any scan of the dossiers reads for a unit.

The answers of counts and scan are asserted equal. The ratio scan / counts is bounded by
scan / fixed: when a unit's own scan is cheap, the fixed part of the counts' answer dominates.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import load_average, median  # bench/timing.py

ROOT = Path(__file__).resolve().parents[1]


def cpu_ms(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return median(times) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2024Q2")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    import django

    django.setup()
    from cds.dossiers import services
    from cds.dossiers.store import DossierStore
    from cds.dossiers.unitmatch import covered_units
    from cds.lib.periods import parse_period
    from cds.units.models import Unit

    store, empty = DossierStore(), DossierStore(tempfile.mkdtemp(prefix="cds-empty-store-"))
    period = parse_period(args.period)
    files = store.files_until(period.end.year)
    province = Unit.objects.get(code="51", era="legacy", level="province")
    con = services._connection()
    source = store.relation_sql(files)

    def most(units) -> Unit:
        best = max(units, key=lambda u: con.execute(unit_count(u)).fetchone()[0])
        return best

    def unit_count(unit: Unit) -> str:
        ids = ", ".join(str(i) for i in covered_units(unit))
        return f"SELECT count(*) FROM {source} WHERE unit_id IN ({ids})"

    district = most(Unit.objects.filter(parent=province, level="district"))
    commune = most(Unit.objects.filter(parent=district, level="commune"))
    print(
        f"store {store.root}: {len(files)} partition(s); {args.period}; {os.cpu_count()} cores; load {load_average()}"
    )
    print(
        "| unit | dossiers | counts ms | scan ms | fixed ms | unit_id read ms | kept ms "
        "| scan / counts | scan / fixed | scan / kept |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for unit in (province, district, commune):
        found = {}
        services.remembered_many(unit, [period], store=store)
        for _ in range(args.repeat):  # alternating, one run each: the same drift of a shared machine's load
            for name, fn in (
                ("counts", partial(services.compute_many, unit, [period], store=store)),
                ("scan", partial(services.compute_many, unit, [period], store=store, engine="scan")),
                ("fixed", partial(services.compute_many, unit, [period], store=empty)),
                ("column", partial(lambda u: con.execute(unit_count(u)).fetchone()[0], unit)),
                ("kept", partial(services.remembered_many, unit, [period], store=store)),
            ):
                spent, result = cpu_ms(fn, 1)
                found.setdefault(name, []).append(spent)
                found[name + "_result"] = result
        assert found["counts_result"] == found["scan_result"] == found["kept_result"], unit
        m = {k: median(v) for k, v in found.items() if not k.endswith("_result")}
        print(
            f"| {unit.name} ({unit.level}) | {found['column_result']:,} | {m['counts']:.1f} | {m['scan']:.1f} "
            f"| {m['fixed']:.1f} | {m['column']:.1f} | {m['kept']:.2f} | {m['scan'] / m['counts']:.1f}× "
            f"| {m['scan'] / m['fixed']:.1f}× | {m['scan'] / m['kept']:.0f}× |",
            flush=True,
        )
    print(f"load {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
