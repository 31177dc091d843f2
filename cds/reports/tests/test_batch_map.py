"""A batch of reports is built for the communes of the period's map: a commune that ceased before the
period (units.history: Tây Trà's communes on 1/2/2020) is not one of a 2024 batch's units, and is one
of a 2019 batch's (issue 15's ceased units are unit rows with their last day)."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.batch import batch_units
from cds.units.search import resolve_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def test_a_batch_holds_the_communes_of_its_periods_map_only() -> None:
    y2019 = parse_period("2019")
    y2024 = parse_period("2024")
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=y2024.end)
    tra_quan = resolve_unit("Xã Trà Quân", as_of=y2019.start)
    names_2024 = {u.pk for u in batch_units(province, y2024)}
    names_2019 = {u.pk for u in batch_units(province, y2019)}
    assert tra_quan.pk not in names_2024
    assert tra_quan.pk in names_2019
    assert len(names_2019) - len(names_2024) >= 7
