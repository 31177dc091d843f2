"""«1/171 đơn vị» in a note where the check counted 1/170 (the province's 2024 report, threshold
0; issue 14). Traced: on the 2024 map huyện Lý Sơn has no commune below it, so it reports for
itself — the province has 170 communes and 171 reporting units. The roll-up's note (171, from
``values.rollup``) is right; the build's check counted communes only (170), and so did the dossier
records' note («có hồ sơ của …/170 xã», leaving out Lý Sơn's own one-stop desk)."""

from __future__ import annotations

import pytest

from cds.lib.periods import parse_period
from cds.reports.check import partial_sentences
from cds.reports.coverage import reporting_units
from cds.reports.kinds import ReportOptions, build_report
from cds.reports.tests.conftest import approve_all
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db

YEAR = parse_period("2024")


def _province() -> Unit:
    return resolve_unit("tỉnh Quảng Ngãi", as_of=YEAR.end)


def test_a_district_without_communes_is_one_of_the_provinces_reporting_units(units):
    province = _province()
    ids, level = reporting_units(province, YEAR.start)
    ly_son = resolve_unit("huyện Lý Sơn, tỉnh Quảng Ngãi", as_of=YEAR.end)
    assert ly_son.pk in ids
    # 172 communes (session 10's history: Nghĩa An, Nghĩa Phú, Đức Lợi, Đức Thắng were communes until
    # 1/1/2025) and Lý Sơn: "đơn vị", not "xã"
    assert len(ids) == 173 and level == ""


def test_the_check_counts_the_same_units_as_the_note_the_sentence_prints(units, settings):
    settings.CDS_REPORT_MIN_COVERAGE = 0
    province = _province()
    commune = province.children.filter(level="district").first().children.filter(level="commune").first()
    record_values(
        [ValueInput(commune, "society.digital_signatures", YEAR, "120")], Actor("test: cán bộ", "manual")
    )
    approve_all()
    built = build_report("periodic", province, YEAR, ReportOptions(charts=False))
    partial = partial_sentences(built)
    said = [(text, n, total) for text, (_, n, total) in partial.items() if "chữ ký số" in text]
    assert said, partial
    text, n, total = said[0]
    assert (n, total) == (1, 173)
    assert "1/173 đơn vị" in text
