"""Golden file: the 2024 ranking JSON of the demo province's communes.

The data is seeded synthetic values for 2023–2024 generated here and the DTI demo's seeded
self-assessments, so the output is the same on every machine. Regenerate after a deliberate
change with ``CDS_UPDATE_GOLDEN=1 .venv/bin/pytest cds/dti/tests/test_golden_ranking.py``.
"""

from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from cds.dti.demo import _assess, _communes
from cds.dti.services import find_framework, load_builtin_frameworks, score_and_store
from cds.lib.periods import parse_period
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

GOLDEN = Path(__file__).parent / "golden" / "rank-quang-ngai-2024.json"
# Stocks and flows the shipped framework reads: (code, low, high) per year, with parts below wholes.
WHOLES = {"pop.population": (3000, 25000), "dvc.dossiers_total": (200, 2000), "hr.officials_total": (15, 30)}
PARTS = {
    "pop.population_14_plus": ("pop.population", 0.70, 0.80),
    "pop.households": ("pop.population", 0.24, 0.30),
    "infra.internet_users": ("pop.population", 0.05, 0.80),
    "infra.fixed_broadband_subscriptions": ("pop.population", 0.01, 0.30),
    "infra.households_with_fibre": ("pop.households", 0.05, 0.90),
    "society.vneid_level2": ("pop.population_14_plus", 0.10, 0.95),
    "society.payment_accounts": ("pop.population_14_plus", 0.10, 0.90),
    "training.officials_completed": ("hr.officials_total", 0.30, 1.00),
    "training.residents_trained": ("pop.population", 0.01, 0.15),
    "dvc.dossiers_online": ("dvc.dossiers_total", 0.05, 0.90),
    "dvc.fee_dossiers": ("dvc.dossiers_total", 0.30, 0.50),
    "dvc.online_paid_dossiers": ("dvc.fee_dossiers", 0.00, 0.90),
    "dvc.dossiers_digitised": ("dvc.dossiers_total", 0.20, 0.99),
    "dvc.dossiers_resolved": ("dvc.dossiers_total", 1.00, 1.00),
    "dvc.results_digitised": ("dvc.dossiers_resolved", 0.10, 0.99),
    "dvc.dossiers_resolved_on_time": ("dvc.dossiers_resolved", 0.85, 1.00),
    "dvc.ratings_total": ("dvc.dossiers_online", 0.30, 0.90),
    "dvc.satisfied_ratings": ("dvc.ratings_total", 0.80, 1.00),
}


def yearly_inputs(communes, years=("2023", "2024")):
    """Seeded values for each commune and year (self-contained, so the golden file only changes with DTI)."""
    for unit in communes:
        for year in years:
            rng = random.Random(f"dti-golden:{unit.code}:{year}")
            values = {code: rng.randint(low, high) for code, (low, high) in WHOLES.items()}
            for code, (whole, low, high) in PARTS.items():
                values[code] = int(values[whole] * rng.uniform(low, high))
            period = parse_period(year)
            for code, number in values.items():
                yield ValueInput(unit=unit, indicator_code=code, period=period, raw=number)


def demo_province_scored() -> Unit:
    """The demo province's communes with their yearly inputs, assessed and scored for 2023 and 2024
    (the 2024 assessment verified): the province (legacy era) whose ranking the golden file holds."""
    record_values(list(yearly_inputs(_communes(2024))), Actor("demo", "demo"))
    load_builtin_frameworks()
    province = resolve_unit("tỉnh Quảng Ngãi", era="legacy")
    for year in (2023, 2024):
        row = find_framework("dti-xa", year)
        _assess(row, year, verify=year == 2024)
        score_and_store(row, year, province)
    return province


@pytest.mark.usefixtures("units")
def test_the_demo_provinces_2024_ranking_matches_the_golden_file():
    demo_province_scored()
    communes = _communes(2024)
    out = io.StringIO()
    call_command(
        "dti", "rank", "--year", "2024", "--scope", "tỉnh Quảng Ngãi", "--format", "json", stdout=out
    )
    produced = json.loads(out.getvalue())
    if os.environ.get("CDS_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert produced == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(produced) == len(communes)
    assert {
        "code",
        "name",
        "score",
        "rank",
        "total_ranked",
        "previous_score",
        "previous_rank",
        "rank_change",
        "pillar_scores",
        "status",
    } <= set(produced[0])
