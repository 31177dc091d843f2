"""The demo's one exception to the submission rules: a sample report issued with its own errors."""

from __future__ import annotations

import pytest

from cds.demo.loader import AS_ISSUED, submit
from cds.units.testing import small_tree
from cds.values.models import DataValue, Status, ValueChange
from cds.values.services import Actor, record_values
from cds.values.tests.test_workflow import ONLINE, Q3, TOTAL, put, statuses

pytestmark = pytest.mark.django_db

SAMPLE, OFFICER = Actor("demo: báo cáo mẫu", "import"), Actor("demo: cán bộ đơn vị", "demo")


def test_a_sample_report_with_its_own_error_is_submitted_whole_with_the_error_as_the_reason():
    tree = small_tree()
    record_values([put(tree["a"], TOTAL, "100"), put(tree["a"], ONLINE, "130")], SAMPLE)  # as issued
    record_values([put(tree["a"], "dvc.dossiers_resolved", "90")], Actor("dvc", "computed"))
    moved = submit([(tree["a"], Q3)], OFFICER, "Số liệu mô phỏng (demo)")
    assert len(moved) == 3 and set(statuses(tree["a"]).values()) == {Status.SUBMITTED}
    reasons = set(ValueChange.objects.filter(action="submit").values_list("reason", flat=True))
    [reason] = reasons
    assert reason.startswith("Báo cáo mẫu đã ký ban hành") and "130" in reason


def test_a_synthetic_report_the_rules_refuse_stays_a_draft():
    tree = small_tree()
    record_values([put(tree["b"], TOTAL, "100"), put(tree["b"], ONLINE, "130")], OFFICER)
    assert submit([(tree["b"], Q3)], OFFICER, "Số liệu mô phỏng (demo)") == []
    assert set(statuses(tree["b"]).values()) == {Status.DRAFT}
    assert not ValueChange.objects.filter(action="submit").exists()


def test_a_sample_reports_warning_is_explained_as_the_issued_figure_not_bypassed():
    tree = small_tree()
    record_values([put(tree["a"], TOTAL, "10", period=Q3.previous())], SAMPLE)
    record_values([put(tree["a"], TOTAL, "1000")], SAMPLE)  # a jump: a warning, no error
    submit([(tree["a"], Q3)], OFFICER, "Số liệu mô phỏng (demo)")
    change = ValueChange.objects.get(action="submit", value__period=Q3.code)
    assert AS_ISSUED in change.reason and "Báo cáo mẫu đã ký" not in change.reason
    assert DataValue.objects.get(period=Q3.code).status == Status.SUBMITTED
