"""Granting and revoking roles: what the ``cds accounts`` command, the admin and the demo call.

Each grant or revocation takes an ``Actor`` (``cds.values.services.Actor``: who does it) and
writes a change record (``cds.history``) in its transaction, besides the security log line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cds.history.changes import ActorLike, delete_with_history, record, snapshot
from cds.history.models import ChangeAction
from cds.lib.errors import InputError, Location
from cds.units.models import Unit

from .audit import security_log
from .models import Role, RoleAssignment


def get_user(username: str) -> Any:
    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        raise InputError(
            f"Không có người dùng «{username}».",
            f"No user named '{username}'.",
            Location(column="user", value=username),
        ) from None


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        choices = ", ".join(Role.values)
        raise InputError(
            f"Vai trò «{text}» không hợp lệ; chọn một trong: {choices}.",
            f"Unknown role '{text}'; choose one of: {choices}.",
            Location(column="role", value=text),
        ) from None


def _check_unit(role: Role, unit: Unit | None) -> None:
    if role != Role.ADMIN and unit is None:
        raise InputError(
            f"Vai trò «{role.label}» cần một đơn vị.",
            f"Role '{role.value}' needs a unit.",
            Location(column="unit"),
        )


@dataclass(frozen=True)
class Grant:
    assignment: RoleAssignment
    created: bool


@transaction.atomic
def grant(user: Any, role: Role, unit: Unit | None, actor: ActorLike, reason: str = "") -> Grant:
    """Give ``user`` ``role`` on ``unit`` (idempotent: granting twice changes nothing)."""
    _check_unit(role, unit)
    unit = None if role == Role.ADMIN else unit
    by = actor.user if getattr(actor.user, "pk", None) is not None else None
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"granted_by": by}
    )
    if created:
        record(actor, ChangeAction.CREATE, assignment, None, snapshot(assignment), reason)
        security_log(
            "role.granted", user=user.get_username(), role=role.value, unit=unit.code if unit else ""
        )
    return Grant(assignment, created)


@transaction.atomic
def revoke(user: Any, role: Role, unit: Unit | None, actor: ActorLike, reason: str = "") -> int:
    """Take ``role`` on ``unit`` away from ``user``; returns how many assignments were removed."""
    unit = None if role == Role.ADMIN else unit
    deleted = 0
    for assignment in RoleAssignment.objects.select_for_update().filter(user=user, role=role, unit=unit):
        delete_with_history(assignment, actor, reason)
        deleted += 1
    if deleted:
        security_log(
            "role.revoked", user=user.get_username(), role=role.value, unit=unit.code if unit else ""
        )
    return deleted


def assignments(user: Any = None) -> list[RoleAssignment]:
    qs = RoleAssignment.objects.select_related("user", "unit", "unit__parent", "granted_by")
    if user is not None:
        qs = qs.filter(user=user)
    return list(qs.order_by("user__username", "role", "unit__code"))
