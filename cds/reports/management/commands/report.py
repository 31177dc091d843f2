"""cds report build … and cds report batch … (one report per unit of a scope, zipped)."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.lib.vn_dates import parse_date
from cds.reports.batch import batch_units, build_batch
from cds.reports.builders import KINDS, ReportOptions, build_report
from cds.reports.pdf import to_pdf
from cds.units.services import resolve_unit


class Command(BaseCommand):
    help = "Official reports (Nghị định 30/2020) as DOCX/PDF."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="one report")
        batch = sub.add_parser("batch", help="one report per commune of a scope, in a zip")
        for p in (build, batch):
            p.add_argument("--type", dest="kind", choices=KINDS, default="periodic")
            p.add_argument("--unit", required=True)
            p.add_argument("--period", required=True)
            p.add_argument("--signer", default="", help="signer's name")
            p.add_argument("--signer-title", default="PHÓ CHỦ TỊCH")
            p.add_argument(
                "--authority", default="", help='"KT. CHỦ TỊCH" (default) or "TM. ỦY BAN NHÂN DÂN"'
            )
            p.add_argument("--recipient", action="append", dest="recipients", help="repeat for each line")
            p.add_argument("--no-provenance", action="store_true", help="leave out the data-sources appendix")
            p.add_argument("--no-charts", action="store_true")
            p.add_argument("--wording", help="a YAML wording file instead of the bundled one")
            p.add_argument("-o", "--output", required=True)
        build.add_argument("--number", help="report number (zero-padded below 10)")
        build.add_argument("--date", help="date of signing, e.g. 21/9/2023")
        build.add_argument("--pdf", action="store_true", help="also convert to PDF (LibreOffice)")
        batch.add_argument("--pdf", action="store_true", help="also a PDF of each report (LibreOffice)")
        batch.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")

    def handle(self, *args, **opts) -> None:  # type: ignore[no-untyped-def]
        try:
            if opts["action"] == "build":
                self._build(opts)
            else:
                self._batch(opts)
        except InputError as err:
            raise CommandError(str(err)) from None

    def _options(self, opts: dict, number: str | None = None, date: str | None = None) -> ReportOptions:
        return ReportOptions(
            number=number or None,
            date=parse_date(date) if date else None,
            signer_name=opts["signer"],
            signer_title=opts["signer_title"],
            authority=opts["authority"],
            recipients=opts["recipients"],
            provenance=not opts["no_provenance"],
            charts=not opts["no_charts"],
            wording=opts["wording"],
        )

    def _build(self, opts: dict) -> None:
        period = parse_period(opts["period"])
        unit = resolve_unit(opts["unit"], as_of=period.end)
        options = self._options(opts, opts.get("number"), opts.get("date"))
        built = build_report(opts["kind"], unit, period, options)
        out = Path(opts["output"])
        built.document.save(out)
        self.stdout.write(f"Đã tạo / written: {out}")
        if opts["pdf"]:
            pdf = to_pdf(out)
            self.stdout.write(f"Đã tạo / written: {pdf}")

    def _batch(self, opts: dict) -> None:
        from rich.progress import Progress

        period = parse_period(opts["period"])
        scope = resolve_unit(opts["unit"], as_of=period.end)
        out = Path(opts["output"])
        with Progress(transient=True) as progress:
            task = progress.add_task("Đang tạo báo cáo / building reports", total=len(batch_units(scope)))
            result = build_batch(
                opts["kind"],
                scope,
                period,
                self._options(opts),
                out,
                workers=opts["workers"],
                pdf=opts["pdf"],
                advance=lambda n: progress.advance(task, n),
            )
        self.stdout.write(f"Đã tạo / written: {out} ({result.reports}/{result.total} báo cáo / reports)")
        for line in result.failed:
            self.stderr.write(line)
