"""/registries/history/: who changed which register entry, from what to what — within scope,
with members' personal data shown only to the people who may edit the unit."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.accounts.models import Role
from cds.accounts.testing import client_of
from cds.registries import operations
from cds.registries.models import Member
from cds.units.testing import small_tree
from cds.values.services import Actor

from .helpers import team_with_members

pytestmark = pytest.mark.django_db


_client = client_of


@pytest.fixture
def tree():
    tree = small_tree()
    team = team_with_members(tree["a"], "commune", "Tổ xã An", 0, dt.date(2023, 1, 1))
    member = Member(team=team, full_name="Lê Thị Hoa", joined_on=dt.date(2023, 2, 1), phone="0912345678")
    operations.save_member(member, Actor("can.bo.xa"))
    member.phone, member.position = "0987654321", "Bí thư chi đoàn"
    operations.save_member(member, Actor("can.bo.xa"), "đổi số điện thoại")
    return tree


def test_the_officer_sees_who_changed_what_including_personal_data(tree) -> None:
    page = _client("officer", Role.OFFICER, tree["a"]).get(f"/registries/history/?in={tree['a'].pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "can.bo.xa" in text and "đổi số điện thoại" in text and "Bí thư chi đoàn" in text
    assert "0912345678" in text and "0987654321" in text


def test_a_viewer_sees_the_change_but_not_the_phone_numbers(tree) -> None:
    text = _client("viewer", Role.VIEWER, tree["district"]).get("/registries/history/").content.decode()
    assert "Bí thư chi đoàn" in text and "(ẩn)" in text and "1/2/2023" in text
    assert "0912345678" not in text and "0987654321" not in text


def test_another_communes_officer_sees_none_of_it(tree) -> None:
    other = _client("other", Role.OFFICER, tree["b"])
    assert "Lê Thị Hoa" not in other.get("/registries/history/").content.decode()
    assert other.get(f"/registries/history/?in={tree['a'].pk}").status_code == 404
