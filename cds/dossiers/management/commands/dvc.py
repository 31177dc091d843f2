"""``cds dvc``: import dossier exports, compute online-service KPIs, find offline hot spots, synthesise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cds.catalog.formatting import format_points
from cds.catalog.services import get_catalog
from cds.dossiers import index766, services
from cds.dossiers.basis import basis_of
from cds.dossiers.display import format_kpi, kpi_text
from cds.dossiers.importer import PHASES, import_file, write_errors
from cds.dossiers.kpi import COUNTS, RATES
from cds.dossiers.mapping import load_mapping
from cds.dossiers.publish import RefreshResult, finish_pending, recompute
from cds.dossiers.store import DossierStore
from cds.dossiers.synth import write_synthetic
from cds.dossiers.unitmatch import province_code
from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.lib.periods import parse_period
from cds.lib.vn_numbers import format_number
from cds.units.models import Level, Unit
from cds.units.services import era_on, resolve_unit

RATE = "dvc.online_dossier_rate"


def _reading(sub: Any, name: str, help: str) -> Any:
    """A sub-action that reads the dossier store for ``--unit`` and ``--period`` (``--store``,
    ``--engine``, ``--format``); the caller adds its own options."""
    parser = sub.add_parser(name, help=help)
    parser.add_argument("--unit", required=True)
    parser.add_argument("--period", required=True)
    parser.add_argument("--store", help=argparse_store_help())
    add_engine_argument(parser)
    add_format_argument(parser)
    return parser


class Command(BaseCommand):
    help = "Hồ sơ một cửa và chỉ số dịch vụ công trực tuyến / one-stop-shop dossiers and online-service KPIs"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="nhập tệp hồ sơ / import dossier exports (CSV, XLSX)")
        imp.add_argument("files", nargs="+")
        imp.add_argument("--mapping", help="tệp ánh xạ cột YAML / column mapping YAML")
        imp.add_argument("--dry-run", action="store_true")
        imp.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="nhập các dòng đúng dù tệp có dòng lỗi (mặc định: không nhập gì) / "
            "import the good rows even if some are rejected (default: all or nothing)",
        )
        imp.add_argument(
            "--in",
            "--province",
            dest="province",
            help="chỉ đối chiếu đơn vị trong tỉnh này (tên hoặc mã) / match units within this province",
        )
        imp.add_argument("--errors-file", help="ghi các dòng bị loại ra tệp .xlsx/.csv / write rejected rows")
        imp.add_argument(
            "--no-values", action="store_true", help="không tính lại chỉ số / do not recompute values"
        )
        imp.add_argument("--store", help=argparse_store_help())
        kpi = _reading(sub, "kpi", "tính chỉ số / compute KPIs")
        kpi.add_argument("--window", action="store_true", help="kỳ số liệu Nghị định 09 / NĐ 09 data window")
        kpi.add_argument("--by", choices=services.BREAKDOWNS)
        hot = _reading(sub, "hotspots", "thủ tục còn nộp trực tiếp nhiều / offline hot spots")
        hot.add_argument("--limit", type=int, default=10)
        rec = sub.add_parser(
            "recompute",
            aliases=["publish"],
            help="tính lại và ghi chỉ số từ kho hồ sơ / recompute and publish KPI values from the dossier store",
        )
        rec.add_argument("--province", required=True, help="tên hoặc mã tỉnh / province name or code")
        rec.add_argument("--year", type=int, action="append", required=True, help="năm (lặp lại được) / year")
        rec.add_argument("--store", help=argparse_store_help())
        add_engine_argument(rec)
        idx = _reading(
            sub, "index", "Bộ chỉ số phục vụ người dân, doanh nghiệp (766/QĐ-TTg) / the 766 service index"
        )
        idx.add_argument("--window", action="store_true", help="kỳ số liệu Nghị định 09 / NĐ 09 data window")
        idx.add_argument(
            "--by", choices=("unit",), help="xếp hạng các đơn vị trực thuộc / rank the units below"
        )
        syn = sub.add_parser("synth", help="sinh dữ liệu hồ sơ giả lập / generate synthetic dossiers")
        syn.add_argument("--rows", type=int, required=True)
        syn.add_argument("--province", required=True)
        syn.add_argument("--year", type=int, required=True)
        syn.add_argument("--out", required=True)
        syn.add_argument("--seed", default="cds")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            action = "recompute" if options["action"] == "publish" else options["action"]
            getattr(self, f"_{action}")(options)
        except InputError as error:
            raise CommandError(str(error)) from None

    def _store(self, options: dict[str, Any]) -> DossierStore:
        return DossierStore(options.get("store"))

    def _import(self, options: dict[str, Any]) -> None:
        mapping = load_mapping(options.get("mapping"))
        within = resolve_unit(options["province"], level=Level.PROVINCE) if options.get("province") else None
        store = self._store(options)
        console = Console(stderr=True)
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[phase]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        if not options["dry_run"]:
            self._print_refreshes(finish_pending(store), earlier=True)  # what a killed run left pending
        refused = []
        with bar:
            files = bar.add_task("tệp / files", total=len(options["files"]), phase="")
            for name in options["files"]:
                report = self._import_one(name, mapping, store, within, options, bar)
                bar.advance(files)
                self._print_report(report, options, store)
                if report.refused:
                    refused.append(report.file_name)
        if refused:
            raise CommandError(
                f"Không nhập tệp: {', '.join(refused)} (có dòng lỗi). / Refused: {', '.join(refused)} (rejected rows)."
            )

    def _import_one(
        self, name: str, mapping: Any, store: DossierStore, within: Any, options: dict, bar: Progress
    ):
        """One file, with a bar that advances through the import's phases."""
        task = bar.add_task(Path(name).name, total=len(PHASES), phase="")

        def step(phase: str) -> None:
            bar.update(task, completed=PHASES.index(phase), phase=phase)

        report = import_file(
            name,
            mapping=mapping,
            store=store,
            dry_run=options["dry_run"],
            skip_bad_rows=options["skip_bad_rows"],
            within=within,
            progress=step,
        )
        bar.update(task, completed=len(PHASES), phase="xong / done")
        return report

    def _print_report(self, report: Any, options: dict[str, Any], store: DossierStore) -> None:
        self.stdout.write(report.summary_vi())
        self.stdout.write(report.summary_en())
        for miss in report.unmatched_units:
            maybe = "; ".join(miss["candidates"][:3]) or "—"
            self.stdout.write(
                f"  Không khớp đơn vị / unmatched unit «{miss['text']}» ({miss['era']}); có thể là / maybe: {maybe}"
            )
            if miss.get("reason"):  # a ceased unit: what it went into, since when, by which resolution
                self.stdout.write(f"    {miss['reason']} / {miss.get('reason_en', '')}")
        for error in report.errors[:20]:
            self.stdout.write(
                f"  dòng/row {error.row}, cột/column {error.column}, «{error.value}»: "
                f"{error.reason_vi} / {error.reason_en}"
            )
        if len(report.errors) > 20:
            self.stdout.write(f"  … {len(report.errors) - 20} lỗi nữa / more errors (--errors-file)")
        if options.get("errors_file") and report.errors:
            write_errors(report, options["errors_file"])
            self.stdout.write(f"  Đã ghi lỗi vào / errors written to {options['errors_file']}")
        if report.fields_missing and not report.refused:
            missing = ", ".join(report.fields_missing)
            self.stdout.write(
                f"  Tệp không có cột / the file has no column: {missing} — chỉ số cần các cột này là "
                "«chưa có số liệu» / KPIs that need them are N/A"
            )
        if report.import_id and not options["no_values"]:
            self._print_refreshes(finish_pending(store))
        elif report.import_id:
            self.stdout.write(
                "  Chỉ số chưa được tính lại (--no-values); lần nhập sau hoặc «cds dvc recompute» sẽ tính. / "
                "KPI values not recomputed (--no-values); the next import or 'cds dvc recompute' will."
            )

    def _print_refreshes(self, results: list[RefreshResult], earlier: bool = False) -> None:
        for result in results:
            refresh = result.refresh
            head = (
                f"  Hoàn tất tính lại còn dang dở (lần nhập #{refresh.dossier_import_id}) / finished a pending "
                f"refresh (import #{refresh.dossier_import_id}): "
                if earlier
                else ""
            )
            vi, en = result.words()
            (self.stderr if result.error else self.stdout).write(f"  {head}{vi} / {en}")
            if result.error:
                continue
            if result.report and (result.report.withdrawn or result.report.withdraw_skipped_approved):
                self.stdout.write(
                    f"  Rút {result.report.withdrawn} giá trị không còn tính được (chưa có số liệu) / withdrew "
                    f"{result.report.withdrawn} values now unknown; giữ {result.report.withdraw_skipped_approved} "
                    "giá trị đã duyệt (cần mở lại để rút) / kept approved ones (reopen to withdraw)"
                )

    def _recompute(self, options: dict[str, Any]) -> None:
        code = options["province"].strip()
        store = self._store(options)
        if not store.files([code]):
            code = province_code(resolve_unit(code, level=Level.PROVINCE))
        result = recompute(code, options["year"], store=store, engine=options["engine"])
        self._print_refreshes([result])
        if result.error:
            raise CommandError(f"Chưa tính lại được / not recomputed: {result.error}")

    def _unit_period(self, options: dict[str, Any]) -> tuple[Any, Any]:
        period = parse_period(options["period"])
        if options.get("window"):
            period = period.reporting_window()
        unit = resolve_unit(options["unit"], as_of=period.end)
        return unit, period

    def _kpi(self, options: dict[str, Any]) -> None:
        unit, period = self._unit_period(options)
        engine = options["engine"]
        rows = services.compute_kpis(
            unit, period, by=options.get("by"), store=self._store(options), engine=engine
        )
        names = {}
        if options.get("by") == "unit":
            names = dict(
                Unit.objects.filter(pk__in=[r.key["unit_id"] for r in rows]).values_list("id", "name")
            )
        fmt = options["format"]
        catalog = get_catalog(period.end)  # the names and kinds in force for the period, as on /dvc/
        out = []
        for row in rows:
            record: dict[str, Any] = {
                "unit": names.get(row.key["unit_id"], unit.name),
                "period": period.label_vi,
            }
            if options.get("by") == "procedure":
                record.update(procedure=row.key["procedure_code"], name=row.key["procedure_name"])
            if options.get("by") in ("procedure", "field"):
                record["field"] = row.key.get("field")
            if options.get("by") == "authority":
                record["authority"] = AUTHORITY_LABELS.get(row.key.get("authority"), AUTHORITY_LABELS[None])
            for code in (*COUNTS, *RATES):
                definition = catalog.get(code)
                vi = kpi_text(row, code, definition)  # the /dvc/ page's text, through the one formatter
                if fmt == "table":
                    en = kpi_text(row, code, definition, lang="en")
                    shown = f"{vi.text} / {en.text}" if row.is_unknown(code) else vi.text
                    record[code] = f"{shown} ({vi.note} / {en.note})" if vi.note else shown
                    continue
                value = row.value(code)
                note_vi, note_en = row.note(code)  # why N/A, or which dossiers it covers
                record[code] = float(value) if code in RATES and value is not None else value
                record[f"{code}.text"] = vi.text
                record[f"{code}.note"] = note_vi
                record[f"{code}.note_en"] = note_en
                if fmt == "json":
                    basis = basis_of(code)
                    record[f"{code}.basis"] = f"{basis.document}, {basis.where} ({basis.url})"
            out.append(record)
        if not out:
            self.stderr.write(
                f"Không có hồ sơ nào của {unit.name} trong {period.label_vi}. / No dossiers for {period.label_en}."
            )
        changes = {}
        if options.get("by") is None and out:
            changes = services.compare(unit, period, store=self._store(options), engine=engine)
        if fmt == "table" and options.get("by") is None and out:
            out = [{"chỉ tiêu / indicator": k, "giá trị / value": v} for k, v in out[0].items()]
        elif changes:  # json / csv: the two comparisons as columns of the single row
            for code, (before, last_year) in changes.items():
                out[0][f"{code}.vs_previous"] = before.text_vi
                out[0][f"{code}.vs_last_year"] = last_year.text_vi
        emit(out, fmt, sys.stdout if fmt == "json" else self.stdout, title=f"{unit.name} — {period.label_vi}")
        if fmt == "table" and changes:
            compared = [
                {"chỉ tiêu / indicator": code, "so với kỳ trước / vs previous": before.text_vi,
                 "so với cùng kỳ / year on year": last_year.text_vi}
                for code, (before, last_year) in changes.items()
            ]  # fmt: skip
            emit(compared, fmt, self.stdout, title="So sánh / comparison")

    def _index(self, options: dict[str, Any]) -> None:

        unit, period = self._unit_period(options)
        fmt, store, engine = options["format"], self._store(options), options["engine"]
        spec = index766.load_spec()
        if options.get("by") == "unit":
            ranking = index766.rank_index(unit, period, store=store, engine=engine, spec=spec)
            rows = [index766.rank_record(r, ranking) for r in ranking.rows]
            if fmt == "table":
                rows = [
                    {**{k: v for k, v in r.items() if k != "groups"},
                     "score": format_points(r["score"], unknown="N/A"),
                     "change": "" if r["change"] is None else format_points(r["change"])}
                    for r in rows
                ]  # fmt: skip
            emit(rows, fmt, sys.stdout if fmt == "json" else self.stdout,
                 title=f"{spec.name_vi} — {unit.name} — {period.label_vi}")  # fmt: skip
            if fmt == "table":
                self.stdout.write(_ranking_basis(ranking))
            return
        result = index766.compute_index(unit, period, store=store, engine=engine, spec=spec)
        record = {"unit": unit.name, "unit_code": unit.code, "period": period.code,
                  "period_label": period.label_vi, **index766.as_record(result)}  # fmt: skip
        if fmt == "json":
            emit(record, fmt, sys.stdout)
            return
        table = [
            {"nhóm / group": f"{g['code']}. {g['name']}", "điểm / points": g["points_text"],
             "tối đa / max": format_points(g["max"]), "tính được / covered":
             f"{format_points(g['covered_points'])}/{format_points(g['covered_max'])}",
             "ghi chú / note": "; ".join(g["notes"])}
            for g in record["groups"]
        ]  # fmt: skip
        table.append(
            {"nhóm / group": "Tổng / total", "điểm / points": record["total_text"], "tối đa / max": "100",
             "tính được / covered": f"{format_points(record['covered_points'])}/{format_points(record['covered_max'])}",
             "ghi chú / note": f"xếp loại / grade: {record['grade'] or 'chưa xác định (N/A)'}"}
        )  # fmt: skip
        emit(table, fmt, self.stdout, title=f"{spec.name_vi} — {unit.name} — {period.label_vi}")

    def _hotspots(self, options: dict[str, Any]) -> None:
        unit, period = self._unit_period(options)
        engine = options["engine"]
        spots = services.hotspots(
            unit, period, limit=options["limit"], store=self._store(options), engine=engine
        )
        if not spots:  # none found, or none can be found: the export had no service level
            totals = services.compute_kpis(unit, period, store=self._store(options), engine=engine)
            if totals and totals[0].is_unknown("dvc.services_with_dossiers"):
                vi, en = totals[0].note("dvc.services_with_dossiers")
                self.stderr.write(f"{vi} / {en}")
        fmt = options["format"]
        catalog = get_catalog(period.end)
        total, online, rate = (catalog.get(c) for c in ("dvc.dossiers_total", "dvc.dossiers_online", RATE))

        def shown(number: Any, code: str, definition: Any) -> Any:
            return number if fmt != "table" else format_kpi(code, number, definition)

        rows = [
            {
                "procedure": s.procedure_code,
                "name": s.procedure_name,
                "field": s.field,
                "total": shown(s.total, "dvc.dossiers_total", total),
                "online": shown(s.online, "dvc.dossiers_online", online),
                "in_person": shown(s.in_person, "dvc.dossiers_total", total),
                "online_rate": (float(s.online_rate) if s.online_rate is not None else None)
                if fmt != "table"
                else format_kpi(RATE, s.online_rate, rate),
                "text_vi": services.hotspot_text(s),
            }
            for s in spots
        ]
        emit(
            rows, fmt, sys.stdout if fmt == "json" else self.stdout, title=f"{unit.name} — {period.label_vi}"
        )

    def _synth(self, options: dict[str, Any]) -> None:
        year = options["year"]
        province = resolve_unit(
            options["province"], level=Level.PROVINCE, era=era_on(parse_period(str(year)).start)
        )
        if options["rows"] > 1_048_576 and str(options["out"]).lower().endswith(".xlsx"):
            raise CommandError("Bảng tính tối đa 1.048.576 dòng / a workbook holds at most 1,048,576 rows")
        rows = write_synthetic(province, year, options["rows"], options["out"], seed=options["seed"])
        self.stdout.write(f"Đã ghi {format_number(rows)} hồ sơ / wrote {rows} dossiers → {options['out']}")


AUTHORITY_LABELS = {
    "province": "thẩm quyền cấp tỉnh / province",
    "district": "thẩm quyền cấp huyện / district",
    "commune": "thẩm quyền cấp xã / commune",
    None: "chưa có số liệu thẩm quyền / authority unknown",
}


def argparse_store_help() -> str:
    return "thư mục kho hồ sơ / dossier store directory (default VAR_DIR/dossiers)"


def add_engine_argument(parser: Any) -> None:
    parser.add_argument(
        "--engine",
        choices=services.ENGINES,
        default="counts",
        help="counts: số đếm tổng hợp sẵn khi nhập (mặc định); scan: DuckDB đọc từng hồ sơ (đối chiếu); "
        "spark: Apache Spark đọc từng hồ sơ (CDS_SPARK_MASTER) / counts: pre-aggregated at import (default); "
        "scan: DuckDB reads every dossier (the reference); spark: Apache Spark reads every dossier",
    )


def _ranking_basis(ranking: Any) -> str:
    if ranking.basis == "total":
        return "Xếp hạng theo tổng điểm. / Ranked on the total."
    if ranking.basis == "covered":
        m = format_points(ranking.covered_max)
        return (
            f"Xếp hạng theo phần điểm tính được ({m}/100 điểm); tổng điểm chưa xác định (N/A) vì một số "
            f"chỉ số chưa xác minh được điểm tối đa hoặc không tính được từ hồ sơ. / Ranked on the {m} of 100 "
            "points that can be computed; the total is N/A."
        )
    return (
        "Không xếp hạng được: chưa có phần điểm chung để so sánh. / No ranking: no common computable points."
    )
