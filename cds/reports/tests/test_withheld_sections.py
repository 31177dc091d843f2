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
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db

DOSSIERS = "Kết quả cung cấp dịch vụ công trực tuyến"
TRAINING = "Kết quả bồi dưỡng, tập huấn về chuyển đổi số"
ROMAN = re.compile(r"^[IVX]+\. ")


def _district_with_one_communes_dossiers(periods: list[str]):  # type: ignore[no-untyped-def]
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
