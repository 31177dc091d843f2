"""Registry counts: teams and members by level, documents by type, Phụ lục II, plans — and their flow into values."""

from __future__ import annotations

import datetime as dt

import pytest

from cds.lib.periods import parse_period
from cds.registries import documents, indicators, plans, teams, training
from cds.registries.citations import extract
from cds.registries.models import Activity, Course, Document, Participation
from cds.values.models import DataValue, ValueChange
from cds.values.rollup import rollup
from cds.values.services import Actor

from .helpers import plan_of_2024, team_with_members

pytestmark = pytest.mark.django_db
D = dt.date


def test_teams_and_members_are_counted_by_level_over_the_subtree(tree) -> None:
    team_with_members(tree["district"], "district", "Tổ huyện", 9, D(2022, 9, 15))
    team_with_members(tree["a"], "commune", "Tổ xã An", 12, D(2022, 9, 30))
    team_with_members(tree["a"], "village", "Tổ thôn 1", 5, D(2022, 9, 30), area="thôn 1")
    team_with_members(tree["b"], "village", "Tổ thôn 2", 4, D(2023, 3, 1), area="thôn 2")
    counts = teams.team_counts(tree["district"], parse_period("2022"))
    assert counts == {
        "teams.district_teams": 1, "teams.district_members": 9,
        "teams.commune_teams": 1, "teams.commune_members": 12,
        "teams.village_teams": 1, "teams.village_members": 5,
        "teams.teams_total": 3, "teams.members_total": 26,
    }  # fmt: skip
    commune = teams.team_counts(tree["a"], parse_period("2023"))
    assert "teams.district_teams" not in commune and commune["teams.members_total"] == 17


def test_members_who_left_and_teams_dissolved_are_not_counted_after(tree) -> None:
    team = team_with_members(tree["a"], "commune", "Tổ xã An", 3, D(2022, 1, 1))
    team.members.filter(full_name="Người 0").update(left_on=D(2023, 2, 1))
    assert teams.team_counts(tree["a"], parse_period("2023Q1"))["teams.commune_members"] == 2
    team.dissolved_on = D(2023, 6, 1)
    team.save()
    assert teams.team_counts(tree["a"], parse_period("2023Q3"))["teams.commune_teams"] == 0


def test_member_counts_are_unknown_when_a_team_has_no_member_list(tree) -> None:
    team_with_members(tree["a"], "commune", "Tổ xã An", 0, D(2023, 11, 10))
    counts = teams.team_counts(tree["a"], parse_period("2024"))
    assert counts["teams.commune_teams"] == 1
    assert "teams.commune_members" not in counts and "teams.members_total" not in counts


def test_people_guided_sums_the_activities_of_the_period(tree) -> None:
    team = team_with_members(tree["a"], "commune", "Tổ xã An", 2, D(2023, 1, 1))
    Activity.objects.create(team=team, held_on=D(2023, 8, 1), people_guided=150, platforms=["dvc"])
    Activity.objects.create(team=team, held_on=D(2023, 9, 2), people_guided=53, place="thôn 2")
    Activity.objects.create(team=team, held_on=D(2023, 10, 1), people_guided=999, place="x")
    assert teams.team_counts(tree["a"], parse_period("2023Q3"))["teams.people_guided"] == 203


def test_a_unit_owns_its_bare_ubnd_documents_and_not_the_provinces(tree) -> None:
    unit = tree["a"]  # Xã An
    found = {c.reference: documents.issued_by(c, unit) for c in extract(
        "Kế hoạch số 38/KH-UBND ngày 14/3/2023; Quyết định số 191/QĐ-UBND ngày 10/11/2023 của Chủ tịch UBND xã An; "
        "Kế hoạch số 57/KH-UBND ngày 11/3/2024 của UBND huyện Mẫu; Nghị định 33/2023/NĐ-CP; Chỉ thị số 9-CT/TU;"
        " Kế hoạch số 118/KH-UBND ngày 31/12/2022 của UBND xã."
    )}  # fmt: skip
    assert found == {
        "38/KH-UBND": True, "191/QĐ-UBND": True, "57/KH-UBND": False,
        "33/2023/NĐ-CP": False, "9-CT/TU": False, "118/KH-UBND": True,
    }  # fmt: skip


def test_registering_a_paragraph_twice_changes_nothing_and_dry_run_writes_nothing(tree) -> None:
    text = "Kế hoạch số 38/KH-UBND ngày 14/3/2023 về chuyển đổi số; Công văn số 198/UBND ngày 28/12/2023."
    proposals = documents.preview(tree["a"], extract(text))
    assert [p.action for p in proposals] == ["create", "create"]
    assert len(documents.register(tree["a"], proposals, Actor("test"), dry_run=True).created) == 2
    assert Document.objects.count() == 0
    documents.register(tree["a"], proposals, Actor("test"))
    again = documents.register(tree["a"], documents.preview(tree["a"], extract(text)), Actor("test"))
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 2)


def test_documents_issued_are_counted_by_type_for_the_period(tree) -> None:
    text = (
        "kế hoạch số 38/KH-UBND ngày 14/3/2023; kế hoạch số 14/KH-UBND ngày 30/01/2023; "
        "quyết định số 100/QĐ-UBND ngày 05/9/2023; thông báo số 50/TB-UBND; Báo cáo số 9/BC-UBND ngày 2/2/2023; "
        "Quyết định số 1004/QĐ-UBND ngày 29/7/2023 của UBND tỉnh Thử Nghiệm."
    )
    documents.register(tree["a"], documents.preview(tree["a"], extract(text)), Actor("test"))
    assert documents.document_counts(tree["a"], parse_period("2023Q1")) == {
        "docs.plans_issued": 2, "docs.decisions_issued": 0, "docs.dispatches_issued": 0,
        "docs.notices_issued": 0, "docs.other_issued": 1, "docs.issued_total": 3,
    }  # fmt: skip
    assert documents.document_counts(tree["a"], parse_period("2023Q3"))["docs.decisions_issued"] == 1
    assert documents.document_counts(tree["a"], parse_period("2022")) == {}


def _course(unit, kind, name, day, counts, sessions=1, mode="in_person"):
    course = Course.objects.create(
        unit=unit, kind=kind, name=name, starts_on=day, sessions=sessions, mode=mode
    )
    for group, n in zip(("officials", "team_members", "residents"), counts, strict=True):
        if n:
            Participation.objects.create(course=course, group=group, participants=n)
    return course


def test_the_appendix_ii_table_has_one_row_per_activity_and_totals(tree) -> None:
    _course(tree["a"], "guidance", "Ra quân hướng dẫn", D(2023, 7, 10), (29, 19, 203))
    _course(tree["a"], "local", "Tập huấn trên địa bàn xã", D(2023, 7, 11), (29, 19, 2400), sessions=8)
    _course(tree["a"], "provincial", "Chương trình của Sở", D(2023, 7, 12), (10, 19, 228))
    table = training.appendix(tree["a"], parse_period("2023Q3"))
    assert [r.total for r in table.rows] == [251, 2448, 257]
    assert table.totals == {"officials": 68, "team_members": 57, "residents": 2831}
    counts = training.training_counts(tree["a"], parse_period("2023Q3"))
    assert counts["training.participants_total"] == 2956
    assert counts["training.local_classes"] == 8
    assert counts["training.provincial_programme_total"] == 257
    assert "training.online_courses" not in counts


def test_officials_completed_is_cumulative_people_not_attendances(tree) -> None:
    course = _course(tree["a"], "external", "Bồi dưỡng CBCC", D(2022, 12, 5), (29, 0, 0))
    course.participations.update(completed=29)
    online = _course(tree["a"], "online", "Khóa trực tuyến", D(2023, 8, 1), (6, 0, 0), mode="online")
    online.participations.update(completed=6, certified=6)
    counts = training.training_counts(tree["a"], parse_period("2023Q3"))
    assert counts["training.officials_completed"] == 29
    assert (counts["training.online_courses"], counts["training.online_courses_certified"]) == (1, 1)


_plan = plan_of_2024


def test_plan_progress_counts_tasks_done_on_time_among_those_due(tree) -> None:
    plan = _plan(tree["a"])
    result = plans.progress(plan, D(2024, 10, 31))
    assert (result.due, result.done_on_time, result.done_late, result.overdue, result.open) == (3, 1, 1, 1, 1)
    assert result.rate == 33.33
    assert [t.content for t in plans.overdue_tasks(tree["a"], D(2024, 10, 31))] == ["c"]
    assert [t.content for t in plans.tasks_due_in(tree["a"], parse_period("2024Q4"))] == ["d"]
    assert plan.tasks.get(content="b").state_on(D(2024, 7, 1)) == "overdue"


def test_sync_records_counts_as_computed_values_with_history_and_is_idempotent(tree) -> None:
    team_with_members(tree["a"], "commune", "Tổ xã An", 9, D(2022, 9, 30))
    team_with_members(tree["a"], "village", "Tổ thôn 1", 19, D(2022, 9, 30))
    period = parse_period("2023Q3")
    result = indicators.sync(tree["a"], period, ["teams"])
    assert result.created == 6  # teams and members of two levels, and both totals
    value = DataValue.objects.get(unit=tree["a"], indicator__code="teams.members_total", period="2023Q3")
    assert (value.number, value.source_kind, value.source_ref) == (28, "computed", "registry:teams")
    assert ValueChange.objects.filter(value=value).count() == 1
    assert indicators.sync(tree["a"], period, ["teams"]).changed == 0
    assert rollup("teams.village_members", tree["district"], period, era="legacy").value == 19


def test_sync_dry_run_writes_nothing(tree) -> None:
    team_with_members(tree["a"], "commune", "Tổ xã An", 9, D(2022, 9, 30))
    assert indicators.sync(tree["a"], parse_period("2023"), ["teams"], dry_run=True).created > 0
    assert not DataValue.objects.exists()
