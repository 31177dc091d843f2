"""Plan progress: tasks done on time, overdue tasks, and the next period's tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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


def completion(unit: Unit, period: Period) -> dict[str, object]:
    """Tasks of the unit's plans due inside ``period`` and those done by their deadline.

    Nothing (unknown, not zero) when the unit has no plan for a year the period touches; zero
    due tasks give no rate. The rate is done on time / due × 100, rounded to 2 decimals, like
    the catalog's ``plans.completion_rate`` (whose parts are the two counts).
    """
    years = range(period.start.year, period.end.year + 1)
    if not Plan.objects.filter(unit=unit, year__in=years).exists():
        return {}
    due = list(tasks_due_in(unit, period))
    on_time = sum(1 for task in due if task.done_on_time())
    counts: dict[str, object] = {"plans.tasks_due": len(due), "plans.tasks_done_on_time": on_time}
    if due:
        counts["plans.completion_rate"] = (Decimal(100 * on_time) / len(due)).quantize(Decimal("0.01"))
    return counts


def plan_counts(unit: Unit, period: Period) -> dict[str, object]:
    """ "Annual plan issued" for a yearly period with a plan, and the plan completion counts."""
    counts = completion(unit, period)
    if period.kind == "year" and plan_for(unit, period.year) is not None:
        counts["institution.annual_plan_issued"] = "có"
    return counts
