"""Every registry page as an officer (own unit 200, other unit 404), a supervisor (subtree 200)
and an outsider (404); adding and editing through the pages; Phụ lục II by unit name."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.accounts.models import Role
from cds.accounts.testing import client_of
from cds.registries.models import Activity, Course, Document, Participation, Task
from cds.units.names import search_key
from cds.units.testing import small_tree

from .helpers import registers_of

pytestmark = pytest.mark.django_db
D = dt.date


_client = client_of


@pytest.fixture
def world():
    tree = small_tree()
    return tree, registers_of(tree["a"])


PAGES = ["team", "team_edit", "activity_new", "activity_edit", "document", "document_edit", "plan", "plan_edit",
         "task_new", "task_edit", "course_edit"]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_the_units_officer_and_its_supervisor_open_the_page(world, page: str) -> None:
    tree, urls = world
    assert _client("officer", Role.OFFICER, tree["a"]).get(urls[page]).status_code == 200
    assert _client("supervisor", Role.SUPERVISOR, tree["district"]).get(urls[page]).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_another_units_officer_and_an_outsider_get_not_found(world, page: str) -> None:
    tree, urls = world
    assert _client("other", Role.OFFICER, tree["b"]).get(urls[page]).status_code == 404
    assert _client("outsider").get(urls[page]).status_code == 404


@pytest.mark.parametrize("url", ["/registries/training/courses/", "/registries/training/courses/new/",
                                 "/registries/plans/new/"])  # fmt: skip
def test_list_and_new_pages_render_and_lists_hide_other_units(world, url: str) -> None:
    tree, _ = world
    assert _client("officer", Role.OFFICER, tree["a"]).get(url).status_code == 200
    assert (
        "Tập huấn"
        not in _client("other", Role.OFFICER, tree["b"]).get("/registries/training/courses/").content.decode()
    )


def test_an_officer_adds_a_course_with_participants_by_group(world) -> None:
    tree, _ = world
    client = _client("officer", Role.OFFICER, tree["a"])
    form = {"unit": tree["a"].pk, "kind": "local", "name": "Lớp kỹ năng số", "mode": "in_person",
            "starts_on": "2023-08-01", "sessions": 8,
            "participations-TOTAL_FORMS": 3, "participations-INITIAL_FORMS": 0,
            "participations-0-group": "officials", "participations-0-participants": 29,
            "participations-0-completed": 29, "participations-0-certified": 0,
            "participations-1-group": "residents", "participations-1-participants": 2400,
            "participations-1-completed": 0, "participations-1-certified": 0,
            "participations-2-completed": 0, "participations-2-certified": 0}  # fmt: skip
    response = client.post("/registries/training/courses/new/", form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    course = Course.objects.get(name="Lớp kỹ năng số")
    assert dict(course.participations.values_list("group", "participants")) == {
        "officials": 29,
        "residents": 2400,
    }


def test_a_task_marked_done_without_a_date_is_refused_in_both_languages(world) -> None:
    tree, urls = world
    client = _client("officer", Role.OFFICER, tree["a"])
    page = client.post(urls["task_new"], {"content": "Ký số", "deadline": "2024-08-31", "status": "done"})
    text = page.content.decode()
    assert page.status_code == 200 and "cần ngày hoàn thành" in text
    client.cookies["django_language"] = "en"
    english = client.post(urls["task_new"], {"content": "Ký số", "deadline": "2024-08-31", "status": "done"})
    assert "needs the day it was done" in english.content.decode()
    client.cookies["django_language"] = "vi"
    done = {"content": "Ký số", "deadline": "2024-08-31", "status": "done", "done_on": "2024-08-20"}
    assert client.post(urls["task_new"], done).status_code == 302
    assert Task.objects.get(content="Ký số").done_on_time()


def test_an_officer_records_a_team_activity_but_another_units_officer_cannot(world) -> None:
    tree, urls = world
    data = {
        "held_on": "2023-10-02",
        "kind": "guidance",
        "place": "thôn 1",
        "people_guided": 41,
        "platforms": ["dvc", "vneid"],
    }
    assert _client("other", Role.OFFICER, tree["b"]).post(urls["activity_new"], data).status_code == 404
    assert _client("officer", Role.OFFICER, tree["a"]).post(urls["activity_new"], data).status_code == 302
    assert Activity.objects.get(people_guided=41).platforms == ["dvc", "vneid"]


def test_training_appendix_finds_the_unit_by_name_within_scope(world) -> None:
    tree, _ = world
    Participation.objects.create(course=Course.objects.get(), group="residents", participants=2400)
    tree["a"].search_key = search_key("An")  # the factory's units are findable by code only
    tree["a"].save(update_fields=["search_key"])
    url = "/registries/training/?unit=Xã An&period=quý III/2023"
    page = _client("officer", Role.OFFICER, tree["a"]).get(url).content.decode()
    assert "Xã An" in page and "2.400" in page
    other = _client("other", Role.OFFICER, tree["b"]).get(url).content.decode()
    assert "2.400" not in other and "Không tìm thấy đơn vị" in other


def test_the_document_page_shows_the_targets_it_set(world) -> None:
    from cds.catalog.models import Indicator, Target

    tree, urls = world
    target = Target.objects.create(
        indicator=Indicator.objects.get(code="plans.completion_rate"),
        period="2024",
        unit=tree["a"],
        value=100,
    )
    doc = Document.objects.get()
    doc.targets.add(target)
    page = _client("officer", Role.OFFICER, tree["a"]).get(urls["document"]).content.decode()
    name = Indicator.objects.get(code="plans.completion_rate").definition().name_vi
    assert name in page and "plans.completion_rate" not in page and target.documents.get() == doc


@pytest.mark.parametrize(
    ("page", "model", "back"),
    [("course_delete", Course, "/registries/training/courses/"), ("task_delete", Task, "/registries/plans/"),
     ("activity_delete", Activity, "/registries/teams/")],
)  # fmt: skip
def test_an_entry_made_by_mistake_is_deleted_after_a_confirmation_and_logged(
    world, page, model, back, caplog
) -> None:
    tree, urls = world
    assert _client("other", Role.OFFICER, tree["b"]).post(urls[page]).status_code == 404
    assert model.objects.count() == 1
    officer = _client("officer", Role.OFFICER, tree["a"])
    assert (
        urls[page] in officer.get(urls[page.replace("_delete", "_edit")]).content.decode()
    )  # linked from its form
    confirm = officer.get(urls[page]).content.decode()
    assert "Xóa" in confirm and "không hoàn tác được" in confirm
    assert model.objects.count() == 1  # looking is not deleting
    with caplog.at_level("INFO", logger="cds.security"):
        response = officer.post(urls[page])
    assert response.status_code == 302 and response["Location"].startswith(back)
    assert model.objects.count() == 0
    assert any("registry.deleted" in r.getMessage() and "officer" in r.getMessage() for r in caplog.records)
