"""Fixtures shared by every app's tests."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from cds.accounts.models import Role
from cds.accounts.testing import person
from cds.units.models import Unit
from cds.units.testing import ensure_units_loaded, small_tree

# No timing assertions, Hypothesis's included: its 200 ms deadline per example failed correct
# property tests whenever the machine was busy (a first example that loads rules or catalogs).
# `make test-fast` passes --hypothesis-profile=fast: a fifth of the examples (20 instead of 100, and
# cds.lib.testing.examples(n) for a property that sets its own count); `make test` runs them all.
hypothesis_settings.register_profile("cds", deadline=None)
hypothesis_settings.register_profile("fast", hypothesis_settings.get_profile("cds"), max_examples=20)
hypothesis_settings.load_profile("cds")

# The cyclic garbage collector, tuned for a test process (not the product's): its default first
# threshold (700 allocations) runs a collection every few hundred objects, and every third or so
# walks all the long-lived ones — the imported modules, Django's app registry, the ≈ 3.800 collected
# test items. A higher first threshold (as CPython 3.13's own GC does in effect) and, after
# collection, those long-lived objects moved out of the collector's sight (``gc.freeze``) take
# ≈ 5–8% of the CPU of the request-heavy test files and ≈ 0,5 s of each process's collection.
# Garbage in cycles is still collected, in fewer, larger passes.
gc.set_threshold(50_000, 20, 100)

# DuckDB on one thread per connection (CDS_DUCKDB_THREADS, unless the run sets it): `make test-fast`
# runs two workers on two cores, so more threads only add start-up and contention. The environment
# too, so that the commands a test runs in a child process inherit it.
DUCKDB_THREADS_GIVEN = os.environ.get("CDS_DUCKDB_THREADS", "")  # what the run set itself, if anything
if not DUCKDB_THREADS_GIVEN:
    from django.conf import settings as _django_settings

    os.environ["CDS_DUCKDB_THREADS"] = "1"
    _django_settings.CDS_DUCKDB_THREADS = 1


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


# What `make test-fast` leaves out (`-m "not slow"`): tests that load the national unit list, drive a
# browser or a live server, flush the database, convert to PDF, build the demo or kill processes.
SLOW_FIXTURES = {"national_units", "units", "live_server", "transactional_db", "builtin_catalogs"}
SLOW_FILES = ("test_pdf", "test_pages_fit", "test_kill_imports", "test_browser", "test_demo", "test_stateful",
              "test_fuzz", "test_concurrency", "test_sessions_across_workers", "test_deploy_check",
              "test_interrupted_commit", "test_kill_worker")  # fmt: skip


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under ``-m "not slow"`` (``make test-fast``: ``not slow and not spark``) the slow files are not
    even imported: every test in them is slow, and their libraries (browser, API fuzzing, PDF) cost
    seconds to import."""
    terms = [term.strip() for term in str(config.getoption("markexpr", "")).split(" and ")]
    if "not slow" in terms and collection_path.stem in SLOW_FILES:
        return True
    return None


# The files that cost the most CPU in `make test-fast` (seconds of CPU each, session 12's profile),
# most costly first: under pytest-xdist they are handed out first, so that the two workers finish
# together on the many small files instead of one waiting for the other's last big file.
HEAVY_FIRST = ("tests/test_page_matrix.py", "cds/api/tests/test_permission_matrix.py",
               "cds/web/tests/test_language_crawl.py", "cds/dossiers/tests/")  # fmt: skip
_ROOT = Path(__file__).resolve().parent


def _heaviness(item: pytest.Item) -> int:
    path = item.path.relative_to(_ROOT).as_posix() if item.path.is_relative_to(_ROOT) else ""
    return next((rank for rank, start in enumerate(HEAVY_FIRST) if path.startswith(start)), len(HEAVY_FIRST))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES or item.path.stem in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's collection is the scheduler's order
        items.sort(key=_heaviness)  # stable: within a file, and among the others, as collected


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> Iterator[None]:
    """On SQLite every test process (each pytest-xdist worker) gets its own copy of one migrated
    template (``cds.lib.testdb``) instead of migrating an in-memory database from nothing."""
    from django.conf import settings

    from cds.lib import testdb

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    root = Path(__file__).resolve().parent
    template = testdb.migrated_template(Path(settings.VAR_DIR) / "test-db", root)
    copy = testdb.worker_copy(template, f"{os.environ.get('PYTEST_XDIST_WORKER', 'run')}-{os.getpid()}")
    database.setdefault("TEST", {})["NAME"] = str(copy)
    yield
    testdb.remove_copy(copy)


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest) -> bool:
    """Keep (and so reuse) the test database: on SQLite it is the template's copy, already migrated;
    elsewhere only with ``--reuse-db``, as pytest-django does."""
    from django.conf import settings

    sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    return sqlite or bool(request.config.getvalue("reuse_db"))


@pytest.fixture(scope="session")
def national_units(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The 63- and 34-province unit lists with their 2025 lineage, loaded once per test session.

    Loading takes a few seconds, so it happens outside the per-test transactions and stays for
    the whole session; tests still roll back their own changes. A test marked
    ``transaction=True`` flushes the database: tests after it should use the ``units`` fixture,
    which loads them again when needed.
    """
    with django_db_blocker.unblock():
        ensure_units_loaded()


@pytest.fixture
def units(national_units: None, db: None) -> None:
    """The national lists inside a test's transaction (reloaded if a transactional test flushed them)."""
    ensure_units_loaded()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def fast_passwords() -> Iterator[None]:
    """Password hashing is deliberately slow; tests hash with MD5 (as Django's own suite does).
    Set once for the session (and so before any module-scoped fixture makes people), not per test:
    a test may still change it through pytest-django's ``settings``, which restores this value."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(scope="module")
def module_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """One transaction around a whole test module, for a module-scoped fixture that builds a world
    once instead of once per test (as Django's ``TestCase.setUpTestData`` does for a class).

    Each test still runs in its own savepoint inside it (pytest-django's ``db``), so what a test
    changes is rolled back after it, and the world itself after the module's last test. Not for
    modules with transactional tests (their flush would end this transaction)."""
    from django.db import transaction

    atomic = transaction.atomic()
    atomic._from_testcase = True  # like TestCase's own: a durable block in the code under test is allowed
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def fresh_scope_history() -> Any:
    """Test databases reuse ids after each rollback: no test may see another's kept lineage history."""
    from cds.accounts.scope import forget_history

    forget_history()
    yield
    forget_history()


@pytest.fixture(scope="session", autouse=True)
def plain_template_render(django_test_environment: None) -> Iterator[None]:
    """Templates render as in production, without Django's test instrumentation.

    ``setup_test_environment`` (pytest-django's ``django_test_environment``) makes every template
    render — each ``{% include %}`` and block too, ≈ 20 per page — send a signal on which the test
    client copies the whole context, so that ``response.context`` and ``response.templates`` can be
    inspected. No test here inspects them (they assert on the HTML, the status and the database),
    and the copies cost ≈ 5% of every page request. A test that needs them requests
    ``rendered_templates``."""
    from django.template import Template
    from django.test import utils

    template: Any = Template  # ``_render``, ``saved_data``: private, not in django-stubs
    state: Any = utils._TestState
    instrumented = template._render
    template._render = state.saved_data.template_render  # what setup_test_environment replaced
    yield
    template._render = instrumented


@pytest.fixture
def rendered_templates() -> Iterator[None]:
    """Django's template instrumentation back on for one test: ``response.context`` and
    ``response.templates`` filled as in Django's own test cases."""
    from django.template import Template
    from django.test import utils

    template: Any = Template
    test_utils: Any = utils
    plain = template._render
    template._render = test_utils.instrumented_test_render
    yield
    template._render = plain


@pytest.fixture(scope="session", autouse=True)
def static_root_exists() -> None:
    """WhiteNoise warns on every request of every test when STATIC_ROOT is missing (a fresh
    clone has no ``var/static`` until ``collectstatic``); the files are found through the apps."""
    from pathlib import Path

    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


# A statement that changes a catalog table (``catalog_*``): after it, the in-memory catalogs may no
# longer be what the database holds once the test's transaction is rolled back.
_CATALOG_WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|REPLACE|DROP|ALTER|CREATE)\b.*\bcatalog_", re.I | re.S
)


class _CatalogWrites:
    """Watches the default connection for catalog writes (``connection.execute_wrappers``)."""

    def __init__(self) -> None:
        self.seen = False

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.seen and _CATALOG_WRITE.match(sql):
            self.seen = True
        return execute(sql, params, many, context)


# The module whose last test left the in-memory catalogs as the database holds them, and the watch
# kept on the connection since then (a write between two tests drops them too).
_catalogs_clean: dict[str, Any] = {"module": None, "watch": None}


@pytest.fixture
def catalog_cache(request: pytest.FixtureRequest) -> Iterator[bool]:
    """The in-memory catalogs (``cds.catalog.services``) as the test's database holds them, kept
    from one test to the next of a module when nothing could have changed what they were built from.

    Each test's transaction is rolled back, so the catalogs are dropped before and after every test
    that wrote a catalog table (or could have: a transactional test, whose flush empties every
    table, a test without the database), at the start of each module (its module fixtures ran
    unwatched) and after any catalog write between two tests. A test that only read leaves them for
    the next, which starts from them instead of building each version again (≈ 30–40 ms each).
    Yields whether the catalogs were kept."""
    from django.db import connection

    from cds.catalog.services import invalidate_cache

    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    watched = ("db" in names or (marker is not None and not marker.kwargs.get("transaction"))) and not {
        "transactional_db",
        "live_server",
    } & names
    between = _catalogs_clean["watch"]
    if between is not None and between in connection.execute_wrappers:
        connection.execute_wrappers.remove(between)
    kept = bool(watched and _catalogs_clean["module"] is request.module and between and not between.seen)
    _catalogs_clean.update(module=None, watch=None)
    if not kept:
        invalidate_cache()
    if not watched:
        yield kept
        invalidate_cache()
        return
    during = _CatalogWrites()
    with connection.execute_wrapper(during):
        yield kept
    if during.seen:
        invalidate_cache()
    else:
        after = _CatalogWrites()
        connection.execute_wrappers.append(after)
        _catalogs_clean.update(module=request.module, watch=after)


@pytest.fixture
def shipped_catalogs(db: None, catalog_cache: bool) -> None:
    """The shipped catalogs with every field stored and the in-memory catalogs as the database holds
    them (``catalog_cache``; ``cds.catalog.testing``: the files are read once per process, not once
    per test)."""
    from cds.catalog.testing import ensure_shipped_catalogs

    ensure_shipped_catalogs(keep_cache=catalog_cache)


@pytest.fixture
def builtin_catalogs(transactional_db: None) -> None:
    """The catalogs the migrations load, present again for a transactional test: the flush after
    an earlier transactional test empties every table, migration data included."""
    from cds.catalog.loader import load_builtin_catalogs
    from cds.catalog.services import invalidate_cache

    load_builtin_catalogs()
    invalidate_cache()


# --- the people and the tree every page and API test starts from (cds.accounts.testing) --------


@pytest.fixture
def tree(db: None) -> dict[str, Unit]:
    """``small_tree()``: a legacy province, its district, communes Xã An and Xã Bình, and the
    current commune they became."""
    return small_tree()


@pytest.fixture
def officer(tree: dict[str, Unit]) -> Any:
    """The officer of Xã An."""
    return person("xa.an", Role.OFFICER, tree["a"])


@pytest.fixture
def supervisor(tree: dict[str, Unit]) -> Any:
    """The supervisor of the whole small province."""
    return person("so.thunghiem", Role.SUPERVISOR, tree["province"])


@pytest.fixture
def outsider(tree: dict[str, Unit]) -> Any:
    """The officer of the neighbouring commune, Xã Bình: outside the officer's scope."""
    return person("xa.binh", Role.OFFICER, tree["b"])


@pytest.fixture
def as_officer(client: Any, officer: Any) -> Any:
    client.force_login(officer)
    return client


@pytest.fixture
def as_supervisor(client: Any, supervisor: Any) -> Any:
    client.force_login(supervisor)
    return client


@pytest.fixture
def as_outsider(client: Any, outsider: Any) -> Any:
    client.force_login(outsider)
    return client
