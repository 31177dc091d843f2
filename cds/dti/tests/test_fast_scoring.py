"""The array path of ``score_units`` (no detail) gives exactly the per-item reference results."""

from __future__ import annotations

import pytest

from cds.dti.assessments import get_assessment, propose, submit, verify_item
from cds.dti.scoring import _assessments, _score_unit, era_for_year, scope_units, score_units
from cds.dti.services import framework_of, load_framework
from cds.lib.periods import Period, parse_period
from cds.values.rollup import Rollup
from cds.values.services import Actor, ValueInput, record_values

from .helpers import merger_tree, on_time

pytestmark = pytest.mark.django_db

FRAMEWORK = """
code: test-fast
version: "1"
title: "Mọi loại quy tắc"
level: commune
years: [2024, 2025]
self_assessment: optional
total: 100
pillars:
  - code: p1
    name_vi: "Dữ liệu"
    max_points: 60
    items:
      - {code: A, name_vi: a, max_points: 10,
         rule: {type: proportional, indicator: dvc.online_dossier_rate, full_at: 80, floor: 10}}
      - {code: R, name_vi: r, max_points: 10,
         rule: {type: proportional, numerator: docs.plans_issued, denominator: docs.issued_total}}
      - {code: P, name_vi: p, max_points: 10, rule: {type: per_population, indicator: docs.decisions_issued, full_at: 5}}
      - {code: S, name_vi: s, max_points: 10,
         rule: {type: steps, indicator: docs.dispatches_issued, steps: [[10, 10], [5, 5]]}}
      - {code: I, name_vi: i, max_points: 10, rule: {type: per_item, indicator: docs.plans_issued, points_each: 0.05}}
      - {code: S2, name_vi: s2, max_points: 10,
         rule: {type: steps, indicator: dvc.online_dossier_rate, steps: [[50, 10], [20, 4]]}}
  - code: p2
    name_vi: "Tự chấm"
    max_points: 40
    weight: 1
    items:
      - {code: M, name_vi: m, max_points: 40, rule: {type: manual}}
"""

VALUES = {  # unit key → code → number (2024 on the legacy communes, 2025 on today's)
    "a": {
        "dvc.dossiers_online": 14,
        "dvc.dossiers_total": 23,
        "docs.plans_issued": 1,
        "docs.issued_total": 8,
        "docs.decisions_issued": 3,
        "pop.population": 1000,
        "docs.dispatches_issued": 10,
    },
    "b": {
        "dvc.dossiers_online": 5,
        "dvc.dossiers_total": 0,
        "docs.plans_issued": 0,
        "docs.issued_total": 0,
        "docs.decisions_issued": 2,
        "pop.population": 0,
        "docs.dispatches_issued": 4,
    },
    "c": {
        "dvc.dossiers_online": 301,
        "dvc.dossiers_total": 2500,
        "docs.plans_issued": 3,
    },  # 12,04% → 1,505 → 1,51
    "c2": {
        "dvc.dossiers_online": 1,
        "dvc.dossiers_total": 100,
        "docs.issued_total": 5,
        "pop.population": 800,
    },
}


def _reference(framework, year, scope, framework_id):
    era = era_for_year(year)
    rollup = Rollup(framework.codes(), scope, Period.of("year", year, 0), era)
    units = scope_units(scope, framework.level, era, year)
    found = _assessments(framework_id, year, [u.pk for u in units])
    return [_score_unit(framework, year, u, rollup, found.get(u.pk), False) for u in units]


def _shape(scores):
    return [
        (
            s.unit.pk,
            str(s.total),
            {k: str(v) for k, v in s.pillars.items()},
            {k: (str(v.points), v.status, v.value_text) for k, v in s.items.items()},
            s.missing,
            s.status,
        )
        for s in scores
    ]


def test_fast_path_equals_the_reference_path(tmp_path):
    tree = merger_tree()
    path = tmp_path / "fast.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    row, _ = load_framework(path)
    framework = framework_of(row)
    for key, numbers in VALUES.items():
        year = "2025" if key == "c2" else "2024"
        record_values(
            [
                ValueInput(unit=tree[key], indicator_code=c, period=parse_period(year), raw=v)
                for c, v in numbers.items()
            ],
            Actor("tester", "demo"),
        )
    assessment = get_assessment(row, tree["a"], 2024)
    propose(assessment, "M", "30", "kế hoạch", Actor("xa"))
    submit(assessment, Actor("xa"), at=on_time(2024))
    verify_item(assessment, "S", "7.5", "thiếu minh chứng", Actor("tinh"))
    for year, scope in ((2024, tree["province"]), (2024, None), (2025, tree["new_province"]), (2025, None)):
        fast = score_units(framework, year, scope, framework_id=row.pk)
        assert _shape(fast) == _shape(_reference(framework, year, scope, row.pk)), (year, scope)
    scores = {s.unit.pk: s for s in score_units(framework, 2024, None, framework_id=row.pk)}
    assert str(scores[tree["c"].pk].items["A"].points) == "1.51"  # a half cent: rounded up, as in Decimal
    assert scores[tree["a"].pk].items["S"].points == 7.5 and scores[tree["a"].pk].items["M"].points == 30
