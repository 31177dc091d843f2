"""``cds teams``: list teams, counts by level (and record them), import/export members and activities."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.lib.vn_dates import parse_date
from cds.registries import io, operations, teams

from ._base import RegistryCommand, add_counts_parser, add_file_parsers


class Command(RegistryCommand):
    help = (
        "Tổ công nghệ số cộng đồng: danh sách, số liệu, nhập/xuất thành viên và hoạt động / community teams"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="teams of a unit and below, with members at the period's end")
        ls.add_argument("--unit", required=True)
        ls.add_argument("--period", default="2024")
        add_format_argument(ls)
        add_counts_parser(sub, "counts", "teams, members, people guided by level (the teams.* indicators)")
        add = sub.add_parser("add", help="create (or update) a unit's team, so its members can be imported")
        add.add_argument("--unit", required=True)
        add.add_argument("--name", required=True)
        add.add_argument("--level", required=True, help="province, district, commune, village")
        add.add_argument("--established", required=True, help="ngày thành lập / founding date (15/3/2023)")
        add.add_argument("--area", default="", help="thôn / tổ dân phố of a village team (text)")
        for what in ("teams", "members", "activities"):
            exp = add_file_parsers(sub, what, f"{what} of a unit and below")
            if what == "members":
                exp.add_argument("--with-personal-data", action="store_true", help="include phone numbers")

    def do_list(self, options: dict[str, Any]) -> None:
        period = self.period(options)
        rows = [
            {"unit": t.unit.name, "level": t.get_level_display(), "team": t.name, "area": t.area,
             "established": t.established_on, "members": teams.members_of(t, period).count()}
            for t in teams.active_teams(self.unit(options), period).select_related("unit")
        ]  # fmt: skip
        emit(
            rows,
            options["format"],
            self.out,
            columns=["unit", "level", "team", "area", "established", "members"],
        )

    def do_counts(self, options: dict[str, Any]) -> None:
        self.show_counts(options, "teams")

    def do_add(self, options: dict[str, Any]) -> None:
        try:
            established = parse_date(options["established"])
        except InputError as err:
            raise err.located(column="established", value=options["established"]) from None
        team, outcome = operations.put_team(
            self.unit(options), options["name"], options["level"], established, self.actor(options),
            area=options["area"],
        )  # fmt: skip
        said = {"create": "mới / new", "update": "cập nhật / updated", "unchanged": "không đổi / unchanged"}
        self.out.write(f"{team.unit.name}: {team.name} — {said[outcome]}\n")

    def do_import_teams(self, options: dict[str, Any]) -> None:
        self.run_import(options, io.import_teams)

    def do_export_teams(self, options: dict[str, Any]) -> None:
        n = io.export_teams(options["file"], self.unit(options))
        self.out.write(f"{n} tổ / teams → {options['file']}\n")

    def do_import_members(self, options: dict[str, Any]) -> None:
        self.run_import(options, io.import_members)

    def do_import_activities(self, options: dict[str, Any]) -> None:
        self.run_import(options, io.import_activities)

    def do_export_members(self, options: dict[str, Any]) -> None:
        n = io.export_members(options["file"], self.unit(options), personal=options["with_personal_data"])
        self.out.write(f"{n} thành viên / members → {options['file']}\n")

    def do_export_activities(self, options: dict[str, Any]) -> None:
        n = io.export_activities(options["file"], self.unit(options))
        self.out.write(f"{n} hoạt động / activities → {options['file']}\n")
