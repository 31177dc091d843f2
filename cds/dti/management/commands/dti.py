"""``cds dti load|load-table|export-table|frameworks|score|rank|import-results`` — DTI frameworks, scores and rankings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cds.catalog.formatting import format_points
from cds.dti.framework import read_framework
from cds.dti.models import FrameworkVersion, ResultStatus
from cds.dti.published import import_results
from cds.dti.ranking import rank_scope, summary
from cds.dti.rules import CENT
from cds.dti.scoring import era_for_year, year_day
from cds.dti.services import (
    find_framework,
    framework_of,
    load_framework,
    load_framework_table,
    score_and_store,
)
from cds.dti.tables import TableRequest, check_official_structure, write_framework_table
from cds.lib.commands import ActionCommand, add_within_argument
from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.lib.text import fold
from cds.lib.vn_dates import parse_year
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.models import SourceKind
from cds.values.services import Actor

NATIONWIDE = {"toan quoc", "ca nuoc", "vn", "viet nam", "all"}
LEVELS = ("commune", "district", "province")


def parse_scope(text: str, year: int) -> Unit | None:
    """A unit on the map of ``year``, or None for the whole country ("toàn quốc")."""
    if fold(text).strip() in NATIONWIDE:
        return None
    return resolve_unit(text, as_of=year_day(year), era=era_for_year(year))


class Command(ActionCommand):
    help = (
        "Chỉ số chuyển đổi số (DTI): khung đánh giá, chấm điểm, xếp hạng / DTI frameworks, scores, rankings"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a framework YAML file")
        load.add_argument("file")
        table = sub.add_parser(
            "load-table",
            help="nạp khung từ bảng tỉnh công bố (xlsx/csv) / load a framework from a published table",
        )
        table.add_argument("file")
        table.add_argument("--code", required=True, help="mã khung, ví dụ dti-xa-gia-lai / framework code")
        table.add_argument("--name", help="tên khung (mặc định: tên tệp) / title (default: the file name)")
        table.add_argument("--level", choices=LEVELS, default="commune")
        table.add_argument(
            "--years", required=True, help="năm áp dụng, ví dụ 2025 hoặc 2025,2026 / years it applies to"
        )
        table.add_argument("--version", help="phiên bản (mặc định: NĂM.1) / version (default: YEAR.1)")
        table.add_argument("--sheet", help="trang tính / the sheet to read")
        table.add_argument("--source", default="", help="văn bản ban hành / the decision that published it")
        table.add_argument(
            "--dry-run", action="store_true", help="kiểm tra, không ghi gì / check, write nothing"
        )
        table.add_argument(
            "--official",
            help="đối chiếu với cấu trúc chính thức đã kiểm chứng, ví dụ qd-405-2025-tinh / compare with a "
            "verified official structure",
        )
        add_format_argument(table)
        export = sub.add_parser(
            "export-table", help="ghi khung ra bảng xlsx để sửa / write a framework as a table to edit"
        )
        export.add_argument("framework", help="code, code@version or a YAML file")
        export.add_argument("file", help="tệp .xlsx hoặc .csv / an .xlsx or .csv file")
        frameworks = sub.add_parser("frameworks", help="list the loaded frameworks")
        add_format_argument(frameworks)
        score = sub.add_parser("score", help="score every unit of the framework's level in a scope")
        score.add_argument("--framework", required=True, help="code, code@version or a YAML file")
        score.add_argument("--year", required=True, help="năm: 2024 hoặc «năm 2024» / the year")
        score.add_argument("--scope", required=True, help='a province or district, or "toàn quốc"')
        add_format_argument(score)
        rank = sub.add_parser("rank", help="rank the units of a scope with last year's rank beside each")
        rank.add_argument("--year", required=True, help="năm: 2024 hoặc «năm 2024» / the year")
        rank.add_argument("--scope", required=True, help='a province or district, or "toàn quốc"')
        rank.add_argument("--level", choices=LEVELS, default="commune")
        rank.add_argument("--summary", type=int, metavar="N", help="only the report summary: top/bottom N …")
        add_format_argument(rank)
        imp = sub.add_parser(
            "import-results", help="import published scores and ranks of past years (CSV/XLSX)"
        )
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        imp.add_argument(
            "--decision",
            help='the registered decision that published these results, e.g. "Quyết định số 1335/QĐ-UBND'
            ' ngày 29/12/2023" or "1335/QĐ-UBND" (register it first in the document register)',
        )
        add_within_argument(imp)
        imp.add_argument(
            "--complete",
            action="store_true",
            help="tệp là danh sách công bố đầy đủ của --in: đơn vị vắng mặt ghi là không tự đánh giá / "
            "the file is --in's full published list: absent units are recorded as not assessed",
        )
        add_format_argument(imp)

    def do_load(self, options: dict[str, Any]) -> None:
        row, created = load_framework(
            options["file"], Actor(f"cli: cds dti load {Path(options['file']).name}", SourceKind.IMPORT)
        )
        state = "đã nạp / loaded" if created else "không đổi (đã nạp trước đó) / unchanged"
        self.stdout.write(f"{row}: {row.title} — {state}")

    def do_load_table(self, options: dict[str, Any]) -> None:
        try:
            years = sorted({int(y) for y in options["years"].replace(" ", "").split(",") if y})
        except ValueError:
            raise InputError(
                "--years là năm hoặc danh sách năm cách nhau bởi dấu phẩy, ví dụ 2025,2026",
                "--years is a year or a comma-separated list of years, e.g. 2025,2026",
            ).located(value=options["years"]) from None
        if not years or not all(2000 <= y <= 2100 for y in years):
            raise InputError(
                "--years phải là năm từ 2000 đến 2100", "--years must be years 2000–2100"
            ).located(value=options["years"])
        path = Path(options["file"])
        request = TableRequest(
            code=options["code"],
            title=options["name"] or path.stem,
            level=options["level"],
            years=years,
            version=options["version"] or f"{years[0]}.1",
            sheet=options["sheet"],
            source=options["source"],
        )
        reading, row, created = load_framework_table(
            path,
            request,
            dry_run=options["dry_run"],
            actor=Actor(f"cli: cds dti load-table {path.name}", SourceKind.IMPORT),
        )
        framework = reading.framework
        check = check_official_structure(framework, options["official"]) if options["official"] else None
        state = (
            "chạy thử, không ghi gì / dry run, nothing written"
            if row is None
            else ("đã nạp / loaded" if created else "không đổi (đã nạp trước đó) / unchanged")
        )
        rows = [line.as_dict() for line in reading.report]
        if options["format"] == "json":
            summary_row = {
                "framework": framework.key,
                "title": framework.title,
                "level": framework.level,
                "years": list(framework.years),
                "total": framework.total,
                "pillars": len(framework.pillars),
                "items": len(framework.items()),
                "manual_items": sum(item.is_manual for item in framework.items()),
                "sheet": reading.sheet,
                "dry_run": row is None,
                "created": created,
                "mapping": rows,
                "official": check.as_dict() if check else None,
            }
            emit(summary_row, "json", self.stdout)
            return
        columns = ["row", "kind", "code", "name", "max_points", "rule", "note_vi"]
        emit(
            rows,
            options["format"],
            self.stdout,
            columns=columns,
            title=f"{framework.key} — bảng ánh xạ / mapping",
        )
        manual = sum(item.is_manual for item in framework.items())
        self.stdout.write(
            f"{framework.key}: {len(framework.pillars)} chỉ số chính, {len(framework.items())} chỉ số thành phần "
            f"({manual} chấm tay), {format_points(framework.total)} điểm — {state}"
        )
        if check is not None:
            self.stdout.write(
                f"Đối chiếu {check.official} / compared with {check.official}: "
                f"{len(check.matched)}/{len(check.matched) + len(check.missing)} chỉ số chính khớp / main indicators "
                f"match; {check.components} chỉ số thành phần (văn bản: {check.official_components}) / components"
            )
            if check.missing:
                self.stdout.write("  thiếu / missing: " + ", ".join(check.missing))
            if check.extra:
                self.stdout.write("  không có trong văn bản / not in the decision: " + ", ".join(check.extra))
            self.stdout.write("  chưa kiểm chứng được / not verified: " + "; ".join(check.unverified))

    def do_export_table(self, options: dict[str, Any]) -> None:
        target = Path(options["file"])
        if target.suffix.lower() not in (".xlsx", ".csv"):
            raise InputError(
                "tệp ra phải là .xlsx hoặc .csv", "the output file must be .xlsx or .csv"
            ).located(file=target.name)
        if options["framework"].endswith((".yaml", ".yml")):
            framework = read_framework(options["framework"])
        else:
            framework = framework_of(find_framework(options["framework"]))
        write_framework_table(framework, target)
        self.stdout.write(f"{framework.key} → {target}")

    def do_frameworks(self, options: dict[str, Any]) -> None:
        rows = [
            {
                "framework": str(r),
                "title": r.title,
                "level": r.level,
                "years": r.years,
                "total": r.total,
                "template": r.template,
            }
            for r in FrameworkVersion.objects.all()
        ]
        emit(
            rows,
            options["format"],
            self.stdout,
            columns=["framework", "title", "level", "years", "total", "template"],
        )

    def do_score(self, options: dict[str, Any]) -> None:
        year = parse_year(options["year"])
        row = find_framework(options["framework"], year)
        scores = score_and_store(row, year, parse_scope(options["scope"], year))
        rows = [
            {
                "code": s.unit.code,
                "name": s.unit.name,
                "score": s.total.quantize(CENT),
                "status": s.status,
                "missing_items": len(s.missing),
            }
            for s in scores
        ]
        if options["format"] == "json":
            emit(rows, "json", self.stdout)
            return
        emit(rows, options["format"], self.stdout, title=f"{row} — năm {year}")

    def do_rank(self, options: dict[str, Any]) -> None:
        year = parse_year(options["year"])
        scope = parse_scope(options["scope"], year)
        ranking = rank_scope(year, scope, options["level"])
        if options["summary"] is not None:
            data = summary(ranking, options["summary"])
            if options["format"] == "json":
                emit(data, "json", self.stdout)
                return
            for key in ("top", "bottom", "fell_most", "not_assessed"):
                cols = ["rank", "code", "name", "score", "previous_rank", "rank_change_text", "status"]
                emit(data[key], options["format"], self.stdout, columns=cols, title=key)
            self.stdout.write(f"scope_rank: {data['scope_rank']}")
            self.stdout.write(f"coverage: {ranking.coverage.text_vi} / {ranking.coverage.text_en}")
            return
        rows = [e.as_dict() for e in ranking.entries]
        if options["format"] == "json":
            emit(rows, "json", self.stdout)
            return
        table = [
            {
                "hạng": f"{r['rank']}/{r['total_ranked']}" if r["rank"] else "không xếp hạng",
                "mã": r["code"],
                "đơn vị": r["name"],
                "điểm": format_points(r["score"], unknown=""),
                "năm trước": format_points(r["previous_score"], unknown=""),
                "hạng năm trước": r["previous_rank"] or "",
                "thay đổi": r["rank_change_text"],
                "trạng thái": ResultStatus(r["status"]).label + (" (thiếu dữ liệu)" if r["partial"] else ""),
            }
            for r in rows
        ]
        title = (
            f"Xếp hạng DTI năm {year} — {scope.name if scope else 'toàn quốc'} ({ranking.coverage.text_vi})"
        )
        emit(table, options["format"], self.stdout, title=title)

    def do_import_results(self, options: dict[str, Any]) -> None:
        report = import_results(
            options["file"],
            dry_run=options["dry_run"],
            decision=options.get("decision"),
            within=options.get("within"),
            complete=options.get("complete", False),
        )
        for err in report.errors:
            self.stderr.write(str(err))
        if report.absent and not report.errors:
            verb = (
                "ghi là không tự đánh giá / recorded as not assessed"
                if options.get("complete")
                else (
                    "không ghi gì; dùng --complete nếu tệp là danh sách đầy đủ / nothing recorded; use --complete "
                    "if the file is the full list"
                )
            )
            self.stderr.write(
                f"{len(report.absent)} đơn vị của phạm vi không có trong tệp / units of the scope absent from the "
                f"file ({verb}): " + ", ".join(report.absent)
            )
        emit(
            [
                {
                    "file": report.file_name,
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "dry_run": report.dry_run,
                    "errors": len(report.errors),
                }
            ],
            options["format"],
            self.stdout,
        )
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} dòng lỗi, không ghi gì / {len(report.errors)} bad rows, nothing written"
            )
