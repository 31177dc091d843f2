"""The measurement's inputs: the corpus texts' publication day and the sample reports' gold."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.ingest.measure import CORPUS_DIR, is_gold, measure_samples, published, sample_gold

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


def test_sample_000_is_scored_as_its_text_supports_stocks_in_its_month_flows_from_the_year_s_start() -> None:
    rows = sample_gold()["000"]
    teams = next(r for r in rows if r["indicator"] == "teams.commune_teams")
    classes = next(r for r in rows if r["indicator"] == "training.external_classes_attended")
    assert teams["period"] == "2023-09"
    assert classes["period"] == "2023-01-01..2023-09-30"
    assert {r["period"] for r in rows} >= {"2023Q1", "2023Q2"}  # the footnote's own quarters stay
    assert "2023Q3" not in {r["period"] for r in rows}


def test_a_count_and_its_denominator_split_by_the_demo_data_are_one_fraction_as_the_corpus_labels_it() -> (
    None
):
    rows = sample_gold()["000"]
    trained = [r for r in rows if r["indicator"] == "training.officials_completed"]
    assert [(r["value"], r["kind"]) for r in trained] == [("29/29", "fraction")]
    assert not [r for r in rows if r["indicator"] == "hr.officials_total"]


def test_a_count_the_demo_data_writes_as_its_numerator_alone_is_scored_with_the_denominator_its_text_states() -> (
    None
):
    rows = sample_gold()
    signed = [r for r in rows["002"] if r["indicator"] == "gov.civil_servants_with_digital_signature"]
    specialised = [r for r in rows["002"] if r["indicator"] == "training.civil_servants_specialised"]
    tslcd = [r for r in rows["003"] if r["indicator"] == "infra.communes_on_tslcd"]
    assert [(r["value"], r["kind"]) for r in signed] == [("07/07", "fraction")]
    assert [r["value"] for r in specialised] == ["02/07"]
    assert [r["value"] for r in tslcd] == ["5/23"]
    assert not [r for r in rows["002"] if r["indicator"] == "hr.civil_servants_total" and r["value"] == "07"]


def test_every_corpus_row_whose_quote_states_its_count_as_n_of_m_is_labelled_with_its_denominator() -> None:
    import csv
    import re

    with open(CORPUS_DIR / "statements.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] in ("count", "number", "fraction")]
    numerator_alone = [
        r["quote"]
        for r in rows
        if "/" not in r["value"]
        and re.search(
            rf"(?<![\d/.]){re.escape(r['value'].split()[-1])}\s*/\s*\d+(?:\.\d{3})*(?![\d/])", r["quote"]
        )
    ]
    whole_alone = [
        r["quote"]
        for r in rows
        if "/" not in r["value"]
        and re.search(rf"(?<![\d/.])\d[\d.]*\s*/\s*{re.escape(r['value'].split()[-1])}(?![\d/])", r["quote"])
    ]
    fractions_as_counts = [r["quote"] for r in rows if "/" in r["value"] and r["kind"] != "fraction"]
    assert (numerator_alone, whole_alone, fractions_as_counts) == ([], [], [])


def test_a_share_of_a_target_reached_is_no_gold_figure_for_the_reader_but_a_value_and_a_target_are() -> None:
    row = {"indicator": "society.vneid_accounts_activated", "value": "73,3%", "holder": "target_share"}
    assert not is_gold(row)
    assert is_gold({**row, "value": "12.000", "holder": "indicator"})
    assert is_gold({**row, "holder": "target"})
    assert not is_gold({**row, "indicator": "", "holder": ""})
