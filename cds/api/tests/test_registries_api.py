"""Issue 15 (registries without the web): teams and courses through the API, the course written by
the course operation (its rules, its history), scoped like every other operation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cds.history.models import ChangeRecord
from cds.registries.models import Course, Team

from .conftest import World

pytestmark = pytest.mark.django_db

COURSE = {"kind": "local", "name": "Tập huấn kỹ năng số", "starts_on": "2024-03-14", "ends_on": "2024-03-15",
          "sessions": 2, "participants": {"officials": 25, "residents": 1250}}  # fmt: skip


def _post(world: World, role: str, **body: Any) -> Any:
    return world.client(role).post("/api/courses", body, content_type="application/json")


def test_an_officer_records_a_course_once_with_its_groups_and_its_history(world: World) -> None:
    first = _post(world, "officer", unit=world.inside.pk, **COURSE)
    assert first.status_code == 200 and first.json()["outcome"] == "create"
    course = Course.objects.get()
    assert {p.group: p.participants for p in course.participations.all()} == {
        "officials": 25,
        "residents": 1250,
    }
    assert ChangeRecord.objects.filter(object_id=str(course.pk), source_kind="api").exists()
    again = _post(world, "officer", unit=world.inside.pk, **COURSE)
    assert again.json()["outcome"] == "unchanged" and Course.objects.count() == 1
    listed = world.client("viewer").get(
        "/api/courses", {"unit": str(world.inside.pk), "period": "quý I/2024"}
    )
    assert [c["name"] for c in listed.json()] == ["Tập huấn kỹ năng số"]
    assert listed.json()[0]["participants"] == {"officials": 25, "residents": 1250}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "hội thảo"}, "kind"),
        ({"ends_on": "2024-03-01"}, "ends_on"),
        ({"participants": {"others": 3}}, "participants"),
    ],
)
def test_a_bad_course_is_refused_in_both_languages_naming_the_field(world: World, change, field) -> None:
    response = _post(world, "officer", unit=world.inside.pk, **{**COURSE, **change})
    assert response.status_code == 400
    body = response.json()
    assert body["message_vi"] and body["message_en"] and body["field"] == field
    assert not Course.objects.exists()


def test_teams_standing_at_the_periods_end_are_listed_with_their_members(world: World) -> None:
    Team.objects.create(unit=world.inside, name="Tổ CNSCĐ xã An", level="commune",
                        established_on=dt.date(2023, 1, 1))  # fmt: skip
    Team.objects.create(unit=world.inside, name="Tổ mới", level="commune", established_on=dt.date(2025, 1, 1))
    response = world.client("viewer").get("/api/teams", {"unit": str(world.inside.pk), "period": "2024"})
    assert response.status_code == 200
    assert [(t["name"], t["members"]) for t in response.json()] == [("Tổ CNSCĐ xã An", 0)]


def _team(world: World) -> Team:
    return Team.objects.create(unit=world.inside, name="Tổ CNSCĐ xã An", level="commune",
                               established_on=dt.date(2023, 1, 1))  # fmt: skip


def test_a_member_and_an_activity_are_recorded_once_through_the_operations(world: World) -> None:
    team = _team(world)
    client = world.client("officer")
    member = {"full_name": "Nguyễn Thị Bình", "joined_on": "2023-02-01", "role": "leader"}
    first = client.post(f"/api/teams/{team.pk}/members", member, content_type="application/json")
    assert first.status_code == 200 and first.json()["outcome"] == "create"
    again = client.post(f"/api/teams/{team.pk}/members", member, content_type="application/json")
    assert again.json()["outcome"] == "unchanged" and team.members.get().role == "leader"
    outing = {
        "held_on": "2024-09-15",
        "place": "Nhà văn hóa thôn 1",
        "people_guided": 203,
        "platforms": ["vneid"],
    }
    done = client.post(f"/api/teams/{team.pk}/activities", outing, content_type="application/json")
    assert done.status_code == 200 and team.activities.get().people_guided == 203
    assert ChangeRecord.objects.filter(source_kind="api", object_id=str(team.activities.get().pk)).exists()
    listed = world.client("viewer").get("/api/teams", {"unit": str(world.inside.pk), "period": "2024"}).json()
    assert listed[0]["members"] == 1


def test_a_bad_member_or_activity_is_refused_naming_the_field(world: World) -> None:
    team = _team(world)
    client = world.client("officer")
    late = {"full_name": "A", "joined_on": "2024-02-01", "left_on": "2024-01-01"}
    refused = client.post(f"/api/teams/{team.pk}/members", late, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "left_on"
    odd = {"held_on": "2024-09-15", "platforms": ["zalo"]}
    refused = client.post(f"/api/teams/{team.pk}/activities", odd, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "platforms"
    missing = client.post("/api/teams/999999/members", late, content_type="application/json")
    assert missing.status_code == 404 and missing.json()["message_vi"]


def test_a_team_is_created_once_and_its_free_text_area_never_creates_a_unit(world: World) -> None:
    from cds.units.models import Unit

    before = Unit.objects.count()
    body = {"unit": world.inside.pk, "name": "Tổ thôn Khê Thủy", "level": "village", "area": "thôn Khê Thủy",
            "established_on": "2023-05-01"}  # fmt: skip
    client = world.client("officer")
    first = client.post("/api/teams", body, content_type="application/json")
    assert first.status_code == 200 and first.json()["outcome"] == "create"
    again = client.post("/api/teams", body, content_type="application/json")
    assert again.json()["outcome"] == "unchanged" and Team.objects.count() == 1
    assert Unit.objects.count() == before and Team.objects.get().village is None
    refused = client.post("/api/teams", {**body, "level": "thôn"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "level"
