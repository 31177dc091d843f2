"""Each criterion of the 766 index the sources allow (data version 2), on explicit dossier sets or
typed values: its maximum and rule as the national portal scores it, at, below and above its
threshold; what has no rule stays N/A."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cds.dossiers import index766

from .test_index766 import MARCH, load, resolved

D = Decimal


def _indicator(result: index766.IndexResult, code: str) -> index766.IndicatorResult:
    return next(i for g in result.groups for i in g.indicators if i.code == code)


@pytest.mark.parametrize(
    ("field", "code", "hits", "points"),
    [
        ("result_digitised", "4.1", 4, D("6")),
        ("result_digitised", "4.1", 1, D("1.50")),
        ("result_digitised", "4.1", 0, D("0.00")),
        ("dossier_digitised", "4.2", 4, D("4")),
        ("dossier_digitised", "4.2", 3, D("3.00")),
        ("dossier_digitised", "4.2", 0, D("0.00")),
    ],
    ids=[
        "4.1 every result electronic: 6",
        "4.1 one of four: 1,5 (linear, no threshold)",
        "4.1 none: a real 0",
        "4.2 every dossier digitised: 4",
        "4.2 three of four: 3 (the portal's linear rule, not the description's 80%)",
        "4.2 none: a real 0",
    ],
)
def test_the_digitisation_criteria_score_their_share_of_the_maximum(
    tree, store, tmp_path, field, code, hits, points
):
    load(tmp_path, store, [resolved(f"HS{n}", "T99901", on_time=True, **{field: "Có" if n < hits else "Không"})
                           for n in range(4)])  # fmt: skip
    result = index766.compute_index(tree["a"], MARCH, store=store)
    ind = _indicator(result, code)
    assert ind.points == points
    assert ind.provisional  # our rate's denominator differs from the portal's (note in the data)
    digitisation = result.group("4")
    assert digitisation.points is None  # 4.3–4.6 are not in the dossier records
    assert digitisation.covered_max == 10


@pytest.mark.parametrize(
    ("paid", "points"),
    [(4, D("6")), (2, D("3.00")), (0, D("0.00"))],
    ids=["every fee dossier paid online: 6", "half: 3", "none: a real 0"],
)
def test_online_payment_scores_six_points_on_the_share_of_fee_dossiers_paid_online(
    tree, store, tmp_path, paid, points
):
    rows = [resolved(f"HS{n}", "T99901", on_time=True, fee_required="Có", paid_online="Có" if n < paid else "Không")
            for n in range(4)]  # fmt: skip
    load(tmp_path, store, rows)
    result = index766.compute_index(tree["a"], MARCH, store=store)
    assert _indicator(result, "3.6").points == points
    assert result.group("3").costs["paid_offline"] == 4 - paid
    assert result.group("3").points is None  # 3.0's rule was not reproduced: the group is N/A


def test_without_fee_dossiers_online_payment_is_na_not_zero(tree, store, tmp_path):
    load(tmp_path, store, [resolved("HS1", "T99901", on_time=True)])
    ind = _indicator(index766.compute_index(tree["a"], MARCH, store=store), "3.6")
    assert ind.value is None and ind.points is None and ind.reasons_vi


@pytest.mark.parametrize(
    ("code", "typed", "value", "points"),
    [
        ("5.2", "dvc.feedback_on_time_rate", D("100"), D("6")),
        ("5.2", "dvc.feedback_on_time_rate", D("50"), D("3.00")),
        ("5.3", "dvc.feedback_satisfaction_rate", D("75"), D("4.50")),
        ("3.5b", "dvc.procedures_with_online_payments_rate", D("90"), D("2")),
        ("3.5b", "dvc.procedures_with_online_payments_rate", D("80"), D("2")),
        ("3.5b", "dvc.procedures_with_online_payments_rate", D("40"), D("1.00")),
    ],
    ids=[
        "5.2 all feedback on time: 6",
        "5.2 half: 3",
        "5.3 three quarters: 4,5",
        "3.5b above the 80% threshold: 2",
        "3.5b at it: 2",
        "3.5b half of it: 1",
    ],
)
def test_typed_criteria_score_by_their_rule(code, typed, value, points):
    spec = index766.load_spec()
    result = index766.evaluate(spec, 1, "2023-03", None, {typed: value})
    assert _indicator(result, code).points == points


def test_the_satisfaction_group_is_full_only_when_its_three_rates_are_known():
    spec = index766.load_spec()
    two = index766.evaluate(
        spec,
        1,
        "2023-03",
        None,
        {"dvc.feedback_on_time_rate": D("100"), "dvc.feedback_satisfaction_rate": D("100")},
    )
    satisfaction = two.group("5")
    assert satisfaction.points is None  # 5.4 (dossier-level complaints) is not held: N/A, never 0
    assert satisfaction.covered_points == 12 and satisfaction.covered_max == 12
    assert two.total is None and two.grade is None


@pytest.mark.parametrize(
    ("rate", "maximum", "full_at", "points"),
    [
        (D("90"), D("6"), D("90"), D("6")),  # 5.4 at its 90% threshold
        (D("45"), D("6"), D("90"), D("3.00")),  # half of it
        (D("80"), D("2"), D("80"), D("2")),  # 4.3 at 80%
        (D("60"), D("2"), D("80"), D("1.50")),  # below
        (D("100"), D("2"), D("80"), D("2")),  # above: capped
    ],
)
def test_the_threshold_rules_of_the_portal(rate, maximum, full_at, points):
    assert index766.points(rate, maximum, full_at) == points


def test_the_shipped_rules_are_the_portals():
    rules = {
        i.code: (i.max, i.full_at, i.rule_status) for g in index766.load_spec().groups for i in g.indicators
    }
    assert rules["2.1"] == (20, 100, "observed")  # 20 × on time / received, no threshold
    assert rules["4.3"] == (2, 80, "observed")
    assert rules["5.4"] == (6, 90, "observed")
    assert rules["4.4"][2] == "inferred"  # only 0% was seen: points computed with it are provisional
    spec = index766.load_spec()
    result = index766.evaluate(spec, 1, "2023-03", None, {})
    assert all(i.points is None for g in result.groups for i in g.indicators)  # nothing held: all N/A
