"""Official definitions (Quyết định 766/QĐ-TTg): the formulas and the legal basis each KPI cites."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from cds.catalog.services import get_catalog
from cds.dossiers import kpi
from cds.dossiers.basis import BASIS, basis_of
from cds.dossiers.kpi import COUNTS, RATES
from cds.values.validation import check_values

pytestmark = pytest.mark.django_db


def test_a_district_that_types_the_official_full_process_rate_gets_no_blocking_error():
    # 69 online dossiers of 80 dossiers of full-process services, 1.463 dossiers in all:
    # the official rate is 69/80 = 86,25%, not 69/1.463 = 4,72%
    values = {
        "dvc.dossiers_total": Decimal(1463),
        "dvc.dossiers_full": Decimal(80),
        "dvc.dossiers_online_full": Decimal(69),
        "dvc.full_online_dossier_rate": Decimal("86.25"),
        "dvc.dossiers_partial": Decimal(1383),
        "dvc.dossiers_online_partial": Decimal(1394 - 11),
        "dvc.partial_online_dossier_rate": Decimal(100),
    }
    errors = [v for v in check_values(values, get_catalog(None)) if v.severity == "error"]
    assert errors == []


def test_the_catalog_and_the_kpi_module_share_every_rate_definition():
    catalog = get_catalog(None)
    for code, parts in RATES.items():
        assert catalog.rate_parts(code) == parts, code


def test_every_dossier_kpi_cites_its_legal_basis_with_a_public_source():
    for code in (*COUNTS, *RATES):
        basis = basis_of(code)
        assert basis.document and basis.where and basis.url.startswith("https://"), code
    assert "766/QĐ-TTg" in BASIS["dvc.full_online_dossier_rate"].document


def test_the_satisfaction_kpis_say_that_decision_766_defines_a_different_rate():
    # 766: (all dossiers − dossiers rated unsatisfied, complained about or late) / all dossiers in
    # the remit; ours: satisfied ratings / ratings given (what the sample reports state)
    for code in ("dvc.satisfaction_rate", "dvc.satisfied_ratings", "dvc.ratings_total"):
        basis = basis_of(code)
        assert "công thức khác" in basis.where, code
        assert "Tổng số hồ sơ TTHC có thẩm quyền giải quyết" in basis.note, code
        assert "lượt đánh giá" in basis.note, code
    assert "công thức khác" not in basis_of("dvc.on_time_rate").where
    catalog = get_catalog(None)
    assert catalog["dvc.satisfaction_rate"].basis == ()
    assert "766/QĐ-TTg định nghĩa khác" in catalog["dvc.satisfaction_rate"].basis_none


def test_the_dossier_rates_take_their_parts_from_the_shipped_catalog():
    assert dict(RATES) == kpi.catalog_rate_parts()
    assert RATES["dvc.full_online_dossier_rate"] == ("dvc.dossiers_online_full", "dvc.dossiers_full")
    assert "dvc.full_online_share_of_all_dossiers" not in RATES  # a catalog rate the store does not compute


def test_a_rate_whose_catalog_parts_the_store_does_not_count_is_refused(monkeypatch):
    # dvc.onestop_system_rate = dossiers on the one-stop system / dossiers: not a count of the export
    monkeypatch.setattr(kpi, "RATE_CODES", (*kpi.RATE_CODES, "dvc.onestop_system_rate"))
    kpi.catalog_rate_parts.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="does not count both"):
            kpi.catalog_rate_parts()
    finally:
        kpi.catalog_rate_parts.cache_clear()
