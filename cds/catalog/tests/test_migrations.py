"""The migrations as a database meets them: one file per app (the older files folded in), and the
shipped catalogs loaded after ``migrate`` (``post_migrate``), not by data migrations."""

import pytest
import yaml
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import ConnectionHandler

from cds.catalog import loader
from cds.catalog.models import CatalogAmendment, CatalogVersion, IndicatorDefinition
from cds.catalog.spec import builtin_catalog_files

# What a database migrated at main before the fold (e1fd7d9) has recorded for CĐS Hub's apps
# (Django records a squashed migration's replaced names; the squashed name itself only later).
MAIN_APPLIED = {
    "accounts": (
        "0001_initial",
        "0002_api_tokens_and_login_failures",
        "0003_contact_phone",
        "0004_vietnamese_admin_names",
        "0005_role_assignment_vietnamese_field_names",
        "0006_vietnamese_model_names",
    ),
    "catalog": (
        "0001_initial",
        "0002_version_extends_target_uniqueness",
        "0003_load_builtin_catalog",
        "0004_definition_scope_amendments",
        "0005_amend_builtin_scope",
        "0006_display_unit",
        "0007_definition_basis",
        "0008_amend_builtin_basis_nd42",
        "0009_amend_builtin_basis_766_names",
        "0010_amend_builtin_basis_tt01_qd28",
        "0011_amend_builtin_basis_nd42_websites",
        "0012_definition_aliases",
        "0013_definition_levels_counts_units_date_kind",
        "0014_reload_builtin_catalogs",
        "0015_reload_builtin_catalogs_session7",
        "0016_reload_builtin_catalogs_session8",
        "0017_reload_builtin_catalogs_session9",
        "0018_reload_builtin_catalogs_session10",
        "0019_reload_builtin_catalogs_dossier_form",
        "0020_reload_builtin_catalogs_session11",
        "0021_vietnamese_model_names",
    ),
    "dossiers": (
        "0001_initial",
        "0002_import_fields_refresh_journal",
        "0003_import_recognition",
        "0004_store_state_is_a_content_stamp",
        "0005_vietnamese_model_names",
    ),
    "dti": (
        "0001_initial",
        "0002_ranking_decision",
        "0003_vietnamese_admin_names",
        "0004_vietnamese_model_names",
    ),
    "history": (
        "0001_initial",
        "0002_vietnamese_admin_names",
    ),
    "ingest": (
        "0001_reports_and_proposals",
        "0002_proposal_targets_and_teams",
        "0003_vietnamese_model_names",
    ),
    "jobs": (
        "0001_initial",
        "0002_vietnamese_model_names",
    ),
    "notifications": (
        "0001_notifications",
        "0002_vietnamese_model_names",
    ),
    "registries": (
        "0001_initial",
        "0002_document_files_targets_team_village",
        "0003_document_types_of_decree_30",
        "0004_vietnamese_model_names",
    ),
    "reports": (
        "0001_initial",
        "0002_data_window",
        "0003_issuer_profile",
        "0004_issuer_addressees",
        "0005_vietnamese_model_names",
    ),
    "units": (
        "0001_initial",
        "0002_reference_version",
        "0003_vietnamese_model_names",
    ),
    "values": (
        "0001_initial",
        "0002_value_unit_period_status",
        "0003_deadlines_per_scope_and_note_history",
        "0004_withdrawn_values",
        "0005_request_id_on_value_and_deadline_history",
        "0006_qualifier_nearly",
        "0007_vietnamese_admin_names",
        "0008_column_mappings",
        "0009_vietnamese_model_names",
    ),
    "web": (
        "0001_initial",
        "0002_deadline_moved_to_values",
        "0003_report_to_sign",
    ),
}


def test_a_database_that_applied_the_folded_files_has_nothing_to_apply(tmp_path, django_db_blocker):
    """Django counts a squashed file applied when every name it ``replaces`` is recorded: a database
    at main before the fold (here only its ``django_migrations`` rows) must find nothing to apply."""
    file = str(tmp_path / "old.sqlite3")
    old = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": file}})["default"]
    with django_db_blocker.unblock():
        try:
            recorder = MigrationRecorder(old)
            recorder.ensure_schema()
            graph = MigrationExecutor(old).loader.graph
            for app, name in graph.leaf_nodes():
                if app not in MAIN_APPLIED:  # Django's and third-party apps: unchanged
                    for key in graph.forwards_plan((app, name)):
                        if key[0] == app:
                            recorder.record_applied(*key)
            for app, names in MAIN_APPLIED.items():
                for name in names:
                    recorder.record_applied(app, name)
            executor = MigrationExecutor(old)
            assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
            assert all(len(executor.loader.graph.leaf_nodes(app)) == 1 for app in MAIN_APPLIED)
        finally:
            old.close()


@pytest.mark.django_db
def test_migrate_with_nothing_to_apply_and_unchanged_files_does_not_read_them(monkeypatch):
    def unread(path, _seen=()):
        raise AssertionError(f"{path} read")

    monkeypatch.setattr(loader, "read_catalog_file", unread)
    call_command("migrate", verbosity=0)


@pytest.mark.django_db
def test_a_changed_shipped_file_is_loaded_by_the_next_migrate(tmp_path, monkeypatch):
    copies = []
    for path in builtin_catalog_files():
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    first = copies[0]
    document = yaml.safe_load(first.read_text(encoding="utf-8"))
    code = document["indicators"][0]["code"]
    document["indicators"][0]["description"] = "Mô tả sửa đổi để kiểm thử."
    first.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(loader, "builtin_catalog_files", lambda: copies)
    version = CatalogVersion.objects.get(code=document["version"])

    call_command("migrate", verbosity=0)

    stored = IndicatorDefinition.objects.get(version=version, indicator__code=code)
    assert stored.description == "Mô tả sửa đổi để kiểm thử."
    amendment = CatalogAmendment.objects.filter(version=version).last()
    assert (
        amendment is not None
        and {"code": code, "field": "description"}.items() <= amendment.changes[0].items()
    )


@pytest.mark.django_db
def test_a_flush_leaves_the_catalogs_to_the_next_migrate(monkeypatch):
    called = []
    monkeypatch.setattr(
        loader, "load_builtin_catalogs", lambda apps=None, using="default": called.append(apps) or []
    )
    loader.load_after_migrate(plan=None)
    loader.load_after_migrate(plan=[("a migration", False)])
    assert len(called) == 1


@pytest.mark.django_db
def test_migrating_a_second_database_loads_the_shipped_catalogs_into_it_not_into_the_default(
    tmp_path, django_db_blocker
):
    """``post_migrate`` names the database migrated (``using``): ``migrate --database other`` fills
    that one. The loader once asked the default database, whatever was migrated: the other stayed
    without catalogs (and the default, had it lacked one, would have been written)."""
    from django.db import connections

    other = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "other.sqlite3")}
    connections.settings["other"] = ConnectionHandler({"default": other}).settings["default"]
    try:
        with django_db_blocker.unblock():
            default_before = CatalogVersion.objects.count()
            call_command("migrate", database="other", verbosity=0)
            in_other = set(CatalogVersion.objects.using("other").values_list("code", flat=True))
            assert CatalogVersion.objects.count() == default_before
            connections["other"].close()
    finally:
        del connections.settings["other"]
        if hasattr(connections._connections, "other"):
            del connections["other"]
    shipped = {yaml.safe_load(p.read_text(encoding="utf-8"))["version"] for p in builtin_catalog_files()}
    assert in_other == shipped


@pytest.mark.django_db
def test_a_rate_the_shipped_file_adds_over_an_indicator_already_stored_keeps_its_denominator():
    """Found on a database loaded by an earlier tree: the new «xã có wifi công cộng» share was added
    with no denominator (units.communes was already stored, so the errata did not look it up), and
    the dashboard and entry pages failed with a 500 on it."""
    rate, numerator = "infra.communes_public_wifi_rate", "infra.communes_with_public_wifi"
    IndicatorDefinition.objects.filter(indicator__code__in=(rate, numerator)).delete()  # the older file

    loader.load_builtin_catalogs()

    stored = IndicatorDefinition.objects.filter(indicator__code=rate).select_related(
        "numerator", "denominator"
    )
    assert stored.count() == CatalogVersion.objects.count() >= 2
    for row in stored:
        assert (row.numerator.code, row.denominator.code) == (numerator, "units.communes"), row.version
