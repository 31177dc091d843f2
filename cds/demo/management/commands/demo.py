"""``cds demo [--no-serve]`` — migrate, load the demo data, print the logins, serve."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.demo.calendar import current_quarter, demo_today
from cds.demo.loader import load_demo
from cds.lib.errors import InputError
from cds.lib.vn_dates import format_date
from cds.lib.vn_numbers import format_number
from cds.values.services import ValueWriteError


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu và chạy thử / Set up the demo database and run the server"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--seed", default="cds-demo", help="seed of the synthetic data")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        try:
            today = demo_today()  # a bad CDS_DEMO_TODAY stops here, before anything is written
        except InputError as err:
            raise CommandError(str(err)) from None
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = load_demo(progress=True, seed=options["seed"])
        except ValueWriteError as err:
            raise CommandError(str(err)) from None
        self.stdout.write(
            f"Dữ liệu mẫu sẵn sàng sau {time.monotonic() - started:.0f} giây / demo ready: "
            f"{format_number(summary.values_total)} giá trị (báo cáo mẫu: {format_number(summary.sample_created)} mới "
            f"từ {format_number(summary.sample_rows)} dòng; "
            f"mô phỏng: {format_number(summary.synthetic_created)} mới)."
        )
        quarter = current_quarter(today)
        self.stdout.write(
            f"Dữ liệu đến ngày {format_date(today)}, kỳ mới nhất {quarter.label_vi} / "
            f"data up to {today.isoformat()}, latest period {quarter.label_en}"
        )
        for line in summary.extra:
            self.stdout.write(line)
        self.stdout.write("Tài khoản dùng thử / demo logins:")
        for username, password, role in summary.users:
            self.stdout.write(f"  {username:<20} {password:<20} {role}")
        if not options["no_serve"]:
            serve_with_worker(
                start_worker,
                lambda: call_command("serve", port=options["port"], demo=True),
                lambda pid: self.stdout.write(f"Tiến trình chạy việc nền / background worker: pid {pid}"),
            )


def serve_with_worker(
    start: Callable[[], subprocess.Popen], serve: Callable[[], object], started: Callable[[int], None]
) -> None:
    """Runs ``serve`` with the worker ``start`` returns beside it, and stops the worker when the
    server stops — on Ctrl+C, and on SIGTERM too (``kill``, a service manager, a CI runner's
    cancel): Python's default SIGTERM ends the process at once, without the ``finally``, and the
    worker lived on after the demo (s14: confirmed with ``kill <demo pid>``). The handler turns
    SIGTERM into SystemExit, so the ``finally`` below runs; the previous handler is put back."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    # the handler and the ``try`` before the worker starts: a signal that arrives as soon as the
    # worker exists (its pid just printed) still stops it
    previous = signal.signal(signal.SIGTERM, stop)
    worker = None
    try:
        worker = start()
        started(worker.pid)
        serve()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if worker is not None:
            _stop(worker)


def _stop(worker: subprocess.Popen) -> None:
    worker.terminate()  # it finishes the job it is running, then stops
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def start_worker() -> subprocess.Popen:
    """``cds worker`` beside the demo server (uploads, report batches and recomputations run there)."""
    return subprocess.Popen(
        [sys.executable, "-m", "cds.cli", "worker", "--verbosity", "0"], env=os.environ.copy()
    )
