"""Published ranks other than DTI (``cds.catalog.rankings``): a unit's stored ranks, read with
``view`` on the unit; one rank written through ``put_rank`` (its checks and change record: who,
when, old, new, why) with ``review`` on the unit — a rank is what a province or ministry published
about the unit, recorded by the people who supervise it, never by the unit itself."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from cds.catalog.models import PublishedRank
from cds.catalog.rankings import put_rank, rank_lines, ranking_code
from cds.lib.errors import InputError, Location
from cds.lib.vn_numbers import parse_number
from cds.registries.citations import format_citation
from cds.values.models import SourceKind
from cds.values.services import Actor

from ..convert import unit_out
from ..errors import answers
from ..schemas import UnitOut
from ..scope import caller, unit_for

router = Router(tags=["ranks"])
READ_ERRORS = answers(400, 404)
WRITE_ERRORS = answers(400, 403, 404)


class RankOut(Schema):
    id: int
    ranking: str = Field(description="a code of cds/catalog/data/rankings.yaml")
    ranking_name: str
    part: str = Field(description="a part of the ranking; empty: the total")
    period: str
    period_label: str
    rank: int
    ranked_of: int
    score: float | None
    max_score: float | None
    document: str
    decision: str = Field(
        description="the publishing decision's citation from the document register; empty: none linked"
    )
    note: str
    text: str = Field(description="the line the unit page shows, in Vietnamese")
    text_en: str
    change: str = Field(description="«tăng 3 bậc» from the previous stored period; empty for the first")
    change_en: str


class RanksOut(Schema):
    unit: UnitOut
    ranks: list[RankOut]


class RankIn(Schema):
    unit: int
    ranking: str = Field(min_length=1, max_length=64, description="a code or name of data/rankings.yaml")
    period: str = Field(min_length=1, max_length=64)
    part: str = Field("", max_length=64)
    rank: int = Field(ge=-100000, le=100000, description="1 to ranked_of")
    ranked_of: int = Field(ge=-100000, le=100000, description="N in «hạng 17/63»")
    score: str | None = Field(None, max_length=32, description="as the text writes it: «8,52»")
    max_score: str | None = Field(None, max_length=32)
    document: str = Field("", max_length=255, description="the decision or report that published it")
    decision: str = Field(
        "", max_length=255, description="a registered document of the unit or above: «1335/QĐ-UBND»; links it"
    )
    note: str = Field("", max_length=255)
    reason: str = Field("", max_length=500)


class RankWriteOut(Schema):
    rank: RankOut
    outcome: str = Field(description="create, update or unchanged")


def _score(text: str | None, field: str) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        value = parse_number(text.strip(), "number").value
    except InputError as err:
        raise err.located(column=field, value=text) from None
    if not value.is_finite():
        raise InputError(
            f"điểm «{text}» không phải là một số",
            f"score «{text}» is not a number",
            Location(column=field, value=text),
        )
    return value  # its range is put_rank's check (cds.catalog.rankings.check_rank), the one for every write


def _out(line: Any) -> dict[str, Any]:
    row: PublishedRank = line.rank
    return {
        "id": row.pk,
        "ranking": row.ranking,
        "ranking_name": row.ranking_name,
        "part": row.part,
        "period": row.period,
        "period_label": line.period_vi,
        "rank": row.rank,
        "ranked_of": row.ranked_of,
        "score": None if row.score is None else float(row.score),
        "max_score": None if row.max_score is None else float(row.max_score),
        "document": row.document,
        "decision": format_citation(row.decision.as_citation()).rstrip(" .;") if row.decision else "",
        "note": row.note,
        "text": line.vi,
        "text_en": line.en,
        "change": line.change_vi,
        "change_en": line.change_en,
    }


@router.get("/ranks", response={200: RanksOut, **READ_ERRORS}, operation_id="ranks_list")
def ranks_list(request: HttpRequest, unit: int) -> dict[str, Any]:
    """The unit's published ranks other than DTI (PAR Index, PAPI, the 766 service index, …): by
    ranking and part, each period with the change from the previous stored one (derived)."""
    chosen = unit_for(request, unit)
    return {"unit": unit_out(chosen), "ranks": [_out(line) for line in rank_lines(chosen)]}


@router.post("/ranks", response={200: RankWriteOut, **WRITE_ERRORS}, operation_id="ranks_write")
def ranks_write(request: HttpRequest, payload: RankIn) -> dict[str, Any]:
    """Create or update the unit's rank of that ranking, period and part through ``put_rank`` (the
    same checks and change record as the import and the admin): rank 1..N, a known ranking and part
    at the unit's level, never «dti» (its results are the DTI module's)."""
    chosen = unit_for(request, payload.unit, "review")
    row, outcome = put_rank(
        ranking_code(payload.ranking), chosen, payload.period, payload.rank, payload.ranked_of,
        Actor.for_user(caller(request), SourceKind.API),
        part=payload.part.strip(), score=_score(payload.score, "score"),
        max_score=_score(payload.max_score, "max_score"), document=payload.document.strip(),
        decision=payload.decision, note=payload.note.strip(), reason=payload.reason,
    )  # fmt: skip
    line = next(line for line in rank_lines(chosen) if line.rank.pk == row.pk)
    return {"rank": _out(line), "outcome": outcome}
