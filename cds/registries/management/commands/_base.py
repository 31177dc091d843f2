"""What the four registry commands share: unit and period arguments, bilingual errors, output."""

from __future__ import annotations

from typing import IO, Any, cast

from cds.lib.commands import ActionCommand
from cds.lib.periods import Period, parse_period
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
