"""``cds catalog list|show|load|versions``: read and load the indicator catalog."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cds.catalog.loader import load_builtin_catalogs, load_catalog
from cds.catalog.models import CatalogVersion, Pillar
from cds.catalog.rankings import import_ranks, rankings
from cds.catalog.services import CatalogNotLoaded, get_catalog
from cds.lib.commands import add_within_argument, said_outcomes
from cds.lib.errors import InputError
from cds.lib.output import add_format_argument, emit
from cds.values.services import Actor

LIST_COLUMNS = (
    "code",
    "name_vi",
    "pillar",
    "kind",
    "scope",
    "unit_vi",
    "numerator",
    "denominator",
    "aggregate_units",
    "aggregate_periods",
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ «{text}», dùng dạng 2024-12-31 / invalid date, use 2024-12-31"
        ) from None


class Command(BaseCommand):
    help = "Danh mục chỉ tiêu: list, show CODE, load FILE, versions / the indicator catalog"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="indicators in force on a date")
        listing.add_argument("--pillar", help="only this pillar code, e.g. chinh_quyen_so")
        listing.add_argument("--on", type=_date, help="date (YYYY-MM-DD); default today")
        add_format_argument(listing)
        show = sub.add_parser("show", help="one indicator in full")
        show.add_argument("code")
        show.add_argument("--on", type=_date, help="date (YYYY-MM-DD); default today")
        add_format_argument(show)
        load = sub.add_parser("load", help="load a catalog YAML file (or --builtin for the shipped ones)")
        load.add_argument("file", nargs="?")
        load.add_argument("--builtin", action="store_true", help="load every shipped catalog file")
        add_format_argument(load)
        versions = sub.add_parser("versions", help="loaded catalog versions")
        add_format_argument(versions)
        ranks = sub.add_parser("rankings", help="published rankings other than DTI (data/rankings.yaml)")
        add_format_argument(ranks)
        imp = sub.add_parser(
            "import-ranks",
            help="import units' published ranks (non-DTI) from .xlsx/.csv (atomic, idempotent)",
        )
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true")
        add_within_argument(imp)
        add_format_argument(imp)

    def _rankings(self, options: dict[str, Any]) -> None:
        rows = [
            {"code": r.code, "name_vi": r.name_vi, "publisher": r.publisher, "levels": ", ".join(r.levels),
             "parts": ", ".join(p.code for p in r.parts),
             "basis": "; ".join(c.doc for c in r.basis) or f"chưa trích dẫn: {r.basis_none}"}
            for r in rankings().values()
        ]  # fmt: skip
        emit(
            rows,
            options["format"],
            self.stdout,
            columns=["code", "name_vi", "publisher", "levels", "parts", "basis"],
        )

    def _import_ranks(self, options: dict[str, Any]) -> None:
        actor = Actor("cli: cds catalog import-ranks", "import")
        report = import_ranks(
            options["file"], actor, dry_run=options["dry_run"], within=options.get("within")
        )
        for err in report.errors:
            self.stderr.write(str(err))
        emit(
            [{"file": report.file_name, "rows": report.rows, "created": report.created, "updated": report.updated,
              "unchanged": report.unchanged, "dry_run": report.dry_run, "errors": len(report.errors)}],
            options["format"], self.stdout,
        )  # fmt: skip
        if report.errors:
            raise CommandError(
                # as «cds data import» says it: an error may be the file's (not opened, no header), not a row's
                f"{len(report.errors)} lỗi, không ghi gì / {len(report.errors)} error(s), nothing written"
            )
        self.stderr.write(
            said_outcomes(report.created, report.updated, report.unchanged, report.dry_run) + "\n"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action'].replace('-', '_')}")(options)
        except InputError as err:
            raise CommandError(str(err)) from None
        except CatalogNotLoaded as err:
            raise CommandError(str(err)) from None

    def _list(self, options: dict[str, Any]) -> None:
        catalog = get_catalog(options["on"])
        pillar = options.get("pillar")
        if pillar and not Pillar.objects.filter(code=pillar).exists():
            known = ", ".join(Pillar.objects.values_list("code", flat=True))
            raise CommandError(f"Không có trụ cột «{pillar}» / no pillar «{pillar}»; {known}")
        rows = [
            {c: getattr(d, c) for c in LIST_COLUMNS} | {"version": catalog.version}
            for d in (catalog.by_pillar(pillar) if pillar else catalog.definitions())
        ]
        emit(
            rows,
            options["format"],
            self.stdout,
            columns=LIST_COLUMNS,
            title=f"Danh mục {catalog.version} ({len(rows)} chỉ tiêu)",
        )

    def _show(self, options: dict[str, Any]) -> None:
        catalog = get_catalog(options["on"])
        definition = catalog.get(options["code"])
        if definition is None:
            raise CommandError(
                f"Không có chỉ tiêu «{options['code']}» trong danh mục {catalog.version} / "
                f"no indicator «{options['code']}» in catalog {catalog.version}"
            )
        row: dict[str, Any] = {}
        for key, value in dataclasses.asdict(definition).items():
            if key in ("problem_vi", "problem_en") and not value:
                continue  # shown only for a definition the catalog set aside (services._set_aside)
            if key not in ("pillar_name_vi", "pillar_name_en", "version"):
                row[key] = value
            if key == "pillar":  # the pillar's names beside its code, the version after the source
                row.update(pillar_name_vi=definition.pillar_name_vi, pillar_name_en=definition.pillar_name_en)
            elif key == "source":
                row["version"] = definition.version
        row["parts"] = list(definition.parts)
        row["levels"] = list(definition.filled_by)  # spelled out and None, as the page and export
        row["counts_units"] = definition.counts_units or None
        row["basis"] = [c.as_dict() for c in definition.basis]
        row["basis_text"] = definition.basis_text("vi")
        row["rates_using"] = [d.code for d in catalog.rates_using(definition.code)]
        row["totals_using"] = [d.code for d in catalog.totals_using(definition.code)]
        row["versions"] = list(
            CatalogVersion.objects.filter(definitions__indicator__code=definition.code).values_list(
                "code", flat=True
            )
        )
        if options["format"] == "table":
            emit(
                [{"field": k, "value": v} for k, v in row.items()],
                "table",
                self.stdout,
                title=definition.code,
            )
        else:
            emit(row, options["format"], self.stdout)

    def _load(self, options: dict[str, Any]) -> None:
        if bool(options.get("file")) == bool(options.get("builtin")):
            raise CommandError("Ghi đúng một trong: FILE hoặc --builtin / give either FILE or --builtin")
        outcomes = load_builtin_catalogs() if options["builtin"] else [load_catalog(options["file"])]
        rows = [
            {
                "version": o.version.code,
                "status": "loaded" if o.created else f"amended ({o.amended})" if o.amended else "unchanged",
                "effective_from": o.version.effective_from,
                "indicators": o.version.definitions.count(),
                "sha256": o.version.sha256,
            }
            for o in outcomes
        ]
        emit(rows if options["builtin"] else rows[0], options["format"], self.stdout)

    def _versions(self, options: dict[str, Any]) -> None:
        rows = [
            {
                "code": v.code,
                "title": v.title,
                "effective_from": v.effective_from,
                "extends": v.extends,
                "indicators": v.definitions.count(),
                "source_file": v.source_file,
                "sha256": v.sha256,
            }
            for v in CatalogVersion.objects.order_by("effective_from")
        ]
        emit(
            rows,
            options["format"],
            self.stdout,
            columns=["code", "effective_from", "extends", "indicators", "title"],
        )
