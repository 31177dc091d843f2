"""Data periods are bounded (2000 to next year, configurable); a stored odd period breaks no page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cds.accounts.testing import person
from cds.lib.errors import InputError
from cds.lib.periods import check_data_period, data_years, parse_period
from cds.units.testing import small_tree
from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, ValueWriteError, record_values

pytestmark = pytest.mark.django_db


def test_data_years_run_from_2000_to_next_year_unless_set() -> None:
    years = data_years(today=dt.date(2026, 3, 1))
    assert (years[0], years[-1]) == (2000, 2027)
    assert data_years(2010, 2030) == range(2010, 2031)


@pytest.mark.parametrize(
    "code", ["0001", "0023Q1", "1999-12", "9999", "9999Q4", "2028S1", "1999-12-15..2000-03-31"]
)
def test_a_period_outside_the_data_years_is_refused_in_both_languages(code: str) -> None:
    with pytest.raises(InputError) as caught:
        check_data_period(parse_period(code), data_years(today=dt.date(2026, 1, 1)))
    assert "2000–2027" in caught.value.vi and "2000–2027" in caught.value.en


@pytest.mark.parametrize("code", ["0001", "9999", "9999Q4", "1899-01"])
def test_the_values_writer_refuses_a_year_outside_the_data_years(code: str) -> None:
    tree = small_tree()
    with pytest.raises(ValueWriteError) as caught:
        record_values([ValueInput(tree["a"], "dvc.dossiers_total", parse_period(code), "5")], Actor("t"))
    assert "2000" in str(caught.value.errors[0])
    assert not DataValue.objects.exists()


def test_the_data_years_follow_the_settings(settings) -> None:
    tree = small_tree()
    settings.CDS_DATA_FIRST_YEAR, settings.CDS_DATA_LAST_YEAR = 2020, 2022
    with pytest.raises(ValueWriteError):
        record_values([ValueInput(tree["a"], "dvc.dossiers_total", parse_period("2019"), "5")], Actor("t"))
    assert record_values(
        [ValueInput(tree["a"], "dvc.dossiers_total", parse_period("2022"), "5")], Actor("t")
    ).created


def test_the_api_refuses_a_value_for_year_9999(client) -> None:
    tree = small_tree()
    from cds.accounts.models import Role

    client.force_login(person("xa.an", Role.OFFICER, tree["a"]))
    response = client.post(
        "/api/values",
        {
            "unit": tree["a"].pk,
            "period": "9999",
            "values": [{"indicator": "dvc.dossiers_total", "value": "7"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    body = response.json()  # a bad period is refused as the request's input, before any value
    assert "2000" in body["message_vi"] and body["field"] == "period" and body["value"] == "9999"
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("code", ["9999Q4", "9999", "0001", "0001-01"])
def test_pages_still_open_after_a_value_was_stored_for_an_odd_period(client, settings, code: str) -> None:
    """A figure stored before the years were checked (or with other settings) is left off the lists."""
    tree = small_tree()
    settings.CDS_DATA_FIRST_YEAR, settings.CDS_DATA_LAST_YEAR = 1, 9999
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", parse_period(code), "5")], Actor("t"))
    settings.CDS_DATA_FIRST_YEAR, settings.CDS_DATA_LAST_YEAR = 2000, 0
    from cds.accounts.models import Role

    client.force_login(person("so.thunghiem", Role.SUPERVISOR, tree["province"]))
    pages = [
        (reverse("web:unit", args=[tree["a"].pk]), {}),
        (reverse("web:unit", args=[tree["province"].pk]), {}),
        (reverse("web:unit", args=[tree["a"].pk]), {"period": code}),
        (reverse("web:history", args=[tree["a"].pk]), {}),
        (reverse("web:dashboard", args=[tree["province"].pk]), {"period": code}),
        (reverse("web:entry", args=[tree["a"].pk]), {"period": code}),
        (reverse("web:rollup"), {"period": code}),
        (reverse("web:compare"), {"period": code}),
        (reverse("web:board"), {"period": code}),
        ("/api/values", {"unit": tree["a"].pk}),
    ]
    for url, query in pages:
        assert client.get(url, query).status_code < 500, (url, query)
    page = client.get(reverse("web:unit", args=[tree["a"].pk]), {"period": code}).content.decode()
    assert "2000–" in page  # the refused period is explained, the page falls back
