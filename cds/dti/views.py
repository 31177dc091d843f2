"""DTI pages: ranking table, unit scorecard with self-assessment and verification, SVG charts.

Thin: each view checks scope with ``Unit.objects.for_user`` (``get_for_user_or_404``), calls one domain function and
renders. Out-of-scope units are simply not found (404).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cds.accounts.scope import can, get_for_user_or_404, is_admin
from cds.catalog.formatting import format_points
from cds.lib.errors import InputError
from cds.lib.refusals import NotFound, Refused
from cds.units.models import Unit
from cds.values.services import Actor

from . import assessments as flow
from .decisions import decision_words
from .framework import LEVELS
from .models import Assessment, Evidence, FrameworkVersion, Result
from .ranking import rank_scope, score_history, summary
from .scoring import era_for_year, score_units
from .services import framework_of, frameworks_for_year, load_framework_table
from .tables import TableRequest

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
    # a district's supervisor sees no province: their district is their ranking's scope
    district = visible.filter(level="district").order_by("depth", "name").first()
    if with_results:
        province_id = int(with_results.strip("/").split("/")[0])
        return provinces.filter(pk=province_id).first() or provinces.first() or district
    return provinces.first() or district


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
    english = lang(request) == "en"
    names: dict[str, str] = {}
    for row in frameworks_for_year(year, level):
        for pillar in framework_of(row).pillars:
            names.setdefault(pillar.code, (english and pillar.name_en) or pillar.name_vi)
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
            "pillar_names": [names.get(code, code) for code in pillars],
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
    if unit.level in ("province", "district") and not frameworks_for_year(year, unit.level):
        # a province (or district) has no scorecard of its own that year: its DTI page is the
        # ranking of its communes — not a bare «not found»
        if unit.era == era_for_year(year):
            return redirect(f"{reverse('dti:ranking')}?year={year}&scope={unit.pk}")
    return render(request, "dti/scorecard.html", _scorecard(request, unit, year))


def _scorecard(
    request: HttpRequest,
    unit: Unit,
    year: int,
    typed: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The scorecard's context; ``typed`` (what the form sent) is shown instead of what is stored,
    with ``errors`` beside their items, so nothing typed is lost when a save is refused."""
    rows = frameworks_for_year(year, unit.level)
    if not rows or unit.era != era_for_year(year):
        raise NotFound(
            _("%(unit)s không có bảng điểm DTI năm %(year)s (chưa có bộ chỉ số cho cấp và năm này).")
            % {"unit": unit.name, "year": year}
        )
    row = rows[0]
    framework = framework_of(row)
    assessment = Assessment.objects.filter(framework=row, unit=unit, year=year).first()
    score = score_units(framework, year, unit, units=[unit], framework_id=row.pk, detail=True)[0]
    items = {i.item_code: i for i in assessment.items.prefetch_related("evidence")} if assessment else {}
    pillars: list[dict[str, Any]] = []
    typed, errors = typed or {}, errors or {}
    for pillar in framework.pillars:
        lines: list[dict[str, Any]] = []
        for item in pillar.items:
            result = score.items[item.code]
            row_ = items.get(item.code)
            lines.append(
                {
                    "item": item,
                    "result": result,
                    "row": row_,
                    "gap": item.max_points - result.points,
                    "choices": [(_points_text(p), label) for label, p in item.rule.choices]
                    if item.is_manual and getattr(item.rule, "choices", None)
                    else [],
                    "points": typed.get(
                        f"points_{item.code}", _points_text(row_.self_points if row_ else None)
                    ),
                    "note": typed.get(f"note_{item.code}", row_.self_note if row_ else ""),
                    "verified": typed.get(
                        f"verified_{item.code}", _points_text(row_.verified_points if row_ else None)
                    ),
                    "reason": typed.get(f"reason_{item.code}", row_.verify_reason if row_ else ""),
                    "errors": errors.get(item.code, []),
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
    can_see_scope = ranking.scope is not None and (can(request.user, "view", ranking.scope))
    return {
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
        # the distribution shows the other units' scores, and the ranking link leads to them:
        # only for people who may see them (an officer's ranking is this scorecard)
        "show_distribution": can_see_scope,
        "error": request.session.pop("dti_error", None),
        "form_errors": errors.get("", []),
        "error_count": sum(len(v) for v in errors.values()),
        "missing": request.session.pop("dti_missing", None),
        "can_edit": can(request.user, "edit", unit),
        "can_review": can(request.user, "review", unit),
    }


def lang(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "vi").startswith("en") else "vi"


def _points_text(points: Decimal | None) -> str:
    """Points as a person types them («12,5»), the way the form shows and the parser reads them."""
    return "" if points is None else format_points(points)


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
        raise Refused(_("Bạn không được lưu hoặc xác nhận điểm DTI của đơn vị này."))
    try:
        assessment = flow.assessment_for(unit, year)
    except InputError as err:  # no framework for that year and level: nothing to save
        messages.error(request, err.message(lang(request)))
        return redirect("dti:ranking")
    entries = []
    for item in framework_of(assessment.framework).items():
        files = tuple((f, f.name or "tep") for f in request.FILES.getlist(f"evidence_{item.code}"))
        if review:
            entries.append(
                flow.ItemEntry(
                    item.code,
                    request.POST.get(f"verified_{item.code}", "").strip() or None,
                    request.POST.get(f"reason_{item.code}", ""),
                )
            )
        elif (item.is_manual and f"points_{item.code}" in request.POST) or files:
            entries.append(
                flow.ItemEntry(
                    item.code,
                    request.POST.get(f"points_{item.code}") if item.is_manual else None,
                    request.POST.get(f"note_{item.code}", ""),
                    files,
                )
            )
    language = lang(request)
    try:
        flow.save_form(assessment, entries, actor, review=review)
    except flow.FormErrors as problems:
        by_item = {code: [e.message(language) for e in errs] for code, errs in problems.by_item.items()}
        context = _scorecard(request, unit, year, typed=request.POST.dict(), errors=by_item)
        return render(request, "dti/scorecard.html", context, status=422)
    try:
        if action == "submit":
            missing = flow.missing_items(assessment)
            if missing and request.POST.get("confirm_incomplete") != "1":
                request.session["dti_missing"] = [f"{i.code} {i.name_vi}" for i in missing]
                messages.warning(request, _("Đã lưu. Bản tự đánh giá chưa được gửi: hãy xác nhận bên dưới."))
                return redirect("dti:scorecard", pk=unit.pk, year=year)
            flow.submit(assessment, actor)
            messages.success(request, _("Đã gửi bản tự đánh giá."))
        elif action == "finish":
            flow.finish_verification(assessment, actor)
            messages.success(request, _("Đã hoàn tất thẩm định."))
        else:
            messages.success(request, _("Đã lưu."))
    except InputError as err:
        messages.error(request, err.message(language))
    return redirect("dti:scorecard", pk=unit.pk, year=year)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_for_user_or_404(
        Evidence.objects.select_related("item__assessment"), request.user, "view", pk=pk
    )
    path = flow.evidence_path(evidence)
    if not path.exists():
        raise NotFound(_("Tệp minh chứng này không còn trên máy chủ; hãy tải lên lại."))
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


@login_required
def frameworks(request: HttpRequest) -> HttpResponse:
    """The loaded frameworks; an administrator loads one from a published table (``load_framework_table``)."""
    context: dict[str, Any] = {
        "rows": FrameworkVersion.objects.order_by("code", "-version"),
        "can_load": is_admin(request.user),
        "levels": LEVELS,
        "form": {"level": "commune"},
    }
    if request.method != "POST":
        return render(request, "dti/frameworks.html", context)
    if not context["can_load"]:
        raise PermissionDenied
    form = {
        k: request.POST.get(k, "").strip() for k in ("code", "name", "level", "years", "version", "source")
    }
    dry_run = request.POST.get("dry_run") == "1"
    context["form"] = {**form, "dry_run": dry_run}
    upload = request.FILES.get("file")
    status = 422
    try:
        if upload is None:
            raise InputError("Hãy chọn tệp bảng (.xlsx hoặc .csv).", "Choose a table file (.xlsx or .csv).")
        if (upload.size or 0) > settings.CDS_MAX_UPLOAD_BYTES:
            mb = settings.CDS_MAX_UPLOAD_BYTES // 2**20
            raise InputError(f"Tệp quá lớn (tối đa {mb} MB).", f"The file is too large (at most {mb} MB).")
        years = _years(form["years"])
        if not form["code"]:
            raise InputError("Hãy ghi mã khung.", "Give the framework a code.")
        with tempfile.TemporaryDirectory() as folder:
            uploaded_name = upload.name or ""
            suffix = ".csv" if uploaded_name.lower().endswith(".csv") else ".xlsx"
            path = Path(folder) / f"bang{suffix}"  # never a path built from the uploaded name
            with open(path, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            name = Path(uploaded_name).name[:120]
            request_ = TableRequest(
                code=form["code"],
                title=form["name"] or Path(name).stem,
                level=form["level"],
                years=years,
                version=form["version"] or f"{years[0]}.1",
                source=form["source"],
            )
            reading, row, created = load_framework_table(
                path,
                request_,
                file_name=name,
                dry_run=dry_run,
                actor=Actor.for_user(request.user, "import"),
            )
        context.update(reading=reading, stored=row, created=created, rows=context["rows"].all())
        status = 200
    except InputError as error:
        context["error"] = error.message(lang(request))
    return render(request, "dti/frameworks.html", context, status=status)


def _years(text: str) -> list[int]:
    try:
        years = sorted({int(y) for y in text.replace(" ", "").split(",") if y})
    except ValueError:
        years = []
    if not years or not all(2000 <= y <= 2100 for y in years):
        raise InputError(
            "Năm áp dụng là năm hoặc các năm cách nhau bởi dấu phẩy, ví dụ 2025,2026.",
            "The years are a year or years separated by commas, e.g. 2025,2026.",
        ).located(value=text)
    return years
