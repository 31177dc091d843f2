"""The units below a unit on the map of a day — what a report's «n/N xã» counts (one way)."""

from __future__ import annotations

import datetime as dt

from cds.units.models import Level, Unit, UnitQuerySet, subtree_q
from cds.units.services import map_day


def units_on_map(unit: Unit, day: dt.date) -> UnitQuerySet:
    """Every unit below ``unit`` (not itself, no village) on its era's map of ``day``
    (``map_day``): a commune that ceased before ``day`` or was formed after it is not on it."""
    below = Unit.objects.filter(subtree_q(unit.path), era=unit.era).exclude(pk=unit.pk)
    return below.exclude(level=Level.VILLAGE).as_of(map_day(unit.era, day))


def communes_on_map(unit: Unit, day: dt.date) -> UnitQuerySet:
    """The communes (xã, phường, thị trấn, đặc khu) below ``unit`` on the map of ``day``: the 22
    of TP Quảng Ngãi on 1/1/2022 (An Phú, formed in 2025, is not one of them); none for a commune."""
    return units_on_map(unit, day).filter(level=Level.COMMUNE)
