"""The 766 index on the demo province (Quảng Ngãi's synthetic dossiers) for every month of 2025:
points never above their maximum, totals never above 100, the communes' ranking consistent."""

from __future__ import annotations

from decimal import Decimal

from cds.dossiers import index766
from cds.dossiers.demo import PROVINCE_CODE, SEED
from cds.dossiers.importer import import_table
from cds.dossiers.synth import generate
from cds.lib.periods import Period
from cds.units.models import Era, Level, Unit


def test_the_demo_province_for_every_month_of_2025_stays_within_its_maxima(units, store):
    legacy = Unit.objects.get(code=PROVINCE_CODE, era=Era.LEGACY, level=Level.PROVINCE)
    report = import_table(generate(legacy, 2025, 6_000, seed=SEED), file_name="demo-2025", store=store)
    assert report.rows_rejected == 0
    current = Unit.objects.get(code=PROVINCE_CODE, era=Era.CURRENT, level=Level.PROVINCE)
    scored = 0
    for month in range(1, 13):
        result = index766.compute_index(current, Period.of("month", 2025, month), store=store)
        assert result.dossiers > 0
        for group in result.groups:
            assert group.covered_points <= group.covered_max <= group.max
            assert group.points is None or Decimal(0) <= group.points <= group.max
        assert result.total is None or result.total <= 100
        assert result.covered_points <= result.covered_max <= 100
        scored += result.group("2").points is not None
    assert scored == 12  # the on-time part is computable every month

    ranking = index766.rank_index(current, Period.of("month", 2025, 9), store=store)
    ranked = [r for r in ranking.rows if r.rank is not None]
    assert ranked and all(r.of == len(ranked) for r in ranked)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    assert all(1 <= r.rank <= r.of for r in ranked)
