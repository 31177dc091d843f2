"""What the four registry commands share: unit and period arguments, bilingual errors, output."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import CommandError

from cds.lib.commands import ActionCommand
from cds.lib.output import emit
from cds.lib.periods import Period, parse_period
from cds.registries import indicators
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor


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
        self.out.write(
            f"{report.rows} dòng / rows: {report.created} mới / new, {report.updated} cập nhật / updated, "
            f"{report.unchanged} không đổi / unchanged{' (chạy thử / dry run)' if options['dry_run'] else ''}\n"
        )
