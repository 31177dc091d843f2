"""Role grants and revocations are one operation each, with a change record — from the command,
and from /admin/ too (the admin's save and delete call the same functions)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.services import grant, revoke
from cds.history.models import ChangeRecord
from cds.units.testing import small_tree
from cds.values.services import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    tree = small_tree()
    User = get_user_model()
    admin = User.objects.create_superuser("quan.tri", password="x")
    officer = User.objects.create_user("can.bo", password="x")
    client = Client()
    client.force_login(admin, backend="cds.accounts.lockout.LockoutBackend")
    return tree, admin, officer, client


def test_a_grant_and_a_revocation_are_recorded_with_who_did_them(world) -> None:
    tree, admin, officer, _ = world
    actor = Actor.for_user(admin)
    assert grant(officer, Role.OFFICER, tree["a"], actor, "phân công").created
    assert not grant(officer, Role.OFFICER, tree["a"], actor).created  # twice: no second record
    created = ChangeRecord.objects.get()
    assert (created.action, created.after["role"], created.after["unit_id"]) == (
        "create",
        "officer",
        tree["a"].pk,
    )
    assert created.user == admin and created.reason == "phân công" and created.unit == tree["a"]
    assert RoleAssignment.objects.get().granted_by == admin
    assert revoke(officer, Role.OFFICER, tree["a"], actor, "chuyển công tác") == 1
    gone = ChangeRecord.objects.get(action="delete")
    assert gone.before["user_id"] == officer.pk and gone.after is None and gone.reason == "chuyển công tác"


def test_a_role_added_in_admin_goes_through_grant_and_is_recorded(world) -> None:
    tree, admin, officer, client = world
    data = {"user": officer.pk, "role": "officer", "unit": tree["a"].pk}
    response = client.post("/admin/accounts/roleassignment/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = RoleAssignment.objects.get()
    assert assignment.granted_by == admin
    change = ChangeRecord.objects.get()
    assert change.action == "create" and change.object_id == str(assignment.pk)
    assert change.actor == "quan.tri" and change.request_id.startswith("req-")


def test_a_role_deleted_in_admin_goes_through_revoke_and_is_recorded(world) -> None:
    tree, _, officer, client = world
    one = grant(officer, Role.OFFICER, tree["a"], Actor("setup")).assignment
    two = grant(officer, Role.VIEWER, tree["district"], Actor("setup")).assignment
    assert client.post(f"/admin/accounts/roleassignment/{one.pk}/delete/", {"post": "yes"}).status_code == 302
    bulk = {"action": "delete_selected", "_selected_action": [two.pk], "post": "yes"}
    assert client.post("/admin/accounts/roleassignment/", bulk).status_code == 302
    assert not RoleAssignment.objects.exists()
    deletions = ChangeRecord.objects.filter(action="delete", actor="quan.tri")
    assert sorted(deletions.values_list("object_id", flat=True)) == sorted([str(one.pk), str(two.pk)])


def test_a_grant_cannot_be_edited_in_place_in_admin(world) -> None:
    tree, _, officer, client = world
    one = grant(officer, Role.OFFICER, tree["a"], Actor("setup")).assignment
    data = {"user": officer.pk, "role": "supervisor", "unit": tree["province"].pk}
    client.post(f"/admin/accounts/roleassignment/{one.pk}/change/", data)
    one.refresh_from_db()
    assert (one.role, one.unit_id) == ("officer", tree["a"].pk)
    assert ChangeRecord.objects.count() == 1  # the setup grant only
