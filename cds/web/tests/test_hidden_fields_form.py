"""The entry form hides fields an answer makes moot (cds/values/data/hidden_fields.yaml) on the
server, so it works without a script; the page's script hides them as the answer changes."""

import pytest
from django.urls import reverse

from cds.values.services import Actor, ValueInput, record_values
from cds.values.workflow import report_completeness

from .conftest import PERIOD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]


def field(page: str, code: str) -> str:
    return page.split(f'id="f-{code}"', 1)[1].split(">", 1)[0]


def entry(client, unit) -> str:
    return client.get(f"{reverse('web:entry', args=[unit.pk])}?period={PERIOD.code}").content.decode()


def test_no_website_hides_its_details_on_the_form_and_in_what_is_missing(as_officer, tree):
    record_values([ValueInput(tree["a"], "gov.has_website", PERIOD, "không")], Actor("t"))
    page = entry(as_officer, tree["a"])
    assert 'hidden data-hidden-by="gov.has_website"' in field(page, "gov.website_visits")
    assert "hidden" in field(page, "infra.website_ipv6")
    assert "hidden" not in field(page, "gov.has_website")
    question = page.split('id="v-gov.has_website"', 1)[1].split(">", 1)[0]
    assert 'data-hide-when="không"' in question and "gov.website_pageviews" in question
    assert '<option value="không" selected>' in page.split('id="v-gov.has_website"', 1)[1]
    required = len(report_completeness(tree["a"], PERIOD).required)  # the website's details not asked
    assert f"Đã nhập 1/{required} chỉ tiêu của bộ số liệu." in page


def test_a_website_shows_its_details(as_officer, tree):
    record_values([ValueInput(tree["a"], "gov.has_website", PERIOD, "có")], Actor("t"))
    page = entry(as_officer, tree["a"])
    assert "hidden" not in field(page, "gov.website_visits")


def test_an_answer_typed_on_a_page_shown_again_hides_by_what_was_typed(as_officer, tree):
    url = f"{reverse('web:entry', args=[tree['a'].pk])}?period={PERIOD.code}"
    response = as_officer.post(
        url, {"v:gov.has_website": "không", "v:dvc.dossiers_total": "nhiều", "action": "save"}
    )
    page = response.content.decode()
    assert "nhiều" in page  # the error shows the page again, with what was typed
    assert "hidden" in field(page, "gov.website_visits")
