"""cds report build … / batch … (one report per unit of a scope, zipped) / check FILE.docx /
window (a unit's data window for a period)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cds.catalog.services import get_catalog
from cds.lib.commands import said_outcomes
from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, parse_period, parse_periods
from cds.lib.vn_dates import parse_date
from cds.reports import check, data
from cds.reports.batch import batch_units, build_batch
from cds.reports.check import not_ready_to_sign
from cds.reports.issuers import set_profile
from cds.reports.kinds import KINDS, PROVENANCE, ReportOptions, build_report
from cds.reports.parts import signing_date
from cds.reports.pdf import to_pdf
from cds.reports.windows import clear_window, declare_window, declared_window, report_window
from cds.units.services import resolve_unit


class Command(BaseCommand):
    help = "Official reports (Nghị định 30/2020) as DOCX/PDF."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="one report")
        batch = sub.add_parser("batch", help="one report per commune of a scope, in a zip")
        check = sub.add_parser("check", help="read a DOCX report back and check its figures")
        check.add_argument("file")
        check.add_argument("--unit", help="also compare the figures with this unit's data …")
        check.add_argument(
            "--period",
            action="append",
            help="… for this period (its data window and status are read from the file); repeat for a "
            "report over several periods",
        )
        window = sub.add_parser(
            "window", help="a unit's data window for a period (e.g. 15/12/2023 – 31/10/2024)"
        )
        window.add_argument("--unit", required=True)
        window.add_argument("--period", required=True)
        window.add_argument("--from", dest="start", help="first day, e.g. 15/12/2023")
        window.add_argument("--to", dest="end", help="last day, e.g. 31/10/2024")
        window.add_argument("--clear", action="store_true", help="back to the period itself")
        window.add_argument(
            "--no-compute",
            action="store_true",
            help="do not compute the window's dossier KPIs from the dossiers",
        )
        issuer = sub.add_parser(
            "issuer", help="a unit's stored front-matter defaults (issuer, signer, recipients)"
        )
        issuer.add_argument("--unit", required=True)
        issuer.add_argument("--from", dest="start", help="first day these defaults hold, e.g. 1/1/2022")
        issuer.add_argument("--to", dest="end", help="last day (inclusive)")
        for name in ("issuer", "governing-body", "symbol", "place", "sign-form", "on-behalf", "signer-title"):
            issuer.add_argument(f"--{name}")
        issuer.add_argument("--signer")
        issuer.add_argument("--recipient", "--recipients", action="append", dest="recipients")
        issuer.add_argument("--addressee", action="append", dest="addressees", help="«Kính gửi»; repeat")
        for p in (build, batch):
            p.add_argument("--type", dest="kind", choices=KINDS, default="periodic")
            p.add_argument("--unit", required=True)
            p.add_argument(
                "--period",
                required=True,
                action="append",
                help='repeat for several windows in one report ("2023" "2024S1"); a range "1/1/2023-30/6/2024" '
                "is split into the whole years, halves and quarters it contains",
            )
            p.add_argument(
                "--issuer", help='issuing body, e.g. "Phòng Văn hóa và Thông tin" (default: the UBND)'
            )
            p.add_argument("--governing-body", help='the letterhead\'s upper line, e.g. "UBND huyện Sơn Hà"')
            p.add_argument("--signer", help="signer's name")
            p.add_argument("--signer-title", help='e.g. "PHÓ CHỦ TỊCH" (default), "CHỦ TỊCH", "TRƯỞNG PHÒNG"')
            p.add_argument("--sign-form", help="TM, KT, TL, TUQ, Q or '' (signing in one's own title)")
            p.add_argument("--on-behalf", help='after the form: "CHỦ TỊCH", "ỦY BAN NHÂN DÂN" (TM.) …')
            p.add_argument("--symbol", help='ký hiệu after the number, e.g. "BC-UBND", "BC-PVHTT"')
            p.add_argument(
                "--recipient", "--recipients", action="append", dest="recipients", help="repeat for each line"
            )
            p.add_argument(
                "--addressee",
                action="append",
                dest="addressees",
                help="«Kính gửi»: the higher body the report is sent to (Nghị định 30, II.9.b); repeat for each",
            )
            p.add_argument(
                "--provenance",
                choices=PROVENANCE,
                default="none",
                help="the data sources (files, rows, codes): none (default), a separate DOCX, or Word comments",
            )
            p.add_argument("--no-charts", action="store_true")
            p.add_argument("--wording", help="a YAML wording file instead of the bundled one")
            p.add_argument(
                "--window",
                help='data window for this build, e.g. "15/12/2023..31/10/2024" (default: the declared one)',
            )
            p.add_argument(
                "--include-unapproved",
                action="store_true",
                help='also values not yet approved: the report says "DỰ THẢO" and lists them',
            )
            p.add_argument("-o", "--output", required=True)
        build.add_argument("--number", help="report number (zero-padded below 10)")
        build.add_argument(
            "--date",
            help="date of signing, e.g. 21/9/2023, or a month (02/2023: the day left blank; default: the end of the data)",
        )
        build.add_argument(
            "--report-to", help="the body that consolidates the report: «kính báo … tổng hợp theo quy định»"
        )
        build.add_argument("--pdf", action="store_true", help="also convert to PDF (LibreOffice)")
        batch.add_argument("--pdf", action="store_true", help="also a PDF of each report (LibreOffice)")
        batch.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")

    def handle(self, *args, **opts) -> None:
        try:
            {
                "build": self._build,
                "batch": self._batch,
                "check": self._check,
                "window": self._window,
                "issuer": self._issuer,
            }[opts["action"]](opts)
        except InputError as err:
            raise CommandError(str(err)) from None

    def _options(self, opts: dict, number: str | None = None, date: str | None = None) -> ReportOptions:
        return ReportOptions(
            number=number or None,
            **signing_date(date),
            report_to=opts.get("report_to"),
            **_front_matter(opts),
            provenance=opts["provenance"],
            charts=not opts["no_charts"],
            wording=opts["wording"],
            window=parse_period(opts["window"]) if opts.get("window") else None,
            include_unapproved=opts["include_unapproved"],
        )

    def _build(self, opts: dict) -> None:
        period = parse_periods(opts["period"])
        unit = resolve_unit(opts["unit"], as_of=period.end)
        options = self._options(opts, opts.get("number"), opts.get("date"))
        built = build_report(opts["kind"], unit, period, options)
        out = Path(opts["output"])
        written = built.save(out)
        draft = " — DỰ THẢO / draft" if built.draft else ""
        self.stdout.write(f"Đã tạo / written: {out}{draft} (kiểm tra / checked: {built.check.summary()})")
        if built.check is not None and (built.check.warnings or built.check.unsigned):
            self.stderr.write(not_ready_to_sign(built.check))
        for extra in written[1:]:
            self.stdout.write(f"Nguồn số liệu (nội bộ) / data sources (internal): {extra}")
        if opts["pdf"]:
            pdf = to_pdf(out)
            self.stdout.write(f"Đã tạo / written: {pdf}")

    def _batch(self, opts: dict) -> None:
        from rich.progress import Progress

        period = parse_periods(opts["period"])
        scope = resolve_unit(opts["unit"], as_of=period.end)
        out = Path(opts["output"])
        with Progress(transient=True) as progress:
            task = progress.add_task(
                "Đang tạo báo cáo / building reports", total=len(batch_units(scope, period))
            )
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
        if result.skipped:
            self.stderr.write("Bỏ qua (không có số liệu) / skipped (no values):")
        for line in result.skipped:
            self.stderr.write(f"- {line}")
        if result.failed or result.skipped:
            failed, skipped = len(result.failed), len(result.skipped)
            raise CommandError(
                f"{failed} báo cáo không tạo được, {skipped} đơn vị bị bỏ qua vì không có số liệu (xem trên) / "
                f"{failed} reports failed, {skipped} units skipped for having no values (above)"
            )

    def _check(self, opts: dict) -> None:

        doc = check.read_docx(Path(opts["file"]))
        expected: Mapping[str, str] | list[Mapping[str, str]] | None = None
        catalog = get_catalog()
        if opts.get("unit") or opts.get("period"):
            if not (opts.get("unit") and opts.get("period")):
                raise InputError("Cần cả --unit và --period", "Give both --unit and --period")
            period = parse_periods(opts["period"])
            unit = resolve_unit(opts["unit"], as_of=period.end)
            codes = [w.code for w in period.windows] if isinstance(period, PeriodSet) else [period.code]
            if doc.windows and doc.windows != codes:
                raise InputError(
                    f"Báo cáo gồm các kỳ {', '.join(doc.windows)}, không phải {', '.join(codes)}",
                    f"The report covers the periods {', '.join(doc.windows)}, not {', '.join(codes)}",
                )
            if isinstance(period, PeriodSet):  # each window as its report alone reads it, one column each
                loads = [
                    data.load(unit, w, window=report_window(unit, w), include_unapproved=check.is_draft(doc))
                    for w in period.windows
                ]
                catalog, expected = loads[-1].catalog, [check.expected_values(d) for d in loads]
            else:
                window = check.stated_window(doc)
                loaded = data.load(
                    unit,
                    period,
                    window=report_window(unit, period, window),
                    include_unapproved=check.is_draft(doc),
                )
                catalog, expected = loaded.catalog, check.expected_values(loaded)
        result = check.check_doc(doc, catalog, expected)
        if result.warnings or result.unsigned:
            self.stderr.write(check.not_ready_to_sign(result))
        if not result.ok:
            raise result.error(opts["file"], refused=False)
        self.stdout.write(f"Không có mâu thuẫn / no contradictions: {result.summary()}")

    def _window(self, opts: dict) -> None:

        period = parse_period(opts["period"])
        unit = resolve_unit(opts["unit"], as_of=period.end)
        if opts["clear"]:
            clear_window(unit, period)
            self.stdout.write(
                f"{unit.name}, {period.label_vi}: số liệu theo chính kỳ báo cáo / the period itself"
            )
            return
        if opts.get("start") and opts.get("end"):
            window = Period.between(parse_date(opts["start"]), parse_date(opts["end"]))
            result = declare_window(unit, period, window, compute=not opts["no_compute"])
            for note in result.notes:
                self.stdout.write(note)
            if result.written is not None:
                w = result.written
                self.stdout.write(
                    f"Chỉ số hồ sơ / dossier KPIs: {said_outcomes(w.created, w.updated, w.unchanged)}"
                )
        elif opts.get("start") or opts.get("end"):
            raise InputError("Cần cả --from và --to", "Give both --from and --to")
        shown = declared_window(unit, period) or period
        self.stdout.write(f"{unit.name}, {period.label_vi}: số liệu {shown.label_vi}")

    def _issuer(self, opts: dict) -> None:

        start = parse_date(opts["start"]) if opts.get("start") else None
        end = parse_date(opts["end"]) if opts.get("end") else None
        unit = resolve_unit(opts["unit"], as_of=start or end)
        profile = set_profile(
            unit,
            start,
            end,
            place=opts["place"],
            **_front_matter(opts),
        )
        self.stdout.write(f"Đã lưu / saved: {unit.name}: {profile}")


def _front_matter(opts: dict) -> dict:
    """The issuer and signer options, as both a build (``ReportOptions``) and the stored defaults
    (``issuers.set_profile``) name them."""
    return {
        "issuer": opts["issuer"],
        "governing_body": opts["governing_body"],
        "symbol": opts["symbol"],
        "sign_form": opts["sign_form"],
        "on_behalf": opts["on_behalf"],
        "signer_title": opts["signer_title"],
        "signer_name": opts["signer"],
        "recipients": opts["recipients"],
        "addressees": opts["addressees"],
    }
