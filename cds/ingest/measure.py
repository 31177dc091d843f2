"""Precision and recall of the proposals on the labelled corpus (issue 19, «Measure it»).

The gold is ``corpus/reports/statements.csv`` (issue 21's corpus, labelled by hand before this
code existed). Each report's text is the lines the corpus file quotes from the source («> …»);
the file's title, front matter and the curator's notes are not read, since they were written by
the labeller, not by the reporting unit — except the publication day («published», from the page
or its address, where known), which a reader of the page sees and which anchors «đến nay».
A proposal is right when a gold row of the same report
has its indicator, its period code and its value (read by ``parse_number`` / ``parse_date``, the
qualifier and a fraction's denominator included); each gold row is matched once. Recall is over
the rows the catalog can hold (an indicator code given). Reports 01–10 are the development half
(the phrasings once in ``data/phrasings.yaml``, now catalog aliases, were written from them);
11 and above are held out.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from cds.catalog.coverage import shipped_catalogs
from cds.lib.corpus_files import corpus_texts
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.lib.vn_dates import parse_date
from cds.lib.vn_numbers import Kind as NumberKind
from cds.lib.vn_numbers import parse_number

from .finding import Figure, Findings, find_facts, stock_indicators
from .reading import Block, Document

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO_ROOT / "corpus" / "reports"
HELD_OUT_FROM = 11  # reports numbered 11 and above were not looked at while writing phrasings
FRESH_FROM = 35  # session 10's fresh held-out set (35–39, 41), labelled before the ingester read it
SECOND_FRESH_FROM = 42  # session 10's second fresh set (42–47), labelled before the final code read it
THIRD_FRESH_FROM = 53  # session 11's fresh set (53–57), labelled and committed before the ingester read it
FOURTH_FRESH_FROM = (
    58  # session 12's fresh set (58–62), labelled and committed (af1b60e) before the ingester read it
)
FIFTH_FRESH_FROM = 63  # session 12's fifth fresh set (63–64), committed unseen in f046110


@dataclass
class ReportScore:
    report: str
    held_out: bool
    proposed: int = 0
    right: int = 0
    gold: int = 0  # statements with an indicator
    found: int = 0
    right_but_period: int = 0  # indicator and value right, period wrong
    unmatched: int = 0
    unsure: int = 0  # listed «chưa hiểu» (not proposed): no period, or a weak match
    seconds: float = 0.0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.right / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


def corpus_document(path: Path) -> Document:
    """The report's own words: the quoted lines of a corpus file, one block each."""
    doc = Document(path.name, "text")
    number = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(">"):
            text = line.lstrip("> ").strip()
            if text.startswith(("- ", "* ")):
                text = text[2:]
            if text:
                number += 1
                doc.blocks.append(Block(text, f"đoạn {number}", f"paragraph {number}"))
    return doc


def published(path: Path) -> dt.date | None:
    """The day a corpus text was published (front matter «published», from the page or its
    address): the anchor a reader of the page has («đến nay», «ngày 8/6»); none when unknown."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return None
    head = text.split("---", 2)[1]
    if m := re.search(r'(?m)^published:\s*"?(\d{4})-(\d{2})-(\d{2})', head):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.search(r'(?m)^published:\s*"?(\d{4})-(\d{2})"?\s*$', head):  # the month only: its last day
        return Period.of("month", int(m[1]), int(m[2])).end
    return None


def title(path: Path) -> str:
    """A corpus text's title as published (front matter «title»): its dated frame, not read for figures."""
    text = path.read_text(encoding="utf-8")
    head = text.split("---", 2)[1] if text.startswith("---") else ""
    m = re.search(r'(?m)^title:\s*"(.*)"\s*$', head)
    return m[1] if m else ""


def _gold_value(value: str, kind: str) -> tuple[object, ...] | None:
    try:
        if kind == "date" and (day := re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})\s*", value)):
            return (f"{int(day[1])}/{int(day[2])}",)  # a day of every year, held as text («10/10»)
        if kind == "date":
            return (parse_date(value),)
        number_kinds: dict[str, NumberKind] = {
            "rate": "rate",
            "count": "count",
            "fraction": "count",
            "amount": "amount",
        }
        parsed = parse_number(value, number_kinds.get(kind, "number"))
    except InputError:
        return None
    return (parsed.value, parsed.qualifier, parsed.denominator)


def _figure_value(figure: Figure) -> tuple[object, ...]:
    if isinstance(figure.value, (dt.date, str)):
        return (figure.value,)
    return (Decimal(figure.value), figure.qualifier, figure.denominator)


def is_gold(row: dict[str, str]) -> bool:
    """A corpus row the reader should propose: one with an indicator whose figure the product stores
    (a value, a target). A share of a target reached (holder ``target_share``: «đạt 73,3% so với chỉ
    tiêu») is derived from a stored value and its target, so no proposal can be right for it; it is
    held by the catalog (issue 21) and is no gold here."""
    return bool(row["indicator"]) and row.get("holder") != "target_share"


def score_report(report: str, rows: list[dict[str, str]], findings: Findings) -> ReportScore:
    number = int(report.split("-")[0])
    score = ReportScore(report, number >= HELD_OUT_FROM)  # the samples ("000-sample") are set apart
    gold = [r for r in rows if is_gold(r)]
    score.gold = len(gold)
    score.unmatched = len(findings.unmatched)
    score.unsure = len(findings.unsure)
    used: set[int] = set()
    for f in findings.figures:
        score.proposed += 1
        hit = None
        near = None
        for i, row in enumerate(gold):
            if i in used or row["indicator"] != f.indicator:
                continue
            if _gold_value(row["value"], row["kind"]) != _figure_value(f):
                continue
            if row["period"] == f.period:
                hit = i
                break
            near = i if near is None else near
        if hit is not None:
            used.add(hit)
            score.right += 1
        else:
            if near is not None:
                score.right_but_period += 1
            score.wrong.append(f"{f.indicator} = {f.value_text} ({f.period or '?'}) «{f.sentence[:90]}»")
    score.found = len(used)
    score.missed = [
        f"{r['indicator']} = {r['value']} ({r['period']}) «{r['quote'][:90]}»"
        for i, r in enumerate(gold)
        if i not in used
    ]
    return score


def measure(reports: Iterable[str] | None = None, hold_unsure: bool = True) -> list[ReportScore]:
    import time

    with open(CORPUS_DIR / "statements.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [p.stem for p in corpus_texts(CORPUS_DIR)]
    out = []
    for name in names if reports is None else reports:
        doc = corpus_document(CORPUS_DIR / f"{name}.md")
        started = time.perf_counter()
        path = CORPUS_DIR / f"{name}.md"
        findings = find_facts(doc, anchor=published(path), hold_unsure=hold_unsure, frame=[title(path)])
        elapsed = time.perf_counter() - started
        score = score_report(name, [r for r in rows if r["report"] == name], findings)
        score.seconds = elapsed
        out.append(score)
    return out


def totals(scores: Iterable[ReportScore]) -> ReportScore:
    total = ReportScore("total", False)
    for s in scores:
        total.proposed += s.proposed
        total.right += s.right
        total.gold += s.gold
        total.found += s.found
        total.right_but_period += s.right_but_period
        total.unmatched += s.unmatched
        total.unsure += s.unsure
        total.seconds += s.seconds
    return total


# --- the three sample reports (issue 19: «our three sample reports fully labelled») ----------------

SAMPLES_DIR = REPO_ROOT / "cds" / "demo_data" / "sample-reports"
SAMPLES_GOLD = REPO_ROOT / "cds" / "demo_data" / "sample_reports.csv"
_SAMPLE_OF_UNIT = {
    "xã Tịnh Châu": "000",
    "xã Sơn Nham": "002",
    "thành phố Quảng Ngãi": "003",
    "tỉnh Quảng Ngãi": "002",
}


def _sample_kind(indicator_kind: str, value: str) -> str:
    if indicator_kind == "date":
        return "date"
    if indicator_kind == "rate" or value.strip().endswith("%"):
        return "rate"
    if "/" in value:
        return "fraction"
    return indicator_kind if indicator_kind in ("count", "amount") else "number"


# Sample 000 (xã Tịnh Châu) is signed «ngày … tháng 9 năm 2023» and states no period; the demo
# data files its figures under 2023Q3 (the demo's quarterly calendar), which the text does not say:
# its figures are the year's so far (plans of 2023, classes held, teams formed). Labelled as a
# reader of the text can back them — as «đến tháng 9/2023»: a stock (teams, rates, members) stands
# in September 2023, a flow (classes, participations) counts from 1/1 to 30/9/2023. The explicit
# quarters of its footnote (2023Q1, 2023Q2) are kept. See docs/ingest.md.
_SAMPLE_PERIODS = {("000", "2023Q3"): {"stock": "2023-09", "flow": "2023-01-01..2023-09-30"}}


def sample_gold() -> dict[str, list[dict[str, str]]]:
    """The sample reports' statements as gold rows (report, quote, indicator, period, value, kind):
    ``cds/demo_data/sample_reports.csv`` (every number of the three reports with its indicator,
    unit and period, labelled by hand for the demo data before this measurement), the quote from
    its note. Booleans («có») and values no reader proposes («không có») are kept out of recall:
    the reader proposes figures and dates, not yes/no answers."""

    kinds = {i.code: i.kind for i in shipped_catalogs()[-1].indicators}
    out: dict[str, list[dict[str, str]]] = {}
    with open(SAMPLES_GOLD, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            unit = row["unit"].split(",")[0].strip()
            report = _SAMPLE_OF_UNIT[unit]
            kind = _sample_kind(kinds.get(row["indicator"], ""), row["value"])
            if _gold_value(row["value"], kind) is None:
                continue  # «có», «không có», «khoản trên 1000»: not a figure the reader proposes
            quote = re.search(r"«([^»]*)»", row["note"])
            period = _SAMPLE_PERIODS.get((report, row["period"]), {}).get(
                "stock" if row["indicator"] in stock_indicators() else "flow", row["period"]
            )
            out.setdefault(report, []).append(
                {"report": report, "quote": quote[1] if quote else row["note"], "indicator": row["indicator"],
                 "period": period, "value": row["value"], "kind": kind}
            )  # fmt: skip
    indicators = shipped_catalogs()[-1].indicators
    numerators = {i.numerator for i in indicators if i.numerator}
    wholes = {i.denominator for i in indicators if i.denominator} - numerators
    return {report: _fractions_as_one(rows, wholes) for report, rows in out.items()}


def _fractions_as_one(rows: list[dict[str, str]], wholes: set[str]) -> list[dict[str, str]]:
    """One labelling rule for «N/M» (N of M units), the corpus's (corpus/reports/README.md): one
    statement, the count of what N counts with its denominator, value «N/M» as written. The demo
    data writes some as the numerator alone («07/07 công chức» as 07) and splits others into a
    numerator row and a denominator row («29/29 CBCC»: 29 trained, 29 officials). A row whose
    quote holds «v/M» for its value v is scored as «v/M»; a row whose indicator is only a rate's
    whole (``wholes``: a catalog denominator that is no rate's numerator) and whose quote holds
    «N/v» is that fraction's denominator, not a statement of its own, and is left out."""
    out = []
    for row in rows:
        value = row["value"].strip()
        if row["kind"] not in ("count", "number", "fraction") or "/" in value:
            out.append(row)
            continue
        v = re.escape(value)
        if row["indicator"] in wholes and re.search(rf"(?<![\d/.])[\d.]+\s*/\s*{v}(?![\d/])", row["quote"]):
            continue
        whole = re.search(rf"(?<![\d/.]){v}\s*/\s*(\d+(?:\.\d{3})*)(?![\d/])", row["quote"])
        out.append({**row, "value": f"{value}/{whole[1]}", "kind": "fraction"} if whole else row)
    return out


def measure_samples(hold_unsure: bool = True) -> list[ReportScore]:
    """Precision and recall on the three sample reports, read as a user uploads them (the whole
    text: header, date line, appendix tables), with no period given."""
    from .reading import read_document

    gold = sample_gold()
    out = []
    for path in sorted(SAMPLES_DIR.glob("[0-9][0-9][0-9]_*.txt")):
        report = path.name[:3]
        findings = find_facts(read_document(path.read_bytes(), path.name), hold_unsure=hold_unsure)
        score = score_report(f"{report}-sample", gold.get(report, []), findings)
        score.held_out = True
        out.append(score)
    return out
