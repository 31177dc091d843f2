"""Team counts for the catalog, by level, for any unit and period."""

from __future__ import annotations

from collections import Counter
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet, Sum

from cds.lib.periods import Period
from cds.units.models import Era, Level, Unit, UnitLineage, subtree_q
from cds.units.names import search_key

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
    """Teams of ``unit`` and every unit below it — for a unit of today's map (from 1/7/2025)
    also the teams still registered on the legacy units it took over (``inherited_team_ids``)."""
    own = subtree_q(unit.path, "unit__path")
    inherited = inherited_team_ids(unit)
    return Team.objects.filter(own | Q(pk__in=inherited) if inherited else own)


def _outermost(paths: list[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def inherited_team_ids(unit: Unit) -> list[int]:
    """Teams on legacy units whose home today lies in ``unit``'s subtree.

    The rule: a team belongs wholly to the primary successor of its unit (the edge of the 2025
    reorganisation that inherits the old unit's identity, as ``cds.units.services.successors``
    orders them); a unit without edges of its own (a village, a legacy district) follows its
    nearest ancestor that has some. A legacy commune split in two therefore brings all its teams
    to one new commune, never a fraction of a team.
    """
    if unit.era != Era.CURRENT:
        return []
    olds = UnitLineage.objects.filter(subtree_q(unit.path, "new__path")).values_list("old__path", flat=True)
    roots = _outermost(list(olds))
    if not roots:
        return []
    teams = list(
        Team.objects.filter(reduce(or_, (subtree_q(p, "unit__path") for p in roots))).values_list(
            "pk", "unit__path"
        )
    )
    chains = {pk: [int(i) for i in reversed(path.strip("/").split("/")) if i] for pk, path in teams}
    homes: dict[int, str] = {}
    edges = UnitLineage.objects.filter(old_id__in={i for c in chains.values() for i in c}).order_by(
        "-is_primary", "-share", "new__path"
    )
    for old_id, new_path in edges.values_list("old_id", "new__path"):
        homes.setdefault(old_id, new_path)  # the first is the primary successor
    inherited = []
    for pk, chain in chains.items():
        home = next((homes[i] for i in chain if i in homes), None)
        if home is not None and home.startswith(unit.path):
            inherited.append(pk)
    return inherited


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
    if unit.era == Era.CURRENT:  # no districts from 1/7/2025: the 2025.1 totals are commune + village
        levels = tuple(level for level in levels if level != "district")
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
        team__in=teams_in(unit), held_on__gte=period.start, held_on__lte=period.end
    )
    if activities.exists():
        counts["teams.people_guided"] = activities.aggregate(n=Sum("people_guided"))["n"] or 0
    return counts


def members_of(team: Team, period: Period | None = None) -> QuerySet[Member]:
    qs = team.members.all()
    if period is not None:
        qs = qs.filter(joined_on__lte=period.end).filter(Q(left_on__isnull=True) | Q(left_on__gt=period.end))
    return qs


def village_for(commune: Unit, name: str) -> Unit | None:
    """The commune's thôn / tổ dân phố called ``name``, found by folded name; None when the
    commune has none of that name. A team's free text never creates a unit: villages come from
    the commune's list (``cds units import-villages``, ``cds units add-village``)."""
    key = search_key(name)
    for village in commune.children.filter(level=Level.VILLAGE):
        if key in {search_key(village.name), search_key(village.short_name)}:
            return village
    return None


def village_of(team: Team, user: object = None) -> Unit | None:
    """The village unit a village team's ``area`` names, if the commune's list has it; else
    None and ``area`` stays the record. ``operations.save_team`` sets it; the team is not saved
    here. ``user`` is kept for the callers' signature."""
    if team.level != "village" or team.village_id or not team.area.strip():
        return team.village if team.village_id else None
    if team.unit.level != Level.COMMUNE:
        return None
    return village_for(team.unit, team.area.strip())


def link_village(team: Team, user: object = None) -> Team:
    """Point a stored village team at its village unit (``village_of``) — for the demo loader,
    which writes its fixed registers directly; pages and imports use ``operations.save_team``."""
    village = village_of(team, user)
    if village is not None and team.village_id is None:
        team.village = village
        team.save(update_fields=["village"])
    return team
