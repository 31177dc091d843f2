"""Plan progress: tasks done on time, overdue tasks, and the next period's tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from cds.lib.periods import Period
from cds.units.models import Unit

from .models import Plan, Task, TaskStatus


@dataclass(frozen=True)
class Progress:
    """Share of tasks due by ``as_of`` that were done by their deadline."""

    due: int
    done_on_time: int
    done_late: int
    overdue: int
    open: int  # not yet due

    @property
    def rate(self) -> float | None:
        return round(100 * self.done_on_time / self.due, 2) if self.due else None


def plan_for(unit: Unit, year: int) -> Plan | None:
    return Plan.objects.filter(unit=unit, year=year).select_related("document").first()


def progress(plan: Plan, as_of: dt.date) -> Progress:
    tasks = list(plan.tasks.all())
    due = [t for t in tasks if t.deadline <= as_of]
    on_time = sum(1 for t in due if t.done_on_time())
    late = sum(1 for t in due if t.status == TaskStatus.DONE and not t.done_on_time())
    overdue = sum(1 for t in due if t.state_on(as_of) == "overdue")
    return Progress(len(due), on_time, late, overdue, len(tasks) - len(due))


def overdue_tasks(unit: Unit, as_of: dt.date) -> QuerySet[Task]:
    """Open tasks past their deadline in the unit's plans — for the unit's dashboard."""
    return (
        Task.objects.filter(plan__unit=unit, deadline__lt=as_of)
        .exclude(status=TaskStatus.DONE, done_on__lte=as_of)
        .select_related("plan__document")
    )


def tasks_due_in(unit: Unit, period: Period) -> QuerySet[Task]:
    """Tasks with a deadline inside ``period``: pass ``period.next()``-like periods for the
    report's "phương hướng, nhiệm vụ" section."""
    return Task.objects.filter(
        plan__unit=unit, deadline__gte=period.start, deadline__lte=period.end
    ).select_related("plan__document")


def plan_counts(unit: Unit, period: Period) -> dict[str, object]:
    """The catalog's "annual plan issued" for a yearly period when the register holds the plan."""
    if period.kind != "year" or plan_for(unit, period.year) is None:
        return {}
    return {"institution.annual_plan_issued": "có"}
