"""``cds cleanup``: remove what killed imports and abandoned Excel previews left behind.

The next import or upload removes these by itself; this command does it on demand (e.g. from
cron, or after a crash): dossier-import work directories whose process is gone, the store's staging
directories of a killed import (a committed one's file moves are finished, an uncommitted one's
dropped) and Excel previews nobody confirmed within a day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cds.dossiers.importer import recover_staging, remove_dead_workdirs
from cds.dossiers.store import DossierStore
from cds.web.views.excel import remove_abandoned_previews


class Command(BaseCommand):
    help = "Remove leftovers of killed imports and abandoned Excel previews / dọn tệp tạm còn sót"

    def handle(self, *args: Any, **options: Any) -> None:
        workdirs = remove_dead_workdirs()
        store = DossierStore()
        finished: list[int] = []
        if store.root.exists():
            with store.locked():
                finished = recover_staging(store)
        previews = remove_abandoned_previews()
        self.stdout.write(
            f"Đã dọn {len(workdirs)} thư mục tạm của lần nhập bị dừng, {len(previews)} bản xem trước Excel "
            f"bỏ dở; hoàn tất tệp của {len(finished)} lần nhập hồ sơ / removed {len(workdirs)} work "
            f"directories of killed imports, {len(previews)} abandoned Excel previews; finished the files "
            f"of {len(finished)} dossier imports"
        )
