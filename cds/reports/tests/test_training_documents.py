"""Sơn Nham's training report 2024 said «Đã ban hành 3 kế hoạch về chuyển đổi số.» right under a
list naming a công văn and a quyết định (it had 20 documents: 3 plans, 17 dispatches): the line
gives the total and every kind, as the periodic report does."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.units.services import resolve_unit

pytestmark = pytest.mark.django_db


def test_the_training_report_counts_every_kind_of_document_issued(sample_figures):
    period = parse_period("2024")
    unit = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    built = build_report("training", unit, period, ReportOptions(charts=False))
    assert "- Đã ban hành 20 văn bản về chuyển đổi số (3 kế hoạch, 17 công văn)." in built.narrative
    assert "Đã ban hành 3 kế hoạch về chuyển đổi số." not in built.narrative
