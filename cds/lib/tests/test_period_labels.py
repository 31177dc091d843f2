"""One language-aware period label for pages and admin lists; one month end."""

import datetime as dt

from cds.lib.periods import label_for, month_end, parse_period


def test_a_period_code_reads_as_its_reader_reads_it_and_a_non_period_as_it_is() -> None:
    assert label_for("2024Q1", "vi") == "quý I/2024"
    assert label_for("2024Q1", "en") == "Q1 2024"
    assert label_for(parse_period("2025"), "vi") == "năm 2025"
    assert label_for("không phải kỳ", "vi") == "không phải kỳ"


def test_the_month_end_is_the_calendar_s_last_day() -> None:
    assert month_end(dt.date(2024, 2, 3)) == dt.date(2024, 2, 29)
    assert month_end(dt.date(2023, 2, 28)) == dt.date(2023, 2, 28)
    assert month_end(dt.date(2024, 12, 31)) == dt.date(2024, 12, 31)
