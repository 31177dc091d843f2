"""A section with a single sub-section does not number it «1.» (issue 14: huyện Sơn Hà's training
report printed «I. Kết quả bồi dưỡng …» then «1. Kết quả các hoạt động trọng tâm …» with no «2.»,
and its withheld line under that lone «1.»)."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.tests.conftest import approve_all
from cds.reports.tests.golden_text import docx_text
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db


def test_a_lone_sub_heading_is_not_numbered_and_the_next_section_numbers_on(units):
    period = parse_period("2024")
    district = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=period.end)
    communes = list(district.children.filter(level="commune", era=district.era))
    typed = [ValueInput(c, "training.residents_trained", period, "100") for c in communes]
    typed += [ValueInput(communes[0], "training.local_classes", period, "1")]  # 1/14: withheld
    record_values(typed, Actor("test: cán bộ", "manual"))
    approve_all()
    built = build_report("training", district, period, ReportOptions(charts=False))
    lines = docx_text(built.to_bytes()).splitlines()
    # «I. Công tác chỉ đạo, điều hành» comes first (required: the unit's placeholder), so the
    # section's Roman number is not fixed here
    first = next(
        i for i, line in enumerate(lines) if line.endswith(". Kết quả bồi dưỡng, tập huấn về chuyển đổi số")
    )
    end = next(i for i, line in enumerate(lines) if line.endswith(". Thuận lợi, khó khăn"))
    section = lines[first:end]
    assert "Kết quả các hoạt động trọng tâm, nổi bật của địa phương" in section
    assert not any(line.startswith("1.") for line in section), section
    assert section[-1].startswith("- Chưa tổng hợp thành số liệu chung")
    # the assessment's three sub-sections keep their numbers
    assert "1. Thuận lợi" in lines and "2. Khó khăn, hạn chế" in lines
