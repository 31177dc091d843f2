"""Issue 15: periods as reports write them — year to date, the first nine months, a month to a
month, a five-year stage — each maps to a Period (a calendar period or a date range); what is
not a period is refused saying how to write it."""

import pytest

from cds.lib.errors import InputError
from cds.lib.periods import parse_period


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("năm 2021 đến tháng 9/2022", "2021-01-01..2022-09-30"),
        ("số liệu tổng hợp đến ngày 20/6/2024", "2024-01-01..2024-06-20"),  # from the year's start
        ("tính đến ngày 30/9/2024", "2024-01-01..2024-09-30"),
        ("đến hết tháng 10/2024", "2024-01-01..2024-10-31"),
        ("lũy kế đến hết quý III/2024", "2024-01-01..2024-09-30"),
        ("6 tháng cuối năm 2023", "2023S2"),
        ("9 tháng đầu năm 2024", "2024-01-01..2024-09-30"),
        ("chín tháng đầu năm 2024", "2024-01-01..2024-09-30"),
        ("3 tháng đầu năm 2024", "2024Q1"),
        ("3 tháng cuối năm 2024", "2024Q4"),
        ("10 tháng đầu năm 2024", "2024-01-01..2024-10-31"),
        ("12 tháng năm 2024", "2024"),
        ("9 tháng năm 2024", "2024-01-01..2024-09-30"),  # the statistics office's words: from January
        ("6 tháng năm 2023", "2023S1"),
        ("quý 1 năm 2024", "2024Q1"),
        ("Q1/2024", "2024Q1"),
        ("quý I/2024", "2024Q1"),
        ("quý I, năm 2024", "2024Q1"),
        ("Q.1/2024", "2024Q1"),
        ("tháng 10 năm 2024", "2024-10"),
        ("tháng 10, năm 2024", "2024-10"),
        ("T10/2024", "2024-10"),
        ("giai đoạn 2021–2025", "2021-01-01..2025-12-31"),
        ("giai đoạn 2021-2025", "2021-01-01..2025-12-31"),
        ("giai đoạn 2021 - 2025", "2021-01-01..2025-12-31"),
        ("từ năm 2021 đến năm 2025", "2021-01-01..2025-12-31"),
        ("năm 2024", "2024"),
        ("trong năm 2024", "2024"),
        ("cả năm 2024", "2024"),
        ("6 tháng đầu năm 2024", "2024S1"),
        ("từ tháng 1 đến tháng 9/2024", "2024-01-01..2024-09-30"),
        ("từ tháng 01/2024 đến tháng 9/2024", "2024-01-01..2024-09-30"),
        ("từ quý II đến quý IV/2024", "2024-04-01..2024-12-31"),
        ("từ ngày 15/12 đến ngày 14/6/2024", "2023-12-15..2024-06-14"),  # the earlier year: before the end
        ("từ 15/12/2023 đến tháng 10/2024", "2023-12-15..2024-10-31"),
        ("kỳ báo cáo quý III/2023", "2023Q3"),
    ],
)
def test_periods_as_reports_write_them_map_to_a_period(text, code):
    assert parse_period(text).code == code


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("tháng 9", "tháng 9/2024"),  # no year
        ("quý III", "quý III/2023"),
        ("từ đầu năm đến nay", "đến ngày 20/6/2024"),  # "now" is no date a figure can be signed for
        ("13 tháng đầu năm 2024", "9 tháng đầu năm 2024"),
        ("giai đoạn 2025–2021", "giai đoạn 2021–2025"),
        ("năm học 2023-2024", "giai đoạn 2021–2025"),
        ("2024-2025", "giai đoạn 2021–2025"),
    ],
)
def test_what_is_not_a_period_is_refused_saying_how_to_write_one(text, hint):
    with pytest.raises(InputError) as caught:
        parse_period(text)
    assert f"«{text}»" in caught.value.vi and hint in caught.value.vi
    assert f"«{text}»" in caught.value.en and hint in caught.value.en
