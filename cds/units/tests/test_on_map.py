"""The communes below a unit on a day's map: the one count reports and their checks share."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.units.models import Level
from cds.units.on_map import communes_on_map, units_on_map
from cds.units.services import resolve_unit

pytestmark = pytest.mark.django_db


def test_a_citys_communes_on_the_map_of_2022_leave_out_those_formed_later(units):
    day = dt.date(2022, 1, 1)
    city = resolve_unit("thành phố Quảng Ngãi, tỉnh Quảng Ngãi", as_of=day)
    communes = list(communes_on_map(city, day))
    assert communes and all(c.level == Level.COMMUNE for c in communes)
    assert all(c.valid_from is None or c.valid_from <= day for c in communes)
    assert all(c.valid_to is None or c.valid_to > day for c in communes)
    assert city not in communes


def test_a_commune_has_no_commune_on_its_map_and_a_province_has_its_districts_too(units):
    day = dt.date(2024, 1, 1)
    commune = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=day)
    assert communes_on_map(commune, day).count() == 0
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=day)
    levels = set(units_on_map(province, day).values_list("level", flat=True))
    assert levels == {Level.DISTRICT, Level.COMMUNE}
