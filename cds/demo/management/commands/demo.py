"""``cds demo [--no-serve]`` — migrate, load the demo data, print the logins, serve."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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
            worker = start_worker()
            self.stdout.write(f"Tiến trình chạy việc nền / background worker: pid {worker.pid}")
            try:
                call_command("serve", port=options["port"], demo=True)
            finally:
                worker.terminate()  # it finishes the job it is running, then stops
                worker.wait(timeout=60)


def start_worker() -> subprocess.Popen:
    """``cds worker`` beside the demo server (uploads, report batches and recomputations run there)."""
    return subprocess.Popen(
        [sys.executable, "-m", "cds.cli", "worker", "--verbosity", "0"], env=os.environ.copy()
    )
