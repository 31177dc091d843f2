"""Every write to the registers: one function per operation, each taking an ``Actor``.

Web pages, commands, imports and the demo call these (never ``Model.save`` on a register), so
the rules live here and not in a form: plausible dates in the right order, no duplicate (a
bilingual message instead of a database error), and a change record (who, when, what, before,
after, why, request id) written in the same transaction (``cds.history.changes``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from cds.history.changes import delete_with_history, save_with_history
from cds.history.context import operation
from cds.lib.errors import InputError, Location
from cds.lib.vn_dates import format_date
from cds.units.models import Unit
from cds.values.services import Actor

from . import files
from .models import Activity, Course, Document, Member, Participation, Plan, Task, TaskStatus, Team, TeamLevel
from .teams import village_of

# Dates a register may hold: nothing before the Republic, nothing further ahead than ten years.
EARLIEST = dt.date(1945, 9, 2)
YEARS_AHEAD = 10


def latest_day() -> dt.date:
    return dt.date(dt.date.today().year + YEARS_AHEAD, 12, 31)


def check_day(day: dt.date | None, column: str, vi: str, en: str) -> None:
    """A date between 2/9/1945 and 31/12 ten years from now, else a bilingual error."""
    if day is None:
        return
    latest = latest_day()
    if not EARLIEST <= day <= latest:
        raise InputError(
            f"{vi} «{format_date(day)}» không hợp lý: phải từ {format_date(EARLIEST)} đến {format_date(latest)}.",
            f"{en} {day:%Y-%m-%d} is not plausible: it must be between {EARLIEST:%Y-%m-%d} and {latest:%Y-%m-%d}.",
            Location(column=column, value=day.isoformat()),
        )


def check_order(first: dt.date | None, then: dt.date | None, column: str, vi: str, en: str) -> None:
    """``then`` (an end) not before ``first`` (its start)."""
    if first is not None and then is not None and then < first:
        raise InputError(
            f"{vi} ({format_date(then)}) trước ngày bắt đầu ({format_date(first)}).",
            f"{en} ({then:%Y-%m-%d}) is before the start ({first:%Y-%m-%d}).",
            Location(column=column, value=then.isoformat()),
        )


def check_year(year: int | None, column: str, latest_ahead: int = YEARS_AHEAD) -> None:
    if year is None:
        return
    latest = dt.date.today().year + latest_ahead
    if not EARLIEST.year <= year <= latest:
        raise InputError(
            f"Năm {year} không hợp lý: phải từ {EARLIEST.year} đến {latest}.",
            f"The year {year} is not plausible: it must be between {EARLIEST.year} and {latest}.",
            Location(column=column, value=str(year)),
        )


# --- checks, shared by the forms' operations and the bulk imports -------------------------------


def check_team(team: Team) -> None:
    check_day(team.established_on, "established_on", "Ngày thành lập", "The founding date")
    check_day(team.dissolved_on, "dissolved_on", "Ngày giải thể", "The dissolution date")
    check_order(
        team.established_on, team.dissolved_on, "dissolved_on", "Ngày giải thể", "The dissolution date"
    )


def check_member(member: Member) -> None:
    check_day(member.joined_on, "joined_on", "Ngày tham gia", "The joining date")
    check_day(member.left_on, "left_on", "Ngày rời tổ", "The leaving date")
    check_order(member.joined_on, member.left_on, "left_on", "Ngày rời tổ", "The leaving date")
    if member.birth_year is not None and not 1900 <= member.birth_year <= dt.date.today().year:
        raise InputError(
            f"Năm sinh {member.birth_year} không hợp lý.",
            f"The birth year {member.birth_year} is not plausible.",
            Location(column="birth_year", value=str(member.birth_year)),
        )


def check_activity(activity: Activity) -> None:
    check_day(activity.held_on, "held_on", "Ngày hoạt động", "The activity's date")


DUPLICATE_MEMBER = ("Tổ đã có thành viên này (cùng họ tên và ngày tham gia).",
                    "The team already has this member (same name and joining date).")  # fmt: skip
DUPLICATE_ACTIVITY = ("Tổ đã ghi hoạt động này (cùng ngày, loại hoạt động và địa điểm).",
                      "The team already recorded this activity (same day, kind and place).")  # fmt: skip


# --- teams --------------------------------------------------------------------------------------


def save_team(team: Team, actor: Actor, reason: str = "", *, area_changed: bool = False) -> str:
    """Create or edit a team; a village team is pointed at its thôn (found, or added once)."""
    check_team(team)
    if area_changed:
        team.village = None  # the village follows the area's name
    with transaction.atomic():
        team.village = village_of(team, actor.user)
        return save_with_history(
            team, actor, reason,
            duplicate=(f"Đơn vị đã có tổ tên «{team.name}».", f"The unit already has a team named '{team.name}'."),
        )  # fmt: skip


def put_team(
    unit: Unit,
    name: str,
    level: str,
    established_on: dt.date,
    actor: Actor,
    *,
    area: str = "",
    dissolved_on: dt.date | None = None,
    note: str = "",
    reason: str = "",
) -> tuple[Team, str]:
    """The unit's team called ``name``, created or updated (``save_team``) — for the command line
    and the API, which name a team by its unit and name; ``level`` is a ``TeamLevel`` value."""
    if level not in TeamLevel.values:
        raise InputError(
            f"không nhận cấp «{level}»; chọn một trong: {', '.join(TeamLevel.values)}",
            f"unknown level '{level}'; one of: {', '.join(TeamLevel.values)}",
            Location(column="level", value=level),
        )
    team = Team.objects.filter(unit=unit, name=name.strip()).first() or Team(unit=unit, name=name.strip())
    area_changed = team.pk is not None and team.area != area
    team.level, team.established_on, team.dissolved_on = level, established_on, dissolved_on
    team.area, team.note = area, note
    return team, save_team(team, actor, reason, area_changed=area_changed)


def save_member(member: Member, actor: Actor, reason: str = "") -> str:
    check_member(member)
    return save_with_history(member, actor, reason, duplicate=DUPLICATE_MEMBER)


def save_activity(activity: Activity, actor: Actor, reason: str = "") -> str:
    check_activity(activity)
    return save_with_history(activity, actor, reason, duplicate=DUPLICATE_ACTIVITY)


def delete_activity(activity: Activity, actor: Actor, reason: str = "") -> None:
    delete_with_history(activity, actor, reason)


# --- training -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Participants:
    """One group's numbers in a course (the course form's rows)."""

    group: str
    participants: int
    completed: int = 0
    certified: int = 0


class _CourseParticipants:
    """Replaces a course's participation rows and describes them for its change record."""

    def __init__(self, rows: Sequence[Participants] | None):
        self.rows = rows

    @staticmethod
    def describe(course: Course) -> dict[str, Any]:
        return {
            "participations": {
                p.group: [p.participants, p.completed, p.certified]
                for p in course.participations.order_by("group")
            }
        }

    def save(self, course: Course) -> dict[str, Any]:
        if self.rows is not None:
            course.participations.exclude(group__in=[r.group for r in self.rows]).delete()
            for r in self.rows:
                Participation.objects.update_or_create(
                    course=course, group=r.group,
                    defaults={"participants": r.participants, "completed": r.completed, "certified": r.certified},
                )  # fmt: skip
        return self.describe(course)


def save_course(
    course: Course, actor: Actor, participants: Sequence[Participants] | None = None, reason: str = ""
) -> str:
    """Create or edit a course and (when given) replace its participants by group."""
    check_day(course.starts_on, "starts_on", "Ngày bắt đầu", "The start date")
    check_day(course.ends_on, "ends_on", "Ngày kết thúc", "The end date")
    check_order(course.starts_on, course.ends_on, "ends_on", "Ngày kết thúc", "The end date")
    groups = [r.group for r in participants or ()]
    if len(groups) != len(set(groups)):
        raise InputError("Mỗi nhóm chỉ được nhập một lần.", "Each group may be entered once.")
    for r in participants or ():
        if (
            min(r.participants, r.completed, r.certified) < 0
            or max(r.completed, r.certified) > r.participants
        ):
            raise InputError(
                "Số hoàn thành, được cấp chứng nhận không được vượt số tham gia.",
                "Completed and certified cannot exceed the participants.",
                Location(column=r.group),
            )
    return save_with_history(
        course, actor, reason, after_save=_CourseParticipants(participants),
        duplicate=("Đơn vị đã có khóa học cùng tên bắt đầu cùng ngày.",
                   "The unit already has a course of that name starting that day."),
    )  # fmt: skip


def delete_course(course: Course, actor: Actor, reason: str = "") -> None:
    delete_with_history(course, actor, reason, **_CourseParticipants.describe(course))


# --- documents ----------------------------------------------------------------------------------


def check_document(doc: Document) -> None:
    check_day(doc.issued_on, "issued_on", "Ngày ban hành", "The issue date")
    check_year(doc.year, "year")


def save_document(
    doc: Document,
    actor: Actor,
    targets: Iterable[Any] | None = None,
    upload: IO[bytes] | None = None,
    upload_name: str = "",
    upload_size: int | None = None,
    reason: str = "",
) -> str:
    """Create or edit a document's record (and its targets), and store its file when given."""
    check_document(doc)
    with operation(), transaction.atomic():
        action = save_with_history(
            doc, actor, reason, m2m=None if targets is None else {"targets": targets},
            duplicate=(f"Đơn vị đã có văn bản {doc}.", f"The unit already has the document {doc}."),
        )  # fmt: skip
        if upload is not None:
            attach_file(doc, upload, upload_name, actor, upload_size)
    return action


def attach_file(
    doc: Document, upload: IO[bytes], name: str, actor: Actor, size: int | None = None
) -> Document:
    """Check and store the document's file (``files.attach``) and record the change."""
    return files.attach(doc, upload, name, size, actor=actor)


# --- plans --------------------------------------------------------------------------------------


def save_plan(plan: Plan, actor: Actor, reason: str = "") -> str:
    check_year(plan.year, "year", latest_ahead=5)
    if plan.document_id is not None and plan.unit_id is not None and plan.document.unit_id != plan.unit_id:
        raise InputError(
            f"Văn bản «{plan.document}» không thuộc {plan.unit.name}.",
            f"The document «{plan.document}» is not {plan.unit.name}'s.",
            Location(column="document"),
        )
    return save_with_history(
        plan, actor, reason,
        duplicate=("Văn bản này đã là kế hoạch của một năm khác.", "This document is already a plan."),
    )  # fmt: skip


def save_task(task: Task, actor: Actor, reason: str = "") -> str:
    check_day(task.deadline, "deadline", "Hạn hoàn thành", "The deadline")
    check_day(task.done_on, "done_on", "Ngày hoàn thành", "The completion date")
    if task.status == TaskStatus.DONE and task.done_on is None:
        raise InputError(
            "Nhiệm vụ «Hoàn thành» cần ngày hoàn thành.",
            "A task marked done needs the day it was done.",
            Location(column="done_on"),
        )
    return save_with_history(task, actor, reason)


def delete_task(task: Task, actor: Actor, reason: str = "") -> None:
    delete_with_history(task, actor, reason)
