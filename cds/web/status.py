"""Where a unit's report for a period stands, read from its values' statuses.

A report is the set of values a unit recorded for a period. Its state is derived, never stored
twice: no values → not started; any returned → returned; any draft → draft; otherwise
submitted until every value is approved. "Late" is not a state of the values but of the
calendar: a report not yet submitted when its deadline has passed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from cds.lib.periods import Period
from cds.units.models import Unit
from cds.values.models import DataValue, Status

from .models import deadline_for

NOT_STARTED, DRAFT, SUBMITTED, RETURNED, APPROVED = "not_started", "draft", "submitted", "returned", "approved"
LATE = "late"
STATES = (NOT_STARTED, DRAFT, SUBMITTED, RETURNED, APPROVED)
LABELS = {
    NOT_STARTED: _("Chưa nhập"),
    DRAFT: _("Đang nhập (nháp)"),
    SUBMITTED: _("Đã gửi, chờ duyệt"),
    RETURNED: _("Bị trả lại"),
    APPROVED: _("Đã duyệt"),
    LATE: _("Quá hạn"),
}


@dataclass
class ReportState:
    unit: Unit
    state: str
    counts: dict[str, int]
    last_change: dt.datetime | None
    late: bool

    @property
    def label(self) -> str:
        return str(LABELS[self.state])

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def state_of(counts: dict[str, int]) -> str:
    if not any(counts.values()):
        return NOT_STARTED
    if counts.get(Status.RETURNED):
        return RETURNED
    if counts.get(Status.DRAFT):
        return DRAFT
    if counts.get(Status.SUBMITTED):
        return SUBMITTED
    return APPROVED


def report_states(units: Iterable[Unit], period: Period, today: dt.date | None = None) -> list[ReportState]:
    """The state of each unit's report for ``period`` (one grouped query for all units)."""
    units = list(units)
    today = today or dt.date.today()
    due = deadline_for(period)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    last: dict[int, dt.datetime] = {}
    rows = (
        DataValue.objects.filter(unit__in=[u.pk for u in units], period=period.code)
        .values("unit_id", "status")
        .annotate(n=Count("id"), last=Max("updated_at"))
        .order_by()
    )
    for row in rows:
        counts[row["unit_id"]][row["status"]] = row["n"]
        if row["unit_id"] not in last or row["last"] > last[row["unit_id"]]:
            last[row["unit_id"]] = row["last"]
    out = []
    for unit in units:
        state = state_of(counts[unit.pk])
        late = state in {NOT_STARTED, DRAFT, RETURNED} and today > due
        out.append(ReportState(unit, state, counts[unit.pk], last.get(unit.pk), late))
    return out


def report_state(unit: Unit, period: Period) -> ReportState:
    return report_states([unit], period)[0]
