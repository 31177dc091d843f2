"""A test process's SQLite database is its copy of the migrated template, opened without ``migrate``
(``conftest.django_db_setup``, ``cds.lib.testdb.open_copy``): it must hold everything ``migrate``
would have given it — every migration applied, the shipped catalogs loaded."""

import hashlib
import os
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cds.catalog.loader import builtin_catalog_files
from cds.catalog.models import CatalogVersion

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's test database is pytest-django's own, migrated"
)


@sqlite_only
def test_the_test_process_uses_its_own_copy_of_the_template(db):
    name = Path(connection.settings_dict["NAME"])
    assert name.name == f"{os.environ.get('PYTEST_XDIST_WORKER', 'run')}-{os.getpid()}.sqlite3"
    assert name.parent.name == "test-db" and name.exists()


def test_the_test_database_has_every_migration_applied(db):
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert executor.loader.applied_migrations.keys() >= executor.loader.graph.nodes.keys()


def test_the_test_database_has_every_shipped_catalog_file_loaded(db):
    stored = set(CatalogVersion.objects.values_list("sha256", flat=True))
    shipped = {hashlib.sha256(path.read_bytes()).hexdigest() for path in builtin_catalog_files()}
    assert shipped and shipped <= stored
