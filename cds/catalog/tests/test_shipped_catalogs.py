import datetime as dt

import pytest

from cds.catalog.models import CatalogVersion, Indicator, Kind
from cds.catalog.services import get_catalog
from cds.catalog.spec import builtin_catalog_files, read_catalog_file
from cds.catalog.testing import PILLARS

pytestmark = pytest.mark.django_db

# Another issue computes these from dossier records: the codes must not change.
DOSSIER_KPIS = {
    "dvc.online_dossier_rate": ("dvc.dossiers_online", "dvc.dossiers_total"),
    # Quyết định 766/QĐ-TTg: over the dossiers of full-process (partial) services, not all dossiers
    "dvc.full_online_dossier_rate": ("dvc.dossiers_online_full", "dvc.dossiers_full"),
    "dvc.partial_online_dossier_rate": ("dvc.dossiers_online_partial", "dvc.dossiers_partial"),
    "dvc.services_with_online_dossiers_rate": (
        "dvc.services_with_online_dossiers",
        "dvc.services_with_dossiers",
    ),
    "dvc.online_payment_rate": ("dvc.online_paid_dossiers", "dvc.fee_dossiers"),
    "dvc.dossier_digitised_rate": ("dvc.dossiers_digitised", "dvc.dossiers_total"),
    "dvc.result_digitised_rate": ("dvc.results_digitised", "dvc.dossiers_resolved"),
    "dvc.on_time_rate": ("dvc.dossiers_resolved_on_time", "dvc.dossiers_resolved"),
    "dvc.satisfaction_rate": ("dvc.satisfied_ratings", "dvc.ratings_total"),
}


def test_every_shipped_catalog_file_validates():
    files = builtin_catalog_files()
    assert [f.name for f in files] == ["catalog-2022.1.yaml", "catalog-2025.1.yaml"]
    for path in files:
        assert read_catalog_file(path).indicators


def test_migrate_loads_both_shipped_versions_with_their_file_hashes():
    stored = dict(CatalogVersion.objects.values_list("code", "sha256"))
    assert stored == {
        read_catalog_file(p).version: read_catalog_file(p).sha256 for p in builtin_catalog_files()
    }
    assert CatalogVersion.objects.get(code="2025.1").extends == "2022.1"


def test_the_first_catalog_has_well_over_sixty_indicators_in_every_pillar():
    catalog = get_catalog(dt.date(2024, 1, 1))
    assert catalog.version == "2022.1"
    assert len(catalog) >= 60
    pillars = {d.pillar for d in catalog.definitions()}
    assert pillars >= set(PILLARS)


@pytest.mark.parametrize("on", [dt.date(2024, 1, 1), dt.date(2025, 7, 1)])
def test_every_rate_is_computed_from_two_count_like_indicators_and_recomputed_when_aggregated(on):
    catalog = get_catalog(on)
    for rate in catalog.rates():
        assert rate.numerator in catalog and rate.denominator in catalog, rate.code
        assert {catalog[rate.numerator].kind, catalog[rate.denominator].kind} <= {"count", "amount", "number"}
        assert (rate.aggregate_units, rate.aggregate_periods) == ("recompute", "recompute"), rate.code


@pytest.mark.parametrize("on", [dt.date(2024, 1, 1), dt.date(2025, 7, 1)])
def test_every_total_lists_parts_that_exist_and_add_up_the_same_way(on):
    catalog = get_catalog(on)
    for total in catalog.totals():
        for part in total.parts:
            assert catalog[part].kind == total.kind
            assert catalog[part].aggregate_periods == total.aggregate_periods


def test_the_dossier_kpi_codes_keep_their_parts():
    catalog = get_catalog(None)
    for code, parts in DOSSIER_KPIS.items():
        assert catalog.rate_parts(code) == parts


def test_online_dossiers_are_the_sum_of_full_and_partial_ones():
    assert get_catalog(None)["dvc.dossiers_online"].parts == (
        "dvc.dossiers_online_full",
        "dvc.dossiers_online_partial",
    )


def test_team_members_add_up_by_level_before_2025_and_without_districts_after():
    before, after = get_catalog(dt.date(2022, 12, 31)), get_catalog(dt.date(2025, 7, 1))
    assert before["teams.members_total"].parts == (
        "teams.district_members",
        "teams.commune_members",
        "teams.village_members",
    )
    assert after["teams.members_total"].parts == ("teams.commune_members", "teams.village_members")
    assert "teams.district_members" in before and "teams.district_members" not in after
    assert Indicator.objects.filter(code="teams.district_members").exists()  # old values keep their indicator


def test_the_second_version_renames_and_adds_indicators():
    before, after = get_catalog(dt.date(2024, 1, 1)), get_catalog(dt.date(2025, 7, 1))
    code = "training.provincial_programme_total"
    assert "Thông tin và Truyền thông" in before[code].name_vi
    assert "Khoa học và Công nghệ" in after[code].name_vi
    assert before[code].source == after[code].source
    assert {"dvc.public_admin_centre", "admin.former_communes_merged"} <= set(after) - set(before)


def test_counts_say_whether_they_are_stocks_or_flows():
    catalog = get_catalog(None)
    assert catalog["teams.members_total"].aggregate_periods == "latest"
    assert catalog["pop.population"].aggregate_periods == "latest"
    assert catalog["dvc.dossiers_total"].aggregate_periods == "sum"
    assert catalog["teams.people_guided"].aggregate_periods == "sum"


def test_every_indicator_names_its_source_and_has_both_languages():
    for definition in get_catalog(dt.date(2024, 1, 1)).definitions():
        assert definition.source and definition.name_vi and definition.name_en, definition.code
        if definition.kind != Kind.BOOLEAN:
            assert definition.unit_vi, definition.code


def test_every_shipped_amount_says_the_unit_officials_read_it_in():
    for version in ("2022.1", "2025.1"):
        amounts = [d for d in get_catalog(version=version).definitions() if d.kind == "amount"]
        assert amounts and {d.display_unit for d in amounts} == {"triệu đồng"}
