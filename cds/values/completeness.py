"""Who has reported: each unit's report status for a period, read from its values' statuses.

The one definition of report status, used by the completeness board, the API and reports.

No values → not started; any returned → returned; any draft → draft; any submitted →
submitted; all approved → approved. With a deadline that has passed, a report not yet
submitted (not started, draft or returned) is late. One grouped query for all units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet

from cds.lib.periods import Period
from cds.units.models import Unit
from cds.values.models import DataValue, Status

NOT_STARTED, LATE = "not_started", "late"
STATES = (NOT_STARTED, Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED, LATE)
NOT_SUBMITTED = {NOT_STARTED, Status.DRAFT, Status.RETURNED}


@dataclass
class UnitReport:
    unit: Unit
    workflow_status: str
    late: bool
    values: dict[str, int] = field(default_factory=dict)
    last_change: dt.datetime | None = None
    deadline: dt.date | None = None

    @property
    def status(self) -> str:
        return LATE if self.late else self.workflow_status


def workflow_status(counts: dict[str, int]) -> str:
    for status in (Status.RETURNED, Status.DRAFT, Status.SUBMITTED, Status.APPROVED):
        if counts.get(status):
            return str(status)
    return NOT_STARTED


def completeness(
    units: QuerySet[Unit] | list[Unit],
    period: Period,
    deadline: dt.date | Mapping[int, dt.date] | None = None,
    today: dt.date | None = None,
) -> list[UnitReport]:
    """The report status of each of ``units`` for ``period`` (late only when a deadline is given:
    one date for all, or unit id → date as ``deadlines.deadlines_for`` answers)."""
    today = today or dt.date.today()
    unit_list = list(units)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    last: dict[int, Any] = {}
    rows = (
        DataValue.objects.filter(unit__in=units, period=period.code)
        .values("unit_id", "status")
        .annotate(n=Count("id"), last=Max("updated_at"))
        .order_by()
    )
    for row in rows:
        counts[row["unit_id"]][row["status"]] = row["n"]
        last[row["unit_id"]] = max(filter(None, [last.get(row["unit_id"]), row["last"]]))
    out = []
    for unit in unit_list:
        state = workflow_status(counts[unit.pk])
        due = deadline.get(unit.pk) if isinstance(deadline, Mapping) else deadline
        late = due is not None and today > due and state in NOT_SUBMITTED
        out.append(UnitReport(unit, state, late, dict(counts[unit.pk]), last.get(unit.pk), due))
    return out


def count_states(reports: list[UnitReport]) -> dict[str, int]:
    totals = {str(s): 0 for s in STATES}
    for report in reports:
        totals[report.status] += 1
    return totals
