"""Every write operation other than a value's writes its change record inside its own
transaction: a caller's rollback takes the write and the record away together, and a committed
write leaves a record naming the actor, with the state before and after."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from cds.accounts.models import Role
from cds.accounts.services import grant, revoke
from cds.dti import assessments
from cds.dti.services import load_framework
from cds.dti.tests.helpers import merger_tree, on_time, write_framework
from cds.history.models import ChangeRecord
from cds.lib.tabular import write_table
from cds.registries import documents, operations
from cds.registries import io as registry_io
from cds.registries.citations import extract
from cds.registries.models import Activity, Course, Document, Member, Plan, Task, Team
from cds.values.services import Actor

pytestmark = pytest.mark.django_db
ACTOR = Actor("nguoi.sua")
DAY = dt.date(2023, 3, 1)


class Boom(Exception):
    pass


@pytest.fixture
def w(tmp_path: Path, settings: Any) -> dict[str, Any]:
    settings.VAR_DIR = tmp_path / "var"
    tree = merger_tree()
    row, _ = load_framework(write_framework(tmp_path))
    team = Team.objects.create(unit=tree["a"], level="commune", name="Tổ An", established_on=DAY)
    doc = Document.objects.create(unit=tree["a"], doc_type="KH", number="1", symbol="KH-UBND")
    plan = Plan.objects.create(unit=tree["a"], year=2024, document=doc)
    members = tmp_path / "members.csv"
    write_table(
        members, ["unit", "team", "full_name", "joined_on"], [["T99901", "Tổ An", "Người A", "1/3/2023"]]
    )
    user = get_user_model().objects.create_user("can.bo")
    return {"tree": tree, "a": tree["a"], "team": team, "plan": plan, "members": members, "user": user,
            "assessment": assessments.get_assessment(row, tree["a"], 2024)}  # fmt: skip


def _submitted(w: dict[str, Any]) -> Any:
    assessments.propose(w["assessment"], "M", "20", "", Actor("setup"))
    return w["assessment"]


OPERATIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "save_team": lambda w: operations.save_team(Team(unit=w["a"], level="commune", name="Tổ B", established_on=DAY), ACTOR),
    "save_member": lambda w: operations.save_member(Member(team=w["team"], full_name="B", joined_on=DAY), ACTOR),
    "save_activity": lambda w: operations.save_activity(Activity(team=w["team"], held_on=DAY), ACTOR),
    "delete_activity": lambda w: operations.delete_activity(Activity.objects.create(team=w["team"], held_on=DAY), ACTOR),
    "save_course": lambda w: operations.save_course(
        Course(unit=w["a"], kind="local", name="Lớp", starts_on=DAY), ACTOR, [operations.Participants("residents", 9)]),
    "delete_course": lambda w: operations.delete_course(
        Course.objects.create(unit=w["a"], kind="local", name="Lớp", starts_on=DAY), ACTOR),
    "save_document": lambda w: operations.save_document(
        Document(unit=w["a"], doc_type="QĐ", number="2", symbol="QĐ-UBND"), ACTOR, targets=[],
        upload=io.BytesIO(b"%PDF-1.4 x"), upload_name="qd.pdf"),
    "register_documents": lambda w: documents.register(
        w["a"], documents.preview(w["a"], extract("Quyết định số 5/QĐ-UBND ngày 2/2/2024")), ACTOR),
    "save_plan": lambda w: operations.save_plan(Plan(unit=w["a"], year=2025, document=Document.objects.create(
        unit=w["a"], doc_type="KH", number="9", symbol="KH-UBND")), ACTOR),
    "save_task": lambda w: operations.save_task(Task(plan=w["plan"], content="x", deadline=DAY), ACTOR),
    "delete_task": lambda w: operations.delete_task(Task.objects.create(plan=w["plan"], content="x", deadline=DAY), ACTOR),
    "import_members": lambda w: registry_io.import_members(w["members"], ACTOR),
    "grant": lambda w: grant(w["user"], Role.OFFICER, w["a"], ACTOR),
    "revoke": lambda w: (grant(w["user"], Role.VIEWER, w["a"], Actor("setup")),
                         revoke(w["user"], Role.VIEWER, w["a"], ACTOR)),
    "propose": lambda w: assessments.propose(w["assessment"], "M", "20", "KH", ACTOR),
    "submit": lambda w: assessments.submit(w["assessment"], ACTOR, at=on_time(2024)),
    "verify_item": lambda w: assessments.verify_item(_submitted(w), "M", "15", "thiếu", ACTOR),
    "finish_verification": lambda w: assessments.finish_verification(w["assessment"], ACTOR),
    "attach_evidence": lambda w: assessments.attach_evidence(w["assessment"], "M", io.BytesIO(b"%PDF-1.4"), "a.pdf", ACTOR),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_the_record_is_written_in_the_operations_transaction_and_rolled_back_with_it(
    w: dict[str, Any], name: str
) -> None:
    with pytest.raises(Boom), transaction.atomic():
        OPERATIONS[name](w)
        inside = list(ChangeRecord.objects.filter(actor=ACTOR.label))
        assert inside, f"{name} wrote no change record"
        raise Boom
    assert not ChangeRecord.objects.filter(actor=ACTOR.label).exists()
    OPERATIONS[name](w)
    records = list(ChangeRecord.objects.filter(actor=ACTOR.label))
    assert records and all(r.request_id and (r.before is not None or r.after is not None) for r in records), (
        name
    )
