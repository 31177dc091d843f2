"""The scorecard's history chart of a current commune shows every score that exists: its own
2025 score even when not ranked, and its predecessors' scores before the merger, saying whose."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cds.dti.charts import history_svg
from cds.dti.models import Result, ResultSource, ResultStatus
from cds.dti.ranking import score_history

from .helpers import merger_tree

pytestmark = pytest.mark.django_db


def _result(unit, year: int, total: str, status: str = ResultStatus.PUBLISHED) -> None:
    Result.objects.create(
        unit=unit,
        year=year,
        level="commune",
        source=ResultSource.PUBLISHED,
        status=status,
        total=Decimal(total),
    )


def test_a_merged_commune_shows_its_unranked_score_and_each_predecessor_s_score_by_name():
    tree = merger_tree()
    merged = tree["merged"]
    _result(tree["a"], 2023, "400")
    _result(tree["b"], 2023, "600")  # both predecessors scored: their mean
    _result(tree["a"], 2024, "450")  # only one did: that one, by name
    _result(merged, 2025, "753.82", ResultStatus.NOT_ASSESSED)  # scored, not ranked
    points = score_history(merged)
    assert points == [
        (2023, Decimal("500"), "lineage"),
        (2024, Decimal("450"), "predecessor:xã An"),
        (2025, Decimal("753.82"), "unranked"),
    ]
    chart = history_svg(points)
    assert "xã An: 450" in chart and "753,82 (không xếp hạng)" in chart and "500 (đơn vị tiền thân)" in chart
