"""``cds training``: the Phụ lục II table, training indicators (and recording them), courses."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cds.lib.output import emit
from cds.registries import io, training

from ._base import RegistryCommand, add_counts_parser, add_file_parsers, add_unit_period_parser


class Command(RegistryCommand):
    help = "Tập huấn: Phụ lục II, chỉ tiêu tập huấn, khóa học / training"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_unit_period_parser(sub, "appendix", "Phụ lục II: activity × group with totals")
        add_counts_parser(sub, "counts", "training indicators")
        add_unit_period_parser(sub, "courses", "courses of the period")
        add_file_parsers(sub, "courses", "the courses of a unit and below")

    def do_appendix(self, options: dict[str, Any]) -> None:
        table = training.appendix(self.unit(options), self.period(options))
        cols = ["stt", "hoat_dong", "officials", "team_members", "residents", "ghi_chu"]
        rows = table.as_rows()
        if options["format"] == "table":  # an unknown attendance reads as such, never as 0 or blank
            rows = [{k: "chưa có số liệu" if v is None else v for k, v in row.items()} for row in rows]
        emit(rows, options["format"], self.out, columns=cols, title="PHỤ LỤC II")

    def do_counts(self, options: dict[str, Any]) -> None:
        self.show_counts(options, "training")

    def do_courses(self, options: dict[str, Any]) -> None:
        rows = [
            {"start": c.starts_on, "kind": c.get_kind_display(), "name": c.name, "mode": c.get_mode_display(),
             "sessions": c.sessions, **{p.group: p.participants for p in c.participations.all()}}
            for c in training.courses_in(self.unit(options), self.period(options))
        ]  # fmt: skip
        cols = ["start", "kind", "name", "mode", "sessions", "officials", "team_members", "residents"]
        emit(rows, options["format"], self.out, columns=cols)

    def do_import_courses(self, options: dict[str, Any]) -> None:
        self.run_import(options, io.import_courses)

    def do_export_courses(self, options: dict[str, Any]) -> None:
        n = io.export_courses(options["file"], self.unit(options))
        self.out.write(f"{n} khóa học / courses → {options['file']}\n")
