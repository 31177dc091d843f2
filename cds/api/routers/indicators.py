# ruff: noqa: B008  (django-ninja declares query parameters as Query(...) defaults)
"""The indicator catalog: versions, and the definitions in force on a date or of a version."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from cds.catalog.models import CatalogVersion
from cds.catalog.services import Catalog, get_catalog
from cds.lib.errors import InputError, Location

from ..convert import definition_out
from ..errors import answers, not_found
from ..schemas import CatalogVersionOut, IndicatorDetail, IndicatorOut

router = Router(tags=["indicators"])


def _catalog(on: dt.date | None, version: str | None) -> Catalog:
    if version is not None and not CatalogVersion.objects.filter(code=version).exists():
        known = ", ".join(CatalogVersion.objects.values_list("code", flat=True))
        raise InputError(
            f"Không có phiên bản danh mục «{version}» (có: {known}).",
            f"No catalog version '{version}' (known: {known}).",
            Location(column="version", value=version),
        )
    return get_catalog(on, version=version)


@router.get(
    "/catalog/versions", response={200: list[CatalogVersionOut], **answers()}, operation_id="catalog_versions"
)
def catalog_versions(request: HttpRequest) -> Any:
    return CatalogVersion.objects.order_by("effective_from", "code").values("code", "title", "effective_from")


@router.get("/indicators", response={200: list[IndicatorOut], **answers(400)}, operation_id="indicators_list")
def indicators_list(
    request: HttpRequest,
    on: dt.date | None = Query(
        None, description="the catalog version in force on this date (default: latest)"
    ),
    version: str | None = Query(None, max_length=32),
    pillar: str | None = Query(None, max_length=64),
    kind: str | None = Query(None, max_length=16),
) -> list[dict[str, Any]]:
    catalog = _catalog(on, version)
    return [
        definition_out(d)
        for d in catalog.definitions()
        if (pillar is None or d.pillar == pillar) and (kind is None or d.kind == kind)
    ]


@router.get(
    "/indicators/{code}",
    response={200: IndicatorDetail, **answers(400, 404)},
    operation_id="indicators_detail",
)
def indicators_detail(
    request: HttpRequest,
    code: str,
    on: dt.date | None = None,
    version: str | None = Query(None, max_length=32),
) -> dict[str, Any]:
    catalog = _catalog(on, version)
    definition = catalog.get(code)
    if definition is None:
        raise not_found("indicator", code)
    return {
        **definition_out(definition),
        "description": definition.description,
        "source": definition.source,
        "basis": [c.as_dict() for c in definition.basis],
        "basis_none": definition.basis_none,
        "basis_text": definition.basis_text("vi"),
        "rates_using": [r.code for r in catalog.rates_using(code)],
    }
