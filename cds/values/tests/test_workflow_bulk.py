"""The bulk forms of submit_report and review_report (the demo loader): the same rules per report
and the same history rows, for many reports at once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cds.values.models import DataValue, Status, ValueChange
from cds.values.services import Actor, ValueWriteError, record_values
from cds.values.workflow import BlockingError, UnexplainedWarning, review_reports, submit_reports

from .test_workflow import ONLINE, Q3, TOTAL, put, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(db):
    return Actor.for_user(get_user_model().objects.create_user("xa.an"))


def test_each_report_is_submitted_by_the_rules_and_a_refused_one_stays_as_it_was(tree, actor):
    record_values([put(tree["a"], TOTAL, "100"), put(tree["a"], ONLINE, "130")], actor)  # an error
    record_values([put(tree["b"], TOTAL, "10", period=Q3.previous()), put(tree["b"], TOTAL, "1000")], actor)
    outcome = submit_reports([(tree["a"], Q3), (tree["b"], Q3)], actor)
    assert set(outcome.refused) == {(tree["a"], Q3), (tree["b"], Q3)} and outcome.moved == []
    assert any(isinstance(p, BlockingError) and "130" in p.vi for p in outcome.refused[(tree["a"], Q3)])
    [unexplained] = outcome.refused[(tree["b"], Q3)]
    assert isinstance(unexplained, UnexplainedWarning) and unexplained.where.column == TOTAL
    assert set(statuses(tree["a"]).values()) == set(statuses(tree["b"]).values()) == {Status.DRAFT}

    again = submit_reports([(tree["a"], Q3), (tree["b"], Q3)], actor, explanation="sáp nhập bộ phận một cửa")
    assert list(again.refused) == [(tree["a"], Q3)]  # an explanation never passes an error
    moved = again.moved
    assert [v.indicator.code for v in moved] == [TOTAL] and statuses(tree["b"]) == {TOTAL: Status.SUBMITTED}
    change = ValueChange.objects.get(action="submit", value__unit=tree["b"], value__period=Q3.code)
    assert "Giải trình" in change.reason and "sáp nhập bộ phận một cửa" in change.reason
    assert change.actor == actor.label and change.request_id


def test_a_bulk_review_refuses_everything_when_one_value_changed_since_it_was_seen(tree, actor):
    record_values([put(tree["a"], TOTAL, "100"), put(tree["b"], TOTAL, "200")], actor)
    submit_reports([(tree["a"], Q3), (tree["b"], Q3)], actor)
    seen = {
        unit: {TOTAL: DataValue.objects.get(unit=unit, period=Q3.code).version}
        for unit in (tree["a"], tree["b"])
    }
    DataValue.objects.filter(unit=tree["b"]).update(version=99)  # changed by someone meanwhile
    with pytest.raises(ValueWriteError) as caught:
        review_reports([(u, Q3, seen[u]) for u in (tree["a"], tree["b"])], "approve", actor)
    assert len(caught.value.errors) == 1 and "đã thay đổi sau khi bạn xem" in caught.value.errors[0].vi
    assert statuses(tree["a"]) == {TOTAL: Status.SUBMITTED}  # nothing moved
    approved = review_reports([(tree["a"], Q3, seen[tree["a"]])], "approve", actor)
    assert [v.unit for v in approved] == [tree["a"]] and statuses(tree["a"]) == {TOTAL: Status.APPROVED}
    with pytest.raises(ValueWriteError):  # shown nothing: a value awaiting review was not seen
        review_reports([(tree["b"], Q3, {})], "return", actor, "xem lại")
