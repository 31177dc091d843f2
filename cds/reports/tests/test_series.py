"""A year's quarterly series (the footnotes' "theo quý") quotes each quarter's own figure: the
quarters are answered from the year's engine, narrowed, and nothing the year computed leaks into them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cds.lib.periods import parse_period
from cds.reports import data as report_data
from cds.units.models import Unit
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db
ACTOR = Actor("tester", "demo")
ONLINE, TOTAL, RATE = "dvc.dossiers_online", "dvc.dossiers_total", "dvc.online_dossier_rate"


def put(unit: Unit, code: str, raw: str, period: str) -> ValueInput:
    return ValueInput(unit=unit, indicator_code=code, period=parse_period(period), raw=raw)


def test_a_years_quarterly_rate_series_quotes_each_quarters_own_rate_not_the_years(tree):
    online = {"2025Q1": 25, "2025Q2": 50, "2025Q3": 75, "2025Q4": 90}  # of 100 dossiers each quarter
    record_values(
        [put(tree["a"], ONLINE, str(n), q) for q, n in online.items()]
        + [put(tree["a"], TOTAL, "100", q) for q in online],
        ACTOR,
    )
    loaded = report_data.load(
        tree["a"], parse_period("2025"), [RATE, ONLINE, TOTAL], [RATE], include_unapproved=True
    )
    assert loaded.figures[RATE].value == Decimal("60")  # 240/400: the year's rate
    assert [(p.code, f.value) for p, f in loaded.series[RATE]] == [
        ("2025Q1", Decimal(25)),
        ("2025Q2", Decimal(50)),
        ("2025Q3", Decimal(75)),
        ("2025Q4", Decimal(90)),
    ]
