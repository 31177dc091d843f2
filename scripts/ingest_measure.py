"""Precision and recall of report ingestion on the labelled corpus (issue 19, «Measure it»).

    python scripts/ingest_measure.py [--details] [--samples] [--propose-unsure] [--fifth-set] [--sixth-set]
        [--seventh-set] [--eighth-set] [--ninth-set]

Per report and for the development half (01–10), the held-out texts (11–28, studied since), the
fresh held-out sets (35–41, 42–47: session 10; 53–57: session 11; 58–62: session 12) and overall: proposals,
right ones (indicator + period + value), gold statements with an indicator, found ones. The fifth,
sixth, seventh, eighth and ninth fresh sets (63–64, 65–82, 83–99, 100–108, 109 and up) are left out unless
asked, so that each gets one clean read. See ``cds.ingest.measure`` for the rules and docs/ingest.md for the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Session 13's sixth fresh held-out set (65–82, heldout7): labelled and committed before any read; left
# out unless asked (--sixth-set), so that the one clean read is the lead's, at the end of the session.
SIXTH_FRESH_FROM = 65
# Session 13's seventh fresh held-out set (83 and up, heldout8): labelled and committed before any read,
# while the reader was being tuned on 65–82; left out unless asked (--seventh-set), for the same reason.
SEVENTH_FRESH_FROM = 83
# Session 13's eighth fresh held-out set (100 and up, heldout8): labelled and committed before any read,
# while the reader was being tuned on 83–99; left out unless asked (--eighth-set), for the same reason.
EIGHTH_FRESH_FROM = 100
# Session 13's ninth fresh held-out set (109 and up, heldout8): labelled and committed before any read,
# while the reader was being tuned on 100–108; left out unless asked (--ninth-set), for the same reason.
NINTH_FRESH_FROM = 109


def _pct(value: float | None) -> str:
    from cds.lib.vn_numbers import format_percent

    return "—" if value is None else format_percent(value * 100, 1)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    import django

    django.setup()
    from cds.ingest.measure import (
        CORPUS_DIR,
        FIFTH_FRESH_FROM,
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
        "--fifth-set",
        action="store_true",
        help="also read 63–64, the fifth fresh set (its one clean read; left out otherwise)",
    )
    parser.add_argument(
        "--sixth-set",
        action="store_true",
        help="also read 65–82, the sixth fresh set (its one clean read; left out otherwise)",
    )
    parser.add_argument(
        "--seventh-set",
        action="store_true",
        help="also read 83–99, the seventh fresh set (its one clean read; left out otherwise)",
    )
    parser.add_argument(
        "--eighth-set",
        action="store_true",
        help="also read 100–108, the eighth fresh set (its one clean read; left out otherwise)",
    )
    parser.add_argument(
        "--ninth-set",
        action="store_true",
        help="also read 109 and up, the ninth fresh set (its one clean read; left out otherwise)",
    )
    args = parser.parse_args(argv)
    hold = not args.propose_unsure
    names = [p.stem for p in corpus_texts(CORPUS_DIR)]
    if not args.fifth_set:
        names = [n for n in names if not FIFTH_FRESH_FROM <= report_number(n) < SIXTH_FRESH_FROM]
    if not args.sixth_set:
        names = [n for n in names if not SIXTH_FRESH_FROM <= report_number(n) < SEVENTH_FRESH_FROM]
    if not args.seventh_set:
        names = [n for n in names if not SEVENTH_FRESH_FROM <= report_number(n) < EIGHTH_FRESH_FROM]
    if not args.eighth_set:
        names = [n for n in names if not EIGHTH_FRESH_FROM <= report_number(n) < NINTH_FRESH_FROM]
    if not args.ninth_set:
        names = [n for n in names if report_number(n) < NINTH_FRESH_FROM]
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
                [s for s in held if FOURTH_FRESH_FROM <= report_number(s.report) < FIFTH_FRESH_FROM],
            ),
            (
                "11–62 (every text studied before the fifth fresh set)",
                [s for s in held if report_number(s.report) < FIFTH_FRESH_FROM],
            ),
            (
                "63–64 (fifth fresh set, session 12; read once, with --fifth-set)",
                [s for s in held if FIFTH_FRESH_FROM <= report_number(s.report) < SIXTH_FRESH_FROM],
            ),
            (
                "65–82 (sixth fresh set, session 13; read once, with --sixth-set)",
                [s for s in held if SIXTH_FRESH_FROM <= report_number(s.report) < SEVENTH_FRESH_FROM],
            ),
            (
                "83–99 (seventh fresh set, session 13; read once, with --seventh-set)",
                [s for s in held if SEVENTH_FRESH_FROM <= report_number(s.report) < EIGHTH_FRESH_FROM],
            ),
            (
                "100–108 (eighth fresh set, session 13; read once, with --eighth-set)",
                [s for s in held if EIGHTH_FRESH_FROM <= report_number(s.report) < NINTH_FRESH_FROM],
            ),
            (
                "109 and up (ninth fresh set, session 13; read once, with --ninth-set)",
                [s for s in held if report_number(s.report) >= NINTH_FRESH_FROM],
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
