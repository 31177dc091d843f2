from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.lib.periods import parse_period
from cds.lib.testing import examples
from cds.units.testing import small_tree
from cds.values.rollup import Rollup, rollup, rollup_children
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db
ACTOR = Actor("tester", "demo")


def put(unit, code, raw, period):
    return ValueInput(unit=unit, indicator_code=code, period=parse_period(period), raw=raw)


def test_counts_add_up_over_communes_and_quarters(tree):
    record_values(
        [
            put(tree["a"], "dvc.dossiers_total", "100", "2023Q1"),
            put(tree["a"], "dvc.dossiers_total", "50", "2023Q2"),
            put(tree["b"], "dvc.dossiers_total", "30", "2023Q1"),
        ],
        ACTOR,
    )
    total = rollup("dvc.dossiers_total", tree["province"], parse_period("2023S1"))
    assert (total.value, total.contributors, total.source) == (Decimal(180), 2, "children")


def test_a_partial_year_is_marked_approximate(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", "100", "2023Q1")], ACTOR)
    year = rollup("dvc.dossiers_total", tree["a"], parse_period("2023"))
    assert year.value == 100 and year.approximate


def test_a_rate_is_recomputed_from_summed_parts_not_averaged(tree):
    record_values(
        [
            put(tree["a"], "dvc.dossiers_online", "9", "2023Q3"),
            put(tree["a"], "dvc.dossiers_total", "10", "2023Q3"),
            put(tree["b"], "dvc.dossiers_online", "1", "2023Q3"),
            put(tree["b"], "dvc.dossiers_total", "90", "2023Q3"),
        ],
        ACTOR,
    )
    rate = rollup("dvc.online_dossier_rate", tree["district"], parse_period("2023Q3"))
    # average of 90% and 1,1% would be 45,6%; the true rate is 10/100
    assert (rate.value, rate.numerator, rate.denominator) == (Decimal(10), Decimal(10), Decimal(100))


def test_a_units_own_total_wins_over_its_childrens(tree):
    record_values(
        [
            put(tree["district"], "dvc.dossiers_total", "500", "2023Q3"),
            put(tree["a"], "dvc.dossiers_total", "100", "2023Q3"),
        ],
        ACTOR,
    )
    assert rollup("dvc.dossiers_total", tree["district"], parse_period("2023Q3")).value == 500


def test_values_of_old_communes_roll_into_todays_commune(tree):
    record_values(
        [
            put(tree["a"], "dvc.dossiers_total", "100", "2024"),
            put(tree["b"], "dvc.dossiers_total", "40", "2024"),
        ],
        ACTOR,
    )
    merged = rollup("dvc.dossiers_total", tree["merged"], parse_period("2024"))
    assert merged.value == 140
    assert rollup("dvc.dossiers_total", tree["new_province"], parse_period("2024")).value == 140


def test_only_a_reported_rate_is_shown_when_parts_are_missing(tree):
    record_values([put(tree["a"], "dvc.online_dossier_rate", "9,36%", "2023Q1")], ACTOR)
    rate = rollup("dvc.online_dossier_rate", tree["a"], parse_period("2023Q1"))
    assert (rate.value, rate.source) == (Decimal("9.36"), "reported-rate")


def test_a_reported_rate_stays_shown_when_the_catalog_sets_the_rate_aside(tree):
    """review7: a rate whose stored definition lost its denominator is never computed, but the rate
    a unit reported (a report's «9,36%») is a recorded figure, not a computed one: it was hidden as
    «chưa có số liệu». It is shown as reported, with the catalog's problem in its notes."""
    from cds.catalog.models import IndicatorDefinition
    from cds.catalog.services import invalidate_cache

    record_values(
        [
            put(tree["a"], "dvc.online_dossier_rate", "9,36%", "2023Q1"),
            put(tree["b"], "dvc.dossiers_online", "3", "2023Q1"),
            put(tree["b"], "dvc.dossiers_total", "10", "2023Q1"),
        ],
        ACTOR,
    )
    IndicatorDefinition.objects.filter(indicator__code="dvc.online_dossier_rate").update(denominator=None)
    invalidate_cache()
    try:
        reported = rollup("dvc.online_dossier_rate", tree["a"], parse_period("2023Q1"))
        assert (reported.value, reported.source) == (Decimal("9.36"), "reported-rate")
        assert any("không có mẫu số" in note and "no denominator" in note for note in reported.notes)
        computed = rollup("dvc.online_dossier_rate", tree["b"], parse_period("2023Q1"))
        assert computed.value is None and computed.numerator is None  # 3/10 is never computed
    finally:
        invalidate_cache()


def test_children_are_listed_with_their_values(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", "7", "2023Q3")], ACTOR)
    rows = rollup_children("dvc.dossiers_total", tree["district"], parse_period("2023Q3"))
    assert [(u.name, agg.value) for u, agg in rows] == [("Xã An", 7), ("Xã Bình", None)]


def test_engines_for_several_periods_answer_as_one_engine_per_period_would(tree, django_assert_num_queries):
    record_values(
        [
            put(tree["a"], "dvc.dossiers_online", "9", "2023Q2"),
            put(tree["a"], "dvc.dossiers_total", "10", "2023Q2"),
            put(tree["b"], "dvc.dossiers_total", "90", "2023Q3"),
            put(tree["b"], "dvc.dossiers_online", "5", "2023-07"),
            put(tree["a"], "docs.issued_total", "4", "2023Q3"),
        ],
        ACTOR,
    )
    rate, count = (
        ["dvc.online_dossier_rate"],
        ["dvc.dossiers_total", "docs.issued_total", "dvc.dossiers_online"],
    )
    wanted = [(rate, parse_period("2023Q1")), (rate, parse_period("2023Q2")), (count, parse_period("2023Q3"))]
    with django_assert_num_queries(3):  # the subtree once, then one query per distinct list of codes
        engines = Rollup.for_periods(wanted, tree["district"], era=tree["district"].era)
    for (codes, period), engine in zip(wanted, engines, strict=True):
        alone = Rollup(codes, tree["district"], period, era=tree["district"].era)
        for code in codes:
            for unit in (None, tree["a"].pk, tree["b"].pk):
                assert engine.value(code, unit) == alone.value(code, unit), (code, period, unit)
    assert engines[1].value("dvc.online_dossier_rate").value == 90
    assert engines[2].value("dvc.dossiers_online").value == 5  # from the month, in the quarter


@settings(
    max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), min_size=2, max_size=2))
def test_rollup_of_parts_equals_the_whole_and_rates_come_from_summed_parts(tree, parts):
    inputs = []
    for unit, (online, extra) in zip((tree["a"], tree["b"]), parts, strict=True):
        inputs += [
            put(unit, "dvc.dossiers_online", str(online), "2023Q3"),
            put(unit, "dvc.dossiers_total", str(online + extra), "2023Q3"),
        ]
    record_values(inputs, ACTOR)
    period = parse_period("2023Q3")
    total = rollup("dvc.dossiers_total", tree["province"], period).value
    assert total == sum(o + e for o, e in parts)
    rate = rollup("dvc.online_dossier_rate", tree["province"], period)
    online = sum(o for o, _ in parts)
    if total:
        assert rate.value == Decimal(online) / Decimal(total) * 100
    else:
        assert rate.value is None


def test_children_are_compared_in_vietnamese_alphabetical_order():
    from cds.units.testing import make_unit

    tree = small_tree()
    for name, code in (("Xã Ea", "T99971"), ("Xã Đức", "T99972"), ("Xã Dũng", "T99973")):
        make_unit(name, "commune", code, tree["district"])
    pairs = rollup_children("dvc.dossiers_total", tree["district"], parse_period("2024"))
    # not code-point order, which puts "Đ" after "E"
    assert [u.name for u, _ in pairs] == ["Xã An", "Xã Bình", "Xã Dũng", "Xã Đức", "Xã Ea"]


def test_a_commune_with_no_village_registered_has_no_village_count_rather_than_0(tree):
    """QA of the demo's xã Tịnh Khê unit page: «Số thôn, tổ dân phố trên địa bàn … 0 thôn», «số liệu
    của đơn vị», «1/1 đơn vị có số liệu, 1 đã duyệt» — the registry simply holds none of its thôn
    (a village list is imported commune by commune). Unknown is not 0; a registered one counts."""
    from cds.units.testing import make_unit

    quarter = parse_period("2023Q3")
    unknown = rollup("units.villages", tree["a"], quarter)
    assert unknown.value is None and unknown.contributors == 0
    make_unit("Thôn Một", "village", "T99990", tree["a"])
    assert rollup("units.villages", tree["a"], quarter).value == Decimal(1)
    # the district counts the villages of the communes that have a list, said as 1 of its 2 communes
    district = rollup("units.villages", tree["district"], quarter)
    assert district.value == Decimal(1)
