"""The banner of set-aside definitions (``cds.web.context.catalog_problems``) never takes a page down.

review7: the context processor caught only ``CatalogNotLoaded``; a catalog version whose build
raised anything else (a row an older tree wrote, a hand edit) turned every page into a 500, the
pages that never read that version included. Now the page renders, the banner says the catalog
could not be read, and the failure is logged once, not once per request."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from cds.catalog import services
from cds.web import context

pytestmark = pytest.mark.django_db
UNREADABLE = "Không đọc được danh mục chỉ tiêu để kiểm tra định nghĩa sai"


@pytest.fixture
def an_older_version_that_cannot_be_built(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every loaded version but the one in force raises when it is built."""
    services.invalidate_cache()
    in_force = services.version_in_force()
    others = [code for code in services.loaded_versions() if code != in_force]
    assert others, "the test database loads more than one catalog version"
    build = services._build

    def breaks(code: str) -> Any:
        if code != in_force:
            raise RuntimeError(f"hỏng bản {code}")
        return build(code)

    monkeypatch.setattr(services, "_build", breaks)
    monkeypatch.setattr(context, "_logged", set(), raising=False)
    yield in_force
    services.invalidate_cache()


def test_a_page_renders_when_the_banner_cannot_be_computed_and_says_the_catalog_could_not_be_read(
    as_officer: Any, an_older_version_that_cannot_be_built: str
) -> None:
    response = as_officer.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<main" in page and UNREADABLE in page
    assert "Chỉ tiêu có định nghĩa sai trong danh mục" not in page  # no list it could not compute


def test_the_failure_is_logged_once_not_once_per_page(
    as_officer: Any, an_older_version_that_cannot_be_built: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="cds.web.context"):
        for _ in range(3):
            assert as_officer.get("/").status_code == 200
    logged = [r for r in caplog.records if r.name == "cds.web.context"]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert "hỏng bản" in str(logged[0].exc_info[1])


def test_the_english_page_says_it_in_english(
    as_officer: Any, an_older_version_that_cannot_be_built: str
) -> None:
    as_officer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = as_officer.get("/").content.decode()
    assert "The indicator catalog could not be read to check for faulty definitions" in page
    assert UNREADABLE not in page


def test_a_sound_catalog_shows_no_banner(as_officer: Any) -> None:
    services.invalidate_cache()
    page = as_officer.get("/").content.decode()
    assert UNREADABLE not in page and "Chỉ tiêu có định nghĩa sai trong danh mục" not in page
