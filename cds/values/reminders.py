"""Chasing late reports: a supervisor's «Nhắc nhở» for one or all late units, and the lateness notice.

``remind`` is the one writer behind the board's buttons, the API and ``cds notify remind``: it
notifies the officers of each unit whose report for the period is late (not submitted after
its deadline), and keeps a change record per unit reminded (who reminded, when). ``notify_late``
is the scheduled check (``cds notify late``): one lateness notice per officer, unit and period,
however often it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cds.history.changes import record
from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.lib.vn_dates import format_date
from cds.notifications.models import Kind
from cds.notifications.services import notify, officers_of
from cds.units.models import Unit

from .completeness import UnitReport, completeness
from .deadlines import deadlines_for
from .services import Actor
from .workflow import entry_link


@dataclass
class Reminded:
    units: list[Unit] = field(default_factory=list)
    people: int = 0
    without_officer: list[Unit] = field(default_factory=list)


def late_reports(units: Iterable[Unit], period: Period, today: dt.date | None = None) -> list[UnitReport]:
    units = list(units)
    today = today or timezone.localdate()
    return [r for r in completeness(units, period, deadlines_for(units, period), today) if r.late]


def _texts(unit: Unit, period: Period, due: dt.date | None, today: dt.date, sender: str) -> tuple[str, str]:
    days = (today - due).days if due else 0
    vi = (
        f"Nhắc nhở từ {sender}: báo cáo {period.label_vi} của {unit.name} đã quá hạn {days} ngày "
        f"(hạn nộp {format_date(due) if due else ''}). Đề nghị hoàn thành và gửi duyệt."
    )
    en = (
        f"Reminder from {sender}: the {period.label_en} report of {unit.name} is {days} day(s) overdue "
        f"(due {due:%d/%m/%Y}). Please complete and submit it."
        if due
        else f"Reminder from {sender}: the {period.label_en} report of {unit.name} is overdue."
    )
    return vi, en


def remind(units: Iterable[Unit], period: Period, actor: Actor, today: dt.date | None = None) -> Reminded:
    """Notify the officers of every late unit among ``units``; refuse when none of them is late."""
    today = today or timezone.localdate()
    late = late_reports(units, period, today)
    if not late:
        raise InputError(
            f"Không có đơn vị nào quá hạn nộp báo cáo {period.label_vi} để nhắc.",
            f"No unit is late with its {period.label_en} report: nobody to remind.",
            Location(column="period", value=period.code),
        )
    sender = (actor.user.get_full_name() if actor.user else "") or actor.label
    out = Reminded()
    with transaction.atomic():
        for report in late:
            people = list(officers_of(report.unit))
            if not people:
                out.without_officer.append(report.unit)
                continue
            vi, en = _texts(report.unit, period, report.deadline, today, sender)
            notify(people, Kind.REMINDER, vi, en, report.unit, period.code, entry_link(report.unit, period))
            record(actor, "remind", report.unit, None, {"period": period.code, "people": len(people)}, vi)
            out.units.append(report.unit)
            out.people += len(people)
    return out


def notify_late(units: Iterable[Unit], period: Period, today: dt.date | None = None) -> int:
    """One lateness notice per officer of each late unit for ``period`` (never twice). Returns how many."""
    today = today or timezone.localdate()
    made = 0
    for report in late_reports(units, period, today):
        vi, en = _texts(report.unit, period, report.deadline, today, "hệ thống")
        vi = vi.replace("Nhắc nhở từ hệ thống: ", "")
        en = en.replace("Reminder from hệ thống: ", "")
        key = f"late:{report.unit.pk}:{period.code}"
        made += len(
            notify(
                officers_of(report.unit),
                Kind.LATE,
                vi,
                en,
                report.unit,
                period.code,
                entry_link(report.unit, period),
                key,
            )
        )
    return made
