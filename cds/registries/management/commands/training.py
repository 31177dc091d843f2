"""``cds training``: the Phụ lục II table, training indicators (and recording them), courses."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cds.lib.commands import add_within_argument
from cds.lib.output import add_format_argument, emit
from cds.registries import io, training

from ._base import RegistryCommand


class Command(RegistryCommand):
    help = "Tập huấn: Phụ lục II, chỉ tiêu tập huấn, khóa học / training"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("appendix", "Phụ lục II: activity × group with totals"),
                           ("counts", "training indicators"), ("courses", "courses of the period")):  # fmt: skip
            p = sub.add_parser(name, help=text)
            p.add_argument("--unit", required=True)
            p.add_argument("--period", required=True)
            add_format_argument(p)
            if name == "counts":
                p.add_argument(
                    "--record", action="store_true", help="record them as values (source: computed)"
                )
                p.add_argument("--dry-run", action="store_true")
        imp = sub.add_parser("import-courses", help="import courses from .xlsx/.csv (atomic, idempotent)")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true")
        add_within_argument(imp)
        exp = sub.add_parser("export-courses", help="export the courses of a unit and below to .xlsx/.csv")
        exp.add_argument("file")
        exp.add_argument("--unit", required=True)

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
