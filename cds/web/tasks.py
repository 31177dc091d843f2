"""«Việc cần làm»: every open task of a person across periods and modules, for the home page.

An officer's unit: each quarter of the last two years (and the round in progress) not yet
submitted — overdue ones first, a returned one with its reason; the annual report of last year
(and of this year once its last quarter is the round); the DTI self-assessment of a year whose
framework is loaded and which is not yet submitted. A supervisor: the submissions of the units
below them waiting for review (their inbox), the DTI self-assessments waiting for verification,
and how many units are late in the round in progress. Only reads; every figure comes from the
workflow's own definitions (``completeness``, ``deadlines``, ``workflow.last_return``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cds.dti.models import Assessment, AssessmentStatus
from cds.dti.scoring import era_for_year
from cds.dti.services import frameworks_for_year
from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.reports.views import KIND_LABELS, KIND_LABELS_EN
from cds.units.models import Unit
from cds.values.deadlines import current_round
from cds.values.models import DataValue, Status
from cds.values.workflow import last_return

from .status import LABELS, report_states

QUARTERS_BACK = 8  # two years of quarters


@dataclass
class Task:
    kind: str  # report / annual / dti / review / verify
    title: str
    unit: Unit
    url: str
    status: str = ""  # a state code for the badge's colour (never shown as text)
    status_label: str = ""
    due: dt.date | None = None
    late: bool = False
    reason: str = ""
    reason_by: str = ""
    when: dt.datetime | None = None


def _label(period: Period, lang: str) -> str:
    return period.label_en if lang == "en" else period.label_vi


def _exists(unit: Unit, period: Period) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to > period.start
    )


def report_periods(unit: Unit, today: dt.date) -> list[Period]:
    """The periods an officer's unit may owe: the quarters from two years back to the round in
    progress (the running quarter too), and last year's and this year's annual report."""
    last_day = today if unit.valid_to is None else min(today, unit.valid_to - dt.timedelta(days=1))
    running = Period.containing(last_day, "quarter")  # a unit that ended owes up to its last quarter
    quarters = [running]
    while len(quarters) <= QUARTERS_BACK:
        quarters.append(quarters[-1].previous())
    years = [Period.of("year", last_day.year - 1), Period.of("year", last_day.year)]
    return [p for p in [*quarters, *years] if _exists(unit, p)]


def officer_tasks(unit: Unit, lang: str = "vi", today: dt.date | None = None) -> list[Task]:
    today = today or timezone.localdate()
    round_ = current_round(today)
    entry = reverse("web:entry", args=[unit.pk])
    tasks: list[Task] = []
    for period in report_periods(unit, today):
        (state,) = report_states([unit], period, today)
        if state.state in {Status.SUBMITTED, Status.APPROVED}:
            continue
        running = period.end >= today
        # a running period is a task only when it is the round, or when the unit already began it
        if running and period != round_ and state.state == "not_started":
            continue
        kind = "annual" if period.kind == "year" else "report"
        title = (
            _("Báo cáo năm %(p)s") % {"p": period.year}
            if kind == "annual"
            else _("Báo cáo %(p)s") % {"p": _label(period, lang)}
        )
        task = Task(
            kind,
            title,
            unit,
            f"{entry}?period={period.code}",
            state.state,
            str(LABELS[state.state]),
            state.deadline,
            state.late,
        )
        if state.state == Status.RETURNED:
            change = last_return(unit, period)
            if change is not None:
                task.reason = change.reason
                task.reason_by = (
                    change.changed_by.get_full_name() if change.changed_by else ""
                ) or change.actor
        tasks.append(task)
    tasks += dti_tasks(unit, lang, today)
    return sorted(tasks, key=lambda t: (not t.late, t.status != Status.RETURNED, t.due or dt.date.max))


def dti_tasks(unit: Unit, lang: str, today: dt.date) -> list[Task]:
    """The DTI self-assessments the unit has not submitted: last year's and this year's round."""
    out = []
    for year in (today.year - 1, today.year):
        if unit.era != era_for_year(year) or not frameworks_for_year(year, unit.level):
            continue
        assessment = Assessment.objects.filter(unit=unit, year=year).first()
        if assessment is not None and assessment.status != AssessmentStatus.DRAFT:
            continue
        status = "draft" if assessment is not None else "not_started"
        out.append(
            Task(
                "dti",
                _("Tự đánh giá chỉ số DTI năm %(y)s") % {"y": year},
                unit,
                reverse("dti:assess", args=[unit.pk, year]),
                status,
                _("Đang tự đánh giá") if assessment is not None else _("Chưa tự đánh giá"),
            )
        )
    return out


def review_inbox(units: QuerySet[Unit], lang: str = "vi", limit: int = 50) -> tuple[list[Task], int]:
    """Submissions of ``units`` (those the person reviews) waiting for review, oldest first, and how many."""
    rows = (
        DataValue.objects.filter(status=Status.SUBMITTED, unit__in=units)
        .values("unit_id", "period")
        .annotate(n=Count("id"), last=Max("updated_at"))
        .order_by("last")
    )
    found = list(rows[:500])
    by_id = Unit.objects.in_bulk([r["unit_id"] for r in found[:limit]])
    out = []
    for r in found[:limit]:
        unit = by_id[r["unit_id"]]
        label = _label(parse_period(r["period"]), lang)
        out.append(
            Task(
                "review",
                _("Duyệt báo cáo %(p)s") % {"p": label},
                unit,
                f"{reverse('web:entry', args=[unit.pk])}?period={r['period']}#review",
                Status.SUBMITTED,
                str(LABELS[Status.SUBMITTED]),
                when=r["last"],
            )
        )
    return out, len(found)


def verify_inbox(units: QuerySet[Unit], lang: str = "vi", limit: int = 20) -> list[Task]:
    """DTI self-assessments of ``units`` submitted and waiting for verification."""
    rows = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED, unit__in=units).select_related("unit")
    return [
        Task(
            "verify",
            _("Thẩm định tự đánh giá DTI năm %(y)s") % {"y": a.year},
            a.unit,
            reverse("dti:scorecard", args=[a.unit.pk, a.year]),
            Status.SUBMITTED,
            _("Đã gửi tự đánh giá"),
            when=a.submitted_at,
        )
        for a in rows.order_by("submitted_at")[:limit]
    ]


def to_sign(unit: Unit, lang: str = "vi") -> list[dict[str, Any]]:
    """The unit's official reports generated and not yet recorded as signed (``signing.waiting``),
    each with its title as people read it: «Báo cáo định kỳ — quý III/2026»."""

    from .signing import waiting

    rows = []
    for report in waiting([unit]):
        labels = KIND_LABELS_EN if lang == "en" else KIND_LABELS
        try:
            when = _label(parse_period(report.period), lang)
        except (InputError, ValueError):
            when = report.period
        rows.append({"report": report, "title": f"{labels.get(report.kind, report.kind)} — {when}"})
    return rows
