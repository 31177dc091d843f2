"""``cds plans``: a unit's CĐS plan with task states and on-time completion; overdue tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cds.lib.output import add_format_argument, emit
from cds.lib.vn_dates import parse_date, parse_year
from cds.lib.vn_numbers import format_percent
from cds.registries import plans

from ._base import RegistryCommand


class Command(RegistryCommand):
    help = "Kế hoạch CĐS: nhiệm vụ, mức độ hoàn thành, nhiệm vụ quá hạn / plans and tasks"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="tasks of the unit's plan for a year, with their state on --as-of")
        show.add_argument("--unit", required=True)
        show.add_argument("--year", required=True, help="năm: 2025 hoặc «năm 2025» / the year")
        show.add_argument("--as-of", help="day to judge states on (default today)")
        add_format_argument(show)
        overdue = sub.add_parser("overdue", help="open tasks past their deadline")
        overdue.add_argument("--unit", required=True)
        overdue.add_argument("--as-of")
        add_format_argument(overdue)

    @staticmethod
    def _day(options: dict[str, Any]) -> dt.date:
        return parse_date(options["as_of"]) if options.get("as_of") else dt.date.today()

    def do_show(self, options: dict[str, Any]) -> None:
        unit, day, year = self.unit(options), self._day(options), parse_year(options["year"])
        plan = plans.plan_for(unit, year)
        if plan is None:
            raise CommandError(f"{unit.name} chưa có kế hoạch CĐS năm {year} / no plan for that year")
        rows = [
            {"deadline": t.deadline, "pillar": t.pillar, "state": t.state_on(day), "content": t.content,
             "done_on": t.done_on, "evidence": t.evidence}
            for t in plan.tasks.all()
        ]  # fmt: skip
        emit(rows, options["format"], self.out, columns=["deadline", "pillar", "state", "content", "done_on", "evidence"],
             title=str(plan.document))  # fmt: skip
        p = plans.progress(plan, day)
        rate = "N/A" if p.rate is None else format_percent(p.rate, 2)
        self.stderr.write(
            f"Hoàn thành đúng hạn / done on time: {p.done_on_time}/{p.due} = {rate}; quá hạn / overdue: {p.overdue}\n"
        )

    def do_overdue(self, options: dict[str, Any]) -> None:
        rows = [
            {
                "deadline": t.deadline,
                "plan": str(t.plan.document),
                "content": t.content,
                "status": t.get_status_display(),
            }
            for t in plans.overdue_tasks(self.unit(options), self._day(options))
        ]
        emit(rows, options["format"], self.out, columns=["deadline", "plan", "content", "status"])
