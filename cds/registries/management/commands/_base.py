"""What the four registry commands share: unit and period arguments, bilingual errors, output."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import IO, Any, cast

from django.core.management.base import CommandError

from cds.lib.commands import ActionCommand, add_within_argument, said_outcomes
from cds.lib.output import add_format_argument, emit
from cds.lib.periods import Period, parse_period
from cds.registries import indicators
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor


def add_unit_period_parser(sub: Any, name: str, help: str) -> ArgumentParser:
    """A sub-action on ``--unit`` and ``--period`` (both required) with ``--format``."""
    parser: ArgumentParser = sub.add_parser(name, help=help)
    parser.add_argument("--unit", required=True)
    parser.add_argument("--period", required=True)
    add_format_argument(parser)
    return parser


def add_counts_parser(sub: Any, name: str, help: str) -> None:
    """The sub-action ``RegistryCommand.show_counts`` runs: ``--record`` and ``--dry-run`` besides."""
    parser = add_unit_period_parser(sub, name, help)
    parser.add_argument("--record", action="store_true", help="record them as values (source: computed)")
    parser.add_argument("--dry-run", action="store_true")


def add_file_parsers(sub: Any, what: str, exported: str) -> ArgumentParser:
    """``import-WHAT FILE`` (``RegistryCommand.run_import``) and ``export-WHAT FILE --unit``; the
    export's parser is returned for any option of its own."""
    imp = sub.add_parser(f"import-{what}", help=f"import {what} from .xlsx/.csv (atomic, idempotent)")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true")
    add_within_argument(imp)
    exp: ArgumentParser = sub.add_parser(f"export-{what}", help=f"export {exported} to .xlsx/.csv")
    exp.add_argument("file")
    exp.add_argument("--unit", required=True)
    return exp


class RegistryCommand(ActionCommand):
    requires_system_checks: list[str] = []  # data commands: fast, and usable while a page is broken

    @property
    def out(self) -> IO[str]:
        return cast(IO[str], self.stdout)

    def actor(self, options: dict[str, Any], source_kind: str = "manual") -> Actor:
        """Who writes from the command line: the command run, named in each change record."""
        name = type(self).__module__.rsplit(".", 1)[-1]
        return Actor(f"cli: cds {name} {options['action']}", source_kind)

    @staticmethod
    def unit(options: dict[str, Any]) -> Unit:
        return resolve_unit(options["unit"])

    @staticmethod
    def period(options: dict[str, Any]) -> Period:
        return parse_period(options["period"])

    def show_counts(self, options: dict[str, Any], registry: str) -> None:
        """A registry's indicators for ``--unit`` and ``--period``; with ``--record`` (or ``--dry-run``)
        written as computed values, the change named after the command run."""
        unit, period = self.unit(options), self.period(options)
        counts = indicators.REGISTRIES[registry](unit, period)
        emit([{"indicator": k, "value": v} for k, v in counts.items()], options["format"], self.out,
             columns=["indicator", "value"])  # fmt: skip
        if options["record"] or options["dry_run"]:
            name = type(self).__module__.rsplit(".", 1)[-1]
            actor = Actor(f"cds {name} {options['action']}", "computed")
            result = indicators.sync(unit, period, [registry], actor, options["dry_run"])
            self.stderr.write(
                f"{result.created} mới / new, {result.updated} đổi / changed, {result.unchanged} không đổi\n"
            )

    def run_import(self, options: dict[str, Any], run: Any) -> None:
        """One of ``registries.io``'s imports on ``--file`` (``--dry-run``, ``--in``): its errors, or its counts."""
        report = run(
            options["file"],
            self.actor(options, "import"),
            dry_run=options["dry_run"],
            within=options.get("within"),
        )
        if not report.ok:
            raise CommandError("\n".join(str(e) for e in report.errors))
        said = said_outcomes(report.created, report.updated, report.unchanged, options["dry_run"])
        self.out.write(f"{report.rows} dòng / rows: {said}\n")
