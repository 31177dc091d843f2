"""Units with the same score are listed in Vietnamese alphabetical order (Dũng, Đức, Ea)."""

from __future__ import annotations

import pytest

from cds.dti.assessments import get_assessment, propose, submit
from cds.dti.ranking import rank_scope
from cds.dti.services import load_framework, score_and_store
from cds.units.testing import make_unit, small_tree
from cds.values.services import Actor

from .helpers import on_time, record_online, write_framework

pytestmark = pytest.mark.django_db


def test_tied_units_are_listed_in_vietnamese_alphabetical_order(tmp_path):
    tree = small_tree()
    row, _ = load_framework(write_framework(tmp_path))
    tied = [
        make_unit(name, "commune", code, tree["district"])
        for name, code in (("Xã Ea", "T99971"), ("Xã Đức", "T99972"), ("Xã Dũng", "T99973"))
    ]
    for unit in tied:
        record_online(unit, "2024", 50, 100)
        assessment = get_assessment(row, unit, 2024)
        propose(assessment, "M", 40, "Kế hoạch số 1/KH-UBND", Actor("xa"))
        submit(assessment, Actor("xa"), at=on_time(2024))
    score_and_store(row, 2024, tree["province"])
    ranking = rank_scope(2024, tree["province"])
    names = [e.unit.name for e in ranking.ranked if e.unit in tied]
    assert len({e.rank for e in ranking.ranked if e.unit in tied}) == 1  # one score, one rank
    assert names == ["Xã Dũng", "Xã Đức", "Xã Ea"]  # not code-point order (Dũng, Ea, Đức)
