"""A page never fails because of one stored value: a number stored out of range before the parser
had bounds shows as "giá trị không hợp lệ" on every page, export, report and API answer."""

import logging

import pytest
from django.urls import reverse

from cds.accounts.tokens import create_token
from cds.reports.kinds import ReportOptions, build_report
from cds.values.services import Actor, ValueInput, record_values
from cds.values.tests.test_bounds import OUT_OF_RANGE, store_raw

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
INVALID = "giá trị không hợp lệ"


@pytest.fixture
def broken(tree):
    record_values(
        [
            ValueInput(tree["a"], "dvc.dossiers_online", PERIOD, "50"),
            ValueInput(tree["b"], "dvc.dossiers_total", PERIOD, "100"),
            ValueInput(tree["b"], "dvc.dossiers_online", PERIOD, "75"),
        ],
        Actor("test"),
    )
    return store_raw(tree["a"], "dvc.dossiers_total", OUT_OF_RANGE, PERIOD)


def pages(tree):
    p = PERIOD.code
    out = []
    for unit in (tree["a"], tree["district"], tree["province"]):
        out += [
            f"{reverse('web:unit', args=[unit.pk])}?period={p}",
            f"{reverse('web:entry', args=[unit.pk])}?period={p}",
            f"{reverse('web:history', args=[unit.pk])}?period={p}",
            f"{reverse('web:dashboard', args=[unit.pk])}?period={p}",
            f"{reverse('web:dashboard', args=[unit.pk])}?period={p}&format=csv",
            f"{reverse('web:rollup')}?unit={unit.pk}&period={p}&indicator=dvc.dossiers_total",
            f"{reverse('web:rollup')}?unit={unit.pk}&period={p}&indicator=dvc.online_dossier_rate",
            f"{reverse('web:rollup')}?unit={unit.pk}&period={p}&format=xlsx",
            f"{reverse('web:compare')}?in={unit.pk}&period={p}&indicator=dvc.dossiers_total",
            f"{reverse('web:compare')}?in={unit.pk}&period={p}&format=csv",
            f"{reverse('web:board')}?in={unit.pk}&period={p}",
            f"{reverse('reports:sections', args=[unit.pk, p])}",
        ]
    return out


def test_every_page_of_the_unit_and_its_parents_renders_with_one_value_out_of_range(
    as_supervisor, tree, broken, caplog
):
    with caplog.at_level(logging.WARNING, logger="cds.catalog.formatting"):
        for url in pages(tree):
            assert as_supervisor.get(url).status_code == 200, url
    unit_page = as_supervisor.get(f"{reverse('web:unit', args=[tree['a'].pk])}?period={PERIOD.code}")
    assert INVALID in unit_page.content.decode()
    rollup = as_supervisor.get(
        f"{reverse('web:rollup')}?unit={tree['province'].pk}&period={PERIOD.code}&indicator=dvc.dossiers_total"
    )
    assert INVALID in rollup.content.decode()
    assert "invalid stored value" in caplog.text


def test_the_api_lists_the_value_as_invalid_instead_of_failing(client, tree, supervisor, broken):
    key = create_token(supervisor, "test")[1]
    response = client.get(
        f"/api/values?unit={tree['a'].pk}&period={PERIOD.code}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    shown = {v["indicator"]: v["display"] for v in response.json()["items"]}
    assert shown["dvc.dossiers_total"] == INVALID


@pytest.mark.parametrize("kind", ["periodic", "consolidated"])
def test_reports_build_with_a_value_out_of_range(tree, broken, kind):
    unit = tree["a"] if kind == "periodic" else tree["province"]
    # the values are drafts: an official report of them would be refused as empty, a DỰ THẢO reads them
    built = build_report(kind, unit, PERIOD, ReportOptions(charts=False, include_unapproved=True))
    assert built.document.to_bytes() and built.draft
