"""The line of withheld figures says each coverage once for the figures sharing it, not after each."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from cds.reports.coverage import withheld_line
from cds.values.rollup import Coverage

SPEC = {
    "withheld": "Chưa tổng hợp thành số liệu chung {count} chỉ tiêu do dưới {threshold} số đơn vị có số liệu: "
    "{withheld_list}."
}


def _figure(name: str, reported: int):
    return SimpleNamespace(
        definition=SimpleNamespace(name_vi=name), coverage=Coverage(96, reported, 0, "commune")
    )


def test_figures_sharing_one_coverage_state_it_once_for_the_group():
    line = withheld_line(SPEC, [_figure("A", 32), _figure("B", 32), _figure("C", 32)], Decimal("0.5"))
    assert line == (
        "Chưa tổng hợp thành số liệu chung 3 chỉ tiêu do dưới 50% số đơn vị có số liệu: "
        "A; B; C (cả 3 chỉ tiêu: 32/96 xã có số liệu)."
    )


def test_figures_with_different_coverages_each_group_states_its_own():
    line = withheld_line(SPEC, [_figure("A", 32), _figure("B", 10), _figure("C", 32)], Decimal("0.5"))
    assert line is not None and line.count("32/96 xã") == 1 and line.count("10/96 xã") == 1
    assert line.endswith(": A; C (2 chỉ tiêu trên: 32/96 xã có số liệu); B (10/96 xã có số liệu).")
