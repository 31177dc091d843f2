"""Issue 14 (rcontent item 3): the subject of a sentence is the body that acted.

A report its UBND issues speaks of itself ("UBND thành phố đã …"); one a department issues
(Phòng Văn hóa và Thông tin, Văn phòng UBND, Sở Khoa học và Công nghệ) speaks of the UBND in the
third person with its name ("UBND thành phố Quảng Ngãi đã …") — the subjects are wording data
(``defaults.voice`` in vi.yaml), chosen by the kind of issuer.
"""

from __future__ import annotations

from typing import Any

import pytest

from cds.lib.periods import parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.wording import load_wording
from cds.units.services import resolve_unit

pytestmark = pytest.mark.django_db


def _narrative(kind: str, unit_text: str, period_code: str, **options: Any) -> str:
    period = parse_period(period_code)
    unit = resolve_unit(unit_text, as_of=period.end)
    return build_report(kind, unit, period, ReportOptions(charts=False, **options)).narrative


def test_a_report_the_ubnd_issues_speaks_of_the_ubnd_as_itself(sample_figures):
    text = _narrative("consolidated", "thành phố Quảng Ngãi", "2022")
    assert "UBND thành phố đã kết nối mạng truyền số liệu chuyên dùng." in text
    assert "Trưởng ban là đồng chí Chủ tịch UBND thành phố." in text


@pytest.mark.parametrize("issuer", ["Phòng Văn hóa và Thông tin", "Văn phòng HĐND và UBND"])
def test_a_report_a_department_issues_names_the_ubnd_in_the_third_person(sample_figures, issuer):
    text = _narrative("consolidated", "thành phố Quảng Ngãi", "2022", issuer=issuer)
    assert "UBND thành phố Quảng Ngãi đã kết nối mạng truyền số liệu chuyên dùng." in text
    assert "Trưởng ban là đồng chí Chủ tịch UBND thành phố Quảng Ngãi." in text
    assert "UBND thành phố đã" not in text
    assert text.splitlines()[0].startswith(f"{issuer} báo cáo kết quả")  # itself, by its name


def test_a_commune_report_issued_by_a_department_says_whose_plan_and_staff_they_are(sample_figures):
    text = _narrative("periodic", "xã Sơn Nham, huyện Sơn Hà", "2024", issuer="Văn phòng HĐND và UBND")
    assert "UBND xã Sơn Nham đã phân công 2 công chức phụ trách công tác chuyển đổi số" in text
    assert "UBND xã đã" not in text


def test_the_subjects_are_wording_data_by_kind_of_issuer():
    voice = load_wording()["defaults"]["voice"]
    assert voice["ubnd"]["body"] == "UBND {unit_kind_lower}"
    assert voice["department"]["body"] == "UBND {unit}"


@pytest.mark.django_db
def test_a_districts_recipients_name_the_kinds_of_communes_it_has(units):
    import datetime as dt

    from cds.reports.issuers import default_recipients
    from cds.reports.wording import load_wording
    from cds.units.services import resolve_unit

    # huyện Sơn Hà has xã and a thị trấn (Di Lăng), no phường: «UBND các xã, phường» is not its own
    son_ha = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=dt.date(2024, 12, 31))
    lines = default_recipients(son_ha, dt.date(2024, 12, 31), load_wording())
    assert "UBND các xã, thị trấn" in lines and "UBND các xã, phường" not in lines
    city = resolve_unit("thành phố Quảng Ngãi, tỉnh Quảng Ngãi", as_of=dt.date(2022, 12, 31))
    assert "UBND các xã, phường" in default_recipients(city, dt.date(2022, 12, 31), load_wording())
