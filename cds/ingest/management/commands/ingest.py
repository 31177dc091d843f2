"""``cds ingest``: read an old report into proposals, list them, decide, import the accepted ones.

cds ingest read FILE --unit U [--period P] [--published D] [--format table|json|csv]
cds ingest list --unit U
cds ingest show REPORT_ID [--format …]
cds ingest decide PROPOSAL_ID accept|reject|edit [--indicator C] [--value V] [--period P] [--reason R]
cds ingest accept REPORT_ID [--dry-run]   (imports what a person accepted or edited; --all is refused)
"""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.lib.periods import parse_period
from cds.lib.vn_dates import parse_date
from cds.lib.vn_numbers import format_percent
from cds.units.services import resolve_unit
from cds.values.models import SourceKind
from cds.values.services import Actor, ValueWriteError

from ... import services
from ...first_reads import unseen_share
from ...models import IngestedReport, Proposal

COLUMNS = ["id", "kind", "indicator", "period", "value", "confidence", "status", "where", "sentence"]


class Command(BaseCommand):
    help = "Đọc báo cáo cũ thành đề xuất số liệu / read old reports into proposals (issue 19)"
    requires_system_checks: list[str] = []

    @property
    def out(self) -> IO[str]:
        return cast(IO[str], self.stdout)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        read = sub.add_parser(
            "read", aliases=["report"], help="read a DOCX/PDF/text report and store its proposals"
        )
        read.add_argument("file")
        read.add_argument("--unit", required=True)
        read.add_argument("--period", help="the report's period when the text does not say it")
        read.add_argument(
            "--published", help="the day a news item was published (d/m/yyyy): dates «đến nay», «ngày 8/6»"
        )
        add_format_argument(read)
        ls = sub.add_parser("list", help="reports read for a unit")
        ls.add_argument("--unit", required=True)
        add_format_argument(ls)
        show = sub.add_parser("show", help="a report's proposals")
        show.add_argument("report", type=int)
        add_format_argument(show)
        decide = sub.add_parser("decide", help="accept, edit or reject one proposal")
        decide.add_argument("proposal", type=int)
        decide.add_argument("decision", choices=["accept", "edit", "reject"])
        decide.add_argument("--indicator")
        decide.add_argument("--value")
        decide.add_argument("--period")
        decide.add_argument("--reason", default="")
        accept = sub.add_parser("accept", help="import a report's accepted proposals")
        accept.add_argument("report", type=int)
        # kept so that an old script's «--all» is refused in words, not by argparse in English only
        accept.add_argument(
            "--all", action="store_true", help="refused: every proposal is decided one by one"
        )
        accept.add_argument("--min-confidence", type=float, default=None, help="refused with --all")
        accept.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = {"report": "read"}.get(options["action"], options["action"])
        try:
            getattr(self, f"do_{action}")(options)
        except ValueWriteError as err:
            raise CommandError("\n".join(str(e) for e in err.errors)) from err
        except InputError as err:
            raise CommandError(str(err)) from err

    def _report(self, pk: int) -> IngestedReport:
        report = IngestedReport.objects.filter(pk=pk).first()
        if report is None:
            raise InputError(f"Không có báo cáo số {pk}.", f"No report {pk}.")
        return report

    def do_read(self, options: dict[str, Any]) -> None:
        unit = resolve_unit(options["unit"])
        period = parse_period(options["period"]) if options.get("period") else None
        import os

        published = parse_date(options["published"]) if options.get("published") else None
        report = services.ingest(
            options["file"], os.path.basename(options["file"]), unit, None, period, published
        )
        self._print(report, options["format"])

    def _print(self, report: IngestedReport, fmt: str) -> None:
        rows = services.rows(report.proposals.all())
        if fmt == "json":
            emit(
                [{"report": report.id, "file": report.file_name, "unit": report.unit.name,
                  "issuer": report.issuer_text, "period": report.period_code, "matched": report.matched,
                  "numeric": report.numeric, "notice": {"vi": unseen_share().vi, "en": unseen_share().en},
                  "proposals": rows}],
                "json", self.out,
            )  # fmt: skip
            return
        share = format_percent(100 * report.matched / report.numeric, 1) if report.numeric else "—"
        self.out.write(
            f"Báo cáo #{report.id} {report.file_name} — {report.unit.name}; kỳ / period {report.period_code or '?'}; "
            f"ban hành / issuer {report.issuer_text or '?'}; khớp chỉ tiêu / matched {report.matched}/{report.numeric} "
            f"số liệu ({share})\n"
        )
        unseen = unseen_share()
        self.out.write(f"{unseen.vi}\n{unseen.en}\n")
        emit(rows, fmt, self.out, columns=COLUMNS)

    def do_list(self, options: dict[str, Any]) -> None:
        unit = resolve_unit(options["unit"])
        rows = [
            {"id": r.id, "file": r.file_name, "period": r.period_code, "matched": r.matched, "numeric": r.numeric,
             "uploaded": r.uploaded_at.date().isoformat()}
            for r in IngestedReport.objects.filter(unit=unit)
        ]  # fmt: skip
        emit(rows, options["format"], self.out)

    def do_show(self, options: dict[str, Any]) -> None:
        self._print(self._report(options["report"]), options["format"])

    def do_decide(self, options: dict[str, Any]) -> None:
        proposal = Proposal.objects.filter(pk=options["proposal"]).first()
        if proposal is None:
            raise InputError(
                f"Không có đề xuất số {options['proposal']}.", f"No proposal {options['proposal']}."
            )
        services.decide(
            proposal, options["decision"], None, options["reason"],
            indicator=options["indicator"], value_text=options["value"], period=options["period"],
        )  # fmt: skip
        self.out.write(f"#{proposal.id}: {proposal.status}\n")

    def do_accept(self, options: dict[str, Any]) -> None:
        report = self._report(options["report"])
        if options["all"] or options["min_confidence"] is not None:
            share = unseen_share()
            raise InputError(
                "Không nhận «--all»: mỗi đề xuất phải được người đối chiếu với câu trích rồi chấp nhận "
                f"(cds ingest decide ID accept). {share.vi}",
                "«--all» is refused: each proposal must be checked against its quoted sentence and accepted "
                f"by a person (cds ingest decide ID accept). {share.en}",
            )
        actor = Actor(f"cli: cds ingest accept #{report.id}", SourceKind.IMPORT)
        result = services.import_accepted(report, actor, dry_run=options["dry_run"])
        self.out.write(
            f"{result.values_created} số liệu mới / new values, {result.values_updated} cập nhật / updated, "
            f"{result.values_unchanged} không đổi / unchanged, {result.documents_created} văn bản mới / new "
            f"documents, {result.teams_created} tổ mới / new teams, {result.teams_reformed} tổ kiện toàn / "
            f"teams re-formed, {result.targets_set} chỉ tiêu đặt / targets set"
            f"{' (chạy thử / dry run)' if result.dry_run else ''}\n"
        )
