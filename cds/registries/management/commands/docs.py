"""``cds docs``: extract citations from text, register them for a unit, list and count documents."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser

from cds.lib.commands import said_outcomes
from cds.lib.output import add_format_argument, emit
from cds.registries import documents
from cds.registries.citations import extract
from cds.registries.models import Document

from ._base import RegistryCommand, add_counts_parser


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    with open(source, encoding="utf-8-sig") as handle:
        return handle.read()


class Command(RegistryCommand):
    help = "Văn bản: trích xuất trích dẫn, đăng ký, liệt kê, đếm / documents and citations"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ex = sub.add_parser("extract", help="print every citation in a text file (or - for stdin)")
        ex.add_argument("source")
        add_format_argument(ex)
        ex.set_defaults(format="json")
        reg = sub.add_parser("register", help="save the citations of a text for a unit (asks to confirm)")
        reg.add_argument("source")
        reg.add_argument("--unit", required=True)
        reg.add_argument("--dry-run", action="store_true")
        reg.add_argument("--yes", action="store_true", help="confirm without asking")
        ls = sub.add_parser("list", help="documents in a unit's register")
        ls.add_argument("--unit", required=True)
        add_format_argument(ls)
        add_counts_parser(sub, "count", "documents issued by type in a period (the docs.* indicators)")

    def do_extract(self, options: dict[str, Any]) -> None:
        rows = [c.as_dict() for c in extract(_read(options["source"]))]
        cols = ["type", "reference", "title", "date", "issuer", "subject", "mentions"]
        emit(rows, options["format"], self.out, columns=None if options["format"] == "json" else cols)

    def do_register(self, options: dict[str, Any]) -> None:
        unit = self.unit(options)
        proposals = documents.preview(unit, extract(_read(options["source"])))
        for p in proposals:
            own = "của đơn vị" if p.issued_by_unit else "được trích dẫn"
            self.out.write(f"[{p.action}] {p.citation.short()} — {own}\n")
            for vi, en in p.citation.warnings:
                self.out.write(f"    ! {vi} / {en}\n")
        if not options["dry_run"] and not options["yes"]:
            if input("Lưu các văn bản trên? / Save these documents? [c/y/N] ").strip().lower() not in {
                "c",
                "y",
                "có",
            }:
                self.out.write("Không lưu / nothing saved\n")
                return
        result = documents.register(unit, proposals, self.actor(options), dry_run=options["dry_run"])
        said = said_outcomes(
            len(result.created), len(result.updated), len(result.unchanged), options["dry_run"]
        )
        self.out.write(said + "\n")

    def do_list(self, options: dict[str, Any]) -> None:
        rows = [
            {"type": d.doc_type, "reference": d.reference, "date": d.issued_on, "issuer": d.issuer,
             "own": d.issued_by_unit, "subject": d.subject}
            for d in Document.objects.filter(unit=self.unit(options))
        ]  # fmt: skip
        emit(
            rows,
            options["format"],
            self.out,
            columns=["type", "reference", "date", "issuer", "own", "subject"],
        )

    def do_count(self, options: dict[str, Any]) -> None:
        self.show_counts(options, "docs")
