"""The measurement's inputs: the corpus texts' publication day and the sample reports' gold."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.ingest.measure import CORPUS_DIR, measure_samples, published, sample_gold

pytestmark = pytest.mark.django_db


def test_a_corpus_text_s_publication_day_is_read_from_its_front_matter_and_absent_when_unknown() -> None:
    assert published(next(CORPUS_DIR.glob("22-*.md"))) == dt.date(2026, 1, 14)
    assert published(next(CORPUS_DIR.glob("15-*.md"))) is None  # the stored page shows no date


def test_the_three_sample_reports_are_scored_against_their_hand_labelled_figures() -> None:
    gold = sample_gold()
    assert sorted(gold) == ["000", "002", "003"]
    assert all(row["indicator"] and row["period"] for rows in gold.values() for row in rows)
    scores = measure_samples()
    assert [s.report for s in scores] == ["000-sample", "002-sample", "003-sample"]
    assert all(s.gold == len(gold[s.report[:3]]) and 0 <= s.right <= s.proposed for s in scores)
