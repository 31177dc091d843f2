"""What the data commands with sub-actions share: ``cds dti load``, ``cds data import``, ``cds docs add``…

``ActionCommand.handle`` runs the method ``do_<action>`` (dashes read as underscores) and turns a
bilingual ``InputError`` into the ``CommandError`` Django prints without a traceback.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.lib.errors import InputError


class ActionCommand(BaseCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "do_" + options["action"].replace("-", "_"))(options)
        except InputError as err:
            raise CommandError(str(err)) from None


def add_within_argument(parser: CommandParser) -> None:
    """``--in`` (or ``--province``): the province or district, by name or code, a file's unit names
    lie in (``within`` of the importers)."""
    parser.add_argument(
        "--in",
        "--province",
        dest="within",
        help="tỉnh/huyện chứa các đơn vị của tệp (tên hoặc mã) / the province or district the file's units lie in",
    )


def said_outcomes(created: int, updated: int, unchanged: int, dry_run: bool = False) -> str:
    """What a write did, as every command says it: «2 mới / new, 1 cập nhật / updated, 0 không đổi /
    unchanged», then «(chạy thử / dry run)» when nothing was kept."""
    return (
        f"{created} mới / new, {updated} cập nhật / updated, {unchanged} không đổi / unchanged"
        f"{' (chạy thử / dry run)' if dry_run else ''}"
    )
