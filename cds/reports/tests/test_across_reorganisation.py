"""Issue 14 (2): a unit formed on 1/7/2025 (xã Sơn Hạ, from xã Sơn Hạ, Sơn Thành and Sơn Nham)
compares its 2025 figures with «năm 2024» figures carried from the communes it was formed from. A
comparison across the reorganisation is printed only when the earlier figure covers every
predecessor that existed in the earlier period; otherwise the report says it cannot compare, and why.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document

from cds.catalog.services import get_catalog
from cds.lib.periods import parse_period
from cds.reports import data as report_data
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import window_line
from cds.units.models import Unit
from cds.units.services import predecessors, resolve_unit
from cds.values.services import Actor, ValueInput, record_values

from .conftest import approve_all

pytestmark = pytest.mark.django_db

CODE = "training.residents_trained"


def _record(unit: Unit, period: str, value: int) -> None:
    record_values([ValueInput(unit, CODE, parse_period(period), value)], Actor("test", "test"))


@pytest.fixture
def son_ha(units: None) -> tuple[Unit, list[Unit]]:
    unit = resolve_unit("xã Sơn Hạ, tỉnh Quảng Ngãi", as_of=dt.date(2025, 12, 31))
    olds = [old for old, _share, _kind in predecessors(unit)]
    assert len(olds) == 3
    _record(unit, "2025", 11540)
    return unit, olds


def test_a_year_before_the_reorganisation_held_by_every_predecessor_is_compared(son_ha):
    unit, olds = son_ha
    for old, value in zip(olds, (857, 312, 2000), strict=True):
        _record(old, "2024", value)
    approve_all()
    data = report_data.load(unit, parse_period("2025"), [CODE])
    assert data.previous[CODE].value == 3169
    assert not data.incomparable


def test_a_year_before_held_by_some_predecessors_only_is_not_compared_and_the_report_says_why(son_ha):
    unit, olds = son_ha
    _record(olds[0], "2024", 857)
    _record(olds[2], "2024", 2000)
    approve_all()
    data = report_data.load(unit, parse_period("2025"), [CODE])
    assert CODE not in data.previous and CODE not in data.last_year  # no «tăng … so với năm 2024»
    lines = [b.text for b in window_line(data)]
    missing = olds[1].name.replace("Xã ", "xã ", 1)  # inside a sentence: «chưa có: xã Sơn Nham»
    assert missing != olds[1].name
    assert lines == [
        "Xã Sơn Hạ được thành lập từ ngày 1/7/2025 trên cơ sở các đơn vị trước sắp xếp; số liệu năm 2024"
        " chưa có của đủ các đơn vị đó nên không so sánh với năm 2024: số lượt người dân tham gia tập huấn,"
        f" phổ biến kỹ năng số (có số liệu của 2/3 đơn vị; chưa có: {missing})."
    ]


def _appendix(unit: Unit) -> dict[str, list[str]]:
    built = build_report("periodic", unit, parse_period("2025"), ReportOptions(charts=False))
    return {row[1]: row for row in built.appendix_rows["indicators"]}


def test_the_appendix_marks_a_year_before_it_cannot_compare_with_a_dash_said_under_it_never_chua_co_so_lieu(
    son_ha,
):
    unit, olds = son_ha
    _record(olds[0], "2024", 857)  # residents trained: 2 of the 3 predecessors only
    _record(olds[2], "2024", 2000)
    sites = "infra.fixed_broadband_subscriptions"
    record_values([ValueInput(unit, sites, parse_period("2025"), 40)], Actor("test", "test"))
    for old, value in zip(olds, (10, 12, 9), strict=True):  # subscriptions: every predecessor
        record_values([ValueInput(old, sites, parse_period("2024"), value)], Actor("test", "test"))
    approve_all()
    rows = _appendix(unit)
    trained, stations = get_catalog().get(CODE), get_catalog().get(sites)
    assert rows[stations.name_vi][3:5] == ["40", "31"]
    # 2 of the 3 predecessors hold it: not «chưa có số liệu», a «—» the note under the table explains
    assert rows[trained.name_vi][3:5] == ["11.540", "—"]
    built = build_report("periodic", unit, parse_period("2025"), ReportOptions(charts=False))
    text = "\n".join(p.text for p in Document(io.BytesIO(built.to_bytes())).paragraphs)
    assert (
        "«—»: số liệu năm 2024 chưa có của đủ các đơn vị trước sắp xếp nên không so sánh (như đã nêu ở đầu báo cáo)."
        in text
    )


def test_with_no_figure_of_the_year_before_the_appendix_prints_no_such_column(son_ha):
    unit, _olds = son_ha
    approve_all()
    rows = _appendix(unit)
    assert all(row[4] == "" for row in rows.values())  # an empty column is left out of the table


def test_a_date_in_the_appendix_is_not_compared_its_previous_cell_says_dash_and_the_note_says_why(son_ha):
    unit, olds = son_ha
    for old in olds:  # residents trained: every predecessor, so the column is printed
        _record(old, "2024", 100)
    plan = "institution.annual_plan_issued_on"
    record_values(
        [ValueInput(unit, plan, parse_period("2025"), "14/3/2025")],
        Actor("test", "test"),
    )
    approve_all()
    built = build_report("periodic", unit, parse_period("2025"), ReportOptions(charts=False))
    rows = {row[1]: row for row in built.appendix_rows["indicators"]}
    name = get_catalog().get(plan).name_vi
    assert rows[name][3:5] == ["ngày 14/3/2025", "—"]
    assert rows[get_catalog().get(CODE).name_vi][3:5] == ["11.540", "300"]
    text = "\n".join(p.text for p in Document(io.BytesIO(built.to_bytes())).paragraphs)
    assert (
        f"«—»: cột «Năm 2024» chỉ so sánh các chỉ tiêu là số; {name[0].lower() + name[1:]} là ngày tháng nên"
        " không so sánh." in text
    )


def test_a_figure_from_another_window_says_dash_and_which_window_never_an_empty_cell(son_ha, monkeypatch):
    unit, olds = son_ha
    sites = "infra.fixed_broadband_subscriptions"
    record_values([ValueInput(unit, sites, parse_period("2025"), 40)], Actor("test", "test"))
    for old in olds:
        _record(old, "2024", 100)
        record_values([ValueInput(old, sites, parse_period("2024"), 10)], Actor("test", "test"))
    approve_all()
    load = report_data.load

    def from_another_window(*args: Any, **kwargs: Any) -> report_data.ReportData:
        data = load(*args, **kwargs)
        data.windows[sites] = parse_period("2025S1")  # as if this figure were held for another window
        return data

    monkeypatch.setattr(report_data, "load", from_another_window)
    built = build_report("periodic", unit, parse_period("2025"), ReportOptions(charts=False))
    rows = {row[1]: row for row in built.appendix_rows["indicators"]}
    name = get_catalog().get(sites).name_vi
    assert rows[name][3:5] == ["40", "—"]
    text = "\n".join(p.text for p in Document(io.BytesIO(built.to_bytes())).paragraphs)
    assert (
        f"«—»: {name[0].lower() + name[1:]} là số liệu 6 tháng đầu năm 2025, khác với kỳ báo cáo, nên không"
        " so sánh với năm 2024." in text
    )
