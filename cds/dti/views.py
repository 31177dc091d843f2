"""DTI pages: ranking table, unit scorecard with self-assessment and verification, SVG charts.

Thin: each view checks scope with ``Unit.objects.for_user`` (``get_for_user_or_404``), calls one domain function and
renders. Out-of-scope units are simply not found (404).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cds.accounts.scope import can, get_for_user_or_404
from cds.lib.errors import InputError
from cds.units.models import Unit
from cds.values.services import Actor

from . import assessments as flow
from .decisions import decision_words
from .models import Assessment, Evidence, Result
from .ranking import rank_scope, score_history, summary
from .scoring import era_for_year, score_units
from .services import framework_of, frameworks_for_year

SORTS = {"rank", "name", "score", "change"}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _scope(request: HttpRequest, year: int) -> Unit | None:
    """The province (or district) asked for, on the map of ``year``, within the user's scope;
    None when the person sees no province (a commune officer)."""
    visible = Unit.objects.for_user(request.user, "view").filter(era=era_for_year(year))
    wanted = request.GET.get("scope")
    if wanted:
        return get_for_user_or_404(
            Unit.objects.filter(era=era_for_year(year), level__in=["province", "district"]),
            request.user,
            "view",
            pk=_int(wanted, 0),
        )
    with_results = Result.objects.filter(year=year).values_list("unit__path", flat=True).first()
    provinces = visible.filter(level="province").order_by("name")
    if with_results:
        province_id = int(with_results.strip("/").split("/")[0])
        return provinces.filter(pk=province_id).first() or provinces.first()
    return provinces.first()


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    years = sorted(set(Result.objects.values_list("year", flat=True)), reverse=True) or [2025]
    year = _int(request.GET.get("year"), years[0])
    scope = _scope(request, year)
    if scope is None:  # a commune officer: their own scorecard is their view of the ranking
        visible = Unit.objects.for_user(request.user, "view").order_by("depth", "pk")
        own = visible.filter(era=era_for_year(year)).first()
        if own is not None:
            return redirect("dti:scorecard", own.pk, year)
        # a commune of the old map (before 1/7/2025): the last year it was assessed on that map
        for earlier in (year - 1, year - 2):
            own = visible.filter(era=era_for_year(earlier)).first()
            if own is not None and frameworks_for_year(earlier, own.level):
                return redirect("dti:scorecard", own.pk, earlier)
        messages.info(request, _("Bạn chưa được giao đơn vị nào để xem xếp hạng DTI."))
        return redirect("web:home")
    level = (
        request.GET.get("level", "commune")
        if request.GET.get("level") in ("commune", "district")
        else "commune"
    )
    result = rank_scope(year, scope, level)
    entries = result.entries
    query = request.GET.get("q", "").strip().lower()
    if query:
        entries = [e for e in entries if query in e.unit.name.lower()]
    status = request.GET.get("status", "")
    if status == "ranked":
        entries = [e for e in entries if e.is_ranked]
    elif status == "not_assessed":
        entries = [e for e in entries if not e.is_ranked]
    elif status == "partial":
        entries = [e for e in entries if e.partial]
    sort = request.GET.get("sort", "rank")
    sort = sort if sort in SORTS or sort.startswith("p:") else "rank"
    descending = request.GET.get("dir") == "desc"
    entries = sorted(entries, key=_sort_key(sort), reverse=descending)
    pillars = list(dict.fromkeys(code for e in result.entries for code in e.pillar_scores))
    provinces = (
        Unit.objects.for_user(request.user, "view")
        .filter(era=era_for_year(year), level="province")
        .order_by("name")
    )
    return render(
        request,
        "dti/ranking.html",
        {
            "ranking": result,
            "entries": entries,
            "years": years,
            "year": year,
            "scope": scope,
            "provinces": provinces,
            "sort": sort,
            "dir": "desc" if descending else "asc",
            "q": query,
            "status": status,
            "pillars": pillars,
            "summary": summary(result, 5),
            "level": level,
            # the decision that published these results, when linked (cds.dti.decisions); never invented
            "decision": decision_words(scope, year, level).get("dti_decision", ""),
        },
    )


def _sort_key(sort: str):
    missing = Decimal(-1)
    if sort == "name":
        return lambda e: e.unit.name
    if sort == "score":
        return lambda e: e.score if e.score is not None else missing
    if sort == "change":
        return lambda e: e.rank_change if e.rank_change is not None else -(10**6)
    if sort.startswith("p:"):
        code = sort[2:]
        return lambda e: e.pillar_scores.get(code, missing)
    return lambda e: (e.rank is None, e.rank or 0, e.unit.name)


@login_required
def distribution_chart(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"), 2025)
    scope = _scope(request, year)
    ranked = rank_scope(year, scope, request.GET.get("level", "commune")).ranked if scope is not None else []
    scores = [e.score for e in ranked if e.score is not None]
    maximum = next((e.max_total for e in ranked if e.max_total), Decimal(1000))
    highlight = None
    if request.GET.get("unit") and scope is not None:
        entry = next((e for e in ranked if e.unit.pk == _int(request.GET.get("unit"), 0)), None)
        highlight = entry.score if entry else None
    from .charts import distribution_svg  # matplotlib is loaded only when a chart is drawn

    return HttpResponse(distribution_svg(scores, maximum, highlight), content_type="image/svg+xml")


def _unit(request: HttpRequest, pk: int) -> Unit:
    return get_for_user_or_404(Unit, request.user, "view", pk=pk)


@login_required
def scorecard(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    unit = _unit(request, pk)
    rows = frameworks_for_year(year, unit.level)
    if not rows or unit.era != era_for_year(year):
        raise Http404("no framework for this unit and year")
    row = rows[0]
    framework = framework_of(row)
    assessment = Assessment.objects.filter(framework=row, unit=unit, year=year).first()
    score = score_units(framework, year, unit, units=[unit], framework_id=row.pk, detail=True)[0]
    items = {i.item_code: i for i in assessment.items.prefetch_related("evidence")} if assessment else {}
    pillars = []
    for pillar in framework.pillars:
        lines = []
        for item in pillar.items:
            result = score.items[item.code]
            lines.append(
                {
                    "item": item,
                    "result": result,
                    "row": items.get(item.code),
                    "gap": item.max_points - result.points,
                }
            )
        pillars.append({"pillar": pillar, "points": score.pillars[pillar.code], "lines": lines})
    gaps = sorted(
        (line for p in pillars for line in p["lines"] if line["gap"] > 0), key=lambda line: -line["gap"]
    )
    ranking = rank_scope(
        year,
        unit.parent.parent
        if unit.parent and unit.parent.level == "district" and unit.parent.parent
        else unit.parent,
    )
    return render(
        request,
        "dti/scorecard.html",
        {
            "unit": unit,
            "year": year,
            "framework": row,
            "score": score,
            "pillars": pillars,
            "gaps": gaps[:8],
            "assessment": assessment,
            "entry": ranking.find(unit.pk),
            "ranking_coverage": ranking.coverage,  # the units the rank is among, and how many verified
            "scope": ranking.scope,
            # the distribution shows the other units' scores: only for people who may see them
            "show_distribution": ranking.scope is not None and can(request.user, "view", ranking.scope),
            "can_edit": can(request.user, "edit", unit),
            "can_review": can(request.user, "review", unit),
            "error": request.session.pop("dti_error", None),
        },
    )


@login_required
@require_POST
def assess(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Save the unit's points, notes and evidence (officers), or verified points (supervisors)."""
    unit = _unit(request, pk)
    actor = Actor.for_user(request.user)
    action = request.POST.get("action", "save")
    review = action in ("verify", "finish")
    allowed = can(request.user, "review" if review else "edit", unit)
    if not allowed:
        raise Http404("not in scope")
    try:
        assessment = flow.assessment_for(unit, year)
    except InputError as err:  # no framework for that year and level: nothing to save
        messages.error(request, f"{err.message('vi')} / {err.message('en')}")
        return redirect("dti:ranking")
    try:
        for item in framework_of(assessment.framework).items():
            if review:
                raw = request.POST.get(f"verified_{item.code}", "")
                if raw.strip():
                    flow.verify_item(
                        assessment, item.code, raw, request.POST.get(f"reason_{item.code}", ""), actor
                    )
            elif item.is_manual and f"points_{item.code}" in request.POST:
                flow.propose(
                    assessment,
                    item.code,
                    request.POST[f"points_{item.code}"],
                    request.POST.get(f"note_{item.code}", ""),
                    actor,
                )
            upload = request.FILES.get(f"evidence_{item.code}")
            if upload is not None and not review:
                flow.attach_evidence(assessment, item.code, upload, upload.name or "tep", actor)
        if action == "submit":
            flow.submit(assessment, actor)
        elif action == "finish":
            flow.finish_verification(assessment, actor)
    except InputError as err:
        request.session["dti_error"] = str(err)
    return redirect("dti:scorecard", pk=unit.pk, year=year)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_for_user_or_404(
        Evidence.objects.select_related("item__assessment"), request.user, "view", pk=pk
    )
    path = flow.evidence_path(evidence)
    if not path.exists():
        raise Http404("file missing")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )


@login_required
def history_chart(request: HttpRequest, pk: int) -> HttpResponse:
    from .charts import history_svg

    return HttpResponse(history_svg(score_history(_unit(request, pk))), content_type="image/svg+xml")
