"""Registries without the web (issue 15): teams and courses of a unit, read; a course, a team's
member or activity written through ``registries.operations`` (``save_course``, ``save_member``,
``save_activity``: their checks and change records), with the caller's ``edit`` on the unit, as
on the pages."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from cds.lib.errors import InputError, Location
from cds.registries import teams, training
from cds.registries.models import Activity, Course, CourseKind, Member, ParticipantGroup, Team
from cds.registries.operations import Participants, put_team, save_activity, save_course, save_member
from cds.values.models import SourceKind
from cds.values.services import Actor

from ..convert import unit_out
from ..errors import ApiError, answers, not_found
from ..schemas import (
    ActivityIn,
    CourseIn,
    CourseOut,
    CourseWriteOut,
    MemberIn,
    RegistryWriteOut,
    TeamIn,
    TeamOut,
)
from ..scope import caller, period_from, unit_for

router = Router(tags=["registries"])
READ_ERRORS = answers(400, 404)
WRITE_ERRORS = answers(400, 403, 404)


def _course_out(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "unit": unit_out(course.unit),
        "kind": course.kind,
        "name": course.name,
        "starts_on": course.starts_on,
        "ends_on": course.ends_on,
        "mode": course.mode,
        "sessions": course.sessions,
        "organiser": course.organiser,
        "note": course.note,
        "participants": {p.group: p.participants for p in course.participations.all()},
    }


@router.get("/teams", response={200: list[TeamOut], **READ_ERRORS}, operation_id="teams_list")
def teams_list(
    request: HttpRequest, unit: int, period: str = Query(..., max_length=64)
) -> list[dict[str, Any]]:
    """Community digital technology teams of the unit and below standing at the period's end, with
    their members then (``registries.teams``)."""
    chosen, when = unit_for(request, unit), period_from(period)
    return [
        {
            "id": t.pk,
            "unit": unit_out(t.unit),
            "name": t.name,
            "level": t.level,
            "area": t.area,
            "established_on": t.established_on,
            "dissolved_on": t.dissolved_on,
            "members": teams.members_of(t, when).count(),
        }
        for t in teams.active_teams(chosen, when).select_related("unit")
    ]


@router.get("/courses", response={200: list[CourseOut], **READ_ERRORS}, operation_id="courses_list")
def courses_list(
    request: HttpRequest, unit: int, period: str = Query(..., max_length=64)
) -> list[dict[str, Any]]:
    """Courses and classes of the unit in the period, with participants by group (a group without
    a number is not known)."""
    chosen, when = unit_for(request, unit), period_from(period)
    courses = training.courses_in(chosen, when).select_related("unit").prefetch_related("participations")
    return [_course_out(c) for c in courses]


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value not in allowed:
        raise InputError(
            f"không nhận «{value}»; chọn một trong: {', '.join(allowed)}",
            f"unknown '{value}'; one of: {', '.join(allowed)}",
            Location(column=field, value=value),
        )
    return value


@router.post("/courses", response={200: CourseWriteOut, **WRITE_ERRORS}, operation_id="courses_write")
def courses_write(request: HttpRequest, payload: CourseIn) -> dict[str, Any]:
    """Create a course, or update the unit's course of that name and start day, with its
    participants by group; the same rules and history as the course page."""
    chosen = unit_for(request, payload.unit, "edit")
    course = Course.objects.filter(
        unit=chosen, name=payload.name.strip(), starts_on=payload.starts_on
    ).first()
    course = course or Course(unit=chosen, name=payload.name.strip(), starts_on=payload.starts_on)
    course.kind = _choice(payload.kind, list(CourseKind.values), "kind")
    course.mode = _choice(payload.mode, list(Course.Mode.values), "mode")
    course.ends_on, course.sessions = payload.ends_on, payload.sessions
    course.organiser, course.note = payload.organiser, payload.note
    groups = [
        Participants(_choice(group, list(ParticipantGroup.values), "participants"), n)
        for group, n in payload.participants.items()
    ]
    outcome = save_course(course, Actor.for_user(caller(request), SourceKind.API), groups, payload.reason)
    return {"course": _course_out(course), "outcome": outcome}


def _team(request: HttpRequest, team_id: int) -> Team:
    """The team if the caller may edit its unit: 404 when they may not see it, 403 when only see."""
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise not_found("team", team_id)
    try:
        unit_for(request, team.unit_id, "edit")
    except ApiError as err:
        if err.status == 404:  # a team of a unit the caller may not see does not exist for them
            raise not_found("team", team_id) from None
        raise
    return team


@router.post(
    "/teams/{int:team_id}/members",
    response={200: RegistryWriteOut, **WRITE_ERRORS},
    operation_id="team_members_write",
)
def team_members_write(request: HttpRequest, team_id: int, payload: MemberIn) -> dict[str, Any]:
    """Add a member to the team, or update the member of that name and joining day."""
    team = _team(request, team_id)
    name = payload.full_name.strip()
    member = Member.objects.filter(team=team, full_name=name, joined_on=payload.joined_on).first()
    member = member or Member(team=team, full_name=name, joined_on=payload.joined_on)
    member.role = _choice(payload.role, list(Member.Role.values), "role")
    member.organisation, member.position, member.left_on = (
        payload.organisation,
        payload.position,
        payload.left_on,
    )
    outcome = save_member(member, Actor.for_user(caller(request), SourceKind.API), payload.reason)
    return {"id": member.pk, "team": team.pk, "outcome": outcome}


@router.post(
    "/teams/{int:team_id}/activities",
    response={200: RegistryWriteOut, **WRITE_ERRORS},
    operation_id="team_activities_write",
)
def team_activities_write(request: HttpRequest, team_id: int, payload: ActivityIn) -> dict[str, Any]:
    """Record an outing of the team, or update the one of that day, kind and place."""
    team = _team(request, team_id)
    kind = _choice(payload.kind, list(Activity.Kind.values), "kind")
    place = payload.place.strip()
    activity = Activity.objects.filter(team=team, held_on=payload.held_on, kind=kind, place=place).first()
    activity = activity or Activity(team=team, held_on=payload.held_on, kind=kind, place=place)
    activity.people_guided, activity.note = payload.people_guided, payload.note
    activity.platforms = [_choice(p, list(Activity.PLATFORMS), "platforms") for p in payload.platforms]
    outcome = save_activity(activity, Actor.for_user(caller(request), SourceKind.API), payload.reason)
    return {"id": activity.pk, "team": team.pk, "outcome": outcome}


@router.post("/teams", response={200: RegistryWriteOut, **WRITE_ERRORS}, operation_id="teams_write")
def teams_write(request: HttpRequest, payload: TeamIn) -> dict[str, Any]:
    """Create the unit's team of that name, or update it (``operations.put_team``). A village
    team's area is text: it points at the commune's thôn when the list has it, and never adds one."""
    chosen = unit_for(request, payload.unit, "edit")
    team, outcome = put_team(
        chosen, payload.name, payload.level, payload.established_on,
        Actor.for_user(caller(request), SourceKind.API),
        area=payload.area, dissolved_on=payload.dissolved_on, note=payload.note, reason=payload.reason,
    )  # fmt: skip
    return {"id": team.pk, "team": team.pk, "outcome": outcome}
