"""Ingest tests: the people and the tree are the root ``conftest.py``'s; Chromium is the web tests'."""

from __future__ import annotations

import pytest

from cds.web.tests.browsing import browser  # noqa: F401 (Chromium for the browser test, one per module)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (Playwright)")
