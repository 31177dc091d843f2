import pytest


@pytest.fixture(autouse=True)
def fresh_catalog_cache(catalog_cache: bool) -> None:
    """Each test's database transaction is rolled back; the in-memory catalog must follow (the root
    ``catalog_cache``: dropped after any catalog write, kept while the tests of a module only read)."""
