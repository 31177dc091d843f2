# ruff: noqa: B008  (django-ninja declares query parameters as Query(...) defaults)
"""Units: search by any spelling of a name, detail, children, 2025 lineage — all within scope."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from cds.units import services
from cds.units.models import Unit

from ..convert import unit_out
from ..errors import answers
from ..pagination import Page
from ..schemas import LineageOut, UnitDetail, UnitOut, UnitSearchOut
from ..scope import caller, unit_for

router = Router(tags=["units"])

Era = Literal["legacy", "current"]
Level = Literal["province", "district", "commune", "village"]


@router.get("/units/search", response={200: UnitSearchOut, **answers(400)}, operation_id="units_search")
def units_search(
    request: HttpRequest,
    q: str = Query(
        ..., min_length=1, max_length=200, description="a name in any spelling: UBND xã Sơn Nham, Son Nham"
    ),
    era: Era | None = None,
    as_of: dt.date | None = Query(None, description="the map in force on this date"),
    level: Level | None = None,
    limit: int = Query(10, ge=1, le=50),
) -> dict[str, Any]:
    """The same matching as ``cds units find``, keeping only units the caller may see."""
    result = services.find_units(q, as_of=as_of, era=era, level=level, limit=200)
    visible = set(
        Unit.objects.for_user(caller(request), "view")
        .filter(pk__in=[c.unit.pk for c in result.candidates])
        .values_list("pk", flat=True)
    )
    candidates = [c for c in result.candidates if c.unit.pk in visible][:limit]
    best = result.best if result.best is not None and result.best.pk in visible else None
    return {
        "query": result.query,
        "ambiguous": best is None and len(candidates) > 1,
        "best": unit_out(best) if best else None,
        "candidates": [
            {"unit": unit_out(c.unit), "score": c.score, "parents": c.parents} for c in candidates
        ],
    }


@router.get("/units", response={200: list[UnitOut], **answers(400, 404)}, operation_id="units_list")
@paginate(Page)
def units_list(
    request: HttpRequest, era: Era | None = None, level: Level | None = None, parent: int | None = None
) -> Any:
    """Units the caller may see, by code; filter by era, level or parent."""
    qs = Unit.objects.for_user(caller(request), "view").order_by("era", "code", "pk")
    if era:
        qs = qs.filter(era=era)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=unit_for(request, parent))
    return qs.values(*UnitOut.model_fields)


@router.get(
    "/units/{int:unit_id}", response={200: UnitDetail, **answers(400, 404)}, operation_id="units_detail"
)
def units_detail(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    unit = unit_for(request, unit_id)
    visible = Unit.objects.for_user(caller(request), "view")
    parents = [p for p in services.ancestors(unit) if visible.filter(pk=p.pk).exists()]
    return {
        **unit_out(unit),
        "parents": [unit_out(p) for p in parents],
        "children": visible.filter(parent=unit).count(),
    }


@router.get(
    "/units/{int:unit_id}/children",
    response={200: list[UnitOut], **answers(400, 404)},
    operation_id="units_children",
)
@paginate(Page)
def units_children(request: HttpRequest, unit_id: int, level: Level | None = None) -> Any:
    """Units directly below, or every unit of ``level`` below."""
    unit = unit_for(request, unit_id)
    qs = services.descendants(unit, level) if level else unit.children.all()
    visible = Unit.objects.for_user(caller(request), "view")
    return qs.filter(pk__in=visible.values("pk")).order_by("code", "pk").values(*UnitOut.model_fields)


@router.get(
    "/units/{int:unit_id}/lineage",
    response={200: list[LineageOut], **answers(400, 404)},
    operation_id="units_lineage",
)
def units_lineage(request: HttpRequest, unit_id: int) -> list[dict[str, Any]]:
    """Which old units this one came from (or which new units it went into) on 1/7/2025."""
    unit = unit_for(request, unit_id)
    entries = services.history(unit)
    visible = set(
        Unit.objects.for_user(caller(request), "view")
        .filter(pk__in=[e.unit.pk for e in entries])
        .values_list("pk", flat=True)
    )
    direction = "successor" if unit.era == "legacy" else "predecessor"
    return [
        {
            "direction": direction,
            "unit": unit_out(e.unit),
            "kind": e.kind,
            "share": float(e.share),
            "is_primary": e.is_primary,
            "parents": e.parents,
        }
        for e in entries
        if e.unit.pk in visible
    ]
