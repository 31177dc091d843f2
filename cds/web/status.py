"""Where a unit's report for a period stands, as the board shows it.

The status itself is defined once, in ``cds.values.completeness`` (shared with the API); this
module adds the labels people read; each unit's deadline is the one of its scope
(``cds.values.deadlines``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cds.lib.periods import Period
from cds.units.models import Unit
from cds.values.completeness import completeness
from cds.values.deadlines import deadlines_for

NOT_STARTED, DRAFT, SUBMITTED, RETURNED, APPROVED = (
    "not_started",
    "draft",
    "submitted",
    "returned",
    "approved",
)
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
    deadline: dt.date | None = None

    @property
    def label(self) -> str:
        return str(LABELS[self.state])

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def report_states(units: Iterable[Unit], period: Period, today: dt.date | None = None) -> list[ReportState]:
    """The state of each unit's report for ``period``, against the deadline of its scope."""
    units = list(units)
    reports = completeness(units, period, deadlines_for(units, period), today)
    return [
        ReportState(r.unit, r.workflow_status, r.values, r.last_change, r.late, r.deadline) for r in reports
    ]
