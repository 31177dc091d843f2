import pytest

from cds.catalog.services import invalidate_cache


@pytest.fixture(autouse=True)
def fresh_catalog_cache():
    """Each test's database transaction is rolled back; the in-memory catalog must follow."""
    invalidate_cache()
    yield
    invalidate_cache()
