"""Defects found by the integrity review (issue 13), through the pages as a person meets them:
a duplicate activity or member, a team dissolved before it was founded and a task due in year 1
are refused with a bilingual message on the form — never a 500, never stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cds.accounts.models import Role, RoleAssignment
from cds.registries.models import Activity, Document, Member, Plan, Task, Team
from cds.units.testing import small_tree

from .helpers import team_with_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    tree = small_tree()
    team = team_with_members(tree["a"], "commune", "Tổ xã An", 1, dt.date(2023, 1, 1))
    user = get_user_model().objects.create_user("officer", password="x")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["a"])
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="cds.accounts.lockout.LockoutBackend")
    return tree, team, client


def test_a_duplicate_team_activity_is_refused_with_a_clear_message(world) -> None:
    _, team, client = world
    data = {"held_on": "2023-09-01", "kind": "guidance", "place": "Nhà văn hóa", "people_guided": "12"}
    assert client.post(f"/registries/teams/{team.pk}/activities/new/", data).status_code == 302
    again = client.post(f"/registries/teams/{team.pk}/activities/new/", {**data, "people_guided": "30"})
    assert again.status_code == 200
    page = again.content.decode()
    assert "Tổ đã ghi hoạt động này" in page and "already recorded this activity" in page
    assert list(Activity.objects.values_list("people_guided", flat=True)) == [12]


def test_a_duplicate_member_is_refused_with_a_clear_message(world) -> None:
    _, team, client = world
    data = {"full_name": "Người 0", "role": "member", "joined_on": "2023-01-01"}
    response = client.post(f"/registries/teams/{team.pk}/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tổ đã có thành viên này" in page and "already has this member" in page
    assert Member.objects.filter(team=team).count() == 1


def test_a_team_dissolved_before_it_was_founded_is_refused(world) -> None:
    tree, _, client = world
    data = {"unit": tree["a"].pk, "level": "commune", "name": "Tổ mới", "established_on": "2024-05-01",
            "dissolved_on": "2024-01-01"}  # fmt: skip
    response = client.post("/registries/teams/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày giải thể" in page and "dissolution date" in page
    assert not Team.objects.filter(name="Tổ mới").exists()


def test_a_task_due_in_year_one_is_refused(world) -> None:
    tree, _, client = world
    doc = Document.objects.create(unit=tree["a"], doc_type="KH", number="1", symbol="KH-UBND")
    plan = Plan.objects.create(unit=tree["a"], year=2024, document=doc)
    data = {"content": "Nhiệm vụ", "deadline": "0001-01-01", "status": "not_started"}
    response = client.post(f"/registries/plans/{plan.pk}/tasks/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hạn hoàn thành" in page and "not plausible" in page
    assert not Task.objects.exists()


def test_a_course_ending_before_it_starts_is_refused(world) -> None:
    tree, _, client = world
    data = {"unit": tree["a"].pk, "kind": "local", "name": "Lớp", "mode": "in_person", "starts_on": "2024-05-02",
            "ends_on": "2024-05-01", "sessions": "1", "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post("/registries/training/courses/new/", data)
    assert response.status_code == 200 and "Ngày kết thúc" in response.content.decode()


def test_a_pasted_citation_dated_in_year_one_is_refused_and_nothing_is_saved(world) -> None:
    tree, _, client = world
    data = {"unit": tree["a"].pk, "text": "Kế hoạch số 38/KH-UBND ngày 14/3/0001 về chuyển đổi số"}
    response = client.post("/registries/docs/paste/", {**data, "confirm": "1", "keep": "0"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kế hoạch số 38/KH-UBND" in page and "không hợp lý" in page and "not plausible" in page
    assert not Document.objects.exists()
