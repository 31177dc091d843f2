"""A rate read from the dossier store says whose dossiers it covers (issue 14: huyện Sơn Hà's
«51,29%, 40,71%, 77,41%» stood with no statement of which communes' records they came from)."""

from __future__ import annotations

import re

import pytest

from cds.lib.periods import Period, parse_period
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.parts import BuiltReport
from cds.reports.tests.conftest import approve_all
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.models import SourceKind
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db

COMPUTED = Actor("dvc import #1", SourceKind.COMPUTED)


def _district_with_records(with_records: int) -> tuple[Unit, Period, int]:
    """Huyện Sơn Hà 2024 with dossier counts computed for the district and its first
    ``with_records`` communes (as `cds dvc import` writes them: the district's count is its area's)."""
    period = parse_period("2024")
    district = resolve_unit("huyện Sơn Hà, tỉnh Quảng Ngãi", as_of=period.end)
    communes = list(district.children.filter(level="commune", era=district.era).order_by("name"))
    inputs = [
        ValueInput(district, "dvc.dossiers_total", period, str(100 * with_records + 40)),
        ValueInput(district, "dvc.dossiers_online", period, str(50 * with_records + 10)),
    ]
    for commune in communes[:with_records]:
        inputs += [
            ValueInput(commune, "dvc.dossiers_total", period, "100"),
            ValueInput(commune, "dvc.dossiers_online", period, "50"),
        ]
    record_values(inputs, COMPUTED)
    # a training report needs its subject: one commune's residents trained
    record_values(
        [ValueInput(communes[0], "training.residents_trained", period, "30")], Actor("test", "manual")
    )
    approve_all()
    return district, period, len(communes)


def _rate_line(built: BuiltReport) -> str:
    return next(b.text for b in built.blocks if "tỷ lệ hồ sơ trực tuyến" in b.text.lower())


@pytest.mark.parametrize("kind", ["periodic", "training"])
def test_a_districts_dossier_rate_says_how_many_communes_records_it_covers(units, kind):
    district, period, communes = _district_with_records(with_records=14)
    built = build_report(kind, district, period, ReportOptions(charts=False))
    line = _rate_line(built)
    # every commune has records: said once, in the lead of the rate's section, not after each figure
    at = built.blocks.index(next(b for b in built.blocks if b.text == line))
    first = min(i for i, b in enumerate(built.blocks) if "có hồ sơ của" in b.text)
    lead = built.blocks[first].text
    assert first < at and built.blocks[first - 1].kind == "heading"  # right under the section's heading
    assert lead.endswith(
        f"theo hồ sơ trên Hệ thống thông tin giải quyết TTHC, có hồ sơ của 14/{communes} xã."
    ), lead
    assert "có hồ sơ của" not in line and "theo số liệu" not in line, line
    assert sum("có hồ sơ của" in b.text for b in built.blocks) == 1


def test_a_dossier_rate_from_some_communes_records_says_how_many(units, settings):
    settings.CDS_REPORT_MIN_COVERAGE = 50
    district, period, communes = _district_with_records(with_records=10)
    built = build_report("periodic", district, period, ReportOptions(charts=False))
    assert f"có hồ sơ của 10/{communes} xã)" in _rate_line(built)


def test_a_dossier_rate_from_too_few_communes_records_is_not_stated_as_the_districts(units, settings):
    settings.CDS_REPORT_MIN_COVERAGE = 50
    district, period, communes = _district_with_records(with_records=2)
    built = build_report("periodic", district, period, ReportOptions(charts=False))
    stated = [
        b.text for b in built.blocks if "tỷ lệ hồ sơ trực tuyến" in b.text.lower() and "có hồ sơ" in b.text
    ]
    assert not stated, stated
    assert re.search(
        rf"Tỷ lệ hồ sơ trực tuyến( \(|;[^()]*\()(cả \d+ chỉ tiêu: |\d+ chỉ tiêu trên: )?2/{communes} xã có số liệu\)",
        built.narrative,
    )


def test_a_communes_own_dossier_rate_needs_no_coverage(units):
    period = parse_period("2024")
    commune = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=period.end)
    record_values(
        [
            ValueInput(commune, "dvc.dossiers_total", period, "100"),
            ValueInput(commune, "dvc.dossiers_online", period, "50"),
        ],
        COMPUTED,
    )
    approve_all()
    built = build_report("periodic", commune, period, ReportOptions(charts=False))
    line = _rate_line(built)
    assert "50%" in line and "có hồ sơ của" not in line
