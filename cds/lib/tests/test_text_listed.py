"""``cds.lib.text.listed``: a list of names as a sentence writes it (periods, DTI reports)."""

from __future__ import annotations

import pytest

from cds.lib.periods import Period, PeriodSet
from cds.lib.text import listed


@pytest.mark.parametrize(
    ("items", "last", "expected"),
    [
        (["xã An"], "và", "xã An"),
        (["xã An", "xã Bình"], "và", "xã An và xã Bình"),
        (["xã An", "xã Bình", "phường Cầu"], "và", "xã An, xã Bình và phường Cầu"),
        (["2023", "H1 2024"], "and", "2023 and H1 2024"),
    ],
)
def test_listed_puts_commas_between_the_items_and_the_word_before_the_last(
    items: list[str], last: str, expected: str
) -> None:
    assert listed(items, last) == expected


def test_a_period_set_is_labelled_as_its_windows_listed_in_either_language() -> None:
    windows = (Period.of("year", 2023), Period.of("half", 2024, 1), Period.of("quarter", 2024, 3))
    both = PeriodSet(windows)
    assert both.label_vi == f"{windows[0].label_vi}, {windows[1].label_vi} và {windows[2].label_vi}"
    assert both.label_en == f"{windows[0].label_en}, {windows[1].label_en} and {windows[2].label_en}"
