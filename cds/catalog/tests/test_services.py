import dataclasses
import datetime as dt
from typing import Any, cast

import pytest

from cds.catalog.loader import load_catalog_file
from cds.catalog.services import get_catalog, rate_parts, rates_using, version_in_force

from .helpers import small_catalog, write_catalog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (dt.date(2021, 6, 1), "2022.1"),  # before the first version: the first one
        (dt.date(2022, 1, 1), "2022.1"),
        (dt.date(2025, 6, 30), "2022.1"),
        (dt.date(2025, 7, 1), "2025.1"),
        (dt.date(2026, 1, 1), "2025.1"),
    ],
)
def test_the_version_in_force_depends_on_the_date(day, version):
    assert version_in_force(day) == version
    assert get_catalog(day).version == version


def test_a_datetime_is_read_as_its_date():
    assert get_catalog(dt.datetime(2025, 7, 1, 0, 30)).version == "2025.1"


def test_a_named_version_can_be_asked_for_directly():
    assert get_catalog(version="2022.1").version == "2022.1"


def test_the_catalog_is_cached_and_a_second_lookup_needs_no_query(django_assert_num_queries):
    first = get_catalog(dt.date(2024, 5, 1))
    with django_assert_num_queries(0):
        again = get_catalog(dt.date(2024, 5, 1))
        again["dvc.dossiers_total"]
    assert again is first


def test_loading_a_version_drops_the_cache(tmp_path):
    assert get_catalog(dt.date(2030, 6, 1)).version == "2025.1"
    load_catalog_file(write_catalog(tmp_path, small_catalog(effective_from="2030-01-01")))
    assert get_catalog(dt.date(2030, 6, 1)).version == "9000.1"


def test_definitions_are_frozen():
    definition = get_catalog(None)["dvc.online_dossier_rate"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cast(Any, definition).scale = 1  # a frozen dataclass: refused at run time
    assert definition.pillar == "chinh_quyen_so" and definition.pillar_name_vi == "Hoạt động chính quyền số"
    assert definition.unit == "%" and definition.is_rate


def test_rate_parts_gives_numerator_and_denominator_or_none_for_a_count():
    assert rate_parts("dvc.online_payment_rate") == ("dvc.online_paid_dossiers", "dvc.fee_dossiers")
    assert rate_parts("dvc.dossiers_total") is None
    with pytest.raises(KeyError):
        rate_parts("dvc.nothing")


def test_rates_using_a_count_lists_every_rate_built_on_it():
    codes = {d.code for d in rates_using("dvc.dossiers_total")}
    # the full/partial online-dossier rates divide by the dossiers of full-process (partial)
    # services (Quyết định 766/QĐ-TTg), not by every dossier; the EMC share (session 7) does
    assert codes == {
        "dvc.online_dossier_rate",
        "dvc.dossier_digitised_rate",
        "dvc.onestop_system_rate",
        "dvc.full_online_share_of_all_dossiers",
    }
    assert {d.code for d in rates_using("dvc.dossiers_full")} == {"dvc.full_online_dossier_rate"}
    assert {d.code for d in rates_using("pop.population")} >= {
        "infra.internet_user_rate",
        "teams.members_per_100_residents",
    }
    assert rates_using("dvc.online_dossier_rate") == ()


def test_totals_using_a_part_and_the_listing_helpers():
    catalog = get_catalog(None)
    assert [d.code for d in catalog.totals_using("dvc.dossiers_online_full")] == ["dvc.dossiers_online"]
    assert catalog.codes() == list(catalog)
    assert all(d.kind == "rate" for d in catalog.rates())
    assert all(d.parts for d in catalog.totals())
    assert {d.pillar for d in catalog.by_pillar("attt")} == {"attt"}
    assert catalog.get("dvc.nothing") is None and "dvc.dossiers_total" in catalog
