"""A small world for API tests: the explicit unit tree, one unit outside it, and one user per role.

In scope: Xã An (commune of Huyện Mẫu, Tỉnh Thử Nghiệm). Out of scope: Xã Ngoài Phạm Vi in
another province, which no one but the administrator may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from cds.accounts.models import Role
from cds.accounts.testing import person
from cds.accounts.tokens import create_token
from cds.lib.periods import parse_period
from cds.units.models import Unit
from cds.units.testing import make_unit, small_tree
from cds.values.services import Actor, ValueInput, record_values

PERIOD = parse_period("2024")
CODE = "dvc.dossiers_total"
ROLES = ("anonymous", "admin", "supervisor", "officer", "viewer", "outsider")


@dataclass
class World:
    units: dict[str, Unit]
    users: dict[str, Any]
    keys: dict[str, str]

    @property
    def inside(self) -> Unit:
        return self.units["a"]

    @property
    def outside(self) -> Unit:
        return self.units["outside"]

    def client(self, role: str) -> Client:
        if role == "anonymous":
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.keys[role]}")


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The units, the people with their tokens, and one value on each side of the scope line."""
    units = small_tree()
    other = make_unit("Tỉnh Ngoài", "province", "N88")
    district = make_unit("Huyện Ngoài", "district", "N888", other)
    units["outside"] = make_unit("Xã Ngoài Phạm Vi", "commune", "N88801", district)
    users = {
        "admin": person("quan.tri", is_superuser=True),
        "supervisor": person("giam.sat", Role.SUPERVISOR, units["district"]),
        "officer": person("can.bo.an", Role.OFFICER, units["a"]),
        "viewer": person("chi.xem", Role.VIEWER, units["district"]),
        "outsider": person("nguoi.ngoai"),
    }
    keys = {role: create_token(user, "test")[1] for role, user in users.items()}
    record_values(
        [
            ValueInput(u, CODE, PERIOD, raw)
            for u, raw in ((units["a"], "120"), (units["outside"], "9.876.543"))
        ],
        Actor("test"),
    )
    return World(units, users, keys)


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Keep the test's database connection open across WSGI requests, as Django's test client does.

    A WSGI handler closes the connection when a request finishes; on PostgreSQL that would close
    the test's transaction under it.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
