from __future__ import annotations

from pathlib import Path

import pytest

from cds.catalog.targets import load_targets_file
from cds.values.io import import_values
from cds.values.services import Actor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample_figures(units: None) -> None:
    """The three sample reports' real figures and the demo province's targets (no synthetic data)."""
    load_targets_file(ROOT / "catalog" / "data" / "targets-quang-ngai.yaml")
    report = import_values(ROOT / "demo_data" / "sample_reports.csv", Actor("test: báo cáo mẫu", "import"))
    assert report.ok, report.errors
