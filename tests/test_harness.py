"""The test harness itself (the root conftest.py): what it changes for speed keeps what tests see."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_render_without_the_test_instrumentation_so_no_context_is_copied(client: Any) -> None:
    response = client.get(reverse("web:login"))
    assert response.status_code == 200
    assert "<form" in response.content.decode()
    assert response.templates == []
    assert response.context is None


def test_a_test_asking_for_rendered_templates_gets_the_templates_and_their_context(
    client: Any, rendered_templates: None
) -> None:
    response = client.get(reverse("web:login"))
    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]
    assert "form" in response.context


def test_the_collected_tests_and_imported_modules_are_frozen_out_of_the_collectors_sight() -> None:
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold()[0] == 50_000


def test_every_file_handed_out_first_to_the_workers_exists() -> None:
    """A renamed file would silently drop out of conftest.py's costliest-first order."""
    conftest = sys.modules["conftest"]
    root = Path(str(conftest.__file__)).parent
    assert conftest.HEAVY_FIRST
    assert all((root / entry).exists() for entry in conftest.HEAVY_FIRST)
