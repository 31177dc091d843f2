"""Several windows in one report (issue 14 item 3): a range split into the whole years, halves
and quarters it contains, a set of periods in order, and what is refused."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, parse_period, parse_periods, whole_periods

d = dt.date
quarters = st.builds(lambda y, q: Period.of("quarter", y, q), st.integers(2000, 2030), st.integers(1, 4))


def test_a_range_given_with_a_plain_hyphen_is_read_as_a_range():
    assert parse_period("1/1/2023-30/6/2024") == Period.between(d(2023, 1, 1), d(2024, 6, 30))


def test_a_range_is_split_into_the_largest_whole_periods_it_contains():
    span = Period.between(d(2023, 1, 1), d(2024, 6, 30))
    assert [p.code for p in whole_periods(span)] == ["2023", "2024S1"]
    span = Period.between(d(2023, 4, 1), d(2024, 9, 30))
    assert [p.label_vi for p in whole_periods(span)] == [
        "quý II/2023",
        "6 tháng cuối năm 2023",
        "6 tháng đầu năm 2024",
        "quý III/2024",
    ]


@given(quarters, quarters)
def test_the_windows_of_a_range_cover_it_exactly_without_gaps_or_overlaps(a, b):
    first, last = sorted([a, b], key=lambda p: p.start)
    windows = whole_periods(Period.between(first.start, last.end))
    assert windows[0].start == first.start and windows[-1].end == last.end
    for before, after in itertools.pairwise(windows):
        assert after.start == before.end + dt.timedelta(days=1)
    assert all(w.kind in ("year", "half", "quarter") for w in windows)


def test_a_range_that_does_not_split_into_whole_periods_is_refused_in_both_languages():
    with pytest.raises(InputError) as caught:
        parse_periods("15/12/2023-31/10/2024")
    assert "không chia được thành các năm, 6 tháng hoặc quý trọn vẹn" in caught.value.vi
    assert "does not split into whole years, halves or quarters" in caught.value.en


def test_several_periods_make_one_set_in_order_labelled_as_the_reports_say_it():
    chosen = parse_periods(["2024S1", "2023"])
    assert isinstance(chosen, PeriodSet)
    assert [w.code for w in chosen.windows] == ["2023", "2024S1"]
    assert chosen.label_vi == "năm 2023 và 6 tháng đầu năm 2024"
    assert chosen.label_en == "2023 and H1 2024"
    assert chosen.code == "2023+2024S1"
    assert parse_periods(chosen.code) == chosen  # the URL's code reads back as the same set
    assert chosen.end == d(2024, 6, 30) and chosen.year == 2024


def test_a_range_keeps_its_own_words_and_its_code_reads_back_as_the_same_windows():
    chosen = parse_periods("1/1/2023-30/6/2024")
    assert [w.code for w in chosen.windows] == ["2023", "2024S1"]
    assert chosen.label_vi == "từ ngày 1/1/2023 đến ngày 30/6/2024"
    assert parse_periods(chosen.code) == chosen


def test_one_period_stays_a_period():
    assert parse_periods(["2024"]) == Period.of("year", 2024)
    assert parse_periods("1/1/2023-31/12/2023") == Period.of("year", 2023)


def test_overlapping_periods_are_refused():
    with pytest.raises(InputError) as caught:
        parse_periods(["2023", "2023S2"])
    assert "trùng nhau" in caught.value.vi and "overlap" in caught.value.en
