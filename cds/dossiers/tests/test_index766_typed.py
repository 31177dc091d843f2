"""The 766 sub-indicators dossier records cannot give are typed catalog values, read through the one
values API (``cds.values.rollup``): their points by the portal's rules at, below and above each
threshold, their coverage (units that have the value, how many approved), N/A — never 0 — when absent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cds.dossiers import index766
from cds.values.services import Actor, ValueInput, record_values

from .test_index766 import MARCH

D = Decimal
pytestmark = pytest.mark.usefixtures("shipped_catalogs")


def typed(unit, values: dict[str, str]) -> None:
    record_values([ValueInput(unit, code, MARCH, raw) for code, raw in values.items()], Actor("tester"))


def _indicator(result: index766.IndexResult, code: str) -> index766.IndicatorResult:
    return next(i for g in result.groups for i in g.indicators if i.code == code)


def test_publicity_is_scored_from_the_typed_parts_of_its_four_rates_and_is_then_complete(tree, store):
    typed(
        tree["a"],
        {
            "dvc.procedures_announced_on_time": "6", "dvc.procedures_to_announce": "6",  # 100% → 6
            "dvc.procedures_published_on_time": "3", "dvc.procedures_to_publish": "4",  # 75% → 3
            "dvc.procedures_published_complete": "1", "dvc.procedures_published": "2",  # 50% → 1
            "dvc.dossiers_synced_on_time": "90", "dvc.dossiers_to_sync": "100",  # 90% → 5,4
        },
    )  # fmt: skip
    result = index766.compute_index(tree["a"], MARCH, store=store)
    publicity = result.group("1")
    assert [i.points for i in publicity.indicators] == [D("6"), D("3.00"), D("1.00"), D("5.40")]
    assert publicity.points == D("15.40") and publicity.max == 18 and publicity.gap == D("2.60")
    sync = _indicator(result, "1.4")
    assert sync.value == 90
    assert sync.coverage == index766.Typed(D(90), reported=1, approved=0, expected=1)  # typed, not approved


def test_a_typed_indicator_nobody_entered_is_na_with_no_coverage_and_says_which_value_is_missing(tree, store):
    result = index766.compute_index(tree["a"], MARCH, store=store)
    sync = _indicator(result, "1.4")
    assert sync.value is None and sync.points is None  # N/A, never 0
    assert sync.coverage is not None and sync.coverage.reported == 0
    # named as the entry form names it, never by its code (a user cannot type into a code)
    from cds.catalog.services import get_catalog

    # the catalog the value is typed into (in force on the period's first day), not the index's words
    found = get_catalog(MARCH.start)["dvc.dossier_sync_rate"]
    name_vi, name_en = found.name_vi, found.name_en
    assert any(f"«{name_vi}»" in r for r in sync.reasons_vi)
    assert any(f"«{name_en}»" in r for r in sync.reasons_en)
    assert not any("dvc.dossier_sync_rate" in r for r in sync.reasons_vi + sync.reasons_en)
    record = index766.as_record(result)
    shown = next(i for g in record["groups"] for i in g["indicators"] if i["code"] == "1.4")
    assert shown["points"] is None
    assert shown["coverage"]["text"] == "0/1 đơn vị có số liệu, 0 đã duyệt"


@pytest.mark.parametrize(
    ("satisfied", "points"),
    [("95", D("6")), ("90", D("6")), ("45", D("3.00")), ("0", D("0.00"))],
    ids=["5.4 above 90%: 6", "5.4 at 90%: 6", "5.4 at half of it: 3", "5.4 none: a real 0"],
)
def test_satisfaction_with_dossier_handling_is_full_from_90_percent(tree, store, satisfied, points):
    typed(tree["a"], {"dvc.dossiers_handled_satisfactorily": satisfied, "dvc.portal_dossiers": "100"})
    result = index766.compute_index(tree["a"], MARCH, store=store)
    assert _indicator(result, "5.4").points == points


@pytest.mark.parametrize(
    ("reused", "points"),
    [("90", D("2")), ("80", D("2")), ("40", D("1.00"))],
    ids=["4.3 above 80%: 2", "4.3 at 80%: 2", "4.3 half of it: 1"],
)
def test_reuse_of_digitised_data_is_full_from_80_percent(tree, store, reused, points):
    typed(tree["a"], {"dvc.dossiers_reusing_data": reused, "dvc.portal_dossiers": "100"})
    result = index766.compute_index(tree["a"], MARCH, store=store)
    assert _indicator(result, "4.3").points == points


def test_a_provinces_typed_dossier_rate_is_rebuilt_from_its_communes_parts_with_their_coverage(tree, store):
    typed(tree["a"], {"dvc.dossiers_population_data": "30", "dvc.portal_dossiers": "50"})
    typed(tree["b"], {"dvc.dossiers_population_data": "10", "dvc.portal_dossiers": "50"})
    result = index766.compute_index(tree["province"], MARCH, store=store)
    population = _indicator(result, "4.5b")
    assert population.value == 40  # (30 + 10) / (50 + 50), not the mean of the two rates
    assert population.points == D("0.80")
    assert population.coverage.reported == 2 and population.coverage.expected >= 2


def test_every_typed_input_of_the_index_is_a_rate_of_the_shipped_catalog():
    from cds.catalog.spec import builtin_catalog_files, read_catalog_file

    for path in builtin_catalog_files():
        found = {i.code: i for i in read_catalog_file(path).indicators}
        for g in index766.load_spec().groups:
            for ind in g.indicators:
                if ind.typed:
                    assert found[ind.typed].kind == "rate", (path.name, ind.typed)
                    assert found[ind.typed].numerator and found[ind.typed].denominator


def test_with_every_typed_value_entered_the_total_stays_na_while_group_3_has_no_rule(tree, store):
    codes = {i.typed for g in index766.load_spec().groups for i in g.indicators if i.typed}
    result = index766.evaluate(index766.load_spec(), 1, "2023-03", None, {c: D("100") for c in codes})
    assert result.group("1").points == 18 and result.group("5").points == 18
    assert result.group("3").points is None  # 3.0's 12 points: no rule reproduced; 3.1–3.3 no maximum
    assert result.total is None and result.grade is None
    assert result.covered_points <= 100


def test_a_commune_with_nothing_typed_gets_exactly_what_the_roll_up_says_without_asking_it(tree):
    from cds.values.rollup import Rollup

    typed(tree["b"], {"dvc.dossiers_reusing_data": "8", "dvc.portal_dossiers": "10"})  # a neighbour has one
    spec = index766.load_spec()
    got = index766._typed_values(spec, [tree["a"], tree["b"]], MARCH)
    engine = Rollup(sorted(got[tree["a"].pk]), None, MARCH, tree["a"].era)
    for unit in (tree["a"], tree["b"]):
        for code, value in got[unit.pk].items():
            agg = engine.value(code, unit.pk)
            cov = agg.coverage
            assert value == index766.Typed(agg.value, cov.reported, cov.approved, cov.expected), (unit, code)
    assert got[tree["b"].pk]["dvc.data_reuse_rate"].value == 80


def test_the_shared_result_for_nothing_typed_is_exactly_what_evaluating_an_absent_value_gives():
    """``index_many`` hands every commune nobody typed for one shared, frozen result per typed
    indicator (and per all-typed group): it must equal what the general path builds for the same
    absent value — here a fresh ``Typed`` (not the shared one), so the general path runs."""
    spec = index766.load_spec()
    codes = {i.typed for g in spec.groups for i in g.indicators if i.typed}
    shared = index766.evaluate(spec, 1, "2023-03", None, {})
    built = index766.evaluate(
        spec, 1, "2023-03", None, {c: index766.Typed(None, reported=0, approved=0, expected=1) for c in codes}
    )
    assert shared == built
    assert any(g.absent is not None for g in spec.groups)  # the group path is exercised, not only indicators
    assert shared.group("1") is next(g for g in spec.groups if g.code == "1").absent
    assert shared.group("1").points is None and shared.group("1").covered_max == 0  # N/A, never 0 points
    one = index766.evaluate(spec, 1, "2023-03", None, {"dvc.dossier_sync_rate": D("90")})
    assert one.group("1").covered_points == D("5.40")  # one typed value: the group is computed, not shared


def test_the_unit_page_shows_each_typed_sub_indicators_coverage_in_both_languages(
    tree, store, client, officer
):
    from django.test import override_settings

    typed(tree["a"], {"dvc.dossiers_synced_on_time": "9", "dvc.dossiers_to_sync": "10"})
    client.force_login(officer, backend="cds.accounts.lockout.LockoutBackend")
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        vi = client.get(f"/dvc/unit/{tree['a'].pk}/index/?period=2023-03").content.decode()
        client.cookies["django_language"] = "en"
        en = client.get(f"/dvc/unit/{tree['a'].pk}/index/?period=2023-03").content.decode()
    publicity = vi.split('id="group-1"')[1].split("</tr>")[0]
    assert "1/1 đơn vị có số liệu, 0 đã duyệt" in publicity  # 1.4, typed and not yet approved
    assert "0/1 đơn vị có số liệu" in publicity  # 1.1–1.3: nobody typed them
    assert "1/1 units with data, 0 approved" in en.split('id="group-1"')[1].split("</tr>")[0]


def test_a_communes_own_certified_copy_item_is_na_and_says_the_province_or_district_types_it(tree, store):
    """4.6 counts the communes of an area; the portal gives every unit 100% with no parts, so a
    commune has no figure of its own: N/A (never the portal's unexplained 2 points), saying why."""
    from cds.catalog.services import get_catalog

    definition = get_catalog(MARCH.start)["dvc.communes_e_certified_copy_rate"]
    assert "commune" not in definition.levels  # no commune-level input exists
    item = _indicator(index766.compute_index(tree["a"], MARCH, store=store), "4.6")
    assert item.value is None and item.points is None
    assert any("một xã không có số liệu riêng" in r for r in item.reasons_vi)


def test_the_ranking_reads_both_periods_typed_values_from_one_load_exactly_as_each_periods_own_roll_up(tree):
    from cds.lib.periods import parse_period
    from cds.values.rollup import Rollup

    february = parse_period("2023-02")
    typed(tree["a"], {"dvc.dossiers_reusing_data": "8", "dvc.portal_dossiers": "10"})  # March: 80%
    record_values(
        [ValueInput(tree["b"], code, february, raw) for code, raw in
         {"dvc.dossiers_reusing_data": "1", "dvc.portal_dossiers": "4"}.items()],
        Actor("tester"),
    )  # fmt: skip
    spec = index766.load_spec()
    units = [tree["district"], tree["a"], tree["b"]]
    got = index766._typed_values_for(spec, units, [MARCH, february], root=tree["district"])
    for period in (MARCH, february):
        engine = Rollup(sorted(got[period.code][tree["a"].pk]), tree["district"], period, tree["a"].era)
        for unit in units:
            for code, value in got[period.code][unit.pk].items():
                agg = engine.value(code, unit.pk)
                cov = agg.coverage
                want = index766.Typed(agg.value, cov.reported, cov.approved, cov.expected)
                assert value == want, (period.code, unit, code)
    assert got[MARCH.code][tree["a"].pk]["dvc.data_reuse_rate"].value == 80
    assert got[february.code][tree["b"].pk]["dvc.data_reuse_rate"].value == 25
    assert got[february.code][tree["a"].pk]["dvc.data_reuse_rate"].value is None  # not March's, never 0
    assert got[MARCH.code][tree["district"].pk]["dvc.data_reuse_rate"].value == 80
