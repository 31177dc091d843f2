"""DTI points read the same on the pages, in the command, in the charts and in the DTI report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from cds.catalog.formatting import format_points
from cds.dti.charts import history_svg
from cds.dti.ranking import rank_scope
from cds.reports.dti_report import points

from .test_pages import MODEL_BACKEND, world  # noqa: F401  (the fixture)


def test_points_are_written_as_decisions_print_them():
    assert format_points(Decimal("820.685")) == "820,69"
    assert format_points(Decimal("160.00")) == "160"
    assert format_points(Decimal("87.5")) == "87,5"
    assert format_points(Decimal("1234.5")) == "1.234,5"
    assert format_points(None) == "chưa có số liệu" and format_points(None, lang="en") == "no data"
    assert points(Decimal("87.50")) == format_points(Decimal("87.50"))  # the report's points are these


@pytest.mark.django_db
def test_a_score_reads_the_same_on_the_scorecard_the_ranking_the_command_and_the_chart(
    client,
    world,  # noqa: F811
    capsys,
):
    tree, users = world
    entry = rank_scope(2024, tree["province"]).find(tree["a"].pk)
    shown = format_points(entry.score)
    assert shown == "56"  # 36 points from the rate + 20 proposed, no trailing zeros ("56,00" before)
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    card = client.get(reverse("dti:scorecard", args=[tree["a"].pk, 2024])).content.decode()
    assert f"<b>{shown}</b>" in card
    ranking = client.get(
        reverse("dti:ranking"), {"year": 2024, "scope": tree["province"].pk}
    ).content.decode()
    assert f'<td class="num">{shown}</td>' in ranking
    call_command("dti", "rank", "--year", "2024", "--scope", tree["province"].code)
    line = next(x for x in capsys.readouterr().out.splitlines() if "Xã An" in x)
    assert f" {shown} " in line
    chart = history_svg([(2023, Decimal("35.5"), "own"), (2024, entry.score, "own")])
    assert f"<!-- {shown} -->" in chart and "<!-- 35,5 -->" in chart  # matplotlib names each label
