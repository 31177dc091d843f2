"""Issue 14 (sample 003, held but not printed): a count of communes the data can name says which —
«5/23 … gồm: Nguyễn Nghiêm, Nghĩa Chánh, …» — from the communes' own answers, in Vietnamese order,
and only when the names are as many as the count."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.demo import load_sample_units
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport
from cds.units.services import resolve_unit

pytestmark = pytest.mark.django_db
CITY = "thành phố Quảng Ngãi, tỉnh Quảng Ngãi"


def _city_report() -> BuiltReport:
    period = parse_period("2022")
    city = resolve_unit(CITY, as_of=period.end)
    return build_report("consolidated", city, period, ReportOptions(charts=False))


def test_the_citys_report_names_the_five_communes_on_tslcd_and_the_six_finished_websites(sample_figures):
    load_sample_units()
    built = _city_report()
    text = built.narrative
    assert (
        "gồm: phường Nghĩa Chánh, xã Nghĩa Hà, phường Nguyễn Nghiêm, phường Quảng Phú, phường Trần Hưng Đạo"
        in text
    )
    assert (
        "xã Nghĩa Hà, xã Tịnh Châu, xã Tịnh Khê, xã Tịnh Kỳ, phường Trần Phú, phường Trương Quang Trọng"
        in text
    )
    assert built.check.ok


def test_names_fewer_than_the_count_are_not_printed_as_the_list(sample_figures):
    built = _city_report()  # the communes' answers not loaded: the counts alone
    assert "gồm: phường" not in built.narrative and "gồm: xã" not in built.narrative
