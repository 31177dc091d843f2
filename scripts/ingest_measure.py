"""Precision and recall of report ingestion on the labelled corpus (issue 19, «Measure it»).

    python scripts/ingest_measure.py [--details] [--samples] [--propose-unsure] [--with-set N ...]
        [--fresh-sets all]

Per report and for the development half (01–10), the held-out texts (11–28, studied since), the
fresh held-out sets (35–41, 42–47: session 10; 53–57: session 11; 58–62: session 12) and overall: proposals,
right ones (indicator + period + value), gold statements with an indicator, found ones. The fresh sets
of ``FRESH_SETS`` (63–64, 65–82, 83–99, 100–108, 109–110, 111–132, 133 and up) are left out unless
asked, so that each gets one clean read. See ``cds.ingest.measure`` for the rules and docs/ingest.md for the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class FreshSet(NamedTuple):
    """A fresh held-out set read once, by the lead, at the end of its session: left out unless asked."""

    number: int  # its rank among the fresh sets («--with-set 6»)
    first: int  # its first text's number; it runs to the next set's first text (the last one: to the end)
    name: str
    session: int


# One row per fresh set left out unless asked (the first four, 35–62, have been studied and are always
# read). A new set is one new row: its first text's number, its name and its session.
FRESH_SETS = (
    FreshSet(5, 63, "fifth", 12),
    FreshSet(6, 65, "sixth", 13),
    FreshSet(7, 83, "seventh", 13),
    FreshSet(8, 100, "eighth", 13),
    FreshSet(9, 109, "ninth", 13),
    FreshSet(10, 111, "tenth", 14),
    FreshSet(11, 133, "eleventh", 14),
)
_OLD_FLAGS = {"fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9}  # sessions 12–13's flags


def set_range(fresh: FreshSet) -> tuple[int, int | None]:
    """The set's first and last text numbers (None: to the end of the corpus)."""
    later = [f.first for f in FRESH_SETS if f.first > fresh.first]
    return fresh.first, (min(later) - 1 if later else None)


def set_of(number: int) -> FreshSet | None:
    """The fresh set a text belongs to (None: a studied text, always read)."""
    found = None
    for fresh in FRESH_SETS:
        if number >= fresh.first:
            found = fresh
    return found


def set_label(fresh: FreshSet) -> str:
    first, last = set_range(fresh)
    span = f"{first}–{last}" if last is not None else f"{first} and up"
    return (
        f"{span} ({fresh.name} fresh set, session {fresh.session}; read once, with --with-set {fresh.number})"
    )


def _pct(value: float | None) -> str:
    from cds.lib.vn_numbers import format_percent

    return "—" if value is None else format_percent(value * 100, 1)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    import django

    django.setup()
    from cds.ingest.measure import (
        CORPUS_DIR,
        FOURTH_FRESH_FROM,
        FRESH_FROM,
        SECOND_FRESH_FROM,
        THIRD_FRESH_FROM,
        measure,
        measure_samples,
        totals,
    )
    from cds.lib.corpus_files import corpus_texts, report_number

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list wrong and missed statements")
    parser.add_argument(
        "--samples", action="store_true", help="the three sample reports instead of the corpus"
    )
    parser.add_argument(
        "--propose-unsure",
        action="store_true",
        help="propose the figures the reader is unsure of (no period, weak match) instead of listing them",
    )
    parser.add_argument(
        "--with-set",
        action="append",
        type=int,
        default=[],
        metavar="N",
        choices=[f.number for f in FRESH_SETS],
        help="also read the Nth fresh set (its one clean read; left out otherwise); repeatable: "
        + ", ".join(f"{f.number} = {set_label(f).split(' (')[0]}" for f in FRESH_SETS),
    )
    parser.add_argument(
        "--fresh-sets",
        choices=["all"],
        help="all: also read every fresh set (each one's clean read; left out otherwise)",
    )
    for old in _OLD_FLAGS:  # the flags of sessions 12–13, as the first-read files name them
        parser.add_argument(f"--{old}-set", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    hold = not args.propose_unsure
    asked = set(args.with_set) | {n for old, n in _OLD_FLAGS.items() if getattr(args, f"{old}_set")}
    if args.fresh_sets == "all":
        asked |= {f.number for f in FRESH_SETS}
    names = [p.stem for p in corpus_texts(CORPUS_DIR)]
    names = [n for n in names if (fresh := set_of(report_number(n))) is None or fresh.number in asked]
    scores = measure_samples(hold) if args.samples else measure(names, hold_unsure=hold)
    print(
        "| báo cáo | đề xuất | đúng | precision | gold | tìm thấy | recall | sai kỳ | không khớp | chưa hiểu |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for s in scores:
        mark = " (held out)" if s.held_out else ""
        print(
            f"| {s.report}{mark} | {s.proposed} | {s.right} | {_pct(s.precision)} | {s.gold} | {s.found} | "
            f"{_pct(s.recall)} | {s.right_but_period} | {s.unmatched} | {s.unsure} |"
        )
    held = [s for s in scores if s.held_out]
    parts = (
        [("000–003 (samples, held out)", scores)]
        if args.samples
        else [
            ("01–10 (development)", [s for s in scores if not s.held_out]),
            (
                "11–24 (held out, the set measured before session 9)",
                [s for s in held if report_number(s.report) <= 24],
            ),
            (
                "11–28 (held out before session 10; errors studied since)",
                [s for s in held if report_number(s.report) <= 28],
            ),
            (
                "11–30 (held out before session 10; 29–30 added by catalog6, studied since)",
                [s for s in held if report_number(s.report) <= 30],
            ),
            (
                "35–39, 41 (first fresh set of session 10; studied since its first read)",
                [s for s in held if FRESH_FROM <= report_number(s.report) < SECOND_FRESH_FROM],
            ),
            (
                "42–47 (second fresh set of session 10)",
                [s for s in held if SECOND_FRESH_FROM <= report_number(s.report) < THIRD_FRESH_FROM],
            ),
            (
                "11–47 (every held-out text before session 11; the unsure threshold calibrated on these)",
                [s for s in held if report_number(s.report) < THIRD_FRESH_FROM],
            ),
            (
                "53–57 (third fresh set, session 11; studied since its first read)",
                [s for s in held if THIRD_FRESH_FROM <= report_number(s.report) < FOURTH_FRESH_FROM],
            ),
            (
                "11–57 (every text studied before session 12's fresh set)",
                [s for s in held if report_number(s.report) < FOURTH_FRESH_FROM],
            ),
            (
                "58–62 (fourth fresh set, session 12; studied since its first read)",
                [s for s in held if FOURTH_FRESH_FROM <= report_number(s.report) < FRESH_SETS[0].first],
            ),
            (
                "11–62 (every text studied before the fifth fresh set)",
                [s for s in held if report_number(s.report) < FRESH_SETS[0].first],
            ),
            *(
                (
                    set_label(fresh),
                    [s for s in held if set_of(report_number(s.report)) == fresh],
                )
                for fresh in FRESH_SETS
            ),
            ("all", scores),
        ]
    )
    for label, part in parts:
        t = totals(part)
        print(
            f"| **{label}** | {t.proposed} | {t.right} | {_pct(t.precision)} | {t.gold} | {t.found} | "
            f"{_pct(t.recall)} | {t.right_but_period} | {t.unmatched} | {t.unsure} |"
        )
    if args.details:
        for s in scores:
            for w in s.wrong:
                print(f"WRONG  {s.report}: {w}")
            for m in s.missed:
                print(f"MISSED {s.report}: {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
