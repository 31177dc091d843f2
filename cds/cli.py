"""The ``cds`` command: the single entry point for operators and scripts.

``cds <command> ...`` runs the Django management command of the same name (``cds check`` runs
``cds_check`` because Django owns ``check``), so every subcommand is an ordinary, testable
management command.
"""

from __future__ import annotations

import os
import signal
import sys

from cds.history.context import operation
from cds.lib.database import explain, is_busy

ALIASES = {"check": "cds_check", "django-check": "check"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `cds ... | head` ends quietly
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    try:
        with operation("cli", keep=False):  # one id for every change this command run writes
            execute_from_command_line(["cds", *args] if args else ["cds", "help"])
    except DatabaseError as err:
        # One diagnosis: busy (someone else is writing), never set up, or another error — without
        # the server's paths. Busy exits 75 (EX_TEMPFAIL: try again), the others 2.
        problem = explain(err)
        sys.stderr.write(f"{problem.vi}\n{problem.en}\n")
        sys.exit(75 if is_busy(err) else 2)


if __name__ == "__main__":
    main()
