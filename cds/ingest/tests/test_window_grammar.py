"""The grammar of dates and windows in Vietnamese administrative writing (issue 19): every written
form of a day, a month, a quarter, a half-year, a span and a count to date, with and without its year,
with slashes, dashes or dots — read to the window the sentence states (``window_of``). The forms come
from the rules of the language (Nghị định 30/2020/NĐ-CP writes «ngày 14 tháng 11 năm 2024»; the press
writes «14-11-2024» and «14.11.2024»; reports write «quý I/2023», «quý I năm 2023», «Quý 1-2023»), not
only from the corpus."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cds.ingest.finding import find_facts, window_of

from .texts import doc, figure

ANCHOR = dt.date(2024, 11, 20)  # the day the text speaks from, when a form needs one

# (what the text says, the year the text is about or None, the window read)
FORMS = [
    # a span from a day to a day, every way the day is written
    ("Từ ngày 01/01/2024 đến ngày 14/11/2024, tỉnh có", None, "2024-01-01..2024-11-14"),
    ("từ ngày 1-1-2024 đến ngày 14-11-2024, tỉnh có", None, "2024-01-01..2024-11-14"),
    ("từ 1.1.2024 đến 14.11.2024, tỉnh có", None, "2024-01-01..2024-11-14"),
    ("Thống kê lũy kế từ ngày 1-1 đến 14-11-2024, tổng số", None, "2024-01-01..2024-11-14"),
    ("lũy kế từ ngày 1/1 đến 14/11/2024, tổng số", None, "2024-01-01..2024-11-14"),
    ("từ 1.1 đến 14.11.2024, tổng số", None, "2024-01-01..2024-11-14"),
    ("từ ngày 01 tháng 01 năm 2024 đến ngày 14 tháng 11 năm 2024, tỉnh có", None, "2024-01-01..2024-11-14"),
    ("(tính từ ngày 15/12/2022 đến 14/3/2023)", None, "2022-12-15..2023-03-14"),
    ("Từ 1/7/2025 đến 25/2/2026, xã có", None, "2025-07-01..2026-02-25"),
    ("từ ngày 15/12 đến 14/6/2024, xã có", None, "2023-12-15..2024-06-14"),
    ("từ ngày 1.7 - 10.9, hệ thống", None, "2024-07-01..2024-09-10"),
    ("từ 8/10 – 25/10/2025 có", None, "2025-10-08..2025-10-25"),
    ("1/1–14/11/2024: dịch vụ công", None, "2024-01-01..2024-11-14"),
    # a calendar period restated by its own dates: the dates the text gives are the window
    (
        "Trong quý I năm 2023 (tính từ ngày 15/12/2022 đến 14/3/2023), các cơ quan",
        None,
        "2022-12-15..2023-03-14",
    ),
    ("Trong năm 2024 (từ ngày 15/12/2023 đến 14/12/2024), tỉnh tiếp nhận", None, "2023-12-15..2024-12-14"),
    # counted to a day: from the start of that year
    ("Tính đến ngày 30/6/2024, tỉnh có", None, "2024-01-01..2024-06-30"),
    ("Tính đến ngày 30-6-2024, tỉnh có", None, "2024-01-01..2024-06-30"),
    ("Tính đến 30.6.2024, tỉnh có", None, "2024-01-01..2024-06-30"),
    ("tính đến ngày 30 tháng 6 năm 2024, tỉnh có", None, "2024-01-01..2024-06-30"),
    ("đến ngày 8/6, tỉnh có", 2024, "2024-01-01..2024-06-08"),
    ("Tính đến 8-5, tỉnh có", 2024, "2024-01-01..2024-05-08"),
    # counted to a month
    ("Tính đến tháng 9/2025, tỉnh có", None, "2025-01-01..2025-09-30"),
    ("Tính đến tháng 9.2025, tỉnh có", None, "2025-01-01..2025-09-30"),
    ("Tính đến tháng 9-2025, tỉnh có", None, "2025-01-01..2025-09-30"),
    ("đến hết tháng 9/2025, tỉnh có", None, "2025-01-01..2025-09-30"),
    ("đến cuối tháng 10/2025, tỉnh có", None, "2025-01-01..2025-10-31"),
    ("Đến tháng 5, tỉnh đã", None, "2024-01-01..2024-05-31"),
    ("Tính đến tháng 9 năm 2025, tỉnh có", None, "2025-01-01..2025-09-30"),
    # to the present, from the start of the year
    ("Từ đầu năm đến nay, tỉnh đã", None, "2024-01-01..2024-11-30"),
    ("Tính đến nay, tỉnh có", None, "2024-01-01..2024-11-30"),
    # a month
    ("Trong tháng 10/2024, tỉnh tiếp nhận", None, "2024-10"),
    ("Trong tháng 10 năm 2024, tỉnh tiếp nhận", None, "2024-10"),
    # a quarter, every way it is written
    ("Trong quý I/2023, toàn tỉnh có", None, "2023Q1"),
    ("Trong quý I năm 2023, toàn tỉnh có", None, "2023Q1"),
    ("Trong quý 1/2023, toàn tỉnh có", None, "2023Q1"),
    ("Trong Quý III năm 2023, toàn tỉnh có", None, "2023Q3"),
    ("Trong quý I, toàn tỉnh có", 2023, "2023Q1"),
    ("Trong quý I năm nay, toàn tỉnh có", 2023, "2023Q1"),
    # halves and months from the start of the year
    ("6 tháng đầu năm 2024, tỉnh có", None, "2024S1"),
    ("sáu tháng đầu năm 2024, tỉnh có", None, "2024S1"),
    ("6 tháng cuối năm 2025, tỉnh có", None, "2025S2"),
    ("6 tháng đầu năm, tỉnh có", 2024, "2024S1"),
    ("9 tháng đầu năm 2024, tỉnh có", None, "2024-01-01..2024-09-30"),
    ("Trong 9 tháng năm 2024, tỉnh có", None, "2024-01-01..2024-09-30"),
    ("3 tháng đầu năm 2024, tỉnh có", None, "2024Q1"),
    ("11 tháng đầu năm 2024, tỉnh có", None, "2024-01-01..2024-11-30"),
    ("11 tháng năm 2024, tỉnh có", None, "2024-01-01..2024-11-30"),
    # twelve months are the year, never the «2 tháng» its last digit would say
    ("12 tháng năm 2024, tỉnh có", None, "2024"),
    ("Trong 12 tháng năm 2024, tỉnh có", None, "2024"),
    # a year
    ("Năm 2022, tỉnh có", None, "2022"),
    ("Trong năm 2022, tỉnh có", None, "2022"),
    ("Tính đến hết năm 2022, có 5 doanh nghiệp", None, "2022"),
    ("Đến cuối năm 2022, có 5 doanh nghiệp", None, "2022"),
    ("Trong năm nay, tỉnh có", 2024, "2024"),
    # two windows joined: from the first's start to the last's end
    ("Trong năm 2022 và Quý I năm 2023, UBND tỉnh ban hành", None, "2022-01-01..2023-03-31"),
    # no window: a programme's horizon, a comparison's base, a day of every year, a contest's name
    ("Đề án 06 giai đoạn 2022 - 2025, tầm nhìn đến năm 2030 đạt", None, ""),
    ("tăng 10% so với năm 2021", None, ""),
    ("ngày 10/10 hàng năm là Ngày chuyển đổi số", None, ""),
]


@pytest.mark.parametrize(("text", "year", "window"), FORMS, ids=[f[0][:40] for f in FORMS])
def test_every_written_form_of_a_window_reads_to_the_window_it_states(
    text: str, year: int | None, window: str
) -> None:
    assert window_of(text, ANCHOR, year) == window


@pytest.mark.django_db
def test_a_quarter_restated_by_its_dates_is_those_dates_for_the_whole_text() -> None:
    found = find_facts(
        doc(
            "Toàn tỉnh tiếp nhận 56.039 hồ sơ trong quý I",
            "Trong quý I năm 2023 (tính từ ngày 15/12/2022 đến 14/3/2023), các cơ quan đã tiếp nhận 56.039 hồ sơ.",
            "Trong đó, đã giải quyết 48.249 hồ sơ (tỷ lệ hồ sơ đúng hạn và sớm hạn đạt gần 98%).",
        ),
        anchor=dt.date(2023, 3, 18),
    )
    assert found.period == "2022-12-15..2023-03-14"
    assert figure(found, 48249).period == "2022-12-15..2023-03-14"


@pytest.mark.django_db
def test_a_text_dated_on_its_quarters_last_day_speaks_of_the_quarter_whole() -> None:
    found = find_facts(
        doc("Trong quý I/2023, toàn tỉnh có 178.661 hồ sơ; tỷ lệ hồ sơ được giải quyết đúng hạn đạt 97%."),
        anchor=dt.date(2023, 3, 31),
    )
    assert next(f for f in found.figures if f.value == Decimal(97)).period == "2023Q1"
    inside = find_facts(
        doc("Trong quý I/2023, toàn tỉnh có 178.661 hồ sơ; tỷ lệ hồ sơ được giải quyết đúng hạn đạt 97%."),
        anchor=dt.date(2023, 3, 18),
    )
    assert next(f for f in inside.figures if f.value == Decimal(97)).period == "2023-03"


@pytest.mark.django_db
def test_the_span_a_lead_cumulates_its_statistics_over_is_the_window_of_the_paragraphs_after_it() -> None:
    found = find_facts(
        doc(
            "Năm 2024, tỉnh đã thực hiện các nhiệm vụ chuyển đổi số. Thống kê lũy kế từ ngày 1-1 đến "
            "14-11-2024, tổng số dịch vụ công trực tuyến của tỉnh là 1.542/1.871.",
            "Tổng số hồ sơ được tiếp nhận trên môi trường điện tử 229.704 hồ sơ, trong đó số hồ sơ tiếp "
            "nhận trực tuyến là 174.411 hồ sơ, đạt 76% trên tổng số hồ sơ.",
        ),
        anchor=dt.date(2024, 12, 6),
    )
    assert found.period == "2024-01-01..2024-11-14"
    assert figure(found, 76).period == "2024-01-01..2024-11-14"
