"""Excel/CSV import and export of teams, team members, activities and courses.

Same rules as value imports: every bad row is reported (file, row, column, value, in both
languages) and nothing is written unless the whole file is good; a file imported twice changes
nothing; ``dry_run`` reports what would change. Rows name the team by its unit and name.
Each row is checked like the form's operation (``operations.check_member`` /
``check_activity``: plausible dates in order), and every row created or changed gets a change
record, written in bulk in the import's transaction (no signal fires for a bulk write).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import translation

from cds.history.changes import ActorLike, build, snapshot
from cds.history.context import operation
from cds.history.models import ChangeAction, ChangeRecord
from cds.history.rows import write_rows
from cds.lib.errors import InputError, Location
from cds.lib.tabular import Row, read_table, write_table
from cds.lib.text import fold_words
from cds.lib.vn_dates import parse_date
from cds.lib.vn_numbers import parse_number
from cds.units.models import Unit, subtree_q
from cds.units.services import resolve_names
from cds.values.services import Actor

from .models import Activity, Course, CourseKind, Member, ParticipantGroup, Team, TeamLevel
from .operations import Participants, check_activity, check_member, put_team, save_course

CHECKS: dict[type, Callable[[Any], None]] = {Member: check_member, Activity: check_activity}

MEMBER_COLUMNS = [
    "unit",
    "team",
    "full_name",
    "role",
    "organisation",
    "position",
    "joined_on",
    "left_on",
    "phone",
]
ACTIVITY_COLUMNS = ["unit", "team", "held_on", "kind", "place", "people_guided", "platforms", "note"]
TEAM_COLUMNS = ["unit", "team", "level", "area", "established_on", "dissolved_on", "note"]
COURSE_COLUMNS = ["unit", "kind", "name", "starts_on", "ends_on", "mode", "sessions", "organiser",
                  "officials", "team_members", "residents", "note"]  # fmt: skip
ALIASES = {
    "unit": ["Đơn vị", "Xã"],
    "team": ["Tổ", "Tên tổ"],
    "full_name": ["Họ và tên", "Họ tên"],
    "role": ["Chức danh trong tổ", "Vai trò"],
    "organisation": ["Tổ chức", "Đoàn thể"],
    "position": ["Chức vụ"],
    "joined_on": ["Ngày tham gia"],
    "left_on": ["Ngày rời tổ"],
    "phone": ["Điện thoại", "Số điện thoại"],
    "held_on": ["Ngày"],
    "level": ["Cấp", "Cấp tổ"],
    "area": ["Thôn, tổ dân phố", "Địa bàn"],
    "established_on": ["Ngày thành lập"],
    "dissolved_on": ["Ngày giải thể"],
    "kind": ["Loại hoạt động", "Loại khóa học", "Loại hình"],
    "name": ["Tên khóa học", "Tên lớp", "Khóa học"],
    "starts_on": ["Ngày bắt đầu", "Từ ngày"],
    "ends_on": ["Ngày kết thúc", "Đến ngày"],
    "mode": ["Hình thức"],
    "sessions": ["Số lớp", "Số buổi", "Số đợt"],
    "organiser": ["Đơn vị tổ chức", "Cơ quan tổ chức"],
    "officials": ["CB, CC, NHĐKCT", "Cán bộ, công chức", "Số cán bộ"],
    "team_members": ["Thành viên Tổ CNSCĐ", "Thành viên tổ"],
    "residents": ["Người dân", "Số người dân"],
    "place": ["Địa điểm"],
    "people_guided": ["Số người được hướng dẫn"],
    "platforms": ["Nền tảng"],
    "note": ["Ghi chú"],
}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice(choices: Any, text: str, column: str) -> str:
    key = fold_words(text)
    # files are written in Vietnamese whatever the reader's language: the labels as typed (the
    # choices' labels translate on an English page)
    with translation.override("vi"):
        labels = [(value, str(label)) for value, label in choices]
    for value, label in labels:
        if key in {fold_words(value), fold_words(label)}:
            return value
    allowed = ", ".join(label for _, label in labels)
    raise InputError(
        f"không nhận «{text}»; chọn một trong: {allowed}",
        f"unknown '{text}'; one of: {allowed}",
        Location(column=column, value=text),
    )


class _Reader:
    """Resolves units and teams once per file and turns cell errors into located errors."""

    def __init__(self, file_name: str, units: dict[str, Unit | InputError]):
        self.file_name = file_name
        self.units = units  # every unit text of the file, read once by the one matcher of imports

    def team(self, row: Row) -> Team:
        unit = self.units[row.values["unit"]]
        if isinstance(unit, InputError):
            raise unit.located(column="unit", value=row.values["unit"])
        team = Team.objects.filter(unit=unit, name=row.values["team"]).first()
        if team is None:
            raise InputError(
                f"{unit.name} không có tổ «{row.values['team']}»",
                f"{unit.name} has no team '{row.values['team']}'",
                Location(column="team", value=row.values["team"]),
            )
        return team

    def day(self, row: Row, column: str) -> dt.date:
        """A required date cell."""
        found = self.date(row, column)
        if found is None:
            raise InputError("thiếu ngày", "the date is missing", Location(column=column))
        return found

    def date(self, row: Row, column: str, optional: bool = False) -> dt.date | None:
        text = row.values.get(column, "")
        if not text and optional:
            return None
        try:
            return parse_date(text)
        except InputError as err:
            raise err.located(column=column, value=text) from None


def _open(
    path: str | os.PathLike[str],
    file_name: str | None,
    columns: list[str],
    required: list[str],
    within: str | None,
) -> tuple[str, list[Row], _Reader]:
    """The file's name, its rows and a reader with its unit names resolved (all of them at once)."""
    name = file_name or os.path.basename(str(path))
    optional = [c for c in columns if c not in required]
    table = read_table(path, file_name=name, required=required, optional=optional, aliases=ALIASES)
    reader = _Reader(name, resolve_names([row.values["unit"] for row in table.rows], within=within))
    return name, table.rows, reader


def _run(
    columns: list[str],
    required: list[str],
    read_row: Callable[[_Reader, Row], tuple[Any, tuple[dict[str, Any], dict[str, Any]]]],
    path: str | os.PathLike[str],
    actor: ActorLike,
    dry_run: bool = False,
    file_name: str | None = None,
    within: str | None = None,
) -> ImportReport:
    """The import loop of rows read by ``read_row`` into (model, (lookup, values)): created, updated
    or unchanged here, each change recorded in bulk. ``within``: the province or district (name or
    code) the file's unit names lie in."""
    name, rows, reader = _open(path, file_name, columns, required, within)
    report = ImportReport(rows=len(rows))
    reason = f"nhập từ tệp / imported from {name}"
    changes: list[ChangeRecord] = []
    with operation("import"), transaction.atomic():
        for row in rows:
            try:
                model, (lookup, values) = read_row(reader, row)
                obj = model.objects.filter(**lookup).first()
                candidate = model(**lookup, **values) if obj is None else obj
                if obj is not None:
                    before = snapshot(obj)
                    if all(getattr(obj, k) == v for k, v in values.items()):
                        report.unchanged += 1
                        continue
                    for k, v in values.items():
                        setattr(obj, k, v)
                CHECKS[model](candidate)
            except InputError as err:
                report.errors.append(err.located(file=name, row=row.number))
                continue
            candidate.save()
            if obj is None:
                report.created += 1
                changes.append(
                    build(actor, ChangeAction.CREATE, candidate, None, snapshot(candidate), reason)
                )
            else:
                report.updated += 1
                changes.append(build(actor, ChangeAction.UPDATE, obj, before, snapshot(obj), reason))
        ChangeRecord.objects.bulk_create(changes, batch_size=500)
        if dry_run or report.errors:
            transaction.set_rollback(True)
    return report


def _member(reader: _Reader, row: Row) -> tuple[Any, tuple[dict[str, Any], dict[str, Any]]]:
    team = reader.team(row)
    v = row.values
    role = _choice(Member.Role.choices, v["role"], "role") if v.get("role") else "member"
    lookup = {"team": team, "full_name": v["full_name"].strip(), "joined_on": reader.date(row, "joined_on")}
    values = {"role": role, "organisation": v.get("organisation", ""), "position": v.get("position", ""),
              "left_on": reader.date(row, "left_on", optional=True), "phone": v.get("phone", "")}  # fmt: skip
    return Member, (lookup, values)


def _activity(reader: _Reader, row: Row) -> tuple[Any, tuple[dict[str, Any], dict[str, Any]]]:
    team = reader.team(row)
    v = row.values
    kind = _choice(Activity.Kind.choices, v["kind"], "kind") if v.get("kind") else "guidance"
    guided = _count_cell(row, "people_guided") or 0
    platforms = [
        _choice(list(Activity.PLATFORMS.items()), p.strip(), "platforms")
        for p in v.get("platforms", "").split(",")
        if p.strip()
    ]
    lookup = {"team": team, "held_on": reader.date(row, "held_on"), "kind": kind, "place": v.get("place", "")}
    return Activity, (lookup, {"people_guided": guided, "platforms": platforms, "note": v.get("note", "")})


# Members by team, name and joining day; activities by team, day, kind and place.
import_members = partial(_run, MEMBER_COLUMNS, ["unit", "team", "full_name", "joined_on"], _member)
import_activities = partial(_run, ACTIVITY_COLUMNS, ["unit", "team", "held_on"], _activity)


def export_members(path: str | os.PathLike[str], unit: Unit, personal: bool) -> int:
    """Members of the unit's teams; phone numbers only for people allowed to see personal data."""
    members = Member.objects.filter(subtree_q(unit.path, "team__unit__path")).select_related("team__unit")
    with translation.override("vi"):  # files are Vietnamese whatever the reader's language (see _choice)
        rows = [
            [m.team.unit.code, m.team.name, m.full_name, m.get_role_display(), m.organisation, m.position,
             m.joined_on, m.left_on, m.phone if personal else ""]
            for m in members
        ]  # fmt: skip
    write_table(path, MEMBER_COLUMNS, rows, sheet_title="Thành viên")
    return len(rows)


def export_activities(path: str | os.PathLike[str], unit: Unit) -> int:
    activities = Activity.objects.filter(subtree_q(unit.path, "team__unit__path")).select_related(
        "team__unit"
    )
    with translation.override("vi"):  # files are Vietnamese whatever the reader's language (see _choice)
        rows = [
            [a.team.unit.code, a.team.name, a.held_on, a.get_kind_display(), a.place, a.people_guided,
             ", ".join(Activity.PLATFORMS.get(p, p) for p in a.platforms), a.note]
            for a in activities
        ]  # fmt: skip
    write_table(path, ACTIVITY_COLUMNS, rows, sheet_title="Hoạt động")
    return len(rows)


def _count_cell(row: Row, column: str) -> int | None:
    """A count cell in any Vietnamese form («1.250»); empty = not known (never 0)."""
    text = row.values.get(column, "")
    if not text:
        return None
    try:
        return int(parse_number(text, kind="count").value or 0)
    except InputError as err:
        raise err.located(column=column, value=text) from None


def _course(reader: _Reader, row: Row) -> tuple[Course, list[Participants]]:
    v = row.values
    unit = reader.units[v["unit"]]
    if isinstance(unit, InputError):
        raise unit.located(column="unit", value=v["unit"])
    starts_on = reader.day(row, "starts_on")
    name = v["name"].strip()
    course = Course.objects.filter(unit=unit, name=name, starts_on=starts_on).first() or Course(
        unit=unit, name=name, starts_on=starts_on
    )
    course.kind = _choice(CourseKind.choices, v["kind"], "kind")
    course.mode = _choice(Course.Mode.choices, v["mode"], "mode") if v.get("mode") else Course.Mode.IN_PERSON
    course.ends_on = reader.date(row, "ends_on", optional=True)
    course.sessions = _count_cell(row, "sessions") or 1
    course.organiser = v.get("organiser", "")
    course.note = v.get("note", "")
    kept = {p.group: p for p in course.participations.all()} if course.pk else {}
    groups = []
    for group in ParticipantGroup.values:
        n = _count_cell(row, group)
        if n is not None:  # completed/certified entered on the form stay as they were
            old = kept.get(group)
            groups.append(Participants(group, n, old.completed if old else 0, old.certified if old else 0))
    return course, groups


def _run_saves(
    columns: list[str],
    required: list[str],
    save_row: Callable[[_Reader, Row, Actor, str], str],
    path: str | os.PathLike[str],
    actor: Actor,
    dry_run: bool = False,
    file_name: str | None = None,
    within: str | None = None,
) -> ImportReport:
    """The import loop of rows each written by a registry operation (``save_course``,
    ``put_team``: their checks and change records): ``save_row`` returns "create", "update" or
    "unchanged". Every bad row is reported and nothing is written unless the whole file is good;
    a second import of the same file changes nothing. ``within``: the province or district the
    unit names lie in."""
    name, rows, reader = _open(path, file_name, columns, required, within)
    report = ImportReport(rows=len(rows))
    reason = f"nhập từ tệp / imported from {name}"
    write_rows(report, rows, name, lambda row: save_row(reader, row, actor, reason), dry_run)
    return report


def _save_course(reader: _Reader, row: Row, actor: Actor, reason: str) -> str:
    """A course by unit, name and start day, saved by ``operations.save_course`` (its checks and
    change record); a group's empty cell is not known (no participation row), never 0."""
    course, groups = _course(reader, row)
    return save_course(course, actor, groups, reason)


def _save_team(reader: _Reader, row: Row, actor: Actor, reason: str) -> str:
    """A team by unit and name, saved by ``operations.put_team``: a village team's area points at
    the commune's thôn when its list has it and never adds one."""
    v = row.values
    unit = reader.units[v["unit"]]
    if isinstance(unit, InputError):
        raise unit.located(column="unit", value=v["unit"])
    level = _choice(TeamLevel.choices, v["level"], "level")
    established = reader.day(row, "established_on")
    _, outcome = put_team(
        unit, v["team"], level, established, actor, area=v.get("area", ""),
        dissolved_on=reader.date(row, "dissolved_on", optional=True), note=v.get("note", ""), reason=reason,
    )  # fmt: skip
    return outcome


import_courses = partial(_run_saves, COURSE_COLUMNS, ["unit", "kind", "name", "starts_on"], _save_course)
import_teams = partial(_run_saves, TEAM_COLUMNS, ["unit", "team", "level", "established_on"], _save_team)


def export_teams(path: str | os.PathLike[str], unit: Unit) -> int:
    """The teams of the unit and below, in the columns ``import_teams`` reads."""
    teams = Team.objects.filter(subtree_q(unit.path, "unit__path")).select_related("unit")
    with translation.override("vi"):  # files are Vietnamese whatever the reader's language (see _choice)
        rows = [
            [t.unit.code, t.name, t.get_level_display(), t.area, t.established_on, t.dissolved_on, t.note]
            for t in teams.order_by("unit__path", "name")
        ]
    write_table(path, TEAM_COLUMNS, rows, sheet_title="Tổ")
    return len(rows)


def export_courses(path: str | os.PathLike[str], unit: Unit) -> int:
    """Courses of the unit and below, in the columns ``import_courses`` reads; a group without a
    participation row is left empty (not known)."""
    courses = (
        Course.objects.filter(subtree_q(unit.path, "unit__path"))
        .select_related("unit")
        .prefetch_related("participations")
        .order_by("unit__path", "starts_on", "name")
    )
    with translation.override("vi"):  # files are Vietnamese whatever the reader's language (see _choice)
        rows = []
        for c in courses:
            groups = {p.group: p.participants for p in c.participations.all()}
            rows.append(
                [c.unit.code, c.get_kind_display(), c.name, c.starts_on, c.ends_on, c.get_mode_display(),
                 c.sessions, c.organiser, *(groups.get(g, "") for g in ParticipantGroup.values), c.note]
            )  # fmt: skip
    write_table(path, COURSE_COLUMNS, rows, sheet_title="Khóa học")
    return len(rows)
