"""Print how much of the report corpus the shipped catalog can hold (issue 21, «Measure it»).

    python scripts/catalog_coverage.py [--csv corpus/reports/statements.csv] [--markdown]

Per report and overall: the statements the catalog can represent (indicator + unit + period +
value, judged by ``cds.catalog.coverage``) over the in-scope statements, the same over every row,
the share held by data values alone and by each holder (indicator, target, DTI result), then
every other statement with why and the out-of-scope ones with their class. ``--markdown``
prints the same as the tables of ``docs/catalog-coverage.md``. Exits 1 when a row is malformed
or claims more than the catalog holds.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    import django

    django.setup()
    from cds.catalog.coverage import (
        HOLDABLE_CLASSES,
        HOLDERS,
        REMAINING_CLASSES,
        STATEMENTS_CSV,
        measure,
        read_statements,
    )
    from cds.lib.vn_numbers import format_percent

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default=str(STATEMENTS_CSV), help="the statements file")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    coverage = measure(read_statements(args.csv))
    md = args.markdown
    out = sys.stdout.write
    out(
        "| báo cáo / report | biểu diễn được / representable | tỷ lệ / share |\n|---|---:|---:|\n"
        if md
        else ""
    )
    for report, ok, total in coverage.per_report():
        share = format_percent(ok / total * 100, 1, fixed=True) if total else "—"
        out(
            f"| {report} | {ok}/{total} | {share} |\n"
            if md
            else f"{report:32} {ok:3}/{total:<3} {share:>7}\n"
        )
    overall = f"{coverage.representable}/{coverage.total}"
    out(
        f"| **tổng / overall** | **{overall}** | **{format_percent(coverage.share * 100, 1, fixed=True)}** |\n\n"
        if md
        else f"{'OVERALL':32} {overall:>7} {format_percent(coverage.share * 100, 1, fixed=True):>7}\n\n"
    )
    every = f"{coverage.representable}/{coverage.all_rows}"
    share_all = format_percent(coverage.share_of_all_rows * 100, 1, fixed=True)
    out(
        f"Over every row, the {len(coverage.out_of_scope)} out-of-scope ones included: {every} ({share_all})\n\n"
    )
    values = coverage.representable_by("indicator")
    share_values = format_percent(values / coverage.total * 100 if coverage.total else 0, 1, fixed=True)
    held = ", ".join(f"{h} {coverage.representable_by(h)}" for h in HOLDERS)
    out(
        f"Held as data values alone (holder indicator): {values}/{coverage.total} ({share_values}); by holder: {held}\n\n"
    )
    classes = coverage.remaining_classes()
    named = ", ".join(f"{c} {classes[c]}" for c in REMAINING_CLASSES)
    unnamed = f", no class {classes['']}" if classes[""] else ""
    ceiling = coverage.ceiling()
    share_ceiling = format_percent(ceiling / coverage.total * 100 if coverage.total else 0, 1, fixed=True)
    out(
        f"Not held, by class (why_not «[X] …»): {named}{unnamed}; "
        f"the ceiling (held, or of class {' or '.join(HOLDABLE_CLASSES)}): {ceiling}/{coverage.total} ({share_ceiling})\n\n"
    )
    if md:
        out("| báo cáo | câu | chỉ tiêu | lý do / why not |\n|---|---|---|---|\n")
    for v in coverage.rest():
        s = v.statement
        why = s.why_not or v.reason_en
        machine = v.reason_en if s.why_not and v.reason_en not in s.why_not else ""
        detail = f"{why} [{machine}]" if machine else why
        quote = s.quote.replace("|", "/")
        out(
            f"| {s.report} | «{quote}» | {s.indicator or s.held_by or '—'} | {detail} |\n"
            if md
            else f"- {s.report}:{s.line} «{quote}» ({s.indicator or s.held_by or '—'}): {detail}\n"
        )
    if coverage.out_of_scope:
        out("\n| báo cáo | câu ngoài phạm vi / out of scope | lớp / class |\n|---|---|---|\n" if md else "\n")
    for s in coverage.out_of_scope:
        quote = s.quote.replace("|", "/")
        out(
            f"| {s.report} | «{quote}» | {s.why_not} |\n"
            if md
            else f"OUT {s.report}:{s.line} «{quote}»: {s.why_not}\n"
        )
    for line in coverage.stale:
        out(f"\nSTALE {line}")
    for line in coverage.problems:
        sys.stderr.write(f"ERROR {line}\n")
    return 1 if coverage.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
