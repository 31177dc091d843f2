"""The indicator catalog page: every indicator by pillar, searchable without accents, any version,
and the same as CSV (Vietnamese headers, UTF-8 with BOM) and JSON for provinces' own forms."""

from __future__ import annotations

import re
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cds.catalog.listing import COLUMNS, as_json, catalog_rows, language_runs
from cds.catalog.models import CatalogVersion
from cds.catalog.services import Catalog, Definition, get_catalog, version_in_force
from cds.values.validation import second_splits

from .common import lang, table_response

CODE_IN_PARENTHESES = re.compile(r" \(([a-z][a-z0-9_.]*)\)")


def _named(formula: str, catalog: Catalog) -> str:
    """A formula or a basis as the page shows it: indicators by their names, without the «(code)»
    the CSV and JSON keep for provinces' own forms (the page has the code in its own labelled column)."""
    return CODE_IN_PARENTHESES.sub(lambda m: "" if catalog.get(m.group(1)) else m.group(0), formula)


def _name(definition: Definition, language: str) -> str:
    return definition.name_en if language == "en" else definition.name_vi


def _basis_runs(definition: Definition, basis: str, catalog: Catalog, language: str) -> list[tuple[str, str]]:
    """The basis column as (words, language) runs: a cited document keeps its Vietnamese title on the
    English page, marked as Vietnamese."""
    named = _named(basis, catalog)
    if definition.basis or language == "vi":
        return [(named, "vi")]
    return language_runs(named, language)


@login_required
def catalog_page(request: HttpRequest) -> HttpResponse:
    language = lang(request)
    versions = list(
        CatalogVersion.objects.order_by("effective_from").values_list("code", "title", "effective_from")
    )
    codes = [code for code, _t, _e in versions]
    chosen = request.GET.get("version") or ""
    error = ""
    if chosen and chosen not in codes:
        error = (
            f"Không có phiên bản danh mục «{chosen}»; đang hiện phiên bản có hiệu lực."
            if language == "vi"
            else f"No catalog version «{chosen}»; showing the version in force."
        )
        chosen = ""
    version = chosen or version_in_force()
    catalog = get_catalog(version=version)
    query = (request.GET.get("q") or "").strip()[:200]
    rows = catalog_rows(catalog, query, language)
    fmt = request.GET.get("format", "")
    stem = f"danh-muc-chi-tieu-{version}"
    if fmt == "json":
        response = JsonResponse(
            as_json(catalog, rows), json_dumps_params={"ensure_ascii": False, "indent": 1}
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    if fmt in ("csv", "xlsx"):
        headers = [vi if language == "vi" else en for _key, vi, en in COLUMNS]
        table = [[row.values[key] for key, _vi, _en in COLUMNS] for row in rows]
        return table_response(headers, table, stem, fmt)
    # a total split a second way (rules.yaml, «parts_sum_to_total»: targets met + not met = the
    # plan's targets) is checked like its own parts: the page says so beside the total
    splits = second_splits(catalog)
    shown = [
        (
            row,
            {
                "formula": _named(row.values["formula"] or "", catalog),
                "basis_runs": _basis_runs(row.definition, row.values["basis"] or "", catalog, language),
                "splits": [
                    " + ".join(_name(catalog[p], language) for p in parts)
                    for parts in splits.get(row.definition.code, [])
                ],
            },
        )
        for row in rows
    ]
    pillars = [(name, list(group)) for name, group in groupby(shown, key=lambda r: r[0].pillar_name)]
    return render(
        request,
        "web/catalog.html",
        {
            "catalog": catalog,
            "versions": versions,
            "version": version,
            "query": query,
            "pillars": pillars,
            "count": len(rows),
            "total": len(catalog),
            "error": error,
        },
    )
