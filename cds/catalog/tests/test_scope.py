"""Every indicator says what a value at a unit means (scope), and the shipped files say it with care."""

import datetime as dt

import pytest
import yaml

from cds.catalog.loader import load_builtin_catalogs, load_catalog
from cds.catalog.models import CatalogAmendment, IndicatorDefinition
from cds.catalog.services import get_catalog
from cds.catalog.spec import builtin_catalog_files, read_catalog_file
from cds.lib.errors import InputError

from .helpers import indicator, small_catalog, write_catalog

pytestmark = pytest.mark.django_db

OWN = ["docs.issued_total", "steering.members", "budget.digital_transformation_total", "gov.has_website",
       "hr.officials_total", "dvc.procedures_total", "training.officials_completed_rate"]  # fmt: skip
TERRITORY = ["dvc.dossiers_total", "dvc.online_dossier_rate", "teams.teams_total", "infra.internet_users",
             "pop.population", "training.residents_trained", "training.participants_total"]  # fmt: skip


def test_every_indicator_a_shipped_file_defines_states_its_scope_there_and_not_by_default():
    for path in builtin_catalog_files():
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        defined = [entry for entry in document["indicators"] if "kind" in entry]  # others amend the base
        assert defined and all(entry.get("scope") in ("own", "territory") for entry in defined)
        assert all("scope" not in values for values in document.get("defaults", {}).values())


@pytest.mark.parametrize("code", OWN)
def test_what_a_body_itself_did_or_has_is_its_own(code):
    assert get_catalog(dt.date(2024, 1, 1))[code].scope == "own"
    assert get_catalog(dt.date(2026, 1, 1))[code].scope == "own"


@pytest.mark.parametrize("code", TERRITORY)
def test_what_is_in_the_area_is_territory(code):
    assert get_catalog(dt.date(2024, 1, 1))[code].scope == "territory"


def test_a_rate_has_the_scope_of_its_parts_in_every_shipped_version():
    for on in (dt.date(2024, 1, 1), dt.date(2026, 1, 1)):
        catalog = get_catalog(on)
        for rate in catalog.rates():
            assert catalog[rate.numerator].scope == catalog[rate.denominator].scope == rate.scope


def test_the_migration_stores_the_scope_of_the_shipped_files_in_one_load():
    stored = dict(
        IndicatorDefinition.objects.filter(version__code="2022.1").values_list("indicator__code", "scope")
    )
    spec = read_catalog_file(builtin_catalog_files()[0])
    assert stored == {i.code: i.scope for i in spec.indicators}
    # One load with every field (the squashed migration): no amendment to record on a new database.
    assert not CatalogAmendment.objects.filter(version__code="2022.1").exists()


def test_reloading_a_version_that_only_changes_scope_amends_it_in_place_with_history(tmp_path):
    data = small_catalog()
    first = load_catalog(write_catalog(tmp_path, data))
    for code in ("t.online", "t.offline", "t.total", "t.online_rate"):
        indicator(data, code)["scope"] = "own"
    indicator(data, "t.online")["description"] = "Đếm theo sổ"
    again = load_catalog(write_catalog(tmp_path, data))
    assert (again.created, again.amended) == (False, 5)
    assert again.version.pk == first.version.pk
    assert get_catalog(version="9000.1")["t.online"].scope == "own"
    amendment = CatalogAmendment.objects.get(version__code="9000.1")
    assert amendment.old_sha256 == first.version.sha256 != amendment.new_sha256
    assert {"code": "t.online", "field": "description", "old": "", "new": "Đếm theo sổ"} in amendment.changes
    assert load_catalog(write_catalog(tmp_path, data)).amended == 0  # the same file again: nothing


def test_a_reload_that_also_changes_how_values_add_up_is_still_refused(tmp_path):
    data = small_catalog()
    load_catalog(write_catalog(tmp_path, data))
    indicator(data, "t.online")["description"] = "mới"
    indicator(data, "t.online")["aggregate_periods"] = "latest"
    indicator(data, "t.offline")["aggregate_periods"] = "latest"
    indicator(data, "t.total")["aggregate_periods"] = "latest"
    with pytest.raises(InputError, match="never changes"):
        load_catalog(write_catalog(tmp_path, data))
    assert get_catalog(version="9000.1")["t.online"].description == ""
    assert not CatalogAmendment.objects.filter(version__code="9000.1").exists()


def test_loading_the_shipped_files_again_amends_nothing():
    assert [o.amended for o in load_builtin_catalogs()] == [0, 0]


def test_shipped_errata_may_add_an_indicator_and_rebuild_a_rate_on_it_but_a_users_file_may_not(tmp_path):
    """The full-process online-dossier rate was shipped over all dossiers; Quyết định 766/QĐ-TTg
    divides by the dossiers of full-process services. An installed database gets the correction
    through ``migrate`` (``load_builtin_catalogs``), recorded; a user's reload is still refused."""
    from cds.catalog.loader import store_spec

    data = small_catalog()
    first = load_catalog(write_catalog(tmp_path, data))
    data["indicators"].append({**indicator(data, "t.online"), "code": "t.online_base", "name_vi": "Cơ sở"})
    indicator(data, "t.online_rate")["denominator"] = "t.online_base"
    path = write_catalog(tmp_path, data)
    with pytest.raises(InputError, match="never changes"):
        load_catalog(path)
    outcome = store_spec(read_catalog_file(path), corrections=True)
    assert outcome.version.pk == first.version.pk and outcome.amended == 2
    catalog = get_catalog(version="9000.1")
    assert catalog["t.online_rate"].denominator == "t.online_base" and "t.online_base" in catalog.codes()
    amendment = CatalogAmendment.objects.get(version__code="9000.1")
    assert {"code": "t.online_rate", "field": "denominator", "old": "t.total", "new": "t.online_base"} in (
        amendment.changes
    )
    assert store_spec(read_catalog_file(path), corrections=True).amended == 0  # applied once
