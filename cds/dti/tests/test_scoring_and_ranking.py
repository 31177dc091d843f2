"""Scores from values and assessments, the not-assessed, and a ranking across the 2025 merger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cds.dti.assessments import get_assessment, propose, submit, verify_item
from cds.dti.models import AssessmentEvent, ResultStatus
from cds.dti.ranking import rank_scope
from cds.dti.scoring import score_units
from cds.dti.services import framework_of, load_framework, score_and_store
from cds.lib.errors import InputError
from cds.values.services import Actor

from .helpers import late, merger_tree, on_time, record_online, write_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tmp_path):
    tree = merger_tree()
    row, _ = load_framework(write_framework(tmp_path))
    record_online(tree["a"], "2024", 50, 100)  # 100% → 60 points
    record_online(tree["b"], "2024", 40, 100)  # 40% of a full 50% → 48 points
    for unit, manual, when in ((tree["a"], 40, on_time), (tree["b"], 20, on_time), (tree["c"], 40, late)):
        assessment = get_assessment(row, unit, 2024)
        propose(assessment, "M", manual, "Kế hoạch số 1/KH-UBND", Actor("xa"))
        submit(assessment, Actor("xa"), at=when(2024))
    return tree, row


def test_scores_add_data_items_and_manual_items(setup):
    tree, row = setup
    scores = {s.unit.pk: s for s in score_and_store(row, 2024, tree["province"])}
    assert scores[tree["a"].pk].total == 100
    assert scores[tree["b"].pk].total == 68
    detailed = score_units(framework_of(row), 2024, tree["province"], framework_id=row.pk, detail=True)
    assert {s.unit.pk: s.total for s in detailed} == {pk: s.total for pk, s in scores.items()}
    assert {s.unit.pk: s for s in detailed}[tree["b"].pk].items["A"].hint_vi == "cần thêm 10 (để đạt 50%)"


def test_a_unit_that_submitted_after_the_deadline_is_listed_but_not_ranked(setup):
    tree, row = setup
    score_and_store(row, 2024, tree["province"])
    ranking = rank_scope(2024, tree["province"])
    assert [(e.unit.name, e.rank, e.ranked_of) for e in ranking.ranked] == [
        ("Xã An", 1, 2),
        ("Xã Bình", 2, 2),
    ]
    assert [(e.unit.name, e.status) for e in ranking.not_assessed] == [("Xã Cũ", ResultStatus.NOT_ASSESSED)]
    c = ranking.find(tree["c"].pk)
    assert c.as_dict()["rank"] is None and c.partial  # no data for A either: partial


def test_missing_data_is_ranked_as_partial(setup):
    tree, row = setup
    record_online(tree["a"], "2024", 50, 100)
    assessment = get_assessment(row, tree["c"], 2024)
    submit(assessment, Actor("xa"), at=on_time(2024))
    score_and_store(row, 2024, tree["province"])
    entry = rank_scope(2024, tree["province"]).find(tree["c"].pk)
    assert entry.rank == 3 and entry.missing == ["A"] and entry.as_dict()["partial"] is True


def test_verified_points_are_official_and_the_units_own_are_kept(setup):
    tree, row = setup
    assessment = get_assessment(row, tree["a"], 2024)
    with pytest.raises(InputError, match="lý do"):
        verify_item(assessment, "M", "10", "", Actor("so"))
    verify_item(assessment, "M", "10", "thiếu kế hoạch đã ký", Actor("so"))
    item = assessment.items.get(item_code="M")
    assert (item.self_points, item.verified_points) == (Decimal(40), Decimal(10))
    scores = {s.unit.pk: s for s in score_and_store(row, 2024, tree["province"])}
    assert scores[tree["a"].pk].total == 70
    assert AssessmentEvent.objects.filter(
        assessment=assessment, action="verify", reason="thiếu kế hoạch đã ký"
    ).exists()


def test_points_above_the_item_maximum_are_refused(setup):
    tree, row = setup
    with pytest.raises(InputError) as err:
        propose(get_assessment(row, tree["a"], 2024), "M", "41", "", Actor("xa"))
    assert err.value.where.value == "41" and "từ 0 đến 40" in err.value.vi


def test_a_merged_commune_is_compared_with_the_mean_of_its_predecessors(setup):
    tree, row = setup
    score_and_store(row, 2024, tree["province"])
    record_online(tree["merged"], "2025", 90, 100)
    record_online(tree["c2"], "2025", 10, 100)
    for unit in (tree["merged"], tree["c2"]):
        assessment = get_assessment(row, unit, 2025)
        propose(assessment, "M", 40, "", Actor("xa"))
        submit(assessment, Actor("xa"), at=on_time(2025))
    score_and_store(row, 2025, tree["new_province"])
    ranking = rank_scope(2025, tree["new_province"])
    merged, c2 = ranking.find(tree["merged"].pk).as_dict(), ranking.find(tree["c2"].pk).as_dict()
    assert (merged["score"], merged["rank"], merged["total_ranked"]) == (100, 1, 2)
    assert (merged["previous_score"], merged["previous_rank"]) == (84, 1)  # (100 + 68) / 2
    assert merged["rank_change_text"] == "giữ nguyên thứ hạng"
    assert "trung bình 2 đơn vị tiền thân" in merged["comparison_note"]
    assert c2["previous_score"] is None and c2["rank_change_text"] == "không so sánh được"
    # its predecessor was not assessed in 2024; named as a sentence names it (the note is read
    # inside a report's sentence: «… thiếu kết quả năm trước của Xã Cũ» capitalised it mid-sentence)
    assert c2["comparison_note"] == "thiếu kết quả năm trước của xã Cũ"


def test_a_scope_on_the_other_map_is_refused(setup):
    tree, _ = setup
    with pytest.raises(InputError, match="2025"):
        rank_scope(2025, tree["province"])
