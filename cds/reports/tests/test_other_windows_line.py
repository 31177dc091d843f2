"""A report names the units whose own reports declared another data window — and says it in its own
voice when the only such unit is the report's own (a commune's DTI report)."""

import datetime as dt

import pytest

from cds.lib.periods import Period, parse_period
from cds.reports import wording
from cds.units.models import Unit

LIST = "Điểm tính trên số liệu {window}; {count} đơn vị khai báo khoảng khác: {units}."
OWN = "Điểm tính trên số liệu {window}; khoảng {own_window} mà {unit} đã khai báo không được dùng."


@pytest.fixture
def units() -> tuple[Unit, Unit, Unit]:
    district = Unit(pk=1, code="D", name="Huyện Sơn Hà", level="district", era="legacy")
    own = Unit(pk=2, code="A", name="Xã Sơn Nham", level="commune", era="legacy")
    other = Unit(pk=3, code="B", name="Xã Sơn Cao", level="commune", era="legacy")
    return district, own, other


def _declared(monkeypatch: pytest.MonkeyPatch, *declared: Unit) -> None:
    window = Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31))
    monkeypatch.setattr(wording, "other_windows", lambda scope, period, w: [(u, window) for u in declared])


def test_the_report_s_own_declared_window_is_said_in_its_own_voice(monkeypatch, units) -> None:
    district, own, _ = units
    _declared(monkeypatch, own)
    year = parse_period("2024")
    text = wording.other_windows_line(
        LIST, district, year, year, own=own, own_template=OWN, unit="xã Sơn Nham"
    )
    assert text is not None
    assert "15/12/2023–31/10/2024 mà xã Sơn Nham đã khai báo" in text
    assert "1 đơn vị" not in text and "Xã Sơn Nham (" not in text


def test_other_units_declared_windows_are_listed_by_name(monkeypatch, units) -> None:
    district, own, other = units
    _declared(monkeypatch, own, other)
    year = parse_period("2024")
    text = wording.other_windows_line(
        LIST, district, year, year, own=own, own_template=OWN, unit="xã Sơn Nham"
    )
    assert text is not None
    assert "2 đơn vị khai báo khoảng khác: Xã Sơn Nham (15/12/2023–31/10/2024), Xã Sơn Cao (" in text


def test_without_an_own_template_the_list_form_is_kept(monkeypatch, units) -> None:
    district, own, _ = units
    _declared(monkeypatch, own)
    year = parse_period("2024")
    text = wording.other_windows_line(LIST, district, year, year, own=own)
    assert text is not None and "1 đơn vị khai báo khoảng khác: Xã Sơn Nham (" in text
