"""``cds check --unit U --period P`` — validation violations and target status for a unit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.lib.periods import parse_period
from cds.lib.vn_numbers import format_number
from cds.units.services import resolve_unit
from cds.values.validation import check_unit


class Command(BaseCommand):
    help = "Kiểm tra số liệu và chỉ tiêu của một đơn vị / Check a unit's values and targets for a period"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--lang", choices=["vi", "en"], default="vi")
        add_format_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
            unit = resolve_unit(options["unit"], as_of=period.end)
        except InputError as err:
            raise CommandError(str(err)) from None
        report = check_unit(unit, period)
        vi = options["lang"] == "vi"
        violations = [
            {
                "severity": v.severity,
                "rule": v.rule,
                "indicator": v.indicator,
                "message": v.message_vi if vi else v.message_en,
                "numbers": v.numbers,
            }
            for v in report.violations
        ]
        targets = [
            {
                "indicator": t.indicator,
                "name": t.name_vi,
                "value": round(t.value, 4) if t.value is not None else None,
                "target": f"{t.comparator} {format_number(t.target)}",
                "met": t.met,
                "gap": t.gap,
                "text": t.text_vi if vi else t.text_en,
                "coverage": "" if t.coverage is None else t.coverage.text_vi if vi else t.coverage.text_en,
            }
            for t in report.targets
        ]
        if options["format"] == "json":
            payload = {
                "unit": unit.code,
                "unit_name": unit.name,
                "period": period.code,
                "violations": violations,
                "targets": targets,
            }
            emit(payload, "json", self.stdout)
            return
        title = f"{unit.name} — {period.label_vi if vi else period.label_en}"
        emit(
            violations,
            options["format"],
            self.stdout,
            columns=["severity", "rule", "indicator", "message"],
            title=f"{title}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo",
        )
        emit(
            targets,
            options["format"],
            self.stdout,
            columns=["indicator", "name", "value", "target", "met", "text"],
            title="Chỉ tiêu / targets",
        )
