"""Change records name the request or command run that wrote them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cds import cli
from cds.accounts.models import RoleAssignment
from cds.history.changes import snapshot
from cds.history.context import current_request_id, operation
from cds.history.models import ChangeRecord
from cds.registries.models import Course
from cds.units.testing import small_tree

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_fresh_request_id() -> None:
    first, second = Client().get("/login/"), Client().get("/login/")
    assert first["X-Request-ID"].startswith("req-") and first["X-Request-ID"] != second["X-Request-ID"]
    assert current_request_id() is None  # nothing leaks out of the request


def test_one_cds_command_run_gives_all_its_changes_one_id(monkeypatch: pytest.MonkeyPatch) -> None:
    # Django closes every connection after a command run from the command line; on PostgreSQL
    # that would close the test's own transaction under it (SQLite's in-memory one is kept).
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)
    small_tree()
    get_user_model().objects.create_user("a")
    cli.main(["accounts", "grant", "a", "officer", "T99901"])
    cli.main(["accounts", "grant", "a", "viewer", "T99901"])
    ids = list(ChangeRecord.objects.order_by("pk").values_list("request_id", flat=True))
    assert len(ids) == 2 and all(i.startswith("cli-") for i in ids) and ids[0] != ids[1]
    assert ChangeRecord.objects.filter(actor="cli: cds accounts grant").count() == 2
    assert RoleAssignment.objects.count() == 2


def test_an_inner_operation_keeps_the_outer_id() -> None:
    with operation("req", keep=False) as outer, operation() as inner:
        assert inner == outer


def test_a_snapshot_is_plain_json_without_automatic_timestamps() -> None:
    tree = small_tree()
    course = Course.objects.create(unit=tree["a"], kind="local", name="Lớp", starts_on=dt.date(2024, 1, 2))
    data = snapshot(course, extra=Decimal("1.50"))
    assert data["starts_on"] == "2024-01-02" and data["unit_id"] == tree["a"].pk and data["extra"] == "1.50"
