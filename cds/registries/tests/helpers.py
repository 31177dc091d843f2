"""Small explicit registers on the small unit tree (cds.units.testing.small_tree)."""

from __future__ import annotations

import datetime as dt

from cds.registries.models import Activity, Course, Document, Member, Plan, Task, Team
from cds.units.models import Unit


def team_with_members(unit: Unit, level: str, name: str, members: int, on: dt.date, area: str = "") -> Team:
    team = Team.objects.create(unit=unit, level=level, name=name, established_on=on, area=area)
    Member.objects.bulk_create(
        Member(team=team, full_name=f"Người {i}", joined_on=on, phone=f"0900000{i:03d}")
        for i in range(members)
    )
    return team


def registers_of(unit: Unit) -> dict[str, str]:
    """One of every register on ``unit`` and the URL of each page about them."""
    team = team_with_members(unit, "commune", f"Tổ {unit.code}", 2, dt.date(2023, 1, 1))
    activity = Activity.objects.create(team=team, held_on=dt.date(2023, 9, 1), people_guided=10)
    doc = Document.objects.create(
        unit=unit, doc_type="KH", number="37", symbol="KH-UBND", issued_on=dt.date(2024, 3, 18)
    )
    plan = Plan.objects.create(unit=unit, year=2024, document=doc)
    task = Task.objects.create(plan=plan, content="Nhiệm vụ", deadline=dt.date(2024, 6, 30))
    course = Course.objects.create(unit=unit, kind="local", name="Tập huấn", starts_on=dt.date(2023, 7, 1))
    return {
        "team": f"/registries/teams/{team.pk}/",
        "team_edit": f"/registries/teams/{team.pk}/edit/",
        "activity_new": f"/registries/teams/{team.pk}/activities/new/",
        "activity_edit": f"/registries/teams/{team.pk}/activities/{activity.pk}/edit/",
        "document": f"/registries/docs/{doc.pk}/",
        "document_edit": f"/registries/docs/{doc.pk}/edit/",
        "plan": f"/registries/plans/{plan.pk}/",
        "plan_edit": f"/registries/plans/{plan.pk}/edit/",
        "task_new": f"/registries/plans/{plan.pk}/tasks/new/",
        "task_edit": f"/registries/plans/{plan.pk}/tasks/{task.pk}/edit/",
        "course_edit": f"/registries/training/courses/{course.pk}/edit/",
        "course_delete": f"/registries/training/courses/{course.pk}/delete/",
        "task_delete": f"/registries/plans/{plan.pk}/tasks/{task.pk}/delete/",
        "activity_delete": f"/registries/teams/{team.pk}/activities/{activity.pk}/delete/",
    }


def plan_of_2024(unit: Unit, last_done_on: dt.date | None = None) -> Plan:
    """KH 37/KH-UBND of 18/3/2024 with four tasks: «a» done on time (1/6 for 30/6), «b» done late
    (9/7 for 30/6), «c» in progress (due 31/8), «d» due 31/12, done on ``last_done_on`` if given."""
    doc = Document.objects.create(
        unit=unit, doc_type="KH", number="37", symbol="KH-UBND", issued_on=dt.date(2024, 3, 18)
    )
    plan = Plan.objects.create(unit=unit, year=2024, document=doc)
    Task.objects.create(
        plan=plan, content="a", deadline=dt.date(2024, 6, 30), status="done", done_on=dt.date(2024, 6, 1)
    )
    Task.objects.create(
        plan=plan, content="b", deadline=dt.date(2024, 6, 30), status="done", done_on=dt.date(2024, 7, 9)
    )
    Task.objects.create(plan=plan, content="c", deadline=dt.date(2024, 8, 31), status="in_progress")
    if last_done_on is None:
        Task.objects.create(plan=plan, content="d", deadline=dt.date(2024, 12, 31))
    else:
        Task.objects.create(
            plan=plan, content="d", deadline=dt.date(2024, 12, 31), status="done", done_on=last_done_on
        )
    return plan
