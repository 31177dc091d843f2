"""``cds units``: load the national lists, find, show and list units, add villages.

Thin: every subcommand parses its arguments, calls one function of ``cds.units.services`` (or
the loader) and prints rows with ``cds.lib.output.emit``. Input problems become a bilingual
``CommandError`` (exit code 1, no traceback); JSON goes to stdout alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.lib.commands import add_within_argument
from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.units import services
from cds.units.loader import load_units
from cds.units.models import Level, Unit
from cds.units.villages import import_villages

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class Command(BaseCommand):
    help = "Đơn vị hành chính: nạp danh mục, tìm, xem, liệt kê, thêm thôn / administrative units"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load 63- and 34-province lists and the 2025 lineage (idempotent)")
        load.add_argument("--issues", action="store_true", help="list every source issue, not only counts")
        add_format_argument(load)

        find = sub.add_parser("find", help="rank the units a name may mean")
        find.add_argument("name")
        find.add_argument("--in", dest="parent", help="parent unit name or code")
        find.add_argument("--limit", type=int, default=10)
        find.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the era labels")
        _add_era_arguments(find)
        add_format_argument(find)

        show = sub.add_parser("show", help="one unit with its parents, children and 2025 history")
        show.add_argument("unit", help="code or name")
        _add_era_arguments(show)
        add_format_argument(show)

        children = sub.add_parser("children", help="units directly below (or all units of --level below)")
        children.add_argument("unit", help="code or name")
        children.add_argument("--level", choices=Level.values)
        _add_era_arguments(children)
        add_format_argument(children)

        village = sub.add_parser("add-village", help="add a thôn / tổ dân phố under a commune")
        village.add_argument("commune", help="commune code or name")
        village.add_argument("name")
        village.add_argument("--type", dest="unit_type", help="Thôn (default), Tổ dân phố, Ấp, Bản ...")
        village.add_argument("--code", help="village code (default: <commune code>-T001, -T002 ...)")
        _add_era_arguments(village)
        add_format_argument(village)

        villages = sub.add_parser(
            "import-villages", help="import a commune's thôn / tổ dân phố list (CSV/XLSX)"
        )
        villages.add_argument("file")
        villages.add_argument("--commune", help="the commune of every row (else the file's «Xã» column)")
        add_within_argument(villages)
        villages.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        _add_era_arguments(villages)
        add_format_argument(villages)

    @property
    def _out(self) -> IO[str]:
        return cast(IO[str], self.stdout)  # an OutputWrapper: a text stream with write()

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"_{action}")(options)
        except InputError as err:
            raise CommandError(str(err)) from err

    def _load(self, options: dict[str, Any]) -> None:
        summary = load_units(progress=options["format"] == "table")
        if options["format"] == "json":
            payload = {
                "counts": summary.counts,
                "lineage": summary.lineage,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "lineage_created": summary.lineage_created,
                "lineage_updated": summary.lineage_updated,
                "lineage_deleted": summary.lineage_deleted,
                "seconds": round(summary.seconds, 2),
                "issues": [{"kind": i.kind, "detail": i.detail} for i in summary.issues],
            }
            emit(payload, "json", self._out)
            return
        emit(summary.rows(), options["format"], self._out, columns=["what", "count"], title="units load")
        if options["issues"]:
            issues = [{"kind": i.kind, "detail": i.detail} for i in summary.issues]
            emit(issues, options["format"], self._out, columns=["kind", "detail"], title="issues")

    def _find(self, options: dict[str, Any]) -> None:
        # without a date both lists are shown, today's units first and the former ones labelled
        result = services.find_units(
            options["name"],
            parent=options["parent"],
            limit=options["limit"],
            both_eras=True,
            **_era_options(options),
        )
        rows = [
            _unit_row(
                c.unit,
                label=f"{c.unit.name}{services.era_suffix(c.unit, options['lang'])}",
                score=c.score,
                parents=c.parents,
            )
            for c in result.candidates
        ]
        why: InputError | None = None
        if result.best is None and not result.ambiguous and options.get("as_of"):
            try:  # the explanation an import gets: a unit renamed, merged or formed around that day
                services.resolve_unit(options["name"], parent=options["parent"], **_era_options(options))
            except InputError as err:
                why = err
        if options["format"] == "json":
            best = _unit_row(result.best) if result.best else None
            emit(
                {
                    "query": result.query,
                    "best": best,
                    "ambiguous": result.ambiguous,
                    "total": result.total,
                    "candidates": rows,
                    **({"why_vi": why.vi, "why_en": why.en} if why else {}),
                },
                "json",
                self._out,
            )
            return
        state = f"{result.total} ambiguous" if result.ambiguous else ("found" if result.best else "not found")
        emit(rows, options["format"], self._out, columns=_FIND_COLUMNS, title=f"{result.query}: {state}")
        if why is not None:
            self._out.write(f"{why.vi}\n{why.en}\n")

    def _show(self, options: dict[str, Any]) -> None:
        unit = services.resolve_unit(options["unit"], **_era_options(options))
        chain = services.ancestors(unit)
        counts: dict[str, int] = {}
        for level in services.descendants(unit).values_list("level", flat=True):
            counts[level] = counts.get(level, 0) + 1
        history = [
            {
                "code": e.unit.code,
                "name": e.unit.name,
                "era": e.unit.era,
                "parents": e.parents,
                "kind": e.kind,
                "share": e.share,
                "is_primary": e.is_primary,
            }
            for e in services.history(unit)
        ]
        row = _unit_row(unit, parents=[a.name for a in reversed(chain)])
        row.update(
            area_km2=unit.area_km2, children=unit.children.count(), descendants=counts, history=history
        )
        if options["format"] == "json":
            emit(row, "json", self._out)
            return
        emit(
            [{"field": k, "value": v} for k, v in row.items() if k != "history"],
            options["format"],
            self._out,
        )
        if history:
            columns = ["code", "name", "parents", "era", "kind", "share", "is_primary"]
            emit(history, options["format"], self._out, columns=columns, title="history 1/7/2025")

    def _children(self, options: dict[str, Any]) -> None:
        unit = services.resolve_unit(options["unit"], **_era_options(options))
        qs = services.descendants(unit, options["level"]) if options["level"] else unit.children.all()
        rows = [_unit_row(child) for child in qs.order_by("code")]
        emit(rows, options["format"], self._out, columns=_UNIT_COLUMNS, title=f"{unit.name} [{unit.code}]")

    def _import_villages(self, options: dict[str, Any]) -> None:
        report = import_villages(
            options["file"],
            commune=options["commune"],
            within=options["within"],
            era=options.get("era") or (services.era_on(options["as_of"]) if options.get("as_of") else None),
            dry_run=options["dry_run"],
        )
        if report.errors:
            raise CommandError("\n".join(str(e) for e in report.errors))
        row = {"file": report.file_name, "rows": report.rows, "created": report.created,
               "unchanged": report.unchanged, "dry_run": report.dry_run}  # fmt: skip
        emit(row if options["format"] == "json" else [row], options["format"], self._out, columns=list(row))

    def _add_village(self, options: dict[str, Any]) -> None:
        commune = services.resolve_unit(options["commune"], level=Level.COMMUNE, **_era_options(options))
        village = services.add_village(
            commune, options["name"], unit_type=options["unit_type"], code=options["code"]
        )
        row = _unit_row(village, parents=[a.name for a in reversed(services.ancestors(village))])
        emit(
            row if options["format"] == "json" else [row],
            options["format"],
            self._out,
            columns=["code", "name", "level", "era", "parents"],
        )


_UNIT_COLUMNS = ["code", "name", "level", "era"]
_FIND_COLUMNS = ["code", "label", "level", "era", "parents", "score"]


def _unit_row(unit: Unit, **extra: Any) -> dict[str, Any]:
    return {**services.unit_fields(unit), **extra}


def _add_era_arguments(parser: CommandParser) -> None:
    parser.add_argument("--as-of", dest="as_of", type=_parse_date, help="date: dd/mm/yyyy or yyyy-mm-dd")
    parser.add_argument("--era", choices=["legacy", "current"], help="legacy (63 provinces) or current (34)")


def _era_options(options: dict[str, Any]) -> dict[str, Any]:
    return {"as_of": options.get("as_of"), "era": options.get("era")}


def _parse_date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"ngày «{text}» không hợp lệ, dùng dd/mm/yyyy hoặc yyyy-mm-dd / "
        f"invalid date «{text}», use dd/mm/yyyy or yyyy-mm-dd"
    )
