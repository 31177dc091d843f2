"""Benchmark: score and rank all 3,321 current communes on a 100-item framework.

Runs on a scratch database (never the shared one):
    CDS_DATABASE_URL=sqlite:////tmp/cds-bench-dti.sqlite3 .venv/bin/python bench/dti.py
The first run migrates, loads the national units and writes seeded synthetic values for 2025
through ``record_values`` (a few minutes); later runs reuse them. Prints medians of several runs of
our path (one narrow load of the country's values into arrays, scores and ranks in memory) beside the named
baseline (one ``rollup_many`` per commune, the obvious way), measured in the same run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
os.environ.setdefault("CDS_DATABASE_URL", "sqlite:////tmp/cds-bench-dti.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from cds.catalog.services import get_catalog  # noqa: E402
from cds.dti.framework import read_framework  # noqa: E402
from cds.dti.ranking import competition_ranks, rank_scope  # noqa: E402
from cds.dti.rules import score  # noqa: E402
from cds.dti.scoring import measure_for, score_units  # noqa: E402
from cds.dti.services import load_framework, score_and_store  # noqa: E402
from cds.lib.periods import parse_period  # noqa: E402
from cds.units.models import Unit  # noqa: E402
from cds.values.models import DataValue  # noqa: E402
from cds.values.rollup import Rollup  # noqa: E402
from cds.values.services import Actor, ValueInput, record_values  # noqa: E402

YEAR = 2025
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def framework_yaml(catalog_codes: dict[str, str]) -> str:
    """A 100-item framework: 40 rates, 20 per-population counts, 10 steps, 10 per-item, 20 manual."""
    rates, counts = catalog_codes["rates"], catalog_codes["counts"]
    items: list[str] = []

    def item(code: str, rule: str) -> str:
        return f"{{code: {code}, name_vi: 'tiêu chí {code}', max_points: 10, rule: {{{rule}}}}}"

    specs = [
        ("R", 40, 0, rates, "type: proportional, indicator: {}, full_at: 80"),
        ("P", 20, 0, counts, "type: per_population, indicator: {}, full_at: 5"),
        ("S", 10, 20, counts, "type: steps, indicator: {}, steps: [[500, 10], [100, 5]]"),
        ("I", 10, 30, counts, "type: per_item, indicator: {}, points_each: 0.05"),
    ]
    for prefix, n, offset, pool, rule in specs:
        items += [item(f"{prefix}{i}", rule.format(pool[(offset + i) % len(pool)])) for i in range(n)]
    for i in range(20):
        items.append(item(f"M{i}", "type: manual"))
    pillars = []
    for p in range(10):
        chunk = items[p * 10 : (p + 1) * 10]
        body = "\n".join(f"      - {item}" for item in chunk)
        pillars.append(f"  - code: p{p}\n    name_vi: 'Trụ cột {p}'\n    max_points: 100\n    items:\n{body}")
    return (
        'code: bench-100\nversion: "2025.1"\ntitle: "Khung 100 tiêu chí (benchmark)"\nlevel: commune\n'
        "years: [2025]\nself_assessment: optional\ntotal: 1000\npillars:\n" + "\n".join(pillars) + "\n"
    )


def codes() -> dict[str, list[str]]:
    catalog = get_catalog(parse_period("2025").start)
    usable = {"sum", "latest"}
    rates = [
        d.code
        for d in catalog.rates()
        if all(catalog[c].aggregate_periods in usable for c in (d.numerator, d.denominator) if c)
        and d.denominator != "pop.population"
    ]
    counts = [
        d.code
        for d in catalog.definitions()
        if d.kind == "count" and d.aggregate_periods in usable and d.code != "pop.population"
    ]
    return {"rates": rates, "counts": counts}


def ensure_data(framework_path: Path) -> list[Unit]:
    if not Unit.objects.filter(era="current", level="commune").exists():
        call_command("units", "load")
    communes = list(Unit.objects.filter(era="current", level="commune").order_by("path"))
    framework = read_framework(framework_path)
    needed = set(framework.codes())
    catalog = get_catalog(parse_period("2025").start)
    for code in list(needed):
        d = catalog[code]
        if d.is_rate:
            needed.discard(code)
            needed.update(c for c in (d.numerator, d.denominator) if c)
    if (
        DataValue.objects.filter(period="2025", unit__era="current").count()
        >= len(communes) * len(needed) * 0.9
    ):
        return communes
    period = parse_period("2025")
    denominators = {catalog[c].denominator for c in framework.codes() if catalog[c].is_rate}
    started = time.perf_counter()
    for start in range(0, len(communes), 200):
        inputs = []
        for unit in communes[start : start + 200]:
            rng = random.Random(f"bench-dti:{unit.code}")
            for code in sorted(needed):
                big = code in denominators or code == "pop.population"
                value = rng.randint(2000, 30000) if big else rng.randint(0, 1500)
                inputs.append(ValueInput(unit=unit, indicator_code=code, period=period, raw=value))
        record_values(inputs, Actor("bench: synthetic", "demo"), reason="benchmark (synthetic)")
    print(f"setup: wrote synthetic values in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return communes


def ours(framework, communes) -> float:
    t = time.perf_counter()
    scores = score_units(framework, YEAR, None, units=communes)
    competition_ranks({s.unit.pk: s.total for s in scores})
    return time.perf_counter() - t


def baseline(framework, communes) -> float:
    """One roll-up per commune: what a straightforward per-unit loop does."""
    period = parse_period(str(YEAR))
    t = time.perf_counter()
    totals = {}
    for unit in communes:
        engine = Rollup(framework.codes(), unit, period, "current")
        cache: dict = {}
        total = Decimal(0)
        for item in framework.items():
            if not item.is_manual:
                total += score(item.rule, item.max_points, measure_for(item, unit.pk, engine, cache)).points
        totals[unit.pk] = total
    competition_ranks(totals)
    return time.perf_counter() - t


def main() -> None:
    call_command("migrate", verbosity=0)
    folder = Path(tempfile.mkdtemp())
    path = folder / "bench-100.yaml"
    path.write_text(framework_yaml(codes()), encoding="utf-8")
    framework = read_framework(path)
    assert len(framework.items()) == 100, len(framework.items())
    communes = ensure_data(path)
    row, _ = load_framework(path) if not _loaded(path) else (_loaded(path), False)
    ours(framework, communes)  # warm the catalog cache
    mine = [ours(framework, communes) for _ in range(RUNS)]
    stored = []
    for _ in range(RUNS):
        t = time.perf_counter()
        score_and_store(row, YEAR, None)
        rank_scope(YEAR, None)
        stored.append(time.perf_counter() - t)
    base_runs = int(os.environ.get("BENCH_BASELINE_RUNS", "3"))
    base = [baseline(framework, communes) for _ in range(base_runs)]
    print(
        f"communes: {len(communes)}, items: {len(framework.items())}, catalog codes read: {len(framework.codes())}"
    )
    for label, runs in (
        ("ours: score + rank in memory (one array load for the country)", mine),
        ("ours: score + store results + rank from the database", stored),
        ("baseline: one Rollup per commune (rollup_many per unit)", base),
    ):
        print(f"{label}: median {statistics.median(runs):.3f} s of {len(runs)} {[round(x, 3) for x in runs]}")


def _loaded(path: Path):
    from cds.dti.models import FrameworkVersion

    return FrameworkVersion.objects.filter(code="bench-100", version="2025.1").first()


if __name__ == "__main__":
    main()
