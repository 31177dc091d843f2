from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cds.catalog.targets import load_targets_file
from cds.lib.periods import Period, parse_period
from cds.registries import demo as registers
from cds.units.services import resolve_unit
from cds.values.io import import_values
from cds.values.models import DataValue, Status
from cds.values.services import Actor, change_status

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample_figures(units: None) -> None:
    """The three sample reports' real figures and the demo province's targets (no synthetic data)."""
    load_targets_file(ROOT / "catalog" / "data" / "targets-quang-ngai.yaml")
    report = import_values(ROOT / "demo_data" / "sample_reports.csv", Actor("test: báo cáo mẫu", "import"))
    assert report.ok, report.errors
    approve_all()
    declare_son_nham_window()


@pytest.fixture
def registered(sample_figures: None) -> None:
    """The documents, teams and plans the sample reports cite (cds.registries.demo, real parts only)."""
    units = registers._units()
    registers._documents(units)
    registers._teams(units)
    registers._plans(units)


def approve_all() -> None:
    """Submit and approve every draft value (reports read approved values by default)."""
    drafts = list(DataValue.objects.filter(status=Status.DRAFT))
    if drafts:
        change_status(drafts, "submit", Actor("test: cán bộ", "manual"))
        change_status(drafts, "approve", Actor("test: cấp trên", "manual"))


def declare_son_nham_window() -> None:
    """Sơn Nham's annual report 2024 counts from 15/12/2023 to 31/10/2024 (report 002)."""
    from cds.reports.windows import declare_window

    period = parse_period("2024")
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    declare_window(unit, period, Period.between(dt.date(2023, 12, 15), dt.date(2024, 10, 31)), compute=False)
