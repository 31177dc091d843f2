"""Ranks with ties, and the words for a change of rank."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cds.dti.ranking import change_text, competition_ranks

D = Decimal


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    ranks = competition_ranks({"a": D("700.5"), "b": D("650"), "c": D("650.001"), "d": D("600")})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}  # equal at two decimals: đồng hạng


def test_change_is_said_in_words():
    assert change_text(5, 2) == "tăng 3 bậc"
    assert change_text(1, 2) == "tụt 1 bậc"
    assert change_text(4, 4) == "giữ nguyên thứ hạng"
    assert change_text(None, 4) == "chưa có thứ hạng năm trước"
    assert change_text(3, 4, comparable=False) == "không so sánh được"


@given(st.dictionaries(st.integers(), st.decimals(min_value=0, max_value=1000, places=2), min_size=1))
def test_a_higher_score_never_has_a_worse_rank_and_rank_one_exists(scores):
    ranks = competition_ranks(scores)
    assert min(ranks.values()) == 1
    for a in scores:
        for b in scores:
            if scores[a] > scores[b]:
                assert ranks[a] < ranks[b]
            if scores[a] == scores[b]:
                assert ranks[a] == ranks[b]
        assert ranks[a] == 1 + sum(1 for b in scores if scores[b] > scores[a])
