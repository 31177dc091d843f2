"""Small explicit registers on the factories' unit tree."""

from __future__ import annotations

import datetime as dt

from cds.registries.models import Member, Team
from cds.units.models import Unit


def team_with_members(unit: Unit, level: str, name: str, members: int, on: dt.date, area: str = "") -> Team:
    team = Team.objects.create(unit=unit, level=level, name=name, established_on=on, area=area)
    Member.objects.bulk_create(
        Member(team=team, full_name=f"Người {i}", joined_on=on, phone=f"0900000{i:03d}")
        for i in range(members)
    )
    return team
