"""Abandoned Excel previews leave no files: a new preview replaces the session's earlier one (its file
removed), and previews older than a day (the person never confirmed) are removed on the next upload."""

from __future__ import annotations

import os
import time

import pytest
from django.test import Client
from django.urls import reverse

from cds.units.models import Unit
from cds.web.views.excel import upload_dir

from .test_excel import fill, template

pytestmark = pytest.mark.django_db


def _preview(client: Client, tree: dict[str, Unit], value: str) -> str:
    upload = fill(template(client, unit=tree["a"].pk), {(tree["a"].code, "dvc.dossiers_total"): value})
    assert client.post(reverse("web:excel"), {"file": upload}).status_code == 200
    return client.session["web.excel.upload"]["token"]


def test_a_second_preview_removes_the_first_ones_file(as_officer, tree, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = _preview(as_officer, tree, "250")
    second = _preview(as_officer, tree, "260")
    assert sorted(p.name for p in upload_dir().iterdir()) == [second] != [first]


def test_a_preview_abandoned_for_a_day_is_removed_by_the_next_upload_and_a_recent_one_is_kept(
    as_officer, tree, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    old, recent = upload_dir() / ("a" * 32), upload_dir() / ("b" * 32)
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "tai-len.xlsx").write_bytes(b"x")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    token = _preview(as_officer, tree, "250")
    assert sorted(p.name for p in upload_dir().iterdir()) == sorted([recent.name, token])
