"""``cds serve`` — run the web application with waitress (pure Python, works on Windows too)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from cds.deploy import refuse_without_secret_key


class Command(BaseCommand):
    help = "Chạy máy chủ web / Run the web server"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--demo", action="store_true", help="the demo: the per-install key under var/ is enough"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        refuse_without_secret_key(demo=options["demo"])
        call_command("collectstatic", interactive=False, verbosity=0)
        application = get_wsgi_application()

        self.stdout.write(f"CĐS Hub: http://{options['host']}:{options['port']}/  (Ctrl+C để dừng / to stop)")
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
