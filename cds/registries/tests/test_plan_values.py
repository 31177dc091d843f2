"""Plan completion as values: tasks due, done on time and the rate, per unit and period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cds.lib.periods import parse_period
from cds.registries import indicators, plans
from cds.registries.models import Task
from cds.units.testing import small_tree
from cds.values.models import DataValue

from .helpers import plan_of_2024

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def plan():
    return plan_of_2024(small_tree()["a"], last_done_on=D(2024, 12, 2))


def test_completion_counts_tasks_due_in_the_period_and_those_done_by_their_deadline(plan) -> None:
    assert plans.completion(plan.unit, parse_period("2024")) == {
        "plans.tasks_due": 4, "plans.tasks_done_on_time": 2, "plans.completion_rate": Decimal("50.00"),
    }  # fmt: skip
    q2 = plans.completion(plan.unit, parse_period("2024Q2"))
    assert (q2["plans.tasks_due"], q2["plans.tasks_done_on_time"], q2["plans.completion_rate"]) == (2, 1, 50)


def test_a_period_with_no_task_due_has_counts_of_zero_and_no_rate(plan) -> None:
    assert plans.completion(plan.unit, parse_period("2024Q1")) == {
        "plans.tasks_due": 0, "plans.tasks_done_on_time": 0,
    }  # fmt: skip


def test_a_year_without_a_plan_is_unknown_not_zero(plan) -> None:
    assert plans.completion(plan.unit, parse_period("2023")) == {}
    assert plans.plan_counts(plan.unit, parse_period("2023")) == {}


def test_sync_records_the_three_plan_values_as_computed_and_is_idempotent(plan) -> None:
    result = indicators.sync(plan.unit, parse_period("2024"), ["plans"])
    assert result.created == 4  # due, done on time, rate, annual plan issued
    rows = {
        v.indicator.code: v
        for v in DataValue.objects.filter(unit=plan.unit, period="2024").select_related("indicator")
    }
    assert rows["plans.tasks_due"].number == 4 and rows["plans.tasks_done_on_time"].number == 2
    assert rows["plans.completion_rate"].number == Decimal("50")
    assert {(v.source_kind, v.source_ref) for v in rows.values()} == {("computed", "registry:plans")}
    assert indicators.sync(plan.unit, parse_period("2024"), ["plans"]).changed == 0
    Task.objects.filter(content="c").update(status="done", done_on=D(2024, 8, 30))
    assert indicators.sync(plan.unit, parse_period("2024"), ["plans"]).updated == 2
    assert DataValue.objects.get(indicator__code="plans.completion_rate", period="2024").number == 75
