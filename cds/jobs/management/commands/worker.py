"""``cds worker`` — run queued background jobs (uploads, report batches, KPI recomputation).

The queue is Django's tasks framework with the database backend (``django-tasks-db``): the
worker takes one task at a time from the database we already have. Before it looks for work it
settles the jobs whose worker died under them (``services.recover_lost``). Run as many workers as
there are cores to spare, on any machine that reaches the database and the shared storage.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from cds.jobs.services import recover_lost


class Command(BaseCommand):
    help = "Chạy các việc nền đang chờ / run queued background jobs"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="giây giữa hai lần tìm việc / seconds"
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="chạy hết việc đang chờ rồi dừng / run what is queued, then exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,  # one pass over what is ready; the loop below waits and settles lost jobs
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        if not options["batch"]:
            worker.configure_signals()  # Ctrl+C / SIGTERM: finish the running job, then stop
        if options["verbosity"] > 0:
            self.stdout.write(f"Đang chờ việc / waiting for jobs (pid {os.getpid()})")
        while worker.running:
            for job in recover_lost():
                self.stderr.write(f"Việc #{job.pk}: {job.message_vi} / job #{job.pk}: {job.message_en}")
            worker.run()
            if options["batch"]:
                return
            time.sleep(options["interval"])
