"""Submitting and reviewing a report as domain operations: the rules hold whoever calls them."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.lib.testing import examples
from cds.values.models import DataValue, Status, ValueChange
from cds.values.services import Actor, ConflictError, ValueInput, ValueWriteError, record_values
from cds.values.workflow import (
    BlockingError,
    UnexplainedWarning,
    report_values,
    review_report,
    seen_versions,
    submit_report,
)

pytestmark = pytest.mark.django_db
Q3 = parse_period("2023Q3")
TOTAL, ONLINE = "dvc.dossiers_total", "dvc.dossiers_online"


@pytest.fixture
def actor(db):
    user = get_user_model().objects.create_user("xa.an")
    return Actor.for_user(user)


def put(unit, code, raw, period=Q3, **kw):
    return ValueInput(unit=unit, indicator_code=code, period=period, raw=raw, **kw)


def statuses(unit, period=Q3):
    """The statuses of the unit's values for one period (the tests also store the one before)."""
    rows = DataValue.objects.filter(unit=unit, period=period.code)
    return dict(rows.values_list("indicator__code", "status"))


def test_an_error_blocks_the_submission_and_nothing_moves(tree, actor):
    record_values([put(tree["a"], TOTAL, "100"), put(tree["a"], ONLINE, "130")], actor)
    with pytest.raises(ValueWriteError) as caught:
        submit_report(tree["a"], Q3, actor)
    assert any(isinstance(e, BlockingError) and "130" in e.vi for e in caught.value.errors)
    assert set(statuses(tree["a"]).values()) == {Status.DRAFT}


def test_a_warning_needs_an_explanation_sent_or_noted_and_it_becomes_the_reason(tree, actor):
    record_values([put(tree["a"], TOTAL, "10", period=Q3.previous())], actor)
    record_values([put(tree["a"], TOTAL, "1000")], actor)
    with pytest.raises(ValueWriteError) as caught:
        submit_report(tree["a"], Q3, actor)
    [warning] = caught.value.errors
    assert isinstance(warning, UnexplainedWarning) and warning.where.column == TOTAL
    submit_report(tree["a"], Q3, actor, explanations={TOTAL: "sáp nhập bộ phận một cửa"})
    assert statuses(tree["a"]) == {TOTAL: Status.SUBMITTED}
    change = ValueChange.objects.get(action="submit", value__period=Q3.code)
    assert "sáp nhập bộ phận một cửa" in change.reason


def test_a_note_on_the_value_counts_as_its_explanation(tree, actor):
    record_values([put(tree["a"], TOTAL, "10", period=Q3.previous())], actor)
    record_values([put(tree["a"], TOTAL, "1000", note="thêm điểm tiếp nhận")], actor)
    submit_report(tree["a"], Q3, actor)
    assert statuses(tree["a"])[TOTAL] == Status.SUBMITTED


def test_nothing_to_submit_is_explained(tree, actor):
    with pytest.raises(InputError, match="không có giá trị nào"):
        submit_report(tree["a"], Q3, actor)


def test_an_approval_refuses_a_value_changed_since_it_was_seen_with_old_new_who_and_when(tree, actor):
    record_values([put(tree["a"], TOTAL, "100")], actor)
    submit_report(tree["a"], Q3, actor)
    seen = seen_versions(report_values(tree["a"], Q3))  # the supervisor reads «100»
    version = DataValue.objects.get().version
    record_values([put(tree["a"], TOTAL, "99999", expected_version=version)], actor)
    submit_report(tree["a"], Q3, actor)
    with pytest.raises(ValueWriteError) as caught:
        review_report(tree["a"], Q3, "approve", Actor("so"), seen=seen)
    [conflict] = caught.value.errors
    assert isinstance(conflict, ConflictError)
    assert "«100» → «99999»" in conflict.vi and "xa.an" in conflict.vi and " ngày " in conflict.vi
    assert "'100' → '99999'" in conflict.en.replace("«", "'").replace("»", "'")
    assert DataValue.objects.get().status == Status.SUBMITTED


def test_an_approval_refuses_a_value_submitted_after_the_page_was_read(tree, actor):
    record_values([put(tree["a"], TOTAL, "100")], actor)
    submit_report(tree["a"], Q3, actor)
    seen = seen_versions(report_values(tree["a"], Q3))
    record_values([put(tree["a"], ONLINE, "50")], actor)
    submit_report(tree["a"], Q3, actor)
    with pytest.raises(ValueWriteError, match="chưa hiển thị"):
        review_report(tree["a"], Q3, "approve", Actor("so"), seen=seen)
    assert set(statuses(tree["a"]).values()) == {Status.SUBMITTED}


def test_approving_and_returning_need_the_versions_seen_reopening_does_not(tree, actor):
    record_values([put(tree["a"], TOTAL, "100")], actor)
    submit_report(tree["a"], Q3, actor)
    for action in ("approve", "return"):
        with pytest.raises(InputError, match="phiên bản"):
            review_report(tree["a"], Q3, action, Actor("so"), reason="x")
    seen = seen_versions(report_values(tree["a"], Q3))
    assert len(review_report(tree["a"], Q3, "approve", Actor("so"), seen=seen)) == 1
    review_report(tree["a"], Q3, "reopen", Actor("so"), reason="sửa theo cổng DVC")
    assert DataValue.objects.get().status == Status.DRAFT


class _Undo(Exception):
    """Rolls one generated example back, so each starts from the same empty report."""


@settings(
    max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(["edit", "note", "submit"]), max_size=4))
def test_an_approval_passes_exactly_when_nothing_changed_since_it_was_seen(tree, actor, steps):
    try:
        with transaction.atomic():
            record_values([put(tree["a"], TOTAL, "100")], actor)
            submit_report(tree["a"], Q3, actor)
            seen = seen_versions(report_values(tree["a"], Q3))
            for i, step in enumerate(steps):
                if step == "edit":
                    record_values([put(tree["a"], TOTAL, str(200 + i))], actor)
                elif step == "note":
                    record_values(
                        [put(tree["a"], TOTAL, DataValue.objects.get().raw, note=f"ghi chú {i}")], actor
                    )
                else:
                    try:
                        submit_report(tree["a"], Q3, actor)
                    except InputError:
                        pass  # nothing left to submit
            unchanged = DataValue.objects.get().version == seen[TOTAL]
            try:
                review_report(tree["a"], Q3, "approve", Actor("so"), seen=seen)
                approved = True
            except (ValueWriteError, InputError):
                approved = False
            assert approved == unchanged, steps
            if approved:
                assert DataValue.objects.get().raw == "100"  # what the supervisor saw, nothing else
            raise _Undo
    except _Undo:
        pass
