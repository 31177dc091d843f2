"""The 766 index from explicit dossier sets: each rule at, below and above its threshold, N/A never
zero, a golden ranking with ties, the reorganisation, the shipped data's sources, the CLI's JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from cds.dossiers import index766
from cds.dossiers.importer import import_file
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.units.testing import make_unit

from .helpers import dossier, write_export

MARCH = parse_period("2023-03")
D = Decimal


def resolved(code: str, unit: str, on_time: bool, **kw) -> dict:
    """A dossier received 1/3/2023, due 10/3, finished 8/3 (on time) or 15/3 (late)."""
    return dossier(
        code,
        unit,
        received_at="01/03/2023 08:00",
        due_at="10/03/2023",
        finished_at="08/03/2023 10:00" if on_time else "15/03/2023 10:00",
        **kw,
    )


def load(tmp_path: Path, store, rows: list[dict]) -> None:
    report = import_file(write_export(tmp_path / "hs.csv", rows), store=store)
    assert report.rows_rejected == 0


def test_points_are_proportional_below_the_threshold_and_full_at_or_above_it():
    assert index766.points(D("40"), D("10"), D("80")) == D("5.00")  # below: 40 × 10 / 80
    assert index766.points(D("80"), D("10"), D("80")) == D("10")  # at
    assert index766.points(D("95"), D("10"), D("80")) == D("10")  # above: capped
    assert index766.points(D("33.33"), D("6"), D("90")) == D("2.22")  # half up, two decimals
    assert index766.points(D("0"), D("20"), D("100")) == D("0.00")


@pytest.mark.parametrize(
    ("late", "points"),
    [(0, D("20")), (1, D("15.00")), (4, D("0.00"))],
    ids=["all on time: full points", "3 of 4 on time: 15", "all late: 0 (a real zero, the rate is known)"],
)
def test_the_progress_group_scores_the_on_time_rate_of_a_communes_dossiers(
    tree, store, tmp_path, late, points
):
    load(tmp_path, store, [resolved(f"HS{n}", "T99901", on_time=n >= late) for n in range(4)])
    result = index766.compute_index(tree["a"], MARCH, store=store)
    progress = result.group("2")
    assert progress.points == points
    assert progress.max == 20
    assert progress.gap == 20 - points
    assert not progress.provisional  # the portal's rule: open dossiers count too (none is open here)
    assert progress.costs.get("late", 0) == late


def _spec_with_online_points() -> index766.IndexSpec:
    """The shipped spec with a maximum given to 3.3 (online dossiers, full points from 50%) and 3.3
    alone in its group — so the threshold rule is exercised on real dossiers."""
    shipped = index766.load_spec()
    group = next(g for g in shipped.groups if g.code == "3")
    online = next(i for i in group.indicators if i.code == "3.3")
    from dataclasses import replace

    only = replace(group, max=D("8"), indicators=(replace(online, max=D("8")),))
    return replace(shipped, groups=tuple(only if g.code == "3" else g for g in shipped.groups))


@pytest.mark.parametrize(
    ("online", "points"),
    [(3, D("8")), (2, D("8")), (1, D("4.00"))],
    ids=["75% above the 50% threshold", "50% at it", "25% below it: half"],
)
def test_a_threshold_rule_on_dossiers_at_below_and_above_it(tree, store, tmp_path, online, points):
    rows = [
        resolved(f"HS{n}", "T99901", on_time=True, channel="Trực tuyến" if n < online else "Trực tiếp")
        for n in range(4)
    ]
    load(tmp_path, store, rows)
    result = index766.compute_index(tree["a"], MARCH, store=store, spec=_spec_with_online_points())
    group = result.group("3")
    assert group.points == points
    assert group.costs["offline"] == 4 - online


def test_what_cannot_be_backed_is_na_never_zero(tree, store, tmp_path):
    load(tmp_path, store, [resolved("HS1", "T99901", on_time=True)])
    result = index766.compute_index(tree["a"], MARCH, store=store)
    publicity = result.group("1")
    assert publicity.points is None  # typed values not held, maxima not verified
    assert publicity.covered_points == 0 and publicity.covered_max == 0
    assert all(i.points is None and i.reasons_vi for i in publicity.indicators)
    assert result.total is None and result.grade is None
    # computable from dossiers: 2.1 (20), 4.1 (6) and 4.2 (4); 3.6 needs a fee dossier, 3.0 has no rule
    assert result.covered_points == 20 and result.covered_max == 30
    assert result.group("4").points is None and result.group("4").covered_max == 10
    full_online = next(i for i in result.group("3").indicators if i.code == "3.0")
    assert full_online.value == 100 and full_online.points is None  # the rate is known, the rule is not
    satisfaction = result.group("5")
    assert satisfaction.points is None
    assert any("phản ánh" in r for r in satisfaction.indicators[-1].reasons_vi)


def test_a_unit_without_dossiers_has_no_points_at_all(tree, store, tmp_path):
    load(tmp_path, store, [resolved("HS1", "T99902", on_time=True)])
    result = index766.compute_index(tree["a"], MARCH, store=store)
    assert result.dossiers == 0
    assert result.group("2").points is None
    assert result.covered_points == 0


def test_golden_ranking_with_ties_and_the_change_on_the_previous_month(tree, store, tmp_path):
    make_unit("Xã Cát", "commune", "T99903", tree["district"])
    rows = [
        # February: An 1 of 2 on time (10 points), Bình 2 of 2 (20), Cát none
        dossier("F1", "T99901", received_at="01/02/2023", due_at="10/02/2023", finished_at="05/02/2023"),
        dossier("F2", "T99901", received_at="01/02/2023", due_at="10/02/2023", finished_at="20/02/2023"),
        dossier("F3", "T99902", received_at="01/02/2023", due_at="10/02/2023", finished_at="05/02/2023"),
        dossier("F4", "T99902", received_at="01/02/2023", due_at="10/02/2023", finished_at="05/02/2023"),
        # March: An and Bình all on time (20, tied), Cát 1 of 2 (10)
        resolved("M1", "T99901", on_time=True),
        resolved("M2", "T99902", on_time=True),
        resolved("M3", "T99903", on_time=True),
        resolved("M4", "T99903", on_time=False),
    ]
    load(tmp_path, store, rows)
    ranking = index766.rank_index(tree["district"], MARCH, store=store)
    assert ranking.basis == "covered" and ranking.covered_max == 30  # 2.1, 4.1 and 4.2 (both 0%)
    got = [
        (r.unit.code, r.score, r.rank, r.of, r.previous_rank, r.change, r.rank_change) for r in ranking.rows
    ]
    assert got == [
        ("T99901", D("20"), 1, 3, 2, D("10.00"), 1),
        ("T99902", D("20"), 1, 3, 1, D("0"), 0),
        ("T99903", D("10.00"), 3, 3, None, None, None),
    ]


def test_competition_ranks_leave_unknown_scores_unranked():
    assert index766.competition_ranks([D(5), None, D(7), D(5)]) == [2, None, 1, 2]


def test_a_merged_commune_before_the_reorganisation_is_its_predecessors_combined_dossiers(
    tree, store, tmp_path
):
    rows = [resolved("A1", "T99901", on_time=True), resolved("B1", "T99902", on_time=False)]
    load(tmp_path, store, rows)
    merged = index766.compute_index(tree["merged"], MARCH, store=store)
    assert merged.dossiers == 2
    assert merged.group("2").points == D("10.00")  # 1 of the 2 combined dossiers on time
    assert index766.compute_index(tree["a"], MARCH, store=store).group("2").points == 20


def test_the_units_covered_by_several_roots_at_once_are_those_each_root_covers(tree):
    from cds.dossiers.unitmatch import covered_units, covered_units_many

    current = [tree["new_province"], tree["merged"]]
    assert covered_units_many(current) == {
        **covered_units(tree["new_province"]),
        **covered_units(tree["merged"]),
    }
    assert covered_units_many([tree["merged"]])[tree["a"].pk] == tree["merged"].pk  # a predecessor's dossiers
    legacy = [tree["district"], tree["b"]]
    assert covered_units_many(legacy) == {**covered_units(tree["district"]), **covered_units(tree["b"])}
    with pytest.raises(ValueError):
        covered_units_many([tree["merged"], tree["a"]])


def test_every_figure_of_the_shipped_index_names_its_source_and_status():
    spec = index766.load_spec()
    assert [g.code for g in spec.groups] == ["1", "2", "3", "4", "5"]
    assert sum(g.max for g in spec.groups) == 100
    assert spec.grades is None  # grade bands were not found in any source read
    for group in spec.groups:
        assert group.sources and all(s in spec.sources for s in group.sources)
        for ind in group.indicators:
            assert ind.sources, ind.code
            if ind.max is not None:
                assert ind.status in ("reported", "observed"), ind.code
            if "observed" in (ind.status, ind.rule_status):
                assert "dvcqg" in ind.sources, ind.code  # the portal's evaluation, quoted in docs/sources
        known = sum(i.max for i in group.indicators if i.max is not None)
        assert known == group.max, group.code  # every group's points are allotted to its sub-indicators
    assert [g.status for g in spec.groups] == ["reported"] * 5  # the five maxima: Sở Nội vụ Nam Định
    # the maxima read in a text (1.2, 2.1, 5.4) and the portal's own maxima (the rest)
    maxima = {i.code: i.max for g in spec.groups for i in g.indicators if i.max is not None}
    assert maxima == {
        "1.1": 6, "1.2": 4, "1.3": 2, "1.4": 6, "2.1": 20,
        "3.0": 12, "3.5": 2, "3.5b": 2, "3.6": 6,
        "4.1": 6, "4.2": 4, "4.3": 2, "4.4": 4, "4.5a": 2, "4.5b": 2, "4.6": 2,
        "5.2": 6, "5.3": 6, "5.4": 6,
    }  # fmt: skip
    # no rule for the portal's 12 points of full-process online dossiers (not reproduced), none for
    # 3.1–3.3 (no maximum): group 3 stays N/A whatever the dossiers say
    rules = {i.code: i.full_at for g in spec.groups for i in g.indicators}
    assert rules["3.0"] is None and rules["4.3"] == 80 and rules["5.4"] == 90 and rules["3.5b"] == 80


def test_a_bad_index_file_is_a_bilingual_error_naming_the_key(tmp_path):
    data = {
        "groups": [{"code": "1", "max": 10, "indicators": [{"code": "1.1", "input": {"rate": "dvc.nope"}}]}]
    }
    with pytest.raises(InputError) as err:
        index766.parse_spec(data, tmp_path / "x.yaml")
    assert "groups[0].indicators[0].input.rate" in str(err.value)
    data = {"groups": [{"code": "1", "max": 5, "indicators": [{"code": "1.1", "max": 6}]}]}
    with pytest.raises(InputError, match="vượt"):
        index766.parse_spec(data, tmp_path / "x.yaml")


def test_cds_dvc_index_gives_groups_total_and_grade_as_json(tree, store, tmp_path):
    load(tmp_path, store, [resolved("HS1", "T99901", on_time=True), resolved("HS2", "T99901", on_time=False)])
    out = StringIO()
    import sys

    saved, sys.stdout = sys.stdout, out
    try:
        call_command("dvc", "index", "--unit", "T99901", "--period", "2023-03", "--store", str(store.root),
                     "--format", "json")  # fmt: skip
    finally:
        sys.stdout = saved
    data = json.loads(out.getvalue())
    assert [(g["code"], g["points"], g["max"]) for g in data["groups"]] == [
        ("1", None, 18.0),
        ("2", 10.0, 20.0),
        ("3", None, 22.0),
        ("4", None, 22.0),
        ("5", None, 18.0),
    ]
    assert data["total"] is None and data["grade"] is None
    assert data["covered_points"] == 10.0 and data["covered_max"] == 30.0  # 2.1, and 4.1, 4.2 at 0%
    assert data["groups"][1]["costs"][0]["text"] == "1 hồ sơ quá hạn (đã hoặc đang giải quyết)"


def test_cds_dvc_index_by_unit_gives_rank_and_of(tree, store, tmp_path):
    load(tmp_path, store, [resolved("HS1", "T99901", on_time=True), resolved("HS2", "T99902", on_time=False)])
    out = StringIO()
    import sys

    saved, sys.stdout = sys.stdout, out
    try:
        call_command("dvc", "index", "--unit", "T999", "--period", "2023-03", "--by", "unit",
                     "--store", str(store.root), "--format", "json")  # fmt: skip
    finally:
        sys.stdout = saved
    data = json.loads(out.getvalue())
    assert [(r["unit_code"], r["rank"], r["of"], r["score"]) for r in data] == [
        ("T99901", 1, 2, 20.0),
        ("T99902", 2, 2, 0.0),
    ]


def test_a_commune_whose_on_time_part_cannot_be_computed_is_unranked_not_ranked_last(tree, store, tmp_path):
    rows = [
        resolved("A1", "T99901", on_time=True),
        dossier("B1", "T99902", received_at="02/03/2023", status="Đang giải quyết"),  # nothing resolved
    ]
    load(tmp_path, store, rows)
    ranking = index766.rank_index(tree["district"], MARCH, store=store)
    assert [(r.unit.code, r.rank, r.of, r.score) for r in ranking.rows] == [
        ("T99901", 1, 1, D("20")),
        ("T99902", None, 1, None),
    ]


@pytest.mark.parametrize("period", ["2023-03", "2023Q1", "2023-03-05..2023-03-20"])
def test_many_units_at_once_give_what_each_unit_gives_alone(tree, store, tmp_path, period):
    rows = [
        resolved("A1", "T99901", on_time=True),
        resolved("A2", "T99901", on_time=False, channel="Trực tiếp"),
        resolved("B1", "T99902", on_time=True, dossier_digitised="Có"),
    ]
    load(tmp_path, store, rows)
    p = parse_period(period)
    units = [tree["a"], tree["b"], tree["district"], tree["merged"]]
    many = index766.index_many(units, p, store=store)
    for unit in units:
        alone = index766.compute_index(unit, p, store=store)
        assert many[unit.pk] == alone, unit.name


def test_the_api_gives_the_index_and_the_ranking_in_the_callers_scope(
    tree, store, tmp_path, client, supervisor
):
    from django.test import override_settings

    load(tmp_path, store, [resolved("HS1", "T99901", on_time=True), resolved("HS2", "T99902", on_time=False)])
    client.force_login(supervisor, backend="cds.accounts.lockout.LockoutBackend")
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        one = client.get("/api/dvc/index", {"unit": tree["a"].pk, "period": "2023-03"}).json()
        ranking = client.get(
            "/api/dvc/index/ranking", {"unit": tree["district"].pk, "period": "2023-03"}
        ).json()
        bad = client.get("/api/dvc/index", {"unit": tree["a"].pk, "period": "tháng 13"})
    assert [(g["code"], g["points"], g["max"]) for g in one["groups"]][1] == ("2", 20.0, 20.0)
    assert one["total"] is None and one["grade"] is None
    assert [(r["unit_code"], r["rank"], r["of"]) for r in ranking["rows"]] == [
        ("T99901", 1, 2),
        ("T99902", 2, 2),
    ]
    assert bad.status_code == 400 and bad.json()["message_vi"]


def test_the_unit_page_shows_points_gaps_costs_and_na_in_both_languages(
    tree, store, tmp_path, client, officer
):
    from django.test import override_settings

    rows = [resolved("HS1", "T99901", on_time=True), resolved("HS2", "T99901", on_time=False)]
    load(tmp_path, store, rows)
    client.force_login(officer, backend="cds.accounts.lockout.LockoutBackend")
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        vi = client.get(f"/dvc/unit/{tree['a'].pk}/index/?period=2023-03")
        client.cookies["django_language"] = "en"
        en = client.get(f"/dvc/unit/{tree['a'].pk}/index/?period=2023-03").content.decode()
        outside = client.get(f"/dvc/unit/{tree['b'].pk}/index/?period=2023-03")
    text = vi.content.decode()
    assert vi.status_code == 200
    group2 = text.split('id="group-2"')[1].split("</tr>")[0]
    assert ">10<" in group2 and "1 hồ sơ quá hạn (đã hoặc đang giải quyết)" in group2
    assert "tạm tính" not in group2  # 2.1 is the portal's rule now (open dossiers counted)
    assert "N/A" in text.split('id="group-1"')[1].split("</tr>")[0]  # never 0
    assert "<svg" in text  # the trend chart
    assert "Dossiers that cost points" in en and "Processing progress and results" in en
    assert outside.status_code == 404


def test_the_ranking_page_ranks_the_supervisors_units(tree, store, tmp_path, client, supervisor):
    from django.test import override_settings

    load(tmp_path, store, [resolved("HS1", "T99901", on_time=True), resolved("HS2", "T99902", on_time=False)])
    client.force_login(supervisor, backend="cds.accounts.lockout.LockoutBackend")
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        text = client.get(f"/dvc/index/ranking/?in={tree['district'].pk}&period=2023-03").content.decode()
        assert client.get("/dvc/index/ranking/?in=abc").status_code == 404
    table = text.split('id="index-ranking"')[1]
    assert table.index("Xã An") < table.index("Xã Bình")
    assert "1/2" in table and "2/2" in table
    assert "phần điểm tính được (30/100 điểm)" in text


@given(
    rate=st.decimals(min_value=0, max_value=100, places=2),
    other=st.decimals(min_value=0, max_value=100, places=2),
    maximum=st.decimals(min_value=1, max_value=30, places=0),
    full_at=st.sampled_from([D(50), D(80), D(90), D(100)]),
)
def test_points_stay_within_zero_and_the_maximum_and_never_fall_as_the_rate_rises(
    rate, other, maximum, full_at
):
    got = index766.points(rate, maximum, full_at)
    assert D(0) <= got <= maximum
    low, high = sorted((rate, other))
    assert index766.points(low, maximum, full_at) <= index766.points(high, maximum, full_at)
    if rate >= full_at:
        assert got == maximum


def test_cds_dvc_index_as_a_table_says_na_and_why(tree, store, tmp_path):
    load(tmp_path, store, [resolved("HS1", "T99901", on_time=True)])
    out = StringIO()
    call_command(
        "dvc", "index", "--unit", "T99901", "--period", "2023-03", "--store", str(store.root), stdout=out
    )
    text = out.getvalue()
    assert "N/A" in text and "20/20" in text and "xếp loại / grade: chưa xác định (N/A)" in text


def test_the_dossiers_a_group_lost_points_on_are_counted_in_the_one_number_style_in_both_languages():
    group = index766.GroupResult(
        "2",
        "Tiến độ",
        "Progress",
        Decimal(20),
        Decimal(10),
        Decimal(10),
        Decimal(20),
        False,
        [],
        {"late": 1463},
    )
    result = index766.IndexResult(1, "2023-03", [group], None, Decimal(10), Decimal(20), None, False, 1500)
    costs = index766.as_record(result)["groups"][0]["costs"]
    assert costs == [
        {
            "kind": "late",
            "dossiers": 1463,
            "text": "1.463 hồ sơ quá hạn (đã hoặc đang giải quyết)",
            "text_en": "1.463 dossiers overdue (resolved or still open)",
        }
    ]
