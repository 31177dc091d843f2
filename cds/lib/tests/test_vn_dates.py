import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.lib.errors import InputError
from cds.lib.vn_dates import STYLES, format_date, parse_date, parse_datetime, to_excel_serial

days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
excel_days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31))


@pytest.mark.parametrize(
    ("day", "style", "expected"),
    [
        (dt.date(2023, 3, 14), "short", "14/3/2023"),
        (dt.date(2024, 1, 5), "short", "5/1/2024"),
        (dt.date(2023, 3, 14), "long", "ngày 14 tháng 3 năm 2023"),
        (dt.date(2024, 1, 5), "long", "ngày 5 tháng 1 năm 2024"),
        (dt.date(2024, 1, 5), "decree", "ngày 05 tháng 01 năm 2024"),
        (dt.date(2023, 2, 28), "decree", "ngày 28 tháng 02 năm 2023"),
        (dt.date(2023, 9, 21), "decree", "ngày 21 tháng 9 năm 2023"),
        (dt.date(2023, 3, 1), "decree", "ngày 01 tháng 3 năm 2023"),
        (dt.date(2023, 12, 9), "decree", "ngày 09 tháng 12 năm 2023"),
        (dt.date(2023, 10, 10), "decree", "ngày 10 tháng 10 năm 2023"),
        (dt.datetime(2023, 3, 14, 8, 30), "short", "14/3/2023"),
    ],
)
def test_format_date_writes_each_style(day, style, expected):
    assert format_date(day, style) == expected


def test_format_date_refuses_an_unknown_style_or_a_non_date():
    with pytest.raises(InputError, match="iso"):
        format_date(dt.date(2023, 3, 14), "iso")
    with pytest.raises(InputError):
        format_date(cast(Any, "14/3/2023"))  # not a date, whatever the annotation says


@pytest.mark.parametrize(
    "text",
    [
        "14/3/2023",
        "14/03/2023",
        "14-03-2023",
        "14.3.2023",
        "2023-03-14",
        "2023/3/14",
        "ngày 14/3/2023",
        "Ngày 14/03/2023",
        "ngày 14 tháng 3 năm 2023",
        "14 tháng 03 năm 2023",
        "NGÀY 14 THÁNG 3 NĂM 2023",
        "ngay 14 thang 3 nam 2023",
        "  14/3/2023 ",
        "14/03/2023 08:30",
        "2023-03-14T08:30:15",
        unicodedata.normalize("NFD", "ngày 14 tháng 3 năm 2023"),
    ],
)
def test_parse_date_reads_the_forms_people_type(text):
    assert parse_date(text) == dt.date(2023, 3, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/03/2023 08:30", dt.datetime(2023, 3, 14, 8, 30)),
        ("14/3/2023 8h30", dt.datetime(2023, 3, 14, 8, 30)),
        ("2023-03-14 08:30:15", dt.datetime(2023, 3, 14, 8, 30, 15)),
        ("2023-03-14T08:30:15.250", dt.datetime(2023, 3, 14, 8, 30, 15)),
        ("14/3/2023", dt.datetime(2023, 3, 14)),
        (dt.date(2023, 3, 14), dt.datetime(2023, 3, 14)),
    ],
)
def test_parse_datetime_keeps_the_time_of_day(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),  # Excel's phantom 29/2/1900 is serial 60
        (44927, dt.date(2023, 1, 1)),
        (45000, dt.date(2023, 3, 15)),
        ("45000", dt.date(2023, 3, 15)),
        (Decimal("45000"), dt.date(2023, 3, 15)),
        (45000.99, dt.date(2023, 3, 15)),
        (2958465, dt.date(9999, 12, 31)),
    ],
)
def test_excel_serials_follow_the_1900_date_system(serial, expected):
    assert parse_date(serial) == expected


def test_excel_serial_fractions_are_the_time_of_day():
    assert parse_datetime(45000.5) == dt.datetime(2023, 3, 15, 12)
    assert parse_datetime("45000,75") == dt.datetime(2023, 3, 15, 18)


@pytest.mark.parametrize(
    "value",
    [
        "31/2/2023",
        "29/2/2023",
        "32/1/2023",
        "14/13/2023",
        "0/1/2023",
        "2023-02-30",
        "14/3/23",
        "14/03-2023",
        "3/14/2023 extra",
        "14/03/2023 25:00",
        "14/03/2023 08:61",
        "",
        "abc",
        "2023",  # a year, not serial 2023 (1905)
        "60",
        60,  # Excel's 29/2/1900, which never existed
        0,
        -1,
        2958466,
        float("nan"),
        float("inf"),
        True,
        None,
    ],
)
def test_impossible_or_unreadable_dates_are_refused_naming_the_value(value):
    with pytest.raises(InputError) as caught:
        parse_date(value)
    assert f"«{value}»" in caught.value.vi and f"«{value}»" in caught.value.en


def test_a_two_digit_year_is_refused_with_a_hint():
    with pytest.raises(InputError, match="4"):
        parse_date("14/3/23")


def test_to_excel_serial_refuses_dates_before_excel_begins():
    with pytest.raises(InputError):
        to_excel_serial(dt.date(1899, 12, 31))


@given(days, st.sampled_from(STYLES))
def test_every_style_reads_back_as_the_same_day(day, style):
    assert parse_date(format_date(day, style)) == day


@given(days)
def test_iso_text_reads_back_as_the_same_day(day):
    assert parse_date(day.isoformat()) == day


@given(excel_days)
def test_excel_serials_round_trip(day):
    serial = to_excel_serial(day)
    assert isinstance(serial, int)
    assert parse_date(serial) == day
    if serial >= 10000:
        assert parse_date(str(serial)) == day


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)))
def test_excel_serials_with_time_round_trip_to_the_second(moment):
    moment = moment.replace(microsecond=0)
    assert parse_datetime(to_excel_serial(moment)) == moment


@given(st.datetimes(min_value=dt.datetime(1000, 1, 1)))
def test_day_first_text_with_time_round_trips(moment):
    moment = moment.replace(microsecond=0)
    assert parse_datetime(moment.strftime("%d/%m/%Y %H:%M:%S")) == moment
