"""``cds data import|export|rollup|submit|deadline|withdraw|history`` — values in and out, roll-ups,
the report workflow's submission and deadlines, withdrawing a value (the same domain operations
as the web and the API), and change history."""

from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser

from cds.catalog.formatting import format_value
from cds.catalog.services import get_catalog
from cds.lib.commands import ActionCommand, add_within_argument
from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.lib.periods import Period, parse_period
from cds.lib.tabular import write_table
from cds.lib.vn_dates import format_date, parse_date
from cds.units.models import Unit
from cds.units.services import map_day, resolve_unit
from cds.values.deadlines import deadline_for, set_deadline
from cds.values.io import export_values, import_values
from cds.values.mapping import column_label, find_mapping, preview, save_mapping
from cds.values.models import ValueChange
from cds.values.reminders import notify_late, remind
from cds.values.rollup import rollup, rollup_children
from cds.values.services import Actor, ValueRef, ValueWriteError, withdraw_values
from cds.values.workflow import recall_report, submit_report


class Command(ActionCommand):
    help = "Nhập/xuất số liệu, tổng hợp và lịch sử thay đổi / Import, export, roll up values and show history"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a CSV/XLSX file (unit, period, indicator, value, note)")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
        imp.add_argument("--errors-file", help="also write the rejected rows to this CSV/XLSX file")
        imp.add_argument("--reason", default="", help="why these values change (kept in the history)")
        imp.add_argument("--as-user", default="", help="record the change as this user name")
        add_within_argument(imp)
        imp.add_argument(
            "--source",
            help="nguồn đã lưu cách đọc cột (cds data map-save) / a source whose saved column mapping to use",
        )
        add_format_argument(imp)
        msave = sub.add_parser(
            "map-save", help="lưu cách đọc cột của một nguồn / save how a source's headers map to the columns"
        )
        msave.add_argument("--source", required=True, help="tên nguồn, ví dụ dvc-tinh / the source's name")
        msave.add_argument("--unit", required=True, help="đơn vị lưu (tỉnh, huyện, xã) / the unit saving it")
        msave.add_argument(
            "--column",
            action="append",
            required=True,
            metavar="TIÊU ĐỀ=CỘT",
            help="«Tên xã=unit», «Số hồ sơ=value» … (cột: unit, period, indicator, value, note); lặp lại được",
        )
        add_format_argument(msave)
        mprev = sub.add_parser(
            "map-preview", help="xem trước tệp đọc theo cách đọc cột / preview a file read with a mapping"
        )
        mprev.add_argument("file")
        mprev.add_argument("--source", help="nguồn đã lưu / a saved source")
        mprev.add_argument(
            "--column", action="append", metavar="TIÊU ĐỀ=CỘT", help="như map-save / as map-save"
        )
        add_within_argument(mprev)
        add_format_argument(mprev)
        exp = sub.add_parser("export", help="export values in the import format")
        exp.add_argument("file")
        exp.add_argument("--unit", help="a unit; its whole subtree is exported")
        exp.add_argument("--period")
        exp.add_argument("--indicator", action="append", help="repeat for several")
        roll = sub.add_parser("rollup", help="an indicator for a unit (and its children) over a period")
        roll.add_argument("indicator")
        roll.add_argument("--unit", required=True)
        roll.add_argument("--period", required=True)
        roll.add_argument("--children", action="store_true", help="one line per direct child")
        add_format_argument(roll)
        sub_ = sub.add_parser(
            "submit", help="submit a unit's report for a period (the same rules as the web form)"
        )
        sub_.add_argument("--unit", required=True)
        sub_.add_argument("--period", required=True)
        sub_.add_argument(
            "--explain", action="append", default=[], metavar="CODE=TEXT", help="explain a warning; repeat"
        )
        sub_.add_argument("--as-user", default="", help="record the submission as this user name")
        sub_.add_argument(
            "--incomplete",
            choices=["confirm", "refuse"],
            help="fields of the data set missing: confirm sending it so, or refuse (default: send, "
            "the gap written into the history)",
        )
        rec = sub.add_parser("recall", help="take a submitted report back to draft to change it")
        rec.add_argument("--unit", required=True)
        rec.add_argument("--period", required=True)
        rec.add_argument("--reason", default="", help="why (kept in the history)")
        rec.add_argument("--as-user", default="", help="record the recall as this user name")
        rem = sub.add_parser("remind", help="notify the officers of the late units under a unit (Nhắc nhở)")
        rem.add_argument("--unit", required=True, help="a unit: its late communes (or itself) are reminded")
        rem.add_argument("--period", required=True)
        rem.add_argument("--as-user", default="", help="record the reminder as this user name")
        late = sub.add_parser(
            "notify-late", help="one lateness notice per officer of each late unit under a unit (run daily)"
        )
        late.add_argument("--unit", required=True)
        late.add_argument("--period", required=True)
        dead = sub.add_parser(
            "deadline", help="show, or with --due set, when reports of a unit's subtree are due"
        )
        dead.add_argument("--period", required=True)
        dead.add_argument("--unit", help="a unit (its whole subtree); none: nationwide")
        dead.add_argument("--due", help="the new deadline, e.g. 20/10/2025")
        dead.add_argument("--reason", default="", help="why (kept in the history)")
        dead.add_argument("--as-user", default="", help="record the change as this user name")
        wd = sub.add_parser(
            "withdraw",
            help="make recorded values unknown again (history kept); approved ones must be reopened first",
        )
        wd.add_argument("--unit", required=True)
        wd.add_argument("--period", required=True)
        wd.add_argument("--indicator", action="append", required=True, help="repeat for several")
        wd.add_argument("--reason", default="", help="why (required; kept in the history)")
        wd.add_argument("--dry-run", action="store_true", help="show what would be withdrawn, write nothing")
        wd.add_argument("--as-user", default="", help="record the change as this user name")
        hist = sub.add_parser("history", help="every change to a unit's values in a period")
        hist.add_argument("--unit", required=True)
        hist.add_argument("--period", required=True)
        hist.add_argument("--indicator")
        add_format_argument(hist)

    def do_map_save(self, options: dict[str, Any]) -> None:
        unit = resolve_unit(options["unit"])
        label = f"cli: cds data map-save {options['source']}"
        mapping = save_mapping(
            unit, options["source"], _parse_columns(options["column"]), Actor(label, "import")
        )
        rows = [
            {"source": mapping.source, "unit": unit.name, "header": h, "column": c}
            for h, c in mapping.columns.items()
        ]
        emit(rows, options["format"], self.stdout, columns=["source", "unit", "header", "column"])

    def do_map_preview(self, options: dict[str, Any]) -> None:
        columns = _parse_columns(options["column"]) or _saved_columns(options) or {}
        shown = preview(options["file"], columns, within=options.get("within"))
        if shown.error is not None:
            raise shown.error
        head = [
            {"column": column_label(c), "header": shown.filled.get(c) or "(tên cột sẵn có / built-in name)"}
            for c in shown.filled
        ]
        head += [{"column": column_label(c), "header": "THIẾU / MISSING"} for c in shown.missing]
        head += [{"column": "(bỏ qua / ignored)", "header": h} for h in shown.ignored]
        emit(head, options["format"], self.stdout, columns=["column", "header"], title="cột / columns")
        rows = [vars(r) for r in shown.rows]
        title = f"{len(shown.rows)}/{shown.total_rows} dòng đầu / first rows"
        emit(
            rows,
            options["format"],
            self.stdout,
            columns=["number", "unit", "period", "indicator", "value"],
            title=title,
        )

    def do_import(self, options: dict[str, Any]) -> None:
        label = options["as_user"] or "cli"
        report = import_values(
            options["file"],
            Actor(label, "import"),
            options["dry_run"],
            options["reason"],
            within=options.get("within"),
            columns=_saved_columns(options),
        )
        if options["errors_file"] and report.errors:
            cols = ["file", "row", "column", "value", "message_vi", "message_en"]
            write_table(
                options["errors_file"],
                cols,
                [[e.as_dict()[c] for c in cols] for e in report.errors],
                "errors",
            )
        if options["format"] == "json":
            emit(report.as_dict(), "json", self.stdout)
        else:
            for err in report.errors:
                self.stderr.write(str(err))
            summary = {k: v for k, v in report.as_dict().items() if k not in {"errors", "changes"}}
            emit([summary], options["format"], self.stdout)
            if report.dry_run and report.ok:
                emit(
                    cast(list[dict[str, Any]], report.as_dict()["changes"]),
                    options["format"],
                    self.stdout,
                    columns=["action", "unit", "unit_name", "period", "indicator", "old", "new"],
                    title="Thay đổi dự kiến / planned changes",
                )
        if not report.ok:
            raise CommandError(
                f"{len(report.errors)} lỗi, không ghi gì vào cơ sở dữ liệu / "
                f"{len(report.errors)} error(s), nothing was written"
            )

    def do_export(self, options: dict[str, Any]) -> None:
        unit = None
        if options["unit"]:
            as_of = parse_period(options["period"]).end if options["period"] else None
            unit = resolve_unit(options["unit"], as_of=as_of)
        count = export_values(options["file"], unit, options["period"], options["indicator"])
        self.stderr.write(f"Đã xuất {count} giá trị vào {options['file']} / exported {count} values")

    def do_rollup(self, options: dict[str, Any]) -> None:
        period = parse_period(options["period"])
        unit = resolve_unit(options["unit"], as_of=period.end)
        pairs = rollup_children(options["indicator"], unit, period) if options["children"] else []
        pairs.insert(0, (unit, rollup(options["indicator"], unit, period)))
        definition = get_catalog(period.start).get(options["indicator"])
        rows = [
            {
                "unit": u.code,
                "name": u.name,
                "period": period.code,
                "indicator": options["indicator"],
                "value": agg.value,
                "display": format_value(definition, agg.value, unknown=""),
                "numerator": agg.numerator,
                "denominator": agg.denominator,
                "approximate": agg.approximate,
                "contributors": agg.contributors,
                "source": agg.source,
                "scope": agg.scope,
                "coverage": agg.coverage.text_vi,
                "approved": agg.approved,
                "own_value": agg.own_value,
                "children_value": agg.children_value,
                "children_coverage": agg.children_coverage.text_vi if agg.children_coverage else "",
            }
            for u, agg in pairs
        ]
        emit(rows, options["format"], self.stdout)

    def do_submit(self, options: dict[str, Any]) -> None:
        period = parse_period(options["period"])
        unit = resolve_unit(options["unit"], as_of=period.end)
        explanations = {}
        for item in options["explain"]:
            code, sep, text = item.partition("=")
            if not sep or not code.strip():
                raise CommandError(f"--explain cần dạng MÃ=LÝ DO / --explain takes CODE=TEXT, not «{item}»")
            explanations[code.strip()] = text.strip()
        try:
            confirm = {"confirm": True, "refuse": False}.get(options["incomplete"] or "")
            done = submit_report(
                unit, period, Actor(options["as_user"] or "cli"), explanations, confirm_incomplete=confirm
            )
        except ValueWriteError as err:
            for error in err.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(err.errors)} vấn đề, chưa gửi / {len(err.errors)} problem(s), nothing was submitted"
            ) from None
        self.stdout.write(
            f"Đã gửi {len(done)} giá trị của {unit.name}, {period.label_vi} / submitted {len(done)} values"
        )

    def do_recall(self, options: dict[str, Any]) -> None:
        period = parse_period(options["period"])
        unit = resolve_unit(options["unit"], as_of=period.end)
        done = recall_report(unit, period, Actor(options["as_user"] or "cli"), options["reason"])
        self.stdout.write(
            f"Đã rút lại {len(done)} giá trị của {unit.name}, {period.label_vi} về nháp / recalled {len(done)} values"
        )

    def _late_scope(self, options: dict[str, Any]) -> tuple[list[Unit], Period]:
        period = parse_period(options["period"])
        unit = resolve_unit(options["unit"], as_of=period.end)
        below = list(Unit.objects.subtree(unit).filter(level="commune").as_of(map_day(unit.era, period.end)))
        return below or [unit], period

    def do_remind(self, options: dict[str, Any]) -> None:
        units, period = self._late_scope(options)
        done = remind(units, period, Actor(options["as_user"] or "cli"))
        self.stdout.write(
            f"Đã nhắc {len(done.units)} đơn vị ({done.people} người) / reminded {len(done.units)} unit(s)"
        )
        for unit in done.without_officer:
            self.stderr.write(f"{unit.name}: chưa có cán bộ nhận nhắc nhở / no officer to remind")

    def do_notify_late(self, options: dict[str, Any]) -> None:
        units, period = self._late_scope(options)
        made = notify_late(units, period)
        self.stdout.write(f"Đã gửi {made} thông báo quá hạn / {made} lateness notice(s)")

    def do_deadline(self, options: dict[str, Any]) -> None:
        period = parse_period(options["period"])
        unit = resolve_unit(options["unit"], as_of=period.end) if options["unit"] else None
        if options["due"]:
            set_deadline(
                unit,
                period,
                parse_date(options["due"]),
                Actor(options["as_user"] or "cli"),
                options["reason"],
            )
        where = unit.name if unit is not None else "toàn quốc / nationwide"
        self.stdout.write(f"{where}, {period.label_vi}: {format_date(deadline_for(unit, period))}")

    def do_withdraw(self, options: dict[str, Any]) -> None:
        period = parse_period(options["period"])
        unit = resolve_unit(options["unit"], as_of=period.end)
        refs = [ValueRef(unit, code.strip(), period) for code in options["indicator"]]
        try:
            result = withdraw_values(
                refs, Actor(options["as_user"] or "cli"), options["reason"], dry_run=options["dry_run"]
            )
        except ValueWriteError as err:
            for error in err.errors:
                self.stderr.write(str(error))
            raise CommandError(
                "; ".join(e.vi for e in err.errors) + " — không rút giá trị nào / nothing was withdrawn"
            ) from None
        verb = "Sẽ rút / would withdraw" if options["dry_run"] else "Đã rút / withdrew"
        self.stdout.write(
            f"{verb} {len(result.withdrawn)} giá trị của {unit.name}, {period.label_vi}; "
            f"{result.absent} chưa có số liệu / not recorded"
        )

    def do_history(self, options: dict[str, Any]) -> None:
        period = parse_period(options["period"])
        unit = resolve_unit(options["unit"], as_of=period.end)
        qs = ValueChange.objects.filter(value__unit=unit, value__period=period.code).select_related(
            "value__indicator", "changed_by"
        )
        if options["indicator"]:
            qs = qs.filter(value__indicator__code=options["indicator"])
        rows = [
            {
                "at": c.changed_at,  # written in Việt Nam time by every format
                "who": c.changed_by.get_username() if c.changed_by else c.actor,
                "indicator": c.value.indicator.code,
                "action": c.action,
                "old": c.old_raw,
                "new": c.new_raw,
                "status": c.new_status,
                "reason": c.reason,
                "source": c.source_ref,
            }
            for c in qs
        ]
        emit(rows, options["format"], self.stdout)


def _parse_columns(pairs: list[str] | None) -> dict[str, str]:
    """«Tên xã=unit» … → {"Tên xã": "unit"}; a pair without «=» is refused saying how to write it."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        header, sep, column = pair.rpartition("=")
        if not sep:
            raise InputError(
                f"«{pair}»: hãy ghi TIÊU ĐỀ=CỘT, ví dụ «Tên xã=unit»",
                f"«{pair}»: write HEADER=COLUMN, e.g. «Tên xã=unit»",
            )
        out[header.strip()] = column.strip()
    return out


def _saved_columns(options: dict[str, Any]) -> dict[str, str] | None:
    """The columns of ``--source``'s saved mapping (the scope's, or the only one of that name)."""
    if not options.get("source"):
        return None
    scope = resolve_unit(options["within"]) if options.get("within") else None
    return dict(find_mapping(options["source"], scope).columns)
