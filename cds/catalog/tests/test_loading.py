import pytest

from cds.catalog.loader import load_builtin_catalogs, load_catalog, load_catalog_file
from cds.catalog.models import CatalogVersion, Indicator, IndicatorDefinition, Pillar
from cds.catalog.services import get_catalog
from cds.catalog.spec import builtin_catalog_files, read_catalog_file
from cds.lib.errors import InputError

from .helpers import count, indicator, small_catalog, write_catalog

pytestmark = pytest.mark.django_db


def database_state():
    return (
        CatalogVersion.objects.count(),
        Indicator.objects.count(),
        IndicatorDefinition.objects.count(),
        Pillar.objects.count(),
    )


def test_loading_the_same_file_again_changes_nothing():
    before = database_state()
    outcomes = load_builtin_catalogs()
    assert [o.created for o in outcomes] == [False, False]
    assert database_state() == before


def test_a_new_file_is_loaded_with_its_definitions_and_rate_links(tmp_path):
    outcome = load_catalog(write_catalog(tmp_path, small_catalog()))
    assert outcome.created and outcome.version.code == "9000.1"
    rate = IndicatorDefinition.objects.get(version=outcome.version, indicator__code="t.online_rate")
    assert (rate.numerator.code, rate.denominator.code, rate.scale) == ("t.online", "t.total", 100)
    assert IndicatorDefinition.objects.get(version=outcome.version, indicator__code="t.total").parts == [
        "t.online",
        "t.offline",
    ]
    assert load_catalog(tmp_path / "catalog-9000.1.yaml").created is False


def test_a_changed_file_for_a_loaded_version_is_refused(tmp_path):
    data = small_catalog()
    load_catalog_file(write_catalog(tmp_path, data))
    indicator(data, "t.online")["name_vi"] = "Tên đã sửa"
    with pytest.raises(InputError, match="never changes") as caught:
        load_catalog_file(write_catalog(tmp_path, data))
    assert caught.value.where.column == "version"
    assert (
        IndicatorDefinition.objects.get(version__code="9000.1", indicator__code="t.online").name_vi
        == "Số t.online"
    )


def test_editing_a_shipped_catalog_in_place_is_refused(tmp_path):
    shipped = builtin_catalog_files()[0]
    copy = tmp_path / shipped.name
    copy.write_text(
        shipped.read_text(encoding="utf-8").replace("Dân số", "Dân số (sửa)", 1), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"2022\.1"):
        load_catalog_file(copy)


def test_two_versions_cannot_take_effect_on_the_same_day(tmp_path):
    load_catalog_file(write_catalog(tmp_path, small_catalog("9000.1")))
    with pytest.raises(InputError, match=r"same day|cùng ngày|takes effect"):
        load_catalog_file(write_catalog(tmp_path, small_catalog("9000.2")))


def test_a_version_that_extends_another_lists_only_its_changes(tmp_path):
    load_catalog_file(write_catalog(tmp_path, small_catalog()))
    child = {
        "version": "9000.2",
        "extends": "9000.1",
        "title": "Bản sửa",
        "effective_from": "2031-01-01",
        "retire": ["t.offline"],
        "indicators": [
            {"code": "t.total", "name_vi": "Tổng (mới)", "parts": ["t.online", "t.paper"]},
            count("t.paper"),
        ],
    }
    version = load_catalog_file(write_catalog(tmp_path, child))
    assert version.extends == "9000.1"
    codes = set(IndicatorDefinition.objects.filter(version=version).values_list("indicator__code", flat=True))
    assert codes == {"t.online", "t.total", "t.paper", "t.online_rate"}
    total = IndicatorDefinition.objects.get(version=version, indicator__code="t.total")
    assert (total.name_vi, total.name_en, total.parts) == (
        "Tổng (mới)",
        "Count t.total",
        ["t.online", "t.paper"],
    )


def test_retiring_an_indicator_that_a_rate_still_uses_is_refused(tmp_path):
    write_catalog(tmp_path, small_catalog())
    child = {
        "version": "9000.2",
        "extends": "9000.1",
        "title": "x",
        "effective_from": "2031-01-01",
        "retire": ["t.online"],
    }
    with pytest.raises(InputError) as caught:
        read_catalog_file(write_catalog(tmp_path, child))
    assert "t.online" in str(caught.value) and caught.value.where.file == "catalog-9000.2.yaml"


def test_extending_a_version_whose_file_cannot_be_found_is_refused(tmp_path):
    child = {"version": "9000.2", "extends": "9000.1", "title": "x", "effective_from": "2031-01-01"}
    with pytest.raises(InputError, match=r"catalog-9000\.1\.yaml") as caught:
        read_catalog_file(write_catalog(tmp_path, child))
    assert caught.value.where.column == "extends"


def test_a_renamed_pillar_is_refused_because_pillar_names_are_shared(tmp_path):
    data = small_catalog()
    data["pillars"].append({"code": "attt", "name_vi": "Bảo mật", "name_en": "Security"})
    with pytest.raises(InputError, match="attt"):
        load_catalog_file(write_catalog(tmp_path, data))


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(IndicatorDefinition.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        load_catalog_file(write_catalog(tmp_path, small_catalog()))
    assert not CatalogVersion.objects.filter(code="9000.1").exists()
    assert not Indicator.objects.filter(code="t.online").exists()


def test_the_migration_path_works_with_the_historical_app_registry(tmp_path):
    from django.apps import apps as current_apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state(
        ("catalog", "0001_squashed_0021_vietnamese_model_names")
    )
    historical = state.apps
    outcome = load_catalog(write_catalog(tmp_path, small_catalog()), apps=historical)
    assert outcome.created and outcome.version.__class__ is not current_apps.get_model(
        "catalog", "CatalogVersion"
    )
    assert get_catalog(version="9000.1")["t.online_rate"].numerator == "t.online"


def test_a_rate_the_loader_would_store_without_its_denominator_is_refused_in_both_languages_and_nothing_is_written(
    tmp_path, monkeypatch
):
    """The file is sound; the writing code is not (as the errata path once was): the version read
    back inside the transaction has a rate without its denominator, so the load is refused."""
    from cds.catalog import loader

    write = loader._definition

    def losing_the_denominator(Definition, i, *args):
        row = write(Definition, i, *args)
        if i.code == "t.online_rate":
            row.denominator = None
        return row

    monkeypatch.setattr(loader, "_definition", losing_the_denominator)
    before = database_state()
    with pytest.raises(InputError) as caught:
        load_catalog(write_catalog(tmp_path, small_catalog()))
    assert "t.online_rate" in caught.value.message("vi") and "không nạp gì" in caught.value.message("vi")
    assert "(none)" in caught.value.message("en") and "nothing was loaded" in caught.value.message("en")
    assert database_state() == before


def test_shipped_errata_that_would_leave_a_rate_without_its_denominator_are_refused_and_the_version_kept(
    monkeypatch,
):
    """The session-12 fault, replayed: errata add «xã có wifi công cộng» over units.communes, and a
    correcting step that loses the denominator makes the whole correction roll back."""
    from cds.catalog import loader

    rate = "infra.communes_public_wifi_rate"
    IndicatorDefinition.objects.filter(
        indicator__code__in=(rate, "infra.communes_with_public_wifi")
    ).delete()  # the older file
    before = database_state()
    correct = loader._correct

    def correcting_badly(spec, version, models, *args, **kwargs):
        correct(spec, version, models, *args, **kwargs)
        models["IndicatorDefinition"].objects.filter(version=version, indicator__code=rate).update(
            denominator=None
        )

    monkeypatch.setattr(loader, "_correct", correcting_badly)
    with pytest.raises(InputError) as caught:
        load_builtin_catalogs()
    assert rate in caught.value.message("vi") and rate in caught.value.message("en")
    assert database_state() == before
    assert not IndicatorDefinition.objects.filter(indicator__code=rate).exists()
