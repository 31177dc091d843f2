"""Published ranks through the API: a unit's ranks read in scope, one rank written through
``put_rank`` (its checks, its change record: who and why), bad input refused with both messages
naming the field and value, never a server error."""

from __future__ import annotations

from typing import Any

import pytest

from cds.catalog.models import PublishedRank
from cds.history.models import ChangeRecord

from .conftest import World

pytestmark = pytest.mark.django_db

RANK = {
    "ranking": "phuc_vu_766",
    "period": "2024",
    "rank": 3,
    "ranked_of": 12,
    "score": "82,5",
    "max_score": "100",
}


def _post(world: World, role: str = "supervisor", **body: Any) -> Any:
    return world.client(role).post(
        "/api/ranks", {"unit": world.inside.pk, **RANK, **body}, content_type="application/json"
    )


def test_a_supervisor_records_a_rank_once_with_who_and_why_and_the_unit_lists_it(world: World) -> None:
    first = _post(world, reason="Quyết định công bố của UBND tỉnh", document="Quyết định số 12/QĐ-UBND")
    assert first.status_code == 200, first.content
    assert first.json()["outcome"] == "create"
    row = PublishedRank.objects.get()
    assert (row.rank, row.ranked_of, str(row.score)) == (3, 12, "82.50")
    record = ChangeRecord.objects.get(object_id=str(row.pk))
    assert (record.actor, record.source_kind, record.reason) == (
        "giam.sat",
        "api",
        "Quyết định công bố của UBND tỉnh",
    )
    again = _post(world, reason="Quyết định công bố của UBND tỉnh", document="Quyết định số 12/QĐ-UBND")
    assert again.json()["outcome"] == "unchanged" and PublishedRank.objects.count() == 1
    _post(world, period="2025", rank=1, score="90")
    listed = world.client("viewer").get("/api/ranks", {"unit": world.inside.pk}).json()
    assert [(r["period"], r["rank"], r["change"]) for r in listed["ranks"]] == [
        ("2025", 1, "tăng 2 bậc"),
        ("2024", 3, ""),
    ]
    assert listed["ranks"][1]["text"].endswith("hạng 3/12, 82,5/100 điểm")


def test_a_ranking_may_be_named_by_its_vietnamese_name(world: World) -> None:
    from cds.catalog.rankings import rankings

    name = rankings()["phuc_vu_766"].name_vi
    response = _post(world, ranking=name)
    assert response.status_code == 200 and response.json()["rank"]["ranking"] == "phuc_vu_766"


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"rank": 13}, "rank", "13"),
        ({"rank": 0}, "rank", "0"),
        ({"ranked_of": -5}, "ranked_of", "-5"),
        ({"ranking": "khong_co"}, "ranking", "khong_co"),
        ({"ranking": "dti"}, "ranking", "dti"),
        ({"ranking": "papi"}, "unit", "Xã An"),  # PAPI ranks provinces
        ({"part": "tru_cot_9"}, "part", "tru_cot_9"),
        ({"period": "quý V/2024"}, "period", "quý V/2024"),
        ({"score": "tám"}, "score", "tám"),
        ({"score": "120"}, "score", "120"),  # above the maximum of 100
        ({"score": "1e30", "max_score": None}, "score", "1e30"),
        ({"ranked_of": 10**12}, "payload.ranked_of", None),  # the schema's bound: named, never a 500
    ],
)
def test_bad_input_is_refused_in_both_languages_naming_the_field_and_value(
    world: World, change: dict[str, Any], field: str, value: Any
) -> None:
    response = _post(world, **change)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["message_vi"] and body["message_en"]
    assert (body["field"], body["value"]) == (field, value)
    assert not PublishedRank.objects.exists()


def test_an_officer_may_read_the_communes_ranks_but_not_write_them(world: World) -> None:
    assert _post(world, "officer").status_code == 403
    assert world.client("officer").get("/api/ranks", {"unit": world.inside.pk}).status_code == 200
    assert not PublishedRank.objects.exists()


def test_a_rank_written_with_its_registered_decision_answers_with_the_decisions_citation(
    world: World,
) -> None:
    from cds.registries import documents
    from cds.registries.citations import extract
    from cds.values.services import Actor

    words = (
        "Quyết định số 215/QĐ-UBND ngày 20/3/2025 của UBND tỉnh Thử Nghiệm công bố chỉ số phục vụ năm 2024"
    )
    province = world.units["province"]
    documents.register(province, documents.preview(province, extract(words)), Actor("test: sổ văn bản"))
    answer = _post(world, decision="215/QĐ-UBND")
    assert answer.status_code == 200, answer.content
    assert answer.json()["rank"]["decision"].startswith("Quyết định số 215/QĐ-UBND ngày 20/3/2025")
    refused = _post(world, period="2025", decision="999/QĐ-UBND")
    assert refused.status_code == 400 and refused.json()["field"] == "decision"
