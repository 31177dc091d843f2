"""What the data commands with sub-actions share: ``cds dti load``, ``cds data import``, ``cds docs add``…

``ActionCommand.handle`` runs the method ``do_<action>`` (dashes read as underscores) and turns a
bilingual ``InputError`` into the ``CommandError`` Django prints without a traceback.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cds.lib.errors import InputError


class ActionCommand(BaseCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "do_" + options["action"].replace("-", "_"))(options)
        except InputError as err:
            raise CommandError(str(err)) from None
