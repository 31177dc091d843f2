"""Deterministic synthetic data for every commune of the demo province(s), 2022 to today.

Why synthetic: the three sample reports give real figures for three units only; roll-ups,
rankings and dashboards need a whole province with realistic variety. Every number is derived
from ``random.Random(f"{seed}:{unit code}")`` so the same seed gives the same data on every
machine, and the model is documented here so nobody mistakes it for real statistics:

- each commune gets a size (population 3.000–25.000, 3,4–4,2 people per household) and a
  digital "maturity" m in [0,25; 1];
- (2022 only; later quarters come from the dossier demo) one-stop-shop dossiers per quarter ≈
  population × 1,5–3% with ±20% noise; the online share
  starts near 5% in 2022 and rises towards 30% + 65%·m by 2025 (a logistic-ish curve), then stays;
  fee-bearing dossiers are ~40% of all, paid online at a rate that trails the online share;
  digitised dossiers and results follow maturity;
- services with dossiers 15–40, of which with online dossiers rises with m;
- yearly stocks (population, households, broadband, VNeID level 2, team members) drift upward.

The periods follow the demo's calendar (``cds.demo.calendar``): every year from 2022 up to
today's (the current year's stocks as known so far), each on the map in force at the period's
end — legacy communes get the quarters of 2022 and the years 2022–2024, the communes created on
1/7/2025 the years from 2025 on. Units that have real figures from the sample reports
get no synthetic data at all (the loader leaves them out), so real numbers are never mixed with
invented ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from cds.lib.periods import Period
from cds.units.models import Unit
from cds.units.search import era_on
from cds.values.services import ValueInput

from . import calendar
from .calendar import FIRST_YEAR

# From 2023 the online-service counts come from synthetic dossier records through the dossier
# KPI engine (cds/dossiers/demo.py), as they would in production; 2022 has only these counts.
DOSSIERS_FROM = 2023


def demo_periods(today: dt.date) -> list[Period]:
    """The quarters before the dossier demo's first year, then every year from 2022 to today's."""
    quarters = [Period.of("quarter", y, q) for y in range(FIRST_YEAR, DOSSIERS_FROM) for q in range(1, 5)]
    return quarters + [Period.of("year", y) for y in calendar.years(today=today)]


@dataclass(frozen=True)
class CommuneProfile:
    population: int
    households: int
    maturity: float
    seed: int


def profile(unit: Unit, seed: str) -> CommuneProfile:
    digest = hashlib.sha256(f"{seed}:{unit.era}:{unit.code}".encode()).hexdigest()
    rng = random.Random(int(digest[:16], 16))
    population = rng.randint(3000, 25000) * (3 if unit.era == "current" else 1)  # merged communes are bigger
    return CommuneProfile(
        population, int(population / rng.uniform(3.4, 4.2)), rng.uniform(0.25, 1.0), rng.getrandbits(32)
    )


def _progress(period: Period) -> float:
    """0 in early 2022 → 1 at the end of 2025."""
    months = (period.start.year - 2022) * 12 + period.start.month
    return min(1.0, max(0.0, months / 48))


def _quarter_values(p: CommuneProfile, period: Period, rng: random.Random) -> dict[str, int]:
    t = _progress(period)
    online_share = 0.05 + (0.25 + 0.65 * p.maturity) * (t**1.4) + rng.uniform(-0.03, 0.03)
    online_share = min(0.98, max(0.01, online_share))
    total = max(5, int(p.population * rng.uniform(0.015, 0.03) * rng.uniform(0.8, 1.2)))
    online = int(total * online_share)
    full = int(online * rng.uniform(0.03, 0.2))
    fee = int(total * rng.uniform(0.3, 0.5))
    paid = int(fee * min(0.95, max(0.0, online_share - 0.1 + rng.uniform(-0.05, 0.1))))
    digitised = int(total * min(0.99, 0.2 + 0.7 * t * p.maturity + rng.uniform(0, 0.1)))
    results_digitised = int(total * min(0.99, 0.1 + 0.6 * t * p.maturity + rng.uniform(0, 0.1)))
    on_time = int(total * rng.uniform(0.92, 1.0))
    rated = int(online * rng.uniform(0.3, 0.9))
    satisfied = int(rated * rng.uniform(0.9, 1.0))
    services = rng.randint(15, 40)
    with_online = min(services, int(services * min(1.0, 0.2 + 0.8 * t * p.maturity + rng.uniform(0, 0.2))))
    return {
        "dvc.dossiers_total": total,
        "dvc.dossiers_online": online,
        "dvc.dossiers_online_full": full,
        "dvc.dossiers_online_partial": online - full,
        # every dossier of full-process / partial services (the rates' denominators, Quyết định 766)
        "dvc.dossiers_full": full + (total - online) // 20,
        "dvc.dossiers_partial": online - full + (total - online) * 3 // 5,
        "dvc.fee_dossiers": fee,
        "dvc.online_paid_dossiers": paid,
        "dvc.dossiers_digitised": digitised,
        "dvc.results_digitised": results_digitised,
        "dvc.dossiers_resolved_on_time": on_time,
        "dvc.dossiers_resolved": total,
        "dvc.ratings_total": rated,
        "dvc.satisfied_ratings": satisfied,
        "dvc.services_with_dossiers": services,
        "dvc.services_with_online_dossiers": with_online,
    }


def _year_values(p: CommuneProfile, period: Period, rng: random.Random) -> dict[str, int]:
    t = _progress(period)
    pop = int(p.population * (1 + 0.01 * (period.start.year - 2022)))
    adults = int(pop * rng.uniform(0.72, 0.8))
    officials = rng.randint(18, 32)
    return {
        "pop.population": pop,
        "pop.households": int(p.households * (1 + 0.012 * (period.start.year - 2022))),
        "infra.internet_users": int(pop * min(0.9, 0.05 + 0.6 * t * p.maturity + rng.uniform(0, 0.1))),
        "infra.fixed_broadband_subscriptions": int(pop * min(0.4, 0.02 + 0.2 * t * p.maturity)),
        "infra.households_with_fibre": int(p.households * min(0.95, 0.08 + 0.6 * t * p.maturity)),
        "pop.population_14_plus": adults,
        "society.vneid_level2": int(adults * min(0.95, 0.1 + 0.8 * t * (0.5 + p.maturity / 2))),
        "society.payment_accounts": int(adults * min(0.9, 0.1 + 0.6 * t * p.maturity)),
        "hr.officials_total": officials,
        "training.officials_completed": min(
            officials, int(officials * min(1.0, 0.3 + 0.8 * t + rng.uniform(0, 0.2)))
        ),
        "training.residents_trained": int(pop * rng.uniform(0.02, 0.15) * (0.5 + t)),
    }


def generate(
    units: Iterable[Unit], seed: str = "cds-demo", today: dt.date | None = None
) -> Iterator[ValueInput]:
    """Yield synthetic inputs for communes up to ``today`` (default: the demo's), the same for the
    same seed and day on every machine. Each period goes to the units of the map in force at its end."""
    periods = demo_periods(today or calendar.demo_today())
    for unit in units:
        p = profile(unit, seed)
        rng = random.Random(p.seed)
        for period in periods:
            if era_on(period.end) != unit.era or not _existed(unit, period):
                continue
            values = _quarter_values if period.kind == "quarter" else _year_values
            yield from _inputs(unit, period, values(p, period, rng))


def _existed(unit: Unit, period: Period) -> bool:
    """The unit is on the map at the period's end (``units.history``: a commune formed on 1/1/2025
    has no 2024; one that ceased then has no 2025)."""
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or period.end < unit.valid_to
    )


def _inputs(unit: Unit, period: Period, values: dict[str, int]) -> Iterator[ValueInput]:
    for code, number in values.items():
        yield ValueInput(
            unit=unit,
            indicator_code=code,
            period=period,
            raw=Decimal(number),
            source_ref="dữ liệu mô phỏng (synthetic, seeded)",
        )
