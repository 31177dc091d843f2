"""The 766 service index of a unit, and the ranking of its units, from the dossier counts."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from cds.dossiers import index766

from ..convert import period_out, unit_out
from ..errors import answers
from ..schemas import PeriodOut, UnitOut
from ..scope import period_from, unit_for

router = Router(tags=["dvc"])
READ_ERRORS = answers(400, 404)


class IndexCost(Schema):
    kind: str
    dossiers: int
    text: str


class IndexIndicator(Schema):
    code: str
    name: str
    value: float | None
    points: float | None
    max: float | None
    provisional: bool
    notes: list[str]
    notes_en: list[str]


class IndexGroup(Schema):
    code: str
    name: str
    name_en: str
    points: float | None
    max: float
    points_text: str
    gap: float | None
    covered_points: float
    covered_max: float
    provisional: bool
    costs: list[IndexCost]
    indicators: list[IndexIndicator]
    notes: list[str]


class IndexOut(Schema):
    unit: UnitOut
    period: PeriodOut
    groups: list[IndexGroup]
    total: float | None
    total_text: str
    covered_points: float
    covered_max: float
    grade: str | None
    provisional: bool
    dossiers: int


class RankOut(Schema):
    unit: str
    unit_code: str
    rank: int | None
    of: int
    score: float | None
    basis: str
    basis_max: float | None
    total: float | None
    grade: str | None
    change: float | None
    previous_rank: int | None
    rank_change: int | None
    provisional: bool
    groups: list[IndexGroup]


class RankingOut(Schema):
    unit: UnitOut
    period: PeriodOut
    basis: str
    rows: list[RankOut]


@router.get("/dvc/index", response={200: IndexOut, **READ_ERRORS}, operation_id="dvc_index")
def dvc_index(request: HttpRequest, unit: int, period: str = Query(..., max_length=64)) -> dict[str, Any]:
    """The unit's 766 index (Quyết định 766/QĐ-TTg) for any period: each group's points and maximum
    (N/A, never 0, where a maximum or an input is not known), the total and the grade when known."""
    chosen, when = unit_for(request, unit), period_from(period)
    result = index766.compute_index(chosen, when)
    return {"unit": unit_out(chosen), "period": period_out(when), **index766.as_record(result)}


@router.get("/dvc/index/ranking", response={200: RankingOut, **READ_ERRORS}, operation_id="dvc_index_ranking")
def dvc_index_ranking(
    request: HttpRequest, unit: int, period: str = Query(..., max_length=64)
) -> dict[str, Any]:
    """The units directly below ``unit`` ranked on the index (ties share a rank), with the change on
    the previous period; ``basis`` says whether the rank is on the total or on the computable part."""
    chosen, when = unit_for(request, unit), period_from(period)
    ranking = index766.rank_index(chosen, when)
    return {
        "unit": unit_out(chosen),
        "period": period_out(when),
        "basis": ranking.basis,
        "rows": [index766.rank_record(r, ranking) for r in ranking.rows],
    }
