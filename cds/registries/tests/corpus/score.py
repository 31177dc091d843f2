"""Score the citation parser on the public-text corpus: ``python -m cds.registries.tests.corpus.score [-v]``.

Two files, one format: ``citations.tsv`` (the development set: the rules were written while
reading it) and ``citations-heldout.tsv`` (annotated after the parser was frozen, scored once
before any change it prompted; see docs/registries.md). Each holds one row per expected
citation: the first row of a text carries its source address and the text; the rows after it
with both empty are more citations of the same text; a text with an empty ``type`` cites nothing
(a negative: phone numbers, fractions, "Điều 5" …).
A found citation is right when its type, reference and date are the expected ones; issuer, title
and subject are scored on the right ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cds.registries.citations import Citation, extract

HERE = Path(__file__).parent
CORPORA = {"development": HERE / "citations.tsv", "held-out": HERE / "citations-heldout.tsv"}
COLUMNS = ["source", "text", "type", "reference", "date", "issuer", "title", "subject"]


@dataclass
class Expected:
    type_code: str
    reference: str
    date: dt.date | None
    issuer: str
    title: str
    subject: str

    @property
    def key(self) -> tuple[str, str, dt.date | None]:
        return (self.type_code, self.reference, self.date)


@dataclass
class Text:
    source: str
    text: str
    line: int
    expected: list[Expected] = field(default_factory=list)


def load(path: Path) -> list[Text]:
    texts: list[Text] = []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert rows.fieldnames == COLUMNS, rows.fieldnames
        for line, row in enumerate(rows, start=2):
            if row["text"]:
                texts.append(Text(row["source"], row["text"], line))
            elif not texts or row["source"]:
                raise ValueError(f"{path.name}:{line}: a continuation row needs a text before it")
            if row["type"]:
                date = dt.date.fromisoformat(row["date"]) if row["date"] else None
                texts[-1].expected.append(
                    Expected(row["type"], row["reference"], date, row["issuer"], row["title"], row["subject"])
                )
    return texts


@dataclass
class Score:
    texts: int = 0
    negatives: int = 0
    expected: int = 0
    found: int = 0
    right: int = 0
    issuer_right: int = 0
    title_right: int = 0
    subject_right: int = 0
    false_positives: list[tuple[Text, Citation]] = field(default_factory=list)
    misses: list[tuple[Text, Expected]] = field(default_factory=list)
    wrong_fields: list[tuple[Text, Expected, Citation]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def rate(self, count: int) -> float:
        return count / self.right if self.right else 1.0


def score(texts: list[Text]) -> Score:
    result = Score(texts=len(texts))
    for text in texts:
        found = extract(text.text)
        result.negatives += not text.expected
        result.expected += len(text.expected)
        result.found += len(found)
        unmatched = Counter(e.key for e in text.expected)
        by_key = {e.key: e for e in text.expected}
        for c in found:
            if unmatched[c.key] > 0:
                unmatched[c.key] -= 1
                result.right += 1
                e = by_key[c.key]
                fields_right = (c.issuer == e.issuer, c.title == e.title, c.subject == e.subject)
                result.issuer_right += fields_right[0]
                result.title_right += fields_right[1]
                result.subject_right += fields_right[2]
                if not all(fields_right):
                    result.wrong_fields.append((text, e, c))
            else:
                result.false_positives.append((text, c))
        for e in text.expected:
            if unmatched[e.key] > 0:
                unmatched[e.key] -= 1
                result.misses.append((text, e))
    return result


def report(name: str, s: Score, verbose: bool) -> None:
    out = sys.stdout
    out.write(
        f"{name}: {s.texts} texts ({s.negatives} without a citation), {s.expected} citations expected, "
        f"{s.found} found, {s.right} right\n"
        f"  precision {s.precision:.2%}  recall {s.recall:.2%}  "
        f"issuer {s.rate(s.issuer_right):.2%}  title {s.rate(s.title_right):.2%}  "
        f"subject {s.rate(s.subject_right):.2%} (of the right ones)\n"
    )
    for text, c in s.false_positives:
        out.write(f"  FALSE POSITIVE line {text.line}: {c.type_code} {c.reference} {c.date}\n")
    for text, e in s.misses:
        out.write(f"  MISS line {text.line}: {e.type_code} {e.reference} {e.date}\n")
    if verbose:
        for text, e, c in s.wrong_fields:
            out.write(f"  FIELDS line {text.line}: {e.reference}\n")
            for field_name in ("issuer", "title", "subject"):
                if getattr(e, field_name) != getattr(c, field_name):
                    expected, found = getattr(e, field_name), getattr(c, field_name)
                    out.write(f"      {field_name}: expected «{expected}» found «{found}»\n")


def load_all() -> list[Text]:
    return [text for path in CORPORA.values() for text in load(path)]


def main() -> None:
    verbose = "-v" in sys.argv
    for name, path in CORPORA.items():
        report(f"{name} ({path.name})", score(load(path)), verbose)
    report("all", score(load_all()), False)


if __name__ == "__main__":
    main()
