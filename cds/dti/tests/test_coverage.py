"""Every DTI aggregate says how many units it stands for and how many are verified, like the other pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cds.dti.models import Result, ResultStatus
from cds.dti.ranking import rank_scope

from .test_pages import MODEL_BACKEND, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_a_ranking_covers_the_units_of_its_level_in_scope_and_counts_the_verified(world):  # noqa: F811
    tree, _ = world
    ranking = rank_scope(2024, tree["province"])
    # Xã An ranked (self-assessed); Bình and Cũ did not self-assess: 1 of the province's 3 communes
    assert (ranking.coverage.expected, ranking.coverage.reported, ranking.coverage.approved) == (3, 1, 0)
    Result.objects.filter(unit=tree["a"], year=2024).update(status=ResultStatus.VERIFIED)
    assert rank_scope(2024, tree["province"]).coverage.approved == 1


def test_the_ranking_page_shows_coverage_beside_the_count_of_units_ranked(client, world):  # noqa: F811
    tree, users = world
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    html = client.get(reverse("dti:ranking"), {"year": 2024, "scope": tree["province"].pk}).content.decode()
    assert "1/3 đơn vị có số liệu, 0 đã duyệt" in html


def test_the_scorecard_says_what_its_rank_is_among(client, world):  # noqa: F811
    tree, users = world
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    html = client.get(reverse("dti:scorecard", args=[tree["a"].pk, 2024])).content.decode()
    assert "hạng 1/1" in html and "1/3 đơn vị có số liệu, 0 đã duyệt" in html


def test_the_english_switch_shows_the_coverage_in_english_on_the_ranking(client, world):  # noqa: F811
    tree, users = world
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("dti:ranking"), {"year": 2024, "scope": tree["province"].pk}).content.decode()
    assert "1/3 units with data, 0 approved" in html


def test_the_dti_reports_total_is_every_unit_in_scope_even_one_without_any_result(world):  # noqa: F811
    from cds.reports.dti_report import _overview

    tree, _ = world
    Result.objects.filter(unit=tree["c"], year=2024).delete()  # no result at all, not even "not assessed"
    ranking = rank_scope(2024, tree["province"])
    assert ranking.coverage.expected == 3 and len(ranking.entries) == 2
    words = _overview(tree["province"], ranking)
    assert (words["ranked"], words["total"]) == ("1", "3")  # "1 … được xếp hạng trên tổng số 3 đơn vị"
    assert (words["not_assessed_count"], words["no_result_count"]) == ("1", "1")  # Bình; Cũ has none


def test_the_english_switch_gives_rank_changes_and_self_assessment_states_in_english(client, world):  # noqa: F811
    """QA of the demo's English pages: the ranking read «tụt 64 bậc», «không so sánh được», the
    scorecard «Self-assessment: Đã gửi tự đánh giá» beside English headings."""
    from cds.dti.ranking import change_text_en

    assert [change_text_en(5, 2), change_text_en(3, 4), change_text_en(2, 2)] == [
        "up 3 places",
        "down 1 place",
        "same rank",
    ]
    assert (change_text_en(None, 1), change_text_en(None, None), change_text_en(1, 1, False)) == (
        "no rank last year",
        "not ranked",
        "not comparable",
    )
    from django.utils import translation

    from cds.dti.templatetags.dti import rank_change

    fell = {"rank": 84, "rank_change": -64, "rank_change_text": "tụt 64 bậc"}  # the summary's «fell most»
    with translation.override("en"):
        assert rank_change(fell) == "down 64 places"
    with translation.override("vi"):
        assert rank_change(fell) == "tụt 64 bậc"
    tree, users = world
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("dti:ranking"), {"year": 2024, "scope": tree["province"].pk}).content.decode()
    assert "no rank last year" in html and "not ranked" in html
    assert "thứ hạng năm trước" not in html and "không xếp hạng" not in html
    card = client.get(reverse("dti:scorecard", args=[tree["a"].pk, 2024])).content.decode()
    assert "no rank last year" in card and "Đã gửi tự đánh giá" not in card and "Đang tự đánh giá" not in card
