"""Periods: read a period written any accepted way and answer with its code, labels and dates."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from ..convert import period_out
from ..errors import answers
from ..schemas import PeriodInfo
from ..scope import period_from

router = Router(tags=["periods"])


@router.get("/periods/parse", response={200: PeriodInfo, **answers(400)}, operation_id="periods_parse")
def periods_parse(
    request: HttpRequest,
    text: str = Query(
        ..., max_length=100, description="2024-03, 2023Q2, quý II/2023, 6 tháng đầu năm 2023, năm 2024 …"
    ),
) -> dict[str, Any]:
    period = period_from(text, "text")
    return {
        **period_out(period),
        "previous": period_out(period.previous()),
        "same_period_last_year": period_out(period.same_period_last_year()),
        "reporting_window": period_out(period.reporting_window()),
    }
