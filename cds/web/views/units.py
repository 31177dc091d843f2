"""Minimal pages over the foundation (the full interface, with scoped roles, is its own issue)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.lib.vn_numbers import format_number
from cds.units.models import Unit
from cds.units.services import find_units, history
from cds.values.models import DataValue
from cds.values.rollup import rollup_many
from cds.values.validation import check_unit

SOURCE_LABELS = {
    "own": "số liệu của đơn vị",
    "children": "cộng từ đơn vị trực thuộc",
    "periods": "cộng từ các kỳ con",
    "recomputed": "tính từ tử số / mẫu số",
    "reported-rate": "tỷ lệ do đơn vị ghi (không có tử số, mẫu số)",
}
# The sample reports' units, and today's units they became.
FEATURED = [
    "xã Tịnh Châu, thành phố Quảng Ngãi",
    "xã Sơn Nham, huyện Sơn Hà",
    "thành phố Quảng Ngãi, tỉnh Quảng Ngãi",
    "xã Tịnh Khê, tỉnh Quảng Ngãi",
    "xã Sơn Hạ, tỉnh Quảng Ngãi",
    "tỉnh Quảng Ngãi",
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    matches = find_units(query, as_of=None).candidates if query else []
    featured = list(dict.fromkeys(m.best for m in (find_units(name) for name in FEATURED) if m.best))
    stats = {
        "units": dict(Unit.objects.values_list("era").annotate(n=Count("id")).order_by()),
        "values": DataValue.objects.count(),
        "indicators": len(get_catalog(None).codes()),
    }
    return render(
        request, "web/home.html", {"query": query, "matches": matches, "featured": featured, "stats": stats}
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    periods = sorted(
        set(DataValue.objects.filter(unit__path__startswith=unit.path).values_list("period", flat=True)),
        reverse=True,
    )
    error = None
    try:
        period = parse_period(request.GET.get("period") or (periods[0] if periods else "2024"))
    except InputError as err:
        error, period = err.message("vi"), parse_period("2024")
    catalog = get_catalog(period.start)
    definitions = catalog.definitions()
    aggregates = rollup_many([d.code for d in definitions], unit, period)
    rows = []
    for definition in definitions:
        agg = aggregates[definition.code]
        if agg.value is None:
            continue
        shown = format_number(agg.value, decimals=2 if definition.kind == "rate" else None)
        rows.append(
            {"d": definition, "value": shown + ("%" if definition.kind == "rate" else ""), "agg": agg}
        )
    report = check_unit(unit, period)
    return render(
        request,
        "web/unit.html",
        {
            "unit": unit,
            "period": period,
            "periods": periods,
            "rows": rows,
            "report": report,
            "error": error,
            "history": history(unit),
            "children": unit.children.order_by("name")[:200],
        },
    )
