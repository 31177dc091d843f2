"""``cds targets load FILE`` and ``cds targets list``: the chỉ tiêu set per indicator and period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.catalog.models import Target
from cds.catalog.targets import load_targets_file
from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.lib.periods import parse_period

COLUMNS = ("indicator", "period", "level", "unit", "unit_name", "comparator", "value", "source")


class Command(BaseCommand):
    help = "Chỉ tiêu: load FILE (YAML/CSV), list / targets"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a YAML or CSV target file")
        load.add_argument("file")
        add_format_argument(load)
        listing = sub.add_parser("list", help="stored targets")
        listing.add_argument("--period", help="period code or text, e.g. 2024 or quý III/2023")
        listing.add_argument("--unit", help="unit code (targets set for that unit)")
        listing.add_argument("--indicator", help="indicator code")
        add_format_argument(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                emit(load_targets_file(options["file"]).as_dict(), options["format"], self.stdout)
            else:
                self._list(options)
        except InputError as err:
            raise CommandError(str(err)) from None

    def _list(self, options: dict[str, Any]) -> None:
        qs = Target.objects.select_related("indicator", "unit").order_by("indicator__code", "period", "level")
        if options.get("period"):
            qs = qs.filter(period=parse_period(options["period"]).code)
        if options.get("unit"):
            qs = qs.filter(unit__code=options["unit"])
        if options.get("indicator"):
            qs = qs.filter(indicator__code=options["indicator"])
        rows = [
            {
                "indicator": t.indicator.code,
                "period": t.period,
                "level": t.level,
                "unit": t.unit.code if t.unit else "",
                "unit_name": t.unit.name if t.unit else "",
                "comparator": t.comparator,
                "value": t.value,
                "source": t.source,
            }
            for t in qs
        ]
        emit(rows, options["format"], self.stdout, columns=COLUMNS, title=f"Chỉ tiêu ({len(rows)})")
