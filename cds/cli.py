"""The ``cds`` command: the single entry point for operators and scripts.

``cds <command> ...`` runs the Django management command of the same name (``cds check`` runs
``cds_check`` because Django owns ``check``), so every subcommand is an ordinary, testable
management command.
"""

from __future__ import annotations

import os
import signal
import sys

ALIASES = {"check": "cds_check", "django-check": "check"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `cds ... | head` ends quietly
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from cds.history.context import operation

    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    try:
        with operation("cli", keep=False):  # one id for every change this command run writes
            execute_from_command_line(["cds", *args] if args else ["cds", "help"])
    except DatabaseError as err:
        # The usual cause is a database that was never set up; say so instead of a traceback.
        sys.stderr.write(
            f"Lỗi cơ sở dữ liệu: {err}. Cơ sở dữ liệu đã được tạo chưa? Chạy `cds migrate` (hoặc `make demo`).\n"
            f"Database error: {err}. Has the database been set up? Run `cds migrate` (or `make demo`).\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
