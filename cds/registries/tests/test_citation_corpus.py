"""The citation parser on a corpus of public administrative texts (not our samples): the
floors below are what it reaches (figures and every remaining miss in docs/registries.md)."""

from __future__ import annotations

from cds.registries.tests.corpus.score import load_all, score

MIN_PRECISION = 0.99
MIN_RECALL = 0.98
MIN_ISSUER = 0.85  # of the citations found right, the share whose issuer is the one a reader records
MIN_SUBJECT = 0.85


def test_the_corpus_holds_at_least_300_citations_each_text_with_its_public_address() -> None:
    texts = load_all()
    assert sum(len(t.expected) for t in texts) >= 300
    assert sum(1 for t in texts if not t.expected) >= 50  # phone numbers, fractions, "Điều 5", headers
    assert all(t.source.startswith(("http://", "https://")) for t in texts)
    assert not any("demo_data" in t.source or "sample-reports" in t.source for t in texts)


def test_precision_and_recall_on_the_corpus_reach_their_floors() -> None:
    s = score(load_all())
    assert s.precision >= MIN_PRECISION, [(t.line, c.reference) for t, c in s.false_positives]
    assert s.recall >= MIN_RECALL, [(t.line, e.reference) for t, e in s.misses]


def test_issuers_and_subjects_of_the_citations_found_reach_their_floors() -> None:
    s = score(load_all())
    assert s.rate(s.issuer_right) >= MIN_ISSUER
    assert s.rate(s.subject_right) >= MIN_SUBJECT
