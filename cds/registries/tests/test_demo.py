"""The registries demo on the national unit list: Sơn Nham's plan values and village teams."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cds.registries.demo import _units, load_demo
from cds.registries.models import Team
from cds.values.models import DataValue

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]


def test_the_demo_records_son_nhams_plan_completion_and_links_its_village_teams() -> None:
    load_demo()
    son_nham = _units()["son_nham"]
    values = dict(
        DataValue.objects.filter(
            unit=son_nham, period="2024", indicator__code__startswith="plans."
        ).values_list("indicator__code", "number")
    )
    # Six tasks due in 2024; two done by their deadline (KH 109 on 19/9, the course on 20/6).
    assert values == {
        "plans.tasks_due": 6,
        "plans.tasks_done_on_time": 2,
        "plans.completion_rate": Decimal("33.33"),
    }
    villages = Team.objects.filter(unit=son_nham, level="village").select_related("village")
    assert sorted(t.village.name for t in villages) == [
        "Thôn Bầu Sơn", "Thôn Canh Mo", "Thôn Chàm Rao", "Thôn Cạn Sơn", "Thôn Xà Nay", "Thôn Xà Riêng",
    ]  # fmt: skip
    assert all(t.village.parent_id == son_nham.pk for t in villages)
    load_demo()  # idempotent: no second village units
    assert son_nham.children.filter(level="village").count() == 6
