"""Issue 15: the demo's synthetic figures go to the communes of each period's map (units.history):
a commune an arrangement formed on 1/1/2025 has none for 2022–2024, the communes it was formed from
have them, and none is given a figure for a period after it ceased."""

import datetime as dt

import pytest

from cds.demo import synthetic
from cds.demo.loader import demo_communes
from cds.lib.periods import parse_period

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2025, 10, 1)


def _periods_of(name: str) -> set[str]:
    (unit,) = [u for u in demo_communes() if u.name == name and u.era == "legacy"]
    return {i.period.code for i in synthetic.generate([unit], today=TODAY)}


def test_a_commune_formed_on_1_1_2025_has_no_synthetic_figure_before_it_existed(units) -> None:
    assert _periods_of("Xã Thắng Lợi") == set()  # the legacy map ends 30/6/2025: no year of its own


def test_the_communes_it_was_formed_from_have_figures_up_to_their_end(units) -> None:
    periods = _periods_of("Xã Đức Lợi")  # ceased 1/1/2025 (NQ 1279/NQ-UBTVQH15)
    assert {"2022", "2023", "2024", "2022Q4"} <= periods
    assert all(parse_period(p).end < dt.date(2025, 1, 1) for p in periods)
