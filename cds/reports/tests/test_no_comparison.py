"""s14: the province's 2025 report compared nothing with 2024 and did not say why. When a report
holds no figure of the previous period to compare with, the window lines say why — at every level
(province, commune): the unit was formed on 1/7/2025 and nothing is carried from the units before,
the figures of the previous period are recorded but not approved, or none are recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.lib.periods import parse_period
from cds.reports import data as report_data
from cds.reports.parts import window_line
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

from .conftest import approve_all

pytestmark = pytest.mark.django_db

CODE = "training.residents_trained"
END_2025 = dt.date(2025, 12, 31)


def _record(unit: Unit, period: str, value: int) -> None:
    record_values([ValueInput(unit, CODE, parse_period(period), value)], Actor("test", "test"))


def _lines(unit: Unit, period: str = "2025") -> list[str]:
    return [b.text for b in window_line(report_data.load(unit, parse_period(period), [CODE]))]


@pytest.mark.parametrize(
    ("name", "dossiers"),
    [("tỉnh Quảng Ngãi", 450121), ("xã Sơn Hạ, tỉnh Quảng Ngãi", 11540)],
    ids=["province", "commune"],
)
def test_a_unit_formed_on_1_7_2025_with_nothing_carried_from_before_says_why_its_2025_report_compares_nothing(
    units, name, dossiers
):
    unit = resolve_unit(name, as_of=END_2025)
    assert unit.valid_from == dt.date(2025, 7, 1)
    _record(unit, "2025", dossiers)
    approve_all()
    assert _lines(unit) == [
        f"{unit.name} được thành lập từ ngày 1/7/2025 trên cơ sở sắp xếp các đơn vị trước đó; chưa có "
        "số liệu năm 2024 (của đơn vị hoặc các đơn vị trước sắp xếp) nên báo cáo không so sánh với kỳ đó."
    ]


def test_figures_of_the_previous_period_recorded_but_not_approved_are_named_as_the_reason(units):
    commune = resolve_unit("xã Sơn Hạ, tỉnh Quảng Ngãi", as_of=END_2025)
    _record(commune, "2025Q3", 500)
    approve_all()
    _record(commune, "2025Q2", 400)  # a draft: reports read approved values
    assert _lines(commune, "2025Q3") == [
        "Số liệu quý II/2025 chưa được duyệt nên báo cáo không so sánh với kỳ đó."
    ]


def test_a_unit_that_existed_with_no_figures_of_the_previous_period_says_there_are_none(units):
    commune = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=dt.date(2024, 12, 31))
    _record(commune, "2024", 2000)
    approve_all()
    assert _lines(commune, "2024") == ["Chưa có số liệu năm 2023 nên báo cáo không so sánh với kỳ đó."]


def test_nothing_is_said_when_a_figure_is_compared(units):
    commune = resolve_unit("xã Sơn Hạ, tỉnh Quảng Ngãi", as_of=END_2025)
    _record(commune, "2025Q3", 500)
    _record(commune, "2025Q2", 400)
    approve_all()
    assert _lines(commune, "2025Q3") == []


def test_figures_of_the_previous_period_over_other_units_are_named_as_the_reason(units):
    """The province's 2025 report: its 2024 figures add up 55 of the 96 communes of 2025, so
    ``coverage.gate_figures`` drops every comparison; the report says so instead of nothing."""
    province = resolve_unit("tỉnh Quảng Ngãi", as_of=END_2025)
    _record(province, "2025", 450121)
    approve_all()
    data = report_data.load(province, parse_period("2025"), [CODE])
    data.uncompared, data.units_changed = "formed", ("55/96 xã", "96/96 xã")
    assert [b.text for b in window_line(data)] == [
        "Số liệu năm 2024 chỉ có của 55/96 xã, khác với năm 2025 (96/96 xã), nên báo cáo không so sánh "
        "với kỳ đó."
    ]
