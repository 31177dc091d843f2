"""Registry pages: scoped lists, personal data only for the unit and its supervisors, paste → confirm."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cds.accounts.models import Role
from cds.accounts.testing import client_of
from cds.registries.models import Document
from cds.units.models import Unit
from cds.units.testing import small_tree

from .helpers import team_with_members

pytestmark = pytest.mark.django_db


def _client(unit: Unit, role: str) -> Client:
    return client_of(f"{role}-{unit.code}", role, unit)


@pytest.fixture
def setup():
    tree = small_tree()
    team = team_with_members(tree["a"], "commune", "Tổ xã An", 2, dt.date(2023, 1, 1))
    return tree, team


def test_the_officer_and_the_supervisor_see_phone_numbers_a_viewer_does_not(setup) -> None:
    tree, team = setup
    url = f"/registries/teams/{team.pk}/"
    assert "0900000000" in _client(tree["a"], Role.OFFICER).get(url).content.decode()
    assert "0900000000" in _client(tree["district"], Role.SUPERVISOR).get(url).content.decode()
    viewer_page = _client(tree["district"], Role.VIEWER).get(url).content.decode()
    assert "Người 0" in viewer_page and "0900000000" not in viewer_page


def test_a_team_outside_the_users_scope_is_not_found(setup) -> None:
    tree, team = setup
    outsider = _client(tree["b"], Role.OFFICER)
    assert outsider.get(f"/registries/teams/{team.pk}/").status_code == 404
    assert "Tổ xã An" not in outsider.get("/registries/teams/").content.decode()


def test_pages_require_a_login(setup) -> None:
    assert Client().get("/registries/teams/").status_code == 302


def test_pasted_text_is_saved_only_after_confirmation(setup) -> None:
    tree, _ = setup
    client = _client(tree["a"], Role.OFFICER)
    data = {"unit": tree["a"].pk, "text": "Kế hoạch số 38/KH-UBND ngày 14/3/2023 về chuyển đổi số năm 2023"}
    page = client.post("/registries/docs/paste/", {**data, "preview": "1"}).content.decode()
    assert "Kế hoạch số 38/KH-UBND" in page and Document.objects.count() == 0
    client.post("/registries/docs/paste/", {**data, "confirm": "1", "keep": ["0"], "own": ["0"]})
    doc = Document.objects.get()
    assert (doc.reference, doc.issued_on, doc.issued_by_unit) == ("38/KH-UBND", dt.date(2023, 3, 14), True)


@pytest.mark.parametrize("url", ["/registries/", "/registries/teams/", "/registries/docs/", "/registries/docs/paste/",
                                 "/registries/training/", "/registries/plans/", "/registries/teams/new/"])  # fmt: skip
def test_every_page_renders_for_an_officer(setup, url: str) -> None:
    tree, _ = setup
    assert _client(tree["a"], Role.OFFICER).get(url).status_code == 200
