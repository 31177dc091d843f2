"""Team counts for the catalog, by level, for any unit and period."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q, QuerySet, Sum

from cds.lib.periods import Period
from cds.units.models import Unit

from .models import Activity, Member, Team

LEVEL_CODES = {
    "district": ("teams.district_teams", "teams.district_members"),
    "commune": ("teams.commune_teams", "teams.commune_members"),
    "village": ("teams.village_teams", "teams.village_members"),
}
LEVELS_BELOW = {
    "province": ("district", "commune", "village"),
    "district": ("district", "commune", "village"),
    "commune": ("commune", "village"),
    "village": ("village",),
}


def teams_in(unit: Unit) -> QuerySet[Team]:
    """Teams of ``unit`` and every unit below it."""
    return Team.objects.filter(unit__path__startswith=unit.path)


def active_teams(unit: Unit, period: Period) -> QuerySet[Team]:
    """Teams standing at the end of ``period`` (founded by then, not yet dissolved)."""
    end = period.end
    return (
        teams_in(unit)
        .filter(established_on__lte=end)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))
    )


def active_members(period: Period) -> Q:
    end = period.end
    return Q(members__joined_on__lte=end) & (Q(members__left_on__isnull=True) | Q(members__left_on__gt=end))


def team_counts(unit: Unit, period: Period) -> dict[str, int]:
    """Teams and members by level at the end of the period, and people guided during it.

    A province- or district-level unit counts every level below it; a commune its own and its
    villages' teams. Member counts are given only when every counted team has its member list
    in the register, and people guided only when activities were recorded: a missing list is
    "not known", never zero.
    """
    levels = LEVELS_BELOW.get(unit.level, ())
    teams = list(
        active_teams(unit, period)
        .filter(level__in=levels)
        .annotate(n=Count("members", filter=active_members(period)), listed=Count("members"))
        .values_list("level", "n", "listed")
    )
    counts: dict[str, int] = {}
    team_n: Counter[str] = Counter(level for level, _, _ in teams)
    member_n: Counter[str] = Counter()
    for level, n, _ in teams:
        member_n[level] += n
    members_known = all(listed for _, _, listed in teams)
    for level in levels:
        if level not in LEVEL_CODES:
            continue
        team_code, member_code = LEVEL_CODES[level]
        counts[team_code] = team_n[level]
        if members_known:
            counts[member_code] = member_n[level]
    counts["teams.teams_total"] = sum(team_n.values())
    if members_known:
        counts["teams.members_total"] = sum(member_n.values())
    activities = Activity.objects.filter(
        team__unit__path__startswith=unit.path, held_on__gte=period.start, held_on__lte=period.end
    )
    if activities.exists():
        counts["teams.people_guided"] = activities.aggregate(n=Sum("people_guided"))["n"] or 0
    return counts


def members_of(team: Team, period: Period | None = None) -> QuerySet[Member]:
    qs = team.members.all()
    if period is not None:
        qs = qs.filter(joined_on__lte=period.end).filter(Q(left_on__isnull=True) | Q(left_on__gt=period.end))
    return qs
