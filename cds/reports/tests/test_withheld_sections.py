"""A figure a district's report cannot consolidate (too few communes reported it) is listed under
the section that would have stated it (issue 14: huyện Sơn Hà's training report listed a withheld
dossier rate under «Kết quả bồi dưỡng, tập huấn» instead of the dossier section)."""

from __future__ import annotations

import re

import pytest

from cds.lib.periods import PeriodSet, parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.tests.conftest import approve_all
from cds.reports.tests.golden_text import docx_text
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db

DOSSIERS = "Kết quả cung cấp dịch vụ công trực tuyến"
TRAINING = "Kết quả bồi dưỡng, tập huấn về chuyển đổi số"
ROMAN = re.compile(r"^[IVX]+\. ")


def _district_with_one_communes_dossiers(periods: list[str]) -> Unit:
    """huyện Sơn Hà: every commune's trained residents, one commune's dossiers (1/14: withheld)."""
    district = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=parse_period(periods[-1]).end)
    communes = list(district.children.filter(level="commune", era=district.era))
    typed = []
    for code in periods:
        period = parse_period(code)
        typed += [ValueInput(c, "training.residents_trained", period, "100") for c in communes]
        typed += [
            ValueInput(communes[0], "dvc.dossiers_total", period, "40"),
            ValueInput(communes[0], "dvc.dossiers_online", period, "30"),
        ]
    record_values(typed, Actor("test: cán bộ", "manual"))
    approve_all()
    return district


def _section(lines: list[str], heading: str) -> list[str]:
    """The lines of the numbered section «I. <heading>» up to the next numbered one."""
    start = next(i for i, line in enumerate(lines) if ROMAN.match(line) and line.endswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if ROMAN.match(lines[i])), len(lines))
    return lines[start:end]


def test_a_withheld_dossier_rate_is_listed_under_the_dossier_section(units):
    district = _district_with_one_communes_dossiers(["2024"])
    built = build_report("training", district, parse_period("2024"), ReportOptions(charts=False))
    lines = docx_text(built.to_bytes()).splitlines()
    dossiers = _section(lines, DOSSIERS)
    assert any(
        line.startswith("- Chưa tổng hợp thành số liệu chung") and "Tỷ lệ hồ sơ trực tuyến" in line
        for line in dossiers
    ), dossiers
    training = _section(lines, TRAINING)
    assert not any("Tỷ lệ hồ sơ trực tuyến" in line for line in training), training


def test_over_several_windows_each_withheld_dossier_rate_is_listed_under_the_dossier_section(units):
    district = _district_with_one_communes_dossiers(["2024Q1", "2024Q2"])
    periods = PeriodSet((parse_period("2024Q1"), parse_period("2024Q2")))
    built = build_report("training", district, periods, ReportOptions(charts=False))
    lines = docx_text(built.to_bytes()).splitlines()
    dossiers = _section(lines, DOSSIERS)
    held = [line for line in dossiers if "hưa tổng hợp thành số liệu chung" in line]
    assert len(held) == 2 and all("Tỷ lệ hồ sơ trực tuyến" in line for line in held), dossiers
    assert held[0].startswith("- Trong quý I/2024, chưa tổng hợp"), held


def _subsection(lines: list[str], heading: str) -> list[str]:
    """The lines of a sub-section «a) <heading>» («1. …», or unnumbered) up to the next heading."""
    numbered = re.compile(r"^(?:\d+\.|[a-zđ]\)) ")
    start = next(i for i, line in enumerate(lines) if numbered.sub("", line) == heading)
    end = next(
        (i for i in range(start + 1, len(lines)) if ROMAN.match(lines[i]) or numbered.match(lines[i])),
        len(lines),
    )
    return lines[start:end]


def test_the_periodic_report_lists_a_withheld_dossier_rate_under_the_section_that_would_state_it(units):
    district = _district_with_one_communes_dossiers(["2024"])
    built = build_report("periodic", district, parse_period("2024"), ReportOptions(charts=False))
    lines = docx_text(built.to_bytes()).splitlines()
    held = [i for i, line in enumerate(lines) if "hưa tổng hợp thành số liệu chung" in line]
    assert len(held) == 1 and "Tỷ lệ hồ sơ trực tuyến" in lines[held[0]], lines
    government = _subsection(lines, "Hoạt động chính quyền số")
    assert lines[held[0]] in government, government


def test_a_section_with_nothing_but_a_withheld_line_reads_as_a_placeholder_the_unit_fills(units):
    """huyện Sơn Hà's training report: «Công tác chỉ đạo, điều hành» held only «Chưa tổng hợp … Số
    Tổ CNSCĐ cấp xã (1/14 xã có số liệu)»: a heading over one withheld line is no section an office
    signs; it is the placeholder the unit writes (and the check warns), the withheld line after it."""
    from cds.reports.narrative import EMPTY_SECTION

    district = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=parse_period("2024").end)
    communes = list(district.children.filter(level="commune", era=district.era))
    typed = [ValueInput(c, "training.residents_trained", parse_period("2024"), "100") for c in communes]
    typed.append(ValueInput(communes[0], "teams.commune_teams", parse_period("2024"), "1"))
    record_values(typed, Actor("test: cán bộ", "manual"))
    approve_all()
    built = build_report("training", district, parse_period("2024"), ReportOptions(charts=False))
    lines = docx_text(built.to_bytes()).splitlines()
    direction = _section(lines, "Công tác chỉ đạo, điều hành")
    assert direction[1] == EMPTY_SECTION, direction
    assert any("Số Tổ" in line and "hưa tổng hợp" in line for line in direction[2:]), direction
    assert any("Công tác chỉ đạo, điều hành" in str(w) for w in built.check.warnings), built.check.warnings


def test_a_required_section_the_data_say_nothing_in_is_the_placeholder_not_left_out(units):
    """huyện Sơn Hà's periodic report 2024 had no «Công tác chỉ đạo, điều hành» at all (none of
    its direction figures recorded): the section the Nghị định 30 frame opens with is there, as
    the unit's placeholder (wording ``required: true``), and the check says «chưa sẵn sàng ký»."""
    from cds.reports.narrative import EMPTY_SECTION

    district = _district_with_one_communes_dossiers(["2024"])
    built = build_report("periodic", district, parse_period("2024"), ReportOptions(charts=False))
    lines = docx_text(built.to_bytes()).splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith("Công tác chỉ đạo, điều hành"))
    assert lines[at + 1] == EMPTY_SECTION, lines[at : at + 3]
    assert any("Công tác chỉ đạo, điều hành" in str(w) for w in built.check.warnings), built.check.warnings


def test_the_consolidated_report_lists_a_withheld_figure_under_the_section_that_would_state_it(units):
    """The consolidated report listed its withheld figures in «Tình hình báo cáo số liệu»; they
    go under the results' section that would have stated each, as the unit reports do."""
    district = _district_with_one_communes_dossiers(["2024"])
    built = build_report("consolidated", district, parse_period("2024"), ReportOptions(charts=False))
    lines = docx_text(built.to_bytes()).splitlines()
    held = [line for line in lines if "hưa tổng hợp thành số liệu chung" in line]
    assert len(held) == 1 and "Tỷ lệ hồ sơ trực tuyến" in held[0], lines
    assert held[0] in _subsection(lines, "Hoạt động chính quyền số")
    assert held[0] not in _section(lines, "Tình hình báo cáo số liệu của các đơn vị")


def test_the_quarterly_chart_does_not_draw_a_rate_the_report_withholds(units):
    """QA of the demo's tỉnh Quảng Ngãi report, quý IV/2026: «Chưa tổng hợp thành số liệu chung 10
    chỉ tiêu do dưới 50% số đơn vị có số liệu», and just below a chart of the province's three rates
    by quarter — the figures the sentence withholds, drawn without their coverage."""
    district = _district_with_one_communes_dossiers(["2024Q1", "2024Q2", "2024Q3"])
    built = build_report("periodic", district, parse_period("2024Q3"), ReportOptions())
    text = docx_text(built.to_bytes())
    assert "Chưa tổng hợp thành số liệu chung" in text and "Tỷ lệ hồ sơ trực tuyến" in text
    assert "Biểu đồ: chỉ số dịch vụ công trực tuyến theo quý" not in text
    # the commune whose figures they are still has its chart
    commune = next(iter(district.children.filter(level="commune", era=district.era)))
    own = docx_text(build_report("periodic", commune, parse_period("2024Q3"), ReportOptions()).to_bytes())
    assert "Biểu đồ: chỉ số dịch vụ công trực tuyến theo quý" in own
