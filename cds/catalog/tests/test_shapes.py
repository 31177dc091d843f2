"""Issue 21's shapes in the catalog file: dates, counts of units from the registry, data sets per level."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cds.catalog.loader import load_catalog
from cds.catalog.services import get_catalog
from cds.catalog.spec import builtin_catalog_files, read_catalog_file
from cds.catalog.spec_types import LEVELS
from cds.lib.errors import InputError

from .helpers import count, indicator, rate, small_catalog, write_catalog

SHIPPED = [read_catalog_file(p) for p in builtin_catalog_files()]


def date_indicator(code: str, **extra):
    return {
        "code": code,
        "name_vi": f"Ngày {code}",
        "name_en": f"Date {code}",
        "pillar": "thu_nghiem",
        "kind": "date",
        "scope": "own",
        "unit_vi": "ngày",
        "unit_en": "date",
        "aggregate_units": "none",
        "aggregate_periods": "latest",
        "source": "test",
        **extra,
    }


def units_count(code: str = "t.communes", level: str = "commune", **extra):
    return count(code, counts_units=level, aggregate_periods="latest", **extra)


def read(tmp_path, data):
    return read_catalog_file(write_catalog(tmp_path, data))


def refused(tmp_path, data) -> InputError:
    with pytest.raises(InputError) as caught:
        read(tmp_path, data)
    return caught.value


# --- dates -----------------------------------------------------------------------------------------


def test_a_date_indicator_loads_and_aggregates_by_latest_or_none(tmp_path):
    data = small_catalog()
    data["indicators"] += [date_indicator("t.opened"), date_indicator("t.issued", aggregate_periods="none")]
    spec = read(tmp_path, data)
    assert spec.indicator("t.opened").kind == "date"
    assert spec.indicator("t.issued").aggregate_periods == "none"


@pytest.mark.parametrize(("field", "value"), [("aggregate_periods", "sum"), ("aggregate_units", "sum")])
def test_a_date_is_never_summed(tmp_path, field, value):
    data = small_catalog()
    data["indicators"].append(date_indicator("t.opened", **{field: value}))
    err = refused(tmp_path, data)
    assert err.where.column == field and "t.opened" in err.vi


def test_a_date_cannot_be_a_rates_part(tmp_path):
    data = small_catalog()
    data["indicators"].append(date_indicator("t.opened"))
    indicator(data, "t.online_rate")["numerator"] = "t.opened"
    assert refused(tmp_path, data).where.column == "numerator"


# --- counts of units -------------------------------------------------------------------------------


def test_a_count_of_communes_is_filled_only_above_the_commune_level(tmp_path):
    data = small_catalog()
    data["indicators"] += [
        units_count(),
        units_count("t.villages", "village"),
        count("t.with_team", aggregate_periods="latest"),
        rate("t.with_team_rate", "t.with_team", "t.communes"),
    ]
    spec = read(tmp_path, data)
    assert spec.indicator("t.communes").levels == ("province", "district")
    assert spec.indicator("t.villages").levels == ()  # every level: a commune has villages
    # the rate is computed where both parts are filled: no commune has communes below it
    assert spec.indicator("t.with_team_rate").levels == ("province", "district")


def test_a_count_of_communes_listed_for_communes_is_refused(tmp_path):
    data = small_catalog()
    data["indicators"].append(units_count(levels=["commune", "district"]))
    err = refused(tmp_path, data)
    assert err.where.column == "levels" and "xã" in err.vi


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "amount"},
        {"scope": "own"},
        {"aggregate_periods": "sum"},
        {"counts_units": "hamlet"},
    ],
)
def test_a_count_of_units_is_a_territory_stock_of_a_known_level(tmp_path, change):
    data = small_catalog()
    data["indicators"].append({**units_count(), **change})
    err = refused(tmp_path, data)
    assert err.where.column == "counts_units" and "t.communes" in err.vi


def test_a_rate_listed_for_a_level_its_parts_are_not_filled_at_is_refused(tmp_path):
    data = small_catalog()
    data["indicators"] += [
        units_count(),
        count("t.with_team", aggregate_periods="latest"),
        rate("t.with_team_rate", "t.with_team", "t.communes", levels=["commune"]),
    ]
    err = refused(tmp_path, data)
    assert err.where.column == "levels" and "t.with_team_rate" in err.vi


@pytest.mark.parametrize("levels", [[], ["village"], ["commune", "commune"], "commune"])
def test_levels_are_a_list_of_distinct_known_levels(tmp_path, levels):
    data = small_catalog()
    indicator(data, "t.online")["levels"] = levels
    assert refused(tmp_path, data).where.column == "levels"


def test_listing_every_level_is_the_same_as_listing_none(tmp_path):
    data = small_catalog()
    indicator(data, "t.online")["levels"] = ["commune", "province", "district"]
    assert read(tmp_path, data).indicator("t.online").levels == ()


# --- the shipped catalogs ----------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_every_shipped_indicator_states_its_source_scope_and_unit(spec):
    for ind in spec.indicators:
        assert ind.source and ind.scope, ind.code
        assert ind.unit_vi or ind.kind == "boolean", ind.code


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_no_level_fills_a_count_of_its_own_or_lower_units(spec):
    for ind in spec.indicators:
        if ind.counts_units:
            rank = ("province", "district", "commune", "village").index(ind.counts_units)
            assert all(LEVELS.index(level) < rank for level in ind.levels or LEVELS), ind.code


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_the_commune_set_never_asks_a_commune_about_communes(spec):
    """«Số xã, phường … trực thuộc» and every count or rate of the communes of an area are for the
    district and the province; a commune's set holds what the commune itself can answer."""
    commune = [i for i in spec.indicators if not i.levels or "commune" in i.levels]
    for ind in commune:
        name = ind.name_vi.lower()
        assert "trực thuộc" not in name, ind.code
        if " cũ " not in name:  # the former communes a merged commune was made of are its own answer
            assert not name.startswith(("số xã", "tỷ lệ xã", "số ubnd xã")), ind.code
        assert "cấp huyện" not in name, ind.code
    assert "admin.communes_total" not in {i.code for i in commune}


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_data_sets_are_consistent_with_scope(spec):
    """An own indicator restricted to the bodies above the commune (an IOC, the communes' count)
    is outside the commune set, and every rate is in a set only where both its parts are."""
    by_code = {i.code: i for i in spec.indicators}
    for ind in spec.indicators:
        levels = set(ind.levels or LEVELS)
        if ind.scope == "own" and ind.levels and "commune" not in ind.levels:
            assert "commune" not in levels
        if ind.kind == "rate":
            for part in (ind.numerator, ind.denominator):
                assert levels <= set(by_code[part].levels or LEVELS), (ind.code, part)
    assert by_code["gov.ioc_opened_on"].scope == "own"
    assert "commune" not in by_code["gov.ioc_opened_on"].levels


@pytest.mark.django_db
def test_the_district_set_exists_only_before_the_reorganisation(shipped_catalogs):
    before, after = get_catalog(dt.date(2024, 6, 1)), get_catalog(dt.date(2025, 9, 1))
    assert "admin.communes_total" in {d.code for d in before.dataset("district")}
    assert after.dataset("district") == []
    assert before.dataset("village") == []
    communes = {d.code for d in after.dataset("commune")}
    assert "dvc.dossiers_total" in communes and "admin.communes_total" not in communes
    assert "admin.communes_total" in {d.code for d in after.dataset("province")}


# --- a province's own version (docs/examples) ---------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "catalog-2025.2.yaml"


@pytest.mark.django_db
def test_the_documented_example_of_a_provinces_own_version_loads(shipped_catalogs):
    """docs/catalog.md's worked example: new indicators, aliases on inherited ones, data sets."""
    spec = read_catalog_file(EXAMPLE)
    assert spec.extends == "2025.1" and spec.indicator("tinh.shared_platforms").levels == ("province",)
    outcome = load_catalog(EXAMPLE)
    assert outcome.created
    catalog = get_catalog(version="2025.2")
    assert catalog.find("tỷ lệ hồ sơ nộp qua cổng dịch vụ công của tỉnh").code == "dvc.online_dossier_rate"
    assert catalog.find("So thon co diem ho tro dich vu cong truc tuyen").code == (
        "tinh.villages_with_dvc_support_point"
    )
    rate = catalog["tinh.villages_with_dvc_support_point_rate"]
    assert rate.denominator == "units.villages" and catalog["units.villages"].counts_units == "village"
    communes = {d.code for d in catalog.dataset("commune")}
    assert "tinh.villages_with_dvc_support_point" in communes
    assert "tinh.shared_platforms" not in communes and "tinh.commune_dti_set_issued_on" not in communes
    assert catalog["tinh.commune_dti_set_issued_on"].kind == "date"
    assert len(catalog) == len(get_catalog(version="2025.1")) + 4
    assert not load_catalog(EXAMPLE).created  # loading it again changes nothing


@pytest.mark.django_db
def test_the_documented_example_keeps_the_phrasings_it_inherits_when_it_adds_its_own(shipped_catalogs):
    """A restated alias list replaces the inherited one (docs/catalog.md step 3): the example copies them."""
    load_catalog(EXAMPLE)
    base, own = get_catalog(version="2025.1"), get_catalog(version="2025.2")
    for code in ("dvc.online_dossier_rate", "teams.villages_with_team_rate"):
        assert set(base[code].aliases) < set(own[code].aliases), code
        for phrasing in base[code].aliases:
            assert own.find(phrasing).code == code


@pytest.mark.django_db
def test_a_milestone_cannot_be_given_a_target(tmp_path, shipped_catalogs):
    from cds.catalog.targets import load_targets_file

    path = tmp_path / "targets.yaml"
    path.write_text(
        'source: test\ntargets:\n  - {indicator: gov.ioc_opened_on, period: "2024", level: province, target: "1/1/2024"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_targets_file(path)
    assert "mốc thời gian" in caught.value.vi and "date" in caught.value.en


# Session 13 (brief item 2): figures a commune's forms do not ask and the commune cannot know —
# another body's registers (hospitals, the police archive, land registration, social insurance)
# or the province's own licences, fee waivers and national-plan tasks — are outside the commune
# set, and their rates follow them.
NOT_A_COMMUNES = {
    "society.public_hospitals": ("province", "district"),
    "society.public_hospitals_cashless": ("province", "district"),
    "society.private_hospitals_cashless": ("province", "district"),
    "gov.household_archive_records": ("province", "district"),
    "gov.household_archive_records_digitised": ("province", "district"),
    "gov.land_records_digitised": ("province", "district"),
    "society.social_insurance_participants": ("province", "district"),
    "society.social_insurance_id_synced": ("province", "district"),
    "society.pensioners": ("province", "district"),
    "society.pensioners_paid_cashless": ("province", "district"),
    "gov.eoffice_units": ("province", "district"),
    "attt.antimalware_licenses": ("province",),
    "plans.priority_tasks_common": ("province",),
    "plans.priority_tasks_assigned": ("province",),
    "dvc.procedures_fee_waived": ("province",),
}


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_another_bodys_registers_and_the_provinces_licences_are_not_in_the_commune_set(spec):
    commune = {i.code for i in spec.indicators if not i.levels or "commune" in i.levels}
    for code, levels in NOT_A_COMMUNES.items():
        assert spec.indicator(code).levels == levels, code
        assert code not in commune
    rates = (
        "society.public_hospitals_cashless_rate",
        "gov.household_archive_digitised_rate",
        "society.social_insurance_id_synced_rate",
        "society.pensioners_paid_cashless_rate",
    )
    assert all(spec.indicator(r) is not None for r in rates) and not commune & set(rates)
    # what a commune does keep: its own health station's insured visits, its civil-status books
    assert {"society.health_facilities", "gov.civil_status_records_digitised"} <= commune


# Session 13 (catalog9, continuation): the one-stop form's rows by level. A district's report gives
# its own office's row («cấp huyện») beside its communes' («cấp xã»); the district rows end with
# the districts on 1/7/2025, the communes' rows stay (a province's report still groups them).
DISTRICT_ROWS = (
    "dvc.district_level_dossiers",
    "dvc.district_level_dossiers_online",
    "dvc.district_level_online_rate",
    "dvc.district_level_dossiers_resolved",
    "dvc.district_level_dossiers_resolved_on_time",
    "dvc.district_level_on_time_rate",
    "dvc.district_level_dossiers_pending_in_time",
    "dvc.district_level_dossiers_digitised",
    "dvc.district_level_digitised_rate",
    "gov.districts_civil_status_digitised",
)
COMMUNE_ROWS = (
    "dvc.commune_level_dossiers_resolved",
    "dvc.commune_level_dossiers_resolved_on_time",
    "dvc.commune_level_on_time_rate",
    "dvc.commune_level_dossiers_pending_in_time",
    "dvc.commune_level_dossiers_digitised",
    "dvc.commune_level_digitised_rate",
)


def test_the_one_stop_forms_district_rows_end_with_the_districts_and_the_communes_rows_stay():
    before, after = (next(s for s in SHIPPED if s.version == v) for v in ("2022.1", "2025.1"))
    for code in DISTRICT_ROWS:
        assert before.indicator(code) is not None and after.indicator(code) is None, code
        assert "commune" not in before.indicator(code).levels, code
    for code in COMMUNE_ROWS:
        assert after.indicator(code).levels == ("province", "district"), code
    assert (
        before.indicator("dvc.district_level_on_time_rate").denominator
        == "dvc.district_level_dossiers_resolved"
    )


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_a_commune_reports_its_own_books_and_base_stations_and_the_area_counts_the_communes_done(spec):
    commune = {i.code for i in spec.indicators if not i.levels or "commune" in i.levels}
    # a commune knows how far its own civil-status books are digitised and the stations on its land
    assert {
        "gov.civil_status_digitised_rate",
        "infra.mobile_base_stations",
        "infra.base_stations_5g",
    } <= commune
    # the communes that finished, and those whose centre has 3G/4G, are counted by the area above them
    for code in ("gov.communes_civil_status_digitised", "infra.communes_mobile_broadband"):
        assert code not in commune and spec.indicator(code).unit_vi == "xã", code
    assert spec.indicator("infra.communes_mobile_broadband_rate").denominator == "units.communes"
    assert spec.indicator("gov.civil_status_digitised_rate").numerator == "gov.civil_status_records_digitised"


@pytest.mark.parametrize("spec", SHIPPED, ids=[s.version for s in SHIPPED])
def test_every_count_of_communes_written_over_the_map_has_its_rate_over_the_communes(spec):
    """The «N/N xã» shape (docs/catalog.md): a count of communes meeting a condition, written with
    the communes of the period's map as denominator, has a rate over units.communes, as the villages
    with public wifi have theirs over units.villages («19/218 xã» is that rate's two parts)."""
    over_map = [
        i.code
        for i in spec.indicators
        if i.unit_vi.startswith("xã") and "the communes of the period's map" in i.description
    ]
    rates = {(i.numerator, i.denominator) for i in spec.indicators if i.denominator}
    assert {
        "society.communes_vneid_quota_met",
        "society.communes_id_card_complete",
        "gov.communes_civil_status_digitised",
        "plans.communes_targets_completed",
    } <= set(over_map)
    for code in over_map:
        assert (code, "units.communes") in rates, code
