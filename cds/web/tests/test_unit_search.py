"""Issue 15: the home page's unit search shows both maps like `cds units find` and the API:
today's units first, the former ones labelled «(trước 1/7/2025)», so a person typing a former
district finds it."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.slow


@pytest.fixture
def as_admin(client, units):
    admin = get_user_model().objects.create_superuser("quantri", password="x")
    client.force_login(admin, backend="cds.accounts.lockout.LockoutBackend")
    return client


def results(client, query: str) -> list[str]:
    page = client.get("/", {"q": query}).content.decode()
    listing = page.split('id="q"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>|\s+", " ", item).strip() for item in listing.split("<li>")[1:]]


def test_a_former_district_is_found_and_labelled_as_before_the_reorganisation(as_admin) -> None:
    found = results(as_admin, "Huyện Sơn Hà")
    assert any(r.startswith("Huyện Sơn Hà") and "(trước 1/7/2025)" in r for r in found), found


def test_todays_units_come_first_and_the_former_ones_after_them_labelled(as_admin) -> None:
    found = results(as_admin, "Sơn Hà")
    former = [i for i, r in enumerate(found) if "(trước 1/7/2025)" in r]
    today = [i for i, r in enumerate(found) if "(trước 1/7/2025)" not in r]
    assert today and former, found
    assert max(today) < min(former)


def test_the_label_is_english_on_the_english_switch(as_admin) -> None:
    as_admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found = results(as_admin, "Huyện Sơn Hà")
    assert any("(before 1/7/2025)" in r for r in found) and not any("trước" in r for r in found), found
