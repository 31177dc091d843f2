"""Each scoring rule, with the edge cases decisions trip over."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cds.dti.rules import MISSING, OK, UNSCORED, ZERO_DENOMINATOR, Measure, Rule, manual_score, score

D = Decimal


def test_proportional_gives_rate_times_maximum():
    result = score(Rule("proportional", indicator="x"), D(30), Measure(numerator=D(14), denominator=D(23)))
    assert result.points == D("18.26")  # 14/23 = 60,87% of 30
    assert result.value_text == "60,87% (14/23)"
    assert result.status == OK


def test_proportional_reaches_full_points_at_the_threshold_and_caps_above_it():
    rule = Rule("proportional", indicator="x", full_at=D(80))
    assert score(rule, D(50), Measure(value=D(40))).points == D(25)
    assert score(rule, D(50), Measure(value=D(80))).points == D(50)
    assert score(rule, D(50), Measure(value=D(164))).points == D(50)  # a typed 164% never exceeds the maximum


def test_proportional_gives_nothing_below_the_floor():
    rule = Rule("proportional", indicator="x", floor=D(50))
    assert score(rule, D(30), Measure(value=D(49.9))).points == 0
    assert score(rule, D(30), Measure(value=D(50))).points == D(15)


def test_zero_denominator_is_not_applicable_and_scores_as_the_framework_says():
    measure = Measure(numerator=D(0), denominator=D(0))
    zero = score(Rule("proportional", indicator="x"), D(20), measure)
    full = score(Rule("proportional", indicator="x", zero_denominator="full"), D(20), measure)
    assert (zero.points, zero.status, zero.value_text) == (0, ZERO_DENOMINATOR, "N/A (mẫu số bằng 0)")
    assert full.points == D(20)


def test_missing_data_scores_zero_and_says_so():
    for rule in (Rule("proportional", indicator="x"), Rule("steps", indicator="x", steps=((D(1), D(5)),))):
        result = score(rule, D(10), None)
        assert (result.points, result.status) == (0, MISSING)
        assert score(rule, D(10), Measure()).status == MISSING


@pytest.mark.parametrize(("meetings", "points"), [(0, 0), (1, 5), (2, 10), (3, 15), (4, 20), (9, 20)])
def test_steps_give_the_points_of_the_highest_threshold_reached(meetings, points):
    rule = Rule("steps", indicator="x", steps=((D(4), D(20)), (D(3), D(15)), (D(2), D(10)), (D(1), D(5))))
    assert score(rule, D(20), Measure(value=D(meetings))).points == points


def test_steps_hint_names_the_next_threshold():
    rule = Rule("steps", indicator="x", steps=((D(4), D(20)), (D(2), D(10))))
    assert score(rule, D(20), Measure(value=D(2))).hint_vi == "bậc tiếp theo: đạt 4"


def test_yes_no_gives_full_points_for_yes_and_points_no_for_no():
    rule = Rule("yes_no", indicator="x", points_no=D(2))
    assert score(rule, D(10), Measure(value=D(1))).points == 10
    assert score(rule, D(10), Measure(value=D(0))).points == 2


def test_per_population_scales_to_full_points_at_the_density():
    rule = Rule("per_population", indicator="members", per=D(100), full_at=D(2))
    half = score(rule, D(20), Measure(value=D(50), denominator=D(5000)))  # 1 per 100 residents
    assert half.points == D(10)
    assert half.hint_vi == "cần thêm 50"
    assert score(rule, D(20), Measure(value=D(500), denominator=D(5000))).points == D(20)
    assert score(rule, D(20), Measure(value=D(5), denominator=D(0))).status == ZERO_DENOMINATOR
    assert score(rule, D(20), Measure(value=D(5), denominator=None)).status == MISSING


def test_per_item_counts_points_each_up_to_the_maximum():
    rule = Rule("per_item", indicator="x", points_each=D(5))
    assert score(rule, D(20), Measure(value=D(3))).points == D(15)
    assert score(rule, D(20), Measure(value=D(30))).points == D(20)


def test_manual_items_use_the_assessment_points_capped_at_the_maximum():
    assert manual_score(D(10), D(12)).points == D(10)
    assert manual_score(D(10), None).status == UNSCORED


@given(
    rate=st.decimals(min_value=-50, max_value=500, allow_nan=False, places=2),
    maximum=st.decimals(min_value=1, max_value=200, places=0),
    full_at=st.decimals(min_value=1, max_value=100, places=0),
)
def test_proportional_points_stay_between_zero_and_the_maximum_and_grow_with_the_rate(rate, maximum, full_at):
    rule = Rule("proportional", indicator="x", full_at=full_at)
    points = score(rule, maximum, Measure(value=rate)).points
    assert 0 <= points <= maximum
    assert score(rule, maximum, Measure(value=rate + 1)).points >= points
