"""Reading and writing the unit-written sections, and offering a starting text: last period's
text, and for "phương hướng, nhiệm vụ kỳ tới" the tasks of the unit's plans due next period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from cds.history.changes import save_with_history
from cds.lib.periods import Period, PeriodSet
from cds.lib.vn_dates import format_date
from cds.registries.citations import format_citation
from cds.registries.plans import tasks_due_in
from cds.units.models import Unit
from cds.values.services import Actor

from .models import NarrativeSection, SectionKind

# What a report prints under a unit-written section the unit left empty: visible, so that no
# office signs a report with a silently missing section (`cds report check` warns of it).
EMPTY_SECTION = "[Phần này do đơn vị tự viết: chưa có nội dung. Đơn vị cần viết trước khi ký ban hành.]"


def sections_for(unit: Unit, period: Period | PeriodSet) -> dict[str, str]:
    """kind → text for the unit and period (empty texts left out)."""
    rows = NarrativeSection.objects.filter(unit=unit, period=period.code).exclude(text="")
    return {row.kind: row.text for row in rows}


def drafts_for(unit: Unit, period: Period) -> dict[str, dict[str, str]]:
    """Every kind with this period's text and the starting points offered when it is empty: the
    previous period's text and, for "phương hướng", the plan tasks due next period."""
    current = sections_for(unit, period)
    previous = sections_for(unit, period.previous()) if period.kind not in ("range", "multi") else {}
    plan = {SectionKind.PHUONG_HUONG.value: plan_tasks_text(unit, period)}
    return {
        kind: {
            "label": label,
            "text": current.get(kind, ""),
            "previous": previous.get(kind, ""),
            "plan": plan.get(kind, ""),
        }
        for kind, label in SectionKind.choices
    }


def next_period(period: Period | PeriodSet) -> Period:
    """The period right after, of the same kind (a range: the range of equal length after it;
    several windows: the period after the last)."""
    if isinstance(period, PeriodSet):
        return next_period(period.last)
    after = period.end + dt.timedelta(days=1)
    if period.kind == "range":
        return Period.between(after, after + (period.end - period.start))
    return Period.containing(after, period.kind)


def plan_tasks_text(unit: Unit, period: Period) -> str:
    """The unit's plan tasks due in the next period as editable lines, grouped under the plan
    they come from ("" when the registries hold none): only the registries' own words."""
    upcoming = next_period(period)
    tasks = list(
        tasks_due_in(unit, upcoming).order_by("plan__document__issued_on", "plan_id", "deadline", "pk")
    )
    lines: list[str] = []
    plan_id = None
    for task in tasks:
        if task.plan_id != plan_id:
            plan_id = task.plan_id
            source = format_citation(task.plan.document.as_citation())
            lines.append(f"Nhiệm vụ theo {source} đến hạn trong {upcoming.label_vi}:")
        details = [f"chủ trì: {task.lead}"] if task.lead else []
        details.append(f"hạn {format_date(task.deadline)}")
        lines.append(f"- {task.content.strip().rstrip('.;')} ({'; '.join(details)});")
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return "\n".join(lines)


def save_sections(
    unit: Unit, period: Period, texts: dict[str, str], actor: Any = None, source: str = ""
) -> int:
    """Store the texts (an empty text clears the section), each change with its change record
    (``cds.history``) in one transaction; returns how many changed. ``actor``: an ``Actor`` (the
    page passes the person's), else the process "reports"; ``source``: where the text comes
    from, kept as the change record's reason ("báo cáo mẫu 003, mục …")."""
    actor = actor if actor is not None else Actor("reports")
    changed = 0
    with transaction.atomic():
        for kind in SectionKind.values:
            if kind not in texts:
                continue
            text = texts[kind].replace("\r\n", "\n").strip()
            row = NarrativeSection.objects.filter(unit=unit, period=period.code, kind=kind).first()
            if row is None and not text:
                continue
            if row is not None and row.text == text:
                continue
            row = row or NarrativeSection(unit=unit, period=period.code, kind=kind)
            row.text, row.updated_by = text, actor.user
            save_with_history(row, actor, source)
            changed += 1
    return changed


def paragraphs(text: str) -> list[tuple[str, str]]:
    """(bullet, text) per non-empty line: "- …" and "+ …" keep their bullet."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line[:2] in ("- ", "+ "):
            out.append((line[0], line[2:].strip()))
        else:
            out.append(("", line))
    return out
