"""The matcher on unit names as public documents write them (corpus/units/unit_names.tsv,
docs/corpora.md): it never matches a different unit than the text means, and finds the rest
with the renames and moves of cds/units/data/history.tsv."""

from __future__ import annotations

import pytest

from cds.units.corpus import REFUSALS, expected_unit, import_matcher, read_corpus, score

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def test_every_expected_unit_of_the_corpus_names_exactly_one_unit():
    rows = [r for r in read_corpus() if r.expected not in REFUSALS]
    assert len(rows) >= 150
    assert all(expected_unit(r) for r in rows)


def test_the_import_matcher_never_matches_a_unit_the_text_does_not_mean():
    result = score(read_corpus(), import_matcher)
    assert result.wrong == []
    assert result.precision == 1.0


def test_the_import_matcher_finds_every_unit_of_our_lists_with_their_history():
    result = score(read_corpus(), import_matcher)
    # «Thừa Thiên - Huế» (the province's name until 2025) and «Tịnh Hòa, Sơn Tịnh» (its district
    # until 2014) were refused before the unit history (cds/units/data/history.tsv)
    assert result.refused == []
    assert result.recall == 1.0
