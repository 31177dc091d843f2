"""The API's half of tests/test_malformed_definitions.py (its own module: a module builds one world):
every operation of the API matrix answers as it would without the fault, and the rate's figure is
null with the problem said in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from cds.api.tests.conftest import PERIOD
from cds.api.tests.conftest import build_world as build_api_world
from cds.api.tests.test_permission_matrix import CALLS, MAY, _prepare, expected
from cds.catalog.services import invalidate_cache
from cds.values.services import Actor, ValueInput, record_values

from .test_malformed_definitions import RATE, TOTAL, _no_denominator, fault  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api_world(module_db: None, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        return build_api_world()


@pytest.mark.parametrize("operation", sorted(CALLS))
def test_every_api_operation_answers_as_it_would_without_the_fault(
    api_world: Any,
    db: None,
    fault: str,  # noqa: F811
    operation: str,
) -> None:
    call = CALLS[operation]
    _prepare(api_world, call)  # values submitted or approved first, as the matrix does
    response = call.send(api_world.client("supervisor"), api_world, api_world.inside)
    # the supervisor may do everything on the unit (``MAY``): every answer is the 200 it would be
    assert {"view", "edit", "review"} <= MAY["supervisor"]
    assert response.status_code == expected("supervisor", call, True) == 200, response.content.decode()[:300]


def test_the_api_gives_the_rate_no_figure_and_says_why(api_world: Any, db: None) -> None:
    _no_denominator()
    invalidate_cache()
    record_values([ValueInput(api_world.inside, "dvc.dossiers_online", PERIOD, "60")], Actor("test"))
    client = api_world.client("supervisor")
    detail = client.get(f"/api/indicators/{RATE}").json()
    assert (
        detail["problem_vi"].startswith("tỷ lệ «Tỷ lệ hồ sơ trực tuyến»")
        and "no denominator" in detail["problem_en"]
    )
    rollup = client.get("/api/rollups", {"unit": api_world.inside.pk, "period": "2024", "indicator": RATE})
    assert rollup.status_code == 200
    figures = rollup.json()
    first = figures[0] if isinstance(figures, list) else figures
    text = str(first)
    assert "không có mẫu số" in text and "no denominator" in text
    # the figure itself is null though both parts are recorded (120 dossiers, 60 online): never a
    # number the catalog cannot back (review7: the world had no online count, so null proved nothing)
    assert first["result"]["value"] is None and first["result"]["numerator"] is None, first["result"]
    online = client.get(
        "/api/rollups", {"unit": api_world.inside.pk, "period": "2024", "indicator": "dvc.dossiers_online"}
    ).json()
    assert (online[0] if isinstance(online, list) else online)["result"]["value"] == 60  # the part is there
    sound = client.get(f"/api/indicators/{TOTAL}").json()
    assert sound["problem_vi"] is None and sound["problem_en"] is None
    invalidate_cache()
