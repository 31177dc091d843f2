from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from cds.catalog.services import invalidate_cache

# A statement that changes a catalog table (``catalog_*``): after it, the in-memory catalogs may no
# longer be what the database holds once the test's transaction is rolled back.
_CATALOG_WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|REPLACE|DROP|ALTER|CREATE)\b.*\bcatalog_", re.I | re.S
)

# The module whose tests last left the in-memory catalogs as the (unchanged) database holds them.
_clean_in: list[Any] = [None]


@pytest.fixture(autouse=True)
def fresh_catalog_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test's database transaction is rolled back; the in-memory catalog must follow.

    The catalogs are dropped before and after every test that wrote a catalog table (or that could
    have: a transactional test, whose flush empties every table, a test without the database) and
    at the start of each module (its module fixtures ran outside this watch). A test that only read
    leaves them as the database holds them, so the next test of its module starts from them instead
    of building each version again (≈ 30–40 ms each, twice in most of these tests)."""
    marker = request.node.get_closest_marker("django_db")
    watched = (
        "db" in request.fixturenames or (marker is not None and not marker.kwargs.get("transaction"))
    ) and not {"transactional_db", "live_server"} & set(request.fixturenames)
    if not (watched and _clean_in[0] is request.module):
        invalidate_cache()
    _clean_in[0] = None
    if not watched:
        yield
        invalidate_cache()
        return
    wrote: list[str] = []

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not wrote and _CATALOG_WRITE.match(sql):
            wrote.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield
    if wrote:
        invalidate_cache()
    else:
        _clean_in[0] = request.module
