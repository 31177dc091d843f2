"""Every API operation, as every role, against a unit in scope and a unit out of scope.

Operations are enumerated from the OpenAPI schema, so a new endpoint without a line in
``CALLS`` fails ``test_every_operation_has_a_call_in_the_matrix`` instead of going unchecked.
Expected outcomes follow from what the operation needs on the unit (view, edit, review):
- anonymous → 401 everywhere;
- a unit the caller may not see → 404, and the body never names the out-of-scope unit;
- a unit the caller sees but may not change → 403;
- otherwise 200.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from cds.api.api import api
from cds.values.models import DataValue, Deadline, DeadlineChange
from cds.values.services import Actor, change_status

from .conftest import CODE, PERIOD, ROLES, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_world(module_db: None, django_db_blocker: Any) -> World:
    """The world built once for the module's ≈ 370 tests (the root ``module_db``): each test's
    changes are rolled back after it, as they were when each test built its own."""
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """A copy of the shared world for one test (model instances copied, as ``setUpTestData`` does)."""
    return copy.deepcopy(shared_world)


@dataclass(frozen=True)
class Call:
    needs: str | None  # view / edit / review on the unit; None: the operation names no unit
    send: Callable[[Client, World, Any], Any]  # (client, world, unit) -> response
    status_before: str | None = None  # values of the unit are moved to this status first


def _value(world: World, unit: Any) -> DataValue:
    return DataValue.objects.get(unit=unit, period=PERIOD.code, indicator__code=CODE)


def _body(unit: Any, **extra: Any) -> dict[str, Any]:
    return {"unit": unit.pk, "period": PERIOD.code, **extra}


def post(path: str, **extra: Any) -> Callable[[Client, World, Any], Any]:
    return lambda c, w, u: c.post(path, _body(u, **extra), content_type="application/json")


def review(path: str, **extra: Any) -> Callable[[Client, World, Any], Any]:
    """A review as a reviewer sends it: with the version of the value they read."""
    return lambda c, w, u: c.post(
        path, _body(u, versions={CODE: _value(w, u).version}, **extra), content_type="application/json"
    )


CALLS: dict[str, Call] = {
    "units_search": Call(None, lambda c, w, u: c.get("/api/units/search", {"q": u.name})),
    "units_list": Call("view", lambda c, w, u: c.get("/api/units", {"parent": u.parent_id})),
    "units_detail": Call("view", lambda c, w, u: c.get(f"/api/units/{u.pk}")),
    "units_children": Call("view", lambda c, w, u: c.get(f"/api/units/{u.pk}/children")),
    "units_lineage": Call("view", lambda c, w, u: c.get(f"/api/units/{u.pk}/lineage")),
    "periods_parse": Call(None, lambda c, w, u: c.get("/api/periods/parse", {"text": "quý II/2023"})),
    "catalog_versions": Call(None, lambda c, w, u: c.get("/api/catalog/versions")),
    "indicators_list": Call(None, lambda c, w, u: c.get("/api/indicators", {"pillar": "chinh_quyen_so"})),
    "indicators_detail": Call(None, lambda c, w, u: c.get(f"/api/indicators/{CODE}")),
    "values_list": Call("view", lambda c, w, u: c.get("/api/values", {"unit": u.pk, "period": "2024"})),
    "values_detail": Call("view", lambda c, w, u: c.get(f"/api/values/{_value(w, u).pk}")),
    "values_history": Call("view", lambda c, w, u: c.get(f"/api/values/{_value(w, u).pk}/history")),
    "values_write": Call("edit", post("/api/values", values=[{"indicator": CODE, "value": "1.463"}])),
    "values_submit": Call("edit", post("/api/values/submit")),
    "values_withdraw": Call(
        "edit", post("/api/values/withdraw", indicators=[CODE], reason="tệp mới thiếu cột")
    ),
    "values_approve": Call("review", review("/api/values/approve"), status_before="submit"),
    "values_return": Call(
        "review", review("/api/values/return", reason="thiếu số liệu"), status_before="submit"
    ),
    "values_reopen": Call("review", post("/api/values/reopen", reason="sửa lỗi"), status_before="approve"),
    "values_recall": Call("edit", post("/api/values/recall", reason="sửa số"), status_before="submit"),
    # the unit's yearly report is long overdue (draft): there is someone to remind — or nobody, still 200
    "values_remind": Call(
        "review",
        lambda c, w, u: c.post(
            "/api/values/remind", {"period": PERIOD.code, "units": [u.pk]}, content_type="application/json"
        ),
    ),
    "validation_check": Call(
        "view", lambda c, w, u: c.get("/api/validation", {"unit": u.pk, "period": "2024"})
    ),
    "targets_list": Call("view", lambda c, w, u: c.get("/api/targets", {"unit": u.pk, "period": "2024"})),
    "rollups_get": Call(
        "view", lambda c, w, u: c.get("/api/rollups", {"unit": u.pk, "period": "2024", "indicator": CODE})
    ),
    "dvc_index": Call("view", lambda c, w, u: c.get("/api/dvc/index", {"unit": u.pk, "period": "2024"})),
    "dvc_index_ranking": Call(
        "view", lambda c, w, u: c.get("/api/dvc/index/ranking", {"unit": u.pk, "period": "2024"})
    ),
    "completeness_get": Call(
        "view", lambda c, w, u: c.get("/api/completeness", {"unit": u.parent_id, "period": "2024"})
    ),
    "deadlines_get": Call("view", lambda c, w, u: c.get("/api/deadlines", {"unit": u.pk, "period": "2024"})),
    # setting a deadline needs supervision of the unit: the same people as reviewing it
    "deadlines_set": Call("review", post("/api/deadlines", due="2025-01-20", reason="họp giao ban")),
    # a job about a unit is seen by whoever sees the unit (and by the person who started it)
    "jobs_list": Call(None, lambda c, w, u: c.get("/api/jobs")),
    "job_status": Call("view", lambda c, w, u: c.get(f"/api/jobs/{_job(u).pk}")),
    "team_members_write": Call(
        "edit",
        lambda c, w, u: c.post(
            f"/api/teams/{_team(u).pk}/members",
            {"full_name": "Nguyễn Văn A", "joined_on": "2024-03-01"},
            content_type="application/json",
        ),
    ),
    "team_activities_write": Call(
        "edit",
        lambda c, w, u: c.post(
            f"/api/teams/{_team(u).pk}/activities",
            {"held_on": "2024-09-15", "people_guided": 40, "platforms": ["vneid"]},
            content_type="application/json",
        ),
    ),
    "teams_write": Call(
        "edit",
        lambda c, w, u: c.post(
            "/api/teams",
            {"unit": u.pk, "name": "Tổ CNSCĐ mới", "level": "commune", "established_on": "2024-01-02"},
            content_type="application/json",
        ),
    ),
    "teams_list": Call("view", lambda c, w, u: c.get("/api/teams", {"unit": u.pk, "period": "2024"})),
    "ranks_list": Call("view", lambda c, w, u: c.get("/api/ranks", {"unit": u.pk})),
    # a published rank is recorded by the people who supervise the unit, not by the unit itself
    "ranks_write": Call(
        "review",
        lambda c, w, u: c.post(
            "/api/ranks",
            {"unit": u.pk, "ranking": "phuc_vu_766", "period": "2024", "rank": 3, "ranked_of": 12},
            content_type="application/json",
        ),
    ),
    "courses_list": Call("view", lambda c, w, u: c.get("/api/courses", {"unit": u.pk, "period": "2024"})),
    "courses_write": Call(
        "edit",
        lambda c, w, u: c.post(
            "/api/courses",
            {
                "unit": u.pk,
                "kind": "local",
                "name": "Tập huấn kỹ năng số",
                "starts_on": "2024-03-14",
                "participants": {"residents": 120},
            },
            content_type="application/json",
        ),
    ),
}


def _team(unit: Any) -> Any:
    from cds.registries.models import Team

    return Team.objects.get_or_create(
        unit=unit, name="Tổ CNSCĐ", defaults={"level": "commune", "established_on": "2023-01-01"}
    )[0]


def _job(unit: Any) -> Any:
    from cds.jobs.models import Job

    return Job.objects.create(kind="kpi_recompute", unit=unit, params={"years": [2024]})


# What each role may do on the in-scope commune (Xã An); nobody but the admin sees the other one.
MAY = {
    "admin": {"view", "edit", "review"},
    "supervisor": {"view", "edit", "review"},
    "officer": {"view", "edit"},
    "viewer": {"view"},
    "outsider": set(),
}


def operation_ids() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(op["operationId"] for ops in schema["paths"].values() for op in ops.values())


def test_every_operation_has_a_call_in_the_matrix() -> None:
    assert operation_ids() == sorted(CALLS)


def expected(role: str, call: Call, in_scope: bool) -> int:
    if role == "anonymous":
        return 401
    if call.needs is None:
        return 200
    may = MAY[role] if in_scope or role == "admin" else set()
    # completeness and unit lists name a parent; the supervisor and viewer see it, the officer does not
    if "view" not in may:
        return 404
    return 200 if call.needs in may else 403


def _prepare(world: World, call: Call) -> None:
    if call.status_before is None:
        return
    for unit in (world.inside, world.outside):
        value = _value(world, unit)
        change_status([value], "submit", Actor("test"))
        if call.status_before == "approve":
            change_status([_value(world, unit)], "approve", Actor("test"))


@pytest.mark.parametrize("target", ["inside", "outside"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(CALLS))
def test_each_role_gets_exactly_what_its_scope_allows(
    world: World, operation: str, role: str, target: str
) -> None:
    call = CALLS[operation]
    _prepare(world, call)
    unit = getattr(world, target)
    if operation in PARENT_OPERATIONS and role == "officer" and target == "inside":
        want = 404  # the officer's scope is the commune itself, not its district
    else:
        want = expected(role, call, target == "inside")
    response = call.send(world.client(role), world, unit)
    assert response.status_code == want, response.content.decode()[:500]
    payload = response.json()
    if isinstance(payload, dict):
        payload.pop("query", None)  # a search answers with the caller's own words
    body = json.dumps(payload, ensure_ascii=False)
    if role != "admin":
        assert world.outside.name not in body and world.outside.code not in body
        # the out-of-scope unit's value, chosen so that no timestamp or id can contain it by chance
        assert "9876543" not in body and "9.876.543" not in body
    if role in {"anonymous", "outsider"}:
        assert world.inside.code not in body and "Xã An" not in body
    if want >= 400:
        assert payload["message_vi"] and payload["message_en"]


PARENT_OPERATIONS = {"completeness_get", "units_list"}


def test_a_refused_write_changes_nothing(world: World) -> None:
    before = list(DataValue.objects.values_list("raw", "version", "status"))
    for role in ("viewer", "outsider", "anonymous"):
        CALLS["values_write"].send(world.client(role), world, world.inside)
        CALLS["values_submit"].send(world.client(role), world, world.inside)
    assert list(DataValue.objects.values_list("raw", "version", "status")) == before
    for role in ("officer", "viewer", "outsider", "anonymous"):
        CALLS["deadlines_set"].send(world.client(role), world, world.inside)
    assert not Deadline.objects.exists() and not DeadlineChange.objects.exists()


@pytest.mark.parametrize("operation", ["values_approve", "values_return", "values_reopen"])
def test_a_refused_review_changes_nothing(world: World, operation: str) -> None:
    """Approve, return and reopen by everyone who may not review Xã An (its own officer
    included), on a value in the state each starts from: no status, version or history moves."""
    from cds.values.models import ValueChange

    call = CALLS[operation]
    _prepare(world, call)
    before = list(DataValue.objects.values_list("raw", "version", "status")), ValueChange.objects.count()
    for role in ("officer", "viewer", "outsider", "anonymous"):
        assert call.send(world.client(role), world, world.inside).status_code in {401, 403, 404}, role
    after = list(DataValue.objects.values_list("raw", "version", "status")), ValueChange.objects.count()
    assert after == before
