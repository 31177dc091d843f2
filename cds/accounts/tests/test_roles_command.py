import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from cds.accounts.models import RoleAssignment

pytestmark = pytest.mark.django_db


def run(*args, capsys=None):
    call_command("accounts", *args, "--format", "json")
    return json.loads(capsys.readouterr().out) if capsys else None


def test_grant_list_and_revoke_a_role_on_a_unit(tree, capsys):
    get_user_model().objects.create_user("giam.sat")
    granted = run("grant", "giam.sat", "supervisor", "T999", capsys=capsys)
    assert (granted["role"], granted["unit"], granted["changed"]) == ("supervisor", "T999", True)
    assert run("grant", "giam.sat", "supervisor", "T999", capsys=capsys)["changed"] is False
    listed = run("list", "--user", "giam.sat", capsys=capsys)
    assert [(r["user"], r["role"], r["unit"]) for r in listed] == [("giam.sat", "supervisor", "T999")]
    assert run("revoke", "giam.sat", "supervisor", "T999", capsys=capsys)["removed"] == 1
    assert not RoleAssignment.objects.exists()


def test_an_unknown_role_or_a_missing_unit_is_explained(tree):
    get_user_model().objects.create_user("x")
    with pytest.raises(CommandError, match=r"Vai trò «boss» không hợp lệ.*Unknown role 'boss'"):
        call_command("accounts", "grant", "x", "boss", "T999")
    with pytest.raises(CommandError, match=r"cần một đơn vị.*needs a unit"):
        call_command("accounts", "grant", "x", "officer")


def test_an_administrator_needs_no_unit(tree, capsys):
    get_user_model().objects.create_user("root")
    assert run("grant", "root", "admin", capsys=capsys)["unit"] == ""
