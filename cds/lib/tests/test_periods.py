import datetime as dt
import itertools
import unicodedata
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period, reporting_period_for, roman

d = dt.date
years = st.integers(min_value=1901, max_value=2099)
calendar_periods = st.one_of(
    st.builds(lambda y, i: Period.of("month", y, i), years, st.integers(1, 12)),
    st.builds(lambda y, i: Period.of("quarter", y, i), years, st.integers(1, 4)),
    st.builds(lambda y, i: Period.of("half", y, i), years, st.integers(1, 2)),
    st.builds(lambda y: Period.of("year", y), years),
)
ranges = st.builds(
    lambda a, b: Period.between(min(a, b), max(a, b)),
    st.dates(d(1901, 1, 1), d(2099, 12, 31)),
    st.dates(d(1901, 1, 1), d(2099, 12, 31)),
)
periods = st.one_of(calendar_periods, ranges)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024-03", "2024-03"),
        ("2023Q2", "2023Q2"),
        ("2023S1", "2023S1"),
        ("2024", "2024"),
        ("2023-12-15..2024-10-31", "2023-12-15..2024-10-31"),
        ("tháng 3/2024", "2024-03"),
        ("tháng 03/2024", "2024-03"),
        ("Tháng 3 năm 2024", "2024-03"),
        ("March 2024", "2024-03"),
        ("quý II/2023", "2023Q2"),
        ("Quý 3/2023", "2023Q3"),
        ("quý III năm 2023", "2023Q3"),
        ("QUÝ IV/2023", "2023Q4"),
        ("Q3/2023", "2023Q3"),
        ("q3 2023", "2023Q3"),
        ("Q2 2023", "2023Q2"),
        ("6 tháng đầu năm 2023", "2023S1"),
        ("6 tháng cuối năm 2023", "2023S2"),
        ("06 tháng đầu năm 2023", "2023S1"),
        ("sáu tháng cuối năm 2023", "2023S2"),
        ("H1 2023", "2023S1"),
        ("2023H2", "2023S2"),
        ("năm 2024", "2024"),
        ("Năm 2024.", "2024"),
        ("từ ngày 15/12/2023 đến ngày 31/10/2024", "2023-12-15..2024-10-31"),
        ("từ ngày 15/12/2023 đến 31/10/2024", "2023-12-15..2024-10-31"),
        ("Từ 15/12/2023 đến hết ngày 31/10/2024", "2023-12-15..2024-10-31"),
        ("từ ngày 15 tháng 12 năm 2023 đến ngày 31 tháng 10 năm 2024", "2023-12-15..2024-10-31"),
        ("15/12/2023 – 31/10/2024", "2023-12-15..2024-10-31"),
        ("15/12/2023 - 31/10/2024", "2023-12-15..2024-10-31"),
        (unicodedata.normalize("NFD", "quý III/2023"), "2023Q3"),
        (unicodedata.normalize("NFD", "6 tháng cuối năm 2023"), "2023S2"),
    ],
)
def test_parse_period_reads_codes_and_vietnamese_forms(text, code):
    assert parse_period(text).code == code


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        (Period.of("month", 2024, 3), "tháng 3/2024", "March 2024"),
        (Period.of("quarter", 2023, 2), "quý II/2023", "Q2 2023"),
        (Period.of("half", 2023, 1), "6 tháng đầu năm 2023", "H1 2023"),
        (Period.of("half", 2023, 2), "6 tháng cuối năm 2023", "H2 2023"),
        (Period.of("year", 2024), "năm 2024", "2024"),
        (
            Period.between(d(2023, 12, 15), d(2024, 10, 31)),
            "từ ngày 15/12/2023 đến ngày 31/10/2024",
            "15/12/2023 – 31/10/2024",
        ),
    ],
)
def test_labels_read_as_reports_write_them(period, vi, en):
    assert (period.label_vi, period.label_en) == (vi, en)


@pytest.mark.parametrize(
    "text",
    [
        "tháng 13/2024",
        "tháng 0/2024",
        "quý V/2023",
        "Q5/2023",
        "2023S3",
        "31/10/2024 - 15/12/2023",
        "từ 31/2/2023 đến 1/3/2023",
        "2024-2025",
        "",
        "abc",
    ],
)
def test_unreadable_periods_are_refused_naming_the_value_and_the_accepted_forms(text):
    with pytest.raises(InputError) as caught:
        parse_period(text)
    assert f"«{text}»" in caught.value.vi and f"«{text}»" in caught.value.en
    if "31/2" not in text and "31/10/2024 -" not in text:
        assert "quý III/2023" in caught.value.vi and "2023Q3" in caught.value.en


def test_parse_period_refuses_what_is_not_text():
    with pytest.raises(InputError):
        parse_period(cast(Any, 2024))  # not a string, whatever the annotation says


@given(periods)
def test_codes_and_labels_read_back_as_the_same_period(period):
    assert parse_period(period.code) == period
    assert parse_period(period.label_vi) == period
    assert parse_period(period.label_en) == period
    assert parse_period(unicodedata.normalize("NFD", period.label_vi.upper())) == period


@pytest.mark.parametrize(
    ("code", "previous"),
    [
        ("2023Q1", "2022Q4"),
        ("2023Q3", "2023Q2"),
        ("2024-01", "2023-12"),
        ("2024-03", "2024-02"),
        ("2023S1", "2022S2"),
        ("2023S2", "2023S1"),
        ("2024", "2023"),
        ("2024-03-01..2024-03-31", "2024-01-30..2024-02-29"),  # 31 days back over a leap February
        ("2023-03-01..2023-03-31", "2023-01-29..2023-02-28"),
        ("2023-12-15..2024-10-31", "2023-01-27..2023-12-14"),
        ("2024-05-05..2024-05-05", "2024-05-04..2024-05-04"),
    ],
)
def test_previous_is_the_period_of_the_same_kind_just_before(code, previous):
    assert parse_period(code).previous() == parse_period(previous)


@pytest.mark.parametrize(
    ("code", "last_year"),
    [
        ("2024-02", "2023-02"),
        ("2023Q1", "2022Q1"),
        ("2023S2", "2022S2"),
        ("2024", "2023"),
        ("2023-12-15..2024-10-31", "2022-12-15..2023-10-31"),
        ("2024-02-01..2024-02-29", "2023-02-01..2023-02-28"),
        ("2025-02-01..2025-02-28", "2024-02-01..2024-02-29"),  # a month end stays a month end
        ("2024-02-29..2024-03-10", "2023-02-28..2023-03-10"),
    ],
)
def test_same_period_last_year(code, last_year):
    assert parse_period(code).same_period_last_year() == parse_period(last_year)


def test_the_month_of_february_knows_leap_years():
    assert Period.of("month", 2024, 2).end == d(2024, 2, 29)
    assert Period.of("month", 2024, 2).same_period_last_year().end == d(2023, 2, 28)
    assert Period.of("month", 1900, 2).end == d(1900, 2, 28)


@given(periods)
def test_previous_ends_the_day_before_and_a_range_keeps_its_length(period):
    before = period.previous()
    assert before.end == period.start - dt.timedelta(days=1)
    assert before.kind == period.kind
    if period.kind == "range":
        assert before.end - before.start == period.end - period.start


def test_contains_includes_both_ends():
    q1 = Period.of("quarter", 2024, 1)
    assert q1.contains(d(2024, 1, 1)) and q1.contains(d(2024, 3, 31))
    assert q1.contains(dt.datetime(2024, 3, 31, 23, 59))
    assert not q1.contains(d(2023, 12, 31)) and not q1.contains(d(2024, 4, 1))


@pytest.mark.parametrize(
    ("code", "kind", "codes"),
    [
        ("2023Q2", "month", ["2023-04", "2023-05", "2023-06"]),
        ("2023", "quarter", ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]),
        ("2023", "half", ["2023S1", "2023S2"]),
        ("2023S2", "quarter", ["2023Q3", "2023Q4"]),
        ("2024-03", "month", ["2024-03"]),
        ("2023-12-15..2024-02-10", "month", ["2023-12", "2024-01", "2024-02"]),
    ],
)
def test_sub_periods_split_a_period_into_finer_ones(code, kind, codes):
    assert [p.code for p in parse_period(code).sub_periods(kind)] == codes


def test_months_are_the_monthly_sub_periods():
    assert len(Period.of("year", 2024).months()) == 12


@pytest.mark.parametrize(("code", "kind"), [("2024-03", "quarter"), ("2023Q1", "half"), ("2023", "range")])
def test_sub_periods_refuse_a_coarser_kind(code, kind):
    with pytest.raises(InputError):
        parse_period(code).sub_periods(kind)


@given(calendar_periods, st.sampled_from(["month", "quarter", "half", "year"]))
def test_sub_periods_tile_the_period_without_gaps(period, kind):
    if {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind] > len(period.months()):
        return
    parts = period.sub_periods(kind)
    assert parts[0].start == period.start and parts[-1].end == period.end
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in itertools.pairwise(parts))


@pytest.mark.parametrize(
    ("code", "window"),
    [
        ("2024-03", "2024-02-15..2024-03-14"),
        ("2024-01", "2023-12-15..2024-01-14"),
        ("2024Q1", "2023-12-15..2024-03-14"),
        ("2023Q3", "2023-06-15..2023-09-14"),
        ("2023S1", "2022-12-15..2023-06-14"),
        ("2023S2", "2023-06-15..2023-12-14"),
        ("2024", "2023-12-15..2024-12-14"),
    ],
)
def test_reporting_windows_follow_decree_09_2019(code, window):
    assert parse_period(code).reporting_window() == parse_period(window)


def test_a_date_range_has_no_reporting_window():
    with pytest.raises(InputError):
        Period.between(d(2023, 12, 15), d(2024, 10, 31)).reporting_window()


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (d(2024, 3, 14), "month", "2024-03"),
        (d(2024, 3, 15), "month", "2024-04"),
        (d(2023, 12, 20), "quarter", "2024Q1"),
        (d(2023, 12, 20), "year", "2024"),
        (d(2023, 6, 15), "half", "2023S2"),
    ],
)
def test_reporting_period_for_finds_whose_window_holds_a_day(day, kind, code):
    assert reporting_period_for(day, kind).code == code


@given(st.dates(d(1901, 1, 1), d(2099, 12, 31)), st.sampled_from(["month", "quarter", "half", "year"]))
def test_every_day_falls_in_exactly_the_window_of_its_reporting_period(day, kind):
    period = reporting_period_for(day, kind)
    assert period.reporting_window().contains(day)
    assert not period.previous().reporting_window().contains(day)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Period("month", d(2024, 3, 1), d(2024, 3, 30), 2024, 3),
        lambda: Period("quarter", d(2024, 1, 1), d(2024, 3, 31), 2024, 2),
        lambda: Period("range", d(2024, 3, 2), d(2024, 3, 1), 2024, 0),
        lambda: Period("range", d(2024, 3, 1), d(2024, 3, 2), 2023, 0),
        lambda: Period("week", d(2024, 3, 1), d(2024, 3, 7), 2024, 0),
        lambda: Period.of("month", 2024, 13),
        lambda: Period.of("half", 2024, 0),
        lambda: Period.of("year", 2024, 1),
    ],
)
def test_inconsistent_periods_cannot_be_built(make):
    with pytest.raises(InputError):
        make()


def test_roman_numerals_for_quarters():
    assert [roman(n) for n in range(1, 5)] == ["I", "II", "III", "IV"]
    for bad in (0, 5, True):
        with pytest.raises(InputError):
            roman(bad)
