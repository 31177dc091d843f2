"""A busy database (someone's large import holds SQLite's write lock) is a 503 with Retry-After
and a clear message in Vietnamese and English — on pages and in the API — never a 500."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest
from django.db import OperationalError
from django.urls import reverse

from cds.values.services import Actor, ValueInput, record_values
from cds.web.middleware import server_error

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
BUSY_VI = "Đang có người nhập dữ liệu, vui lòng thử lại sau ít giây."


def _locked(*args: Any, **kwargs: Any) -> NoReturn:
    raise OperationalError("database is locked")


def test_a_page_that_meets_a_locked_database_says_so_with_503(as_officer, tree, monkeypatch) -> None:
    monkeypatch.setattr("cds.web.views.units.check_unit", _locked)
    response = as_officer.get(reverse("web:unit", args=[tree["a"].pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert BUSY_VI in response.content.decode()


def test_the_busy_page_speaks_english_when_english_was_chosen(as_officer, tree, monkeypatch) -> None:
    monkeypatch.setattr("cds.web.views.units.check_unit", _locked)
    as_officer.cookies["django_language"] = "en"
    page = as_officer.get(reverse("web:unit", args=[tree["a"].pk])).content.decode()
    assert page.index("Someone is importing data") < page.index(BUSY_VI)


def test_a_save_that_meets_a_locked_database_is_a_503_not_a_500(as_officer, tree, monkeypatch) -> None:
    monkeypatch.setattr("cds.values.services.apply_plans", _locked)
    response = as_officer.post(
        reverse("web:entry", args=[tree["a"].pk]) + f"?period={PERIOD.code}",
        {"action": "save", "v:dvc.dossiers_total": "12"},
    )
    assert response.status_code == 503
    assert BUSY_VI in response.content.decode()


def test_the_api_answers_503_json_with_retry_after(as_officer, tree, monkeypatch) -> None:
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "5")], Actor("t"))
    monkeypatch.setattr("cds.values.services.apply_plans", _locked)
    response = as_officer.post(
        "/api/values",
        {
            "unit": tree["a"].pk,
            "period": PERIOD.code,
            "values": [{"indicator": "dvc.dossiers_total", "value": "7"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    assert response.json()["message_vi"] == BUSY_VI
    assert "importing" in response.json()["message_en"]


def test_another_database_error_is_not_called_busy(as_officer, tree, monkeypatch, client) -> None:
    def broken(*args: Any, **kwargs: Any) -> NoReturn:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr("cds.web.views.units.check_unit", broken)
    as_officer.raise_request_exception = False
    response = as_officer.get(reverse("web:unit", args=[tree["a"].pk]))
    assert response.status_code == 500
    assert BUSY_VI not in response.content.decode()


def test_a_busy_database_met_outside_a_view_is_also_a_503(rf) -> None:
    request = rf.get("/board/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    try:
        raise OperationalError("disk I/O error")
    except OperationalError:
        assert server_error(request).status_code == 500
