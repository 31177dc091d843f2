"""Every register write is one operation that records who changed what, from what to what, and
why, with the request id — in the same transaction, so a rolled-back write leaves no record."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from cds.accounts.models import Role, RoleAssignment
from cds.history.changes import history_of
from cds.history.context import operation
from cds.history.models import ChangeRecord
from cds.lib.errors import InputError
from cds.lib.tabular import write_table
from cds.registries import documents, operations
from cds.registries import io as registry_io
from cds.registries.citations import extract
from cds.registries.models import Activity, Course, Document, Member, Plan, Task, Team
from cds.units.testing import small_tree
from cds.values.services import Actor

from .helpers import team_with_members

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def world(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    tree = small_tree()
    user = get_user_model().objects.create_user("can.bo", password="x")
    return tree, Actor.for_user(user), user


def _only(obj) -> ChangeRecord:
    records = list(history_of(obj))
    assert len(records) == 1, records
    return records[0]


def test_creating_and_editing_a_team_records_old_and_new_with_the_actor(world) -> None:
    tree, actor, user = world
    team = Team(unit=tree["a"], level="commune", name="Tổ An", established_on=dt.date(2023, 1, 1))
    assert operations.save_team(team, actor, "lập tổ") == "create"
    team.name, team.note = "Tổ CNSCĐ xã An", "kiện toàn"
    assert operations.save_team(team, actor, "đổi tên") == "update"
    assert operations.save_team(team, actor) == "unchanged"
    update, create = history_of(team)
    assert (create.action, create.before, create.after["name"]) == ("create", None, "Tổ An")
    assert (update.before["name"], update.after["name"], update.reason) == (
        "Tổ An",
        "Tổ CNSCĐ xã An",
        "đổi tên",
    )
    assert update.actor == "can.bo" and update.user == user and update.unit == tree["a"]
    assert update.changed_fields == ["name", "note"]
    assert create.request_id and update.request_id


def test_members_and_activities_are_recorded_and_so_is_a_deletion(world) -> None:
    tree, actor, _ = world
    team = team_with_members(tree["a"], "commune", "Tổ An", 0, dt.date(2023, 1, 1))
    member = Member(team=team, full_name="Lê Văn Bình", joined_on=dt.date(2023, 2, 1))
    operations.save_member(member, actor)
    assert _only(member).after["full_name"] == "Lê Văn Bình" and _only(member).unit == tree["a"]
    activity = Activity(team=team, held_on=dt.date(2023, 9, 1), people_guided=15)
    operations.save_activity(activity, actor)
    pk = activity.pk
    operations.delete_activity(activity, actor, "nhập nhầm")
    deleted = ChangeRecord.objects.get(object_id=str(pk), action="delete")
    assert deleted.before["people_guided"] == 15 and deleted.after is None and deleted.reason == "nhập nhầm"
    assert not Activity.objects.exists()


def test_a_course_records_its_participants_with_it(world) -> None:
    tree, actor, _ = world
    course = Course(unit=tree["a"], kind="local", name="Kỹ năng số", starts_on=dt.date(2024, 3, 1))
    operations.save_course(course, actor, [operations.Participants("residents", 40, 30)])
    operations.save_course(course, actor, [operations.Participants("residents", 45, 30)])
    update, create = history_of(course)
    assert create.after["participations"] == {"residents": [40, 30, 0]}
    assert (update.before["participations"], update.after["participations"]) == (
        {"residents": [40, 30, 0]},
        {"residents": [45, 30, 0]},
    )
    operations.delete_course(course, actor)
    assert ChangeRecord.objects.filter(action="delete").get().before["participations"] == {
        "residents": [45, 30, 0]
    }


def test_documents_plans_tasks_and_a_documents_file_are_recorded(world) -> None:
    tree, actor, _ = world
    doc = Document(
        unit=tree["a"], doc_type="KH", number="37", symbol="KH-UBND", issued_on=dt.date(2024, 3, 18)
    )
    operations.save_document(doc, actor, targets=[], upload=io.BytesIO(PDF), upload_name="kh.pdf")
    create, attach = sorted(history_of(doc), key=lambda r: r.pk)
    assert create.action == "create" and attach.action == "attach"
    assert attach.before["file_key"] == "" and attach.after["file_name"] == "kh.pdf"
    assert create.request_id == attach.request_id  # one operation, one id
    plan = Plan(unit=tree["a"], year=2024, document=doc)
    operations.save_plan(plan, actor)
    task = Task(plan=plan, content="Số hóa hồ sơ", deadline=dt.date(2024, 6, 30))
    operations.save_task(task, actor)
    task.status, task.done_on = "done", dt.date(2024, 6, 20)
    operations.save_task(task, actor)
    assert history_of(task).first().after["status"] == "done"
    assert history_of(plan).get().unit == tree["a"]


def test_registering_pasted_citations_records_each_new_document(world) -> None:
    tree, actor, _ = world
    text = "Kế hoạch số 38/KH-UBND ngày 14/3/2023 và Quyết định số 12/QĐ-UBND ngày 2/2/2023"
    documents.register(tree["a"], documents.preview(tree["a"], extract(text)), actor, dry_run=True)
    assert not ChangeRecord.objects.exists()
    result = documents.register(tree["a"], documents.preview(tree["a"], extract(text)), actor)
    assert {r.object_id for r in ChangeRecord.objects.all()} == {str(d.pk) for d in result.created}


def test_a_rolled_back_write_leaves_no_record(world) -> None:
    tree, actor, _ = world
    team = Team(unit=tree["a"], level="commune", name="Tổ An", established_on=dt.date(2023, 1, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        operations.save_team(team, actor)
        assert ChangeRecord.objects.count() == 1  # written inside the same transaction
        raise RuntimeError("the caller fails after the write")
    assert not Team.objects.exists() and not ChangeRecord.objects.exists()


def test_a_refused_write_leaves_nothing(world) -> None:
    tree, actor, _ = world
    team = Team(unit=tree["a"], level="commune", name="Tổ An", established_on=dt.date(2023, 1, 1),
                dissolved_on=dt.date(2022, 1, 1))  # fmt: skip
    with pytest.raises(InputError) as caught:
        operations.save_team(team, actor)
    assert caught.value.where.column == "dissolved_on" and "before the start" in caught.value.en
    assert not Team.objects.exists() and not ChangeRecord.objects.exists()


@pytest.mark.parametrize(
    "day", [dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(dt.date.today().year + 11, 1, 1)]
)
def test_implausible_dates_are_refused_in_the_domain(world, day) -> None:
    tree, actor, _ = world
    doc = Document.objects.create(unit=tree["a"], doc_type="KH", number="1", symbol="KH-UBND")
    plan = Plan.objects.create(unit=tree["a"], year=2024, document=doc)
    with pytest.raises(InputError, match="không hợp lý"):
        operations.save_task(Task(plan=plan, content="x", deadline=day), actor)
    with pytest.raises(InputError, match="không hợp lý"):
        operations.save_team(Team(unit=tree["a"], level="commune", name="T", established_on=day), actor)


def test_a_duplicate_is_refused_in_the_domain_not_by_the_database(world) -> None:
    tree, actor, _ = world
    team = team_with_members(tree["a"], "commune", "Tổ An", 1, dt.date(2023, 1, 1))
    with pytest.raises(InputError) as caught:
        operations.save_member(Member(team=team, full_name="Người 0", joined_on=dt.date(2023, 1, 1)), actor)
    assert "Tổ đã có thành viên này" in caught.value.vi and "already has this member" in caught.value.en


def test_one_operation_block_gives_its_writes_one_request_id(world) -> None:
    tree, actor, _ = world
    with operation("cli", keep=False) as rid:
        operations.save_team(
            Team(unit=tree["a"], level="commune", name="A", established_on=dt.date(2023, 1, 1)), actor
        )
        operations.save_team(
            Team(unit=tree["a"], level="commune", name="B", established_on=dt.date(2023, 1, 1)), actor
        )
    assert set(ChangeRecord.objects.values_list("request_id", flat=True)) == {rid}
    assert rid.startswith("cli-")


def test_a_web_save_records_the_requests_id_and_user(world) -> None:
    tree, _, user = world
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["a"])
    client = Client()
    client.force_login(user, backend="cds.accounts.lockout.LockoutBackend")
    data = {"unit": tree["a"].pk, "level": "commune", "name": "Tổ web", "established_on": "2024-01-05"}
    response = client.post("/registries/teams/new/", data)
    assert response.status_code == 302
    change = ChangeRecord.objects.get()
    assert (
        change.request_id == response["X-Request-ID"]
        and change.user == user
        and change.source_kind == "manual"
    )


def _members_file(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "members.csv"
    write_table(path, ["Đơn vị", "Tổ", "Họ và tên", "Ngày tham gia", "Ngày rời tổ"], rows)
    return path


def test_an_import_writes_one_record_per_row_created_or_changed_in_its_transaction(world, tmp_path) -> None:
    tree, actor, _ = world
    team_with_members(tree["a"], "commune", "Tổ An", 0, dt.date(2023, 1, 1))
    rows = [["T99901", "Tổ An", "Người A", "1/2/2023", ""], ["T99901", "Tổ An", "Người B", "1/2/2023", ""]]
    path = _members_file(tmp_path, rows)
    assert registry_io.import_members(path, actor, dry_run=True).created == 2
    assert not ChangeRecord.objects.exists() and not Member.objects.exists()
    assert registry_io.import_members(path, actor).created == 2
    assert ChangeRecord.objects.filter(action="create").count() == 2
    assert ChangeRecord.objects.values("request_id").distinct().count() == 1  # one import, one id
    rows[0][4] = "1/6/2024"
    report = registry_io.import_members(_members_file(tmp_path, rows), actor)
    assert (report.updated, report.unchanged) == (1, 1)
    change = ChangeRecord.objects.get(action="update")
    assert (change.before["left_on"], change.after["left_on"]) == (None, "2024-06-01")
    assert "members.csv" in change.reason and change.actor == "can.bo"


def test_an_import_row_with_dates_out_of_order_is_refused_and_nothing_is_written(world, tmp_path) -> None:
    tree, actor, _ = world
    team_with_members(tree["a"], "commune", "Tổ An", 0, dt.date(2023, 1, 1))
    rows = [
        ["T99901", "Tổ An", "Người A", "1/2/2023", ""],
        ["T99901", "Tổ An", "Người B", "1/2/2023", "1/1/2023"],
    ]
    report = registry_io.import_members(_members_file(tmp_path, rows), actor)
    assert [(e.where.row, e.where.column) for e in report.errors] == [(3, "left_on")]
    assert not Member.objects.exists() and not ChangeRecord.objects.exists()
