"""An import's rows, each written by one domain operation, as one operation: all or nothing.

Every bad row is kept (file and row added to its error) and the loop goes on, so a person sees
every problem of a file at once; nothing is written unless every row is good, and ``dry_run``
reports what would happen without writing. A row's write returns "create", "update" or
"unchanged", so a second import of the same file reports that it changed nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction

from cds.lib.errors import InputError
from cds.lib.tabular import Row

from .context import operation


@dataclass
class ImportReport:
    """What an import of one file did (or, on a dry run, would do)."""

    file_name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Tally(Protocol):
    created: int
    updated: int
    unchanged: int
    errors: list[InputError]


def write_rows(
    report: Tally, rows: Iterable[Row], file_name: str, write: Callable[[Row], str], dry_run: bool = False
) -> None:
    """Writes each row with ``write`` inside one import operation and transaction, counting its
    outcome in ``report``; rolls everything back on a bad row or a dry run."""
    with operation("import"), transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():
                    outcome = write(row)
            except InputError as err:
                report.errors.append(err.located(file=file_name, row=row.number))
                continue
            report.created += outcome == "create"
            report.updated += outcome == "update"
            report.unchanged += outcome == "unchanged"
        if dry_run or report.errors:
            transaction.set_rollback(True)
