"""A training report without an approved figure is refused with one message, whatever the period:
a quarter and its year say the same thing about the same values, in Vietnamese then English."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.availability import missing
from cds.units.testing import small_tree
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db
HEAD = "Chưa có số liệu bồi dưỡng, tập huấn (Phụ lục II, Tổ công nghệ số cộng đồng) đã duyệt của Xã An"


def test_a_quarter_and_its_year_refuse_a_training_report_with_the_same_truthful_message():
    tree = small_tree()
    year = parse_period("2024")
    record_values(
        [ValueInput(unit=tree["a"], indicator_code="training.officials_completed", period=year, raw=12)],
        Actor("tester", "demo"),
    )
    on_year = missing(tree["a"], year, "training")
    on_quarter = missing(tree["a"], parse_period("2024Q4"), "training")
    assert on_year is not None and on_quarter is not None
    assert on_year.vi.startswith(f"{HEAD} cho năm 2024: 1 số liệu còn ở dạng nháp")
    assert on_quarter.vi.startswith(f"{HEAD} cho quý IV/2024: chưa nhập số liệu nào của kỳ này.")
    assert "Số liệu tập huấn của năm đã nhập ở kỳ: năm 2024." in on_quarter.vi
    assert on_year.en.startswith(
        "No approved training values (Appendix II, community digital teams) of Xã An"
    )
    assert "This year's training values were entered for: 2024." in on_quarter.en


def test_a_training_report_with_nothing_entered_in_the_year_says_so_and_names_no_other_period():
    tree = small_tree()
    refused = missing(tree["a"], parse_period("2024Q3"), "training")
    assert refused is not None
    assert refused.vi == (
        f"{HEAD} cho quý III/2024: chưa nhập số liệu nào của kỳ này. Hãy nhập số liệu của kỳ này, "
        "hoặc chọn kỳ đã có số liệu."
    )
