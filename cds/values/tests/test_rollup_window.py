"""A roll-up read on a declared data window: each rate's numerator and denominator from one range."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.lib.periods import Period, parse_period
from cds.units.models import Unit
from cds.units.testing import small_tree
from cds.values.rollup import Rollup
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db

YEAR = parse_period("2024")
WINDOW = Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31))
RATES = ["training.civil_servants_trained_rate", "gov.official_app_rate", "dvc.online_dossier_rate"]


def put(unit: Unit, code: str, raw: str, period: Period, kind: str = "manual") -> None:
    record_values([ValueInput(unit, code, period, raw)], Actor("test", kind))


def test_a_rate_never_takes_its_numerator_from_the_period_and_its_denominator_from_the_window():
    """Sơn Nham 2024: 07 civil servants typed for the year, 8 for the window; 07 trained (year),
    8 app users (window). The sample says 07/07 and 8/8 — never 07/08."""
    a = small_tree()["a"]
    put(a, "hr.civil_servants_total", "07", YEAR)
    put(a, "training.civil_servants_trained", "07", YEAR)
    put(a, "hr.civil_servants_total", "8", WINDOW)
    put(a, "gov.official_app_users", "8", WINDOW)
    engine = Rollup.for_window(RATES, a, WINDOW, YEAR)
    trained = engine.value("training.civil_servants_trained_rate")
    assert (trained.numerator, trained.denominator, trained.value) == (7, 7, 100)
    assert trained.range_code == YEAR.code
    app = engine.value("gov.official_app_rate")
    assert (app.numerator, app.denominator, app.range_code) == (8, 8, WINDOW.code)
    # a count's headline is the window's value where it has one, the period's typed one otherwise
    assert (
        Rollup.for_window(["hr.civil_servants_total"], a, WINDOW, YEAR).value("hr.civil_servants_total").value
        == 8
    )


def test_a_value_computed_for_the_period_is_never_read_beside_a_window():
    a = small_tree()["a"]
    put(a, "dvc.dossiers_total", "58", YEAR, kind="computed")
    put(a, "dvc.dossiers_online", "39", YEAR, kind="computed")
    put(a, "dvc.dossiers_total", "1463", WINDOW)
    engine = Rollup.for_window(RATES, a, WINDOW, YEAR)
    rate = engine.value("dvc.online_dossier_rate")
    assert rate.value is None  # 39 online is calendar 2024's, computed: not a part of the window's rate
    assert engine.value("dvc.dossiers_total").value == 1463


def test_a_rate_whose_parts_are_each_in_another_range_is_unknown():
    """A part only on the window and the other only typed for the period: no range has both."""
    a = small_tree()["a"]
    put(a, "training.civil_servants_trained", "07", YEAR)
    put(a, "hr.civil_servants_total", "8", WINDOW)
    rate = Rollup.for_window(RATES, a, WINDOW, YEAR).value("training.civil_servants_trained_rate")
    assert rate.value is None
