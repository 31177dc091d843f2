"""A DTI scorecard that does not exist answers in the reader's language, Vietnamese first —
and a province's DTI page is its ranking, never a bare «not found»."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .test_pages import MODEL_BACKEND, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_province_scorecard_leads_to_the_ranking_of_its_communes(client, world):  # noqa: F811
    tree, users = world
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    page = client.get(reverse("dti:scorecard", args=[tree["province"].pk, 2024]))
    assert page.status_code == 302
    assert page["Location"] == f"{reverse('dti:ranking')}?year=2024&scope={tree['province'].pk}"


def test_a_scorecard_for_a_year_without_a_framework_says_why_in_vietnamese_then_english(
    client,
    world,  # noqa: F811
    settings,
):
    settings.DEBUG = True  # even the developer's server must not show Django's English page
    tree, users = world
    client.force_login(users["officer"], backend=MODEL_BACKEND)
    url = reverse("dti:scorecard", args=[tree["a"].pk, 2019])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 404
    assert "Không tìm thấy trang" in html and "không có bảng điểm DTI năm 2019" in html
    assert "Page not found" not in html and 'value="en"' in html  # the English switch is there
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "has no DTI scorecard for 2019" in english
