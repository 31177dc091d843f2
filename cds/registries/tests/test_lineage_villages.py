"""Teams across the 2025 reorganisation, and village teams that point to village units."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.lib.periods import parse_period
from cds.registries import teams
from cds.registries.models import Activity, Team
from cds.units.models import Era, Unit, UnitLineage
from cds.units.services import add_village
from cds.units.testing import make_unit

from .helpers import team_with_members

pytestmark = pytest.mark.django_db
D = dt.date


def _village_team(unit: Unit, name: str, area: str) -> Team:
    """A village team established on 1/1/2023 whose area is typed as ``area``."""
    return Team.objects.create(unit=unit, level="village", name=name, area=area, established_on=D(2023, 1, 1))


def test_teams_of_merged_legacy_communes_count_for_todays_commune(tree) -> None:
    team_with_members(tree["a"], "commune", "Tổ xã An", 9, D(2022, 9, 30))
    team_with_members(tree["a"], "village", "Tổ thôn 1", 5, D(2022, 9, 30), area="thôn 1")
    team_with_members(tree["b"], "commune", "Tổ xã Bình", 7, D(2023, 1, 1))
    counts = teams.team_counts(tree["merged"], parse_period("2025Q4"))
    assert (counts["teams.commune_teams"], counts["teams.village_teams"], counts["teams.teams_total"]) == (
        2,
        1,
        3,
    )
    assert counts["teams.members_total"] == 21
    team_with_members(tree["district"], "district", "Tổ huyện", 9, D(2022, 9, 15))
    province = teams.team_counts(tree["new_province"], parse_period("2026"))
    assert province["teams.teams_total"] == 3 and "teams.district_teams" not in province


def test_a_split_communes_teams_go_wholly_to_its_primary_successor(tree) -> None:
    c = make_unit("Xã Chia", "commune", "T99903", tree["district"])
    north = make_unit("Xã Bắc", "commune", "T99960", tree["new_province"], era=Era.CURRENT)
    south = make_unit("Xã Nam", "commune", "T99961", tree["new_province"], era=Era.CURRENT)
    UnitLineage.objects.create(old=c, new=north, kind="split", share="0.4", is_primary=False)
    UnitLineage.objects.create(old=c, new=south, kind="split", share="0.6", is_primary=True)
    team = team_with_members(c, "commune", "Tổ xã Chia", 4, D(2023, 1, 1))
    Activity.objects.create(team=team, held_on=D(2025, 9, 1), people_guided=30)
    period = parse_period("2025Q3")
    assert teams.team_counts(south, period)["teams.commune_teams"] == 1
    assert teams.team_counts(south, period)["teams.people_guided"] == 30
    assert teams.team_counts(north, period)["teams.commune_teams"] == 0
    assert teams.inherited_team_ids(tree["a"]) == []  # a legacy unit counts only its own subtree


def test_a_village_team_points_to_the_village_unit_found_by_folded_name(tree) -> None:
    village = add_village(tree["a"], "Thôn Canh Mo")
    assert teams.village_for(tree["a"], "thôn canh mo") == village
    team = _village_team(tree["a"], "Tổ thôn Canh Mo", "thon canh mo")
    assert teams.link_village(team).village == village
    assert village.parent == tree["a"] and village.level == "village"
    assert tree["a"].children.filter(level="village").count() == 1


def test_a_team_area_naming_no_village_never_creates_a_unit(tree) -> None:
    """Issue 15: typing «thôn Khê Thủy» as a team's area made an administrative unit with its
    own pages; villages come from a commune's list (``cds units import-villages``) only."""
    units_before = Unit.objects.count()
    team = _village_team(tree["a"], "Tổ thôn Khê Thủy", "thôn Khê Thủy")
    assert teams.link_village(team).village is None and team.area == "thôn Khê Thủy"
    assert teams.village_for(tree["a"], "thôn Khê Thủy") is None
    assert Unit.objects.count() == units_before


def test_a_village_team_without_a_commune_keeps_its_area_as_text(tree) -> None:
    team = _village_team(tree["district"], "Tổ thôn lạ", "thôn Lạ")
    assert teams.link_village(team).village is None and team.area == "thôn Lạ"
