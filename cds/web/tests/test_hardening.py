"""Hardening every page shares: a Content-Security-Policy without inline script, no inline
handlers in our templates, and API docs only for people who are logged in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
CDS = Path(__file__).resolve().parents[2]


def test_every_page_sends_a_policy_that_forbids_inline_script(as_officer, tree) -> None:
    for url in ["/login/", reverse("web:home"), reverse("web:unit", args=[tree["a"].pk]), "/api/units"]:
        policy = as_officer.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0], url
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_no_template_carries_inline_script_handlers_or_styles() -> None:
    found = []
    for template in CDS.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"javascript:"):
            found += [f"{template.relative_to(CDS)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert not found, found


def test_the_api_docs_and_schema_ask_for_a_login(tree) -> None:
    anonymous = Client()
    for url in ("/api/docs", "/api/openapi.json"):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_the_api_docs_open_in_debug_mode_without_a_login(tree, settings) -> None:
    settings.DEBUG = True
    assert Client().get("/api/openapi.json").status_code == 200
