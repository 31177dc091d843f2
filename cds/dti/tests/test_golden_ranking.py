"""Golden file: the 2024 ranking JSON of the demo province's communes.

The data is the seeded synthetic demo data for 2023–2024 (cds.demo.synthetic) and the DTI demo's
seeded self-assessments, so the output is the same on every machine. Regenerate after a deliberate
change with ``CDS_UPDATE_GOLDEN=1 .venv/bin/pytest cds/dti/tests/test_golden_ranking.py``.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from cds.demo import synthetic
from cds.dti.demo import _assess, _communes
from cds.dti.services import find_framework, load_builtin_frameworks, score_and_store
from cds.lib.periods import parse_period
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

GOLDEN = Path(__file__).parent / "golden" / "rank-quang-ngai-2024.json"
YEARS = ("2023", "2024")


def yearly_inputs(communes):
    """The seeded synthetic values of 2023–2024, quarterly flows summed into their year (4× fewer writes)."""
    sums: dict = {}
    for item in synthetic.generate(communes):
        year = item.period.code[:4]
        if year not in YEARS:
            continue
        if item.period.kind == "year":
            yield item
            continue
        key = (item.unit, item.indicator_code, year)
        sums[key] = sums.get(key, 0) + item.raw
    for (unit, code, year), total in sums.items():
        if code not in {"dvc.services_with_dossiers", "dvc.services_with_online_dossiers"}:
            yield ValueInput(unit=unit, indicator_code=code, period=parse_period(year), raw=total)


@pytest.mark.usefixtures("units")
def test_the_demo_provinces_2024_ranking_matches_the_golden_file():
    communes = _communes(2024)
    record_values(list(yearly_inputs(communes)), Actor("demo", "demo"))
    load_builtin_frameworks()
    province = resolve_unit("tỉnh Quảng Ngãi", era="legacy")
    for year in (2023, 2024):
        row = find_framework("dti-xa", year)
        _assess(row, year)
        score_and_store(row, year, province)
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
