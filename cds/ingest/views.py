"""Pages: upload an old report, review its proposals beside its text, import the accepted ones.

Thin over ``cds.ingest.services``; every report and proposal is found through
``get_for_user_or_404`` (out of scope is a 404), every write needs the unit's edit right.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cds.accounts.scope import can, get_for_user_or_404
from cds.accounts.targets import target_units
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.values.services import Actor, ValueWriteError

from . import services
from .first_reads import unseen_share
from .forms import DecideForm, UploadForm
from .models import IngestedReport, Proposal


def _error_text(error: InputError) -> str:
    return error.message("en") if get_language() == "en" else error.message("vi")


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            period = parse_period(form.cleaned_data["period"]) if form.cleaned_data["period"] else None
            published = (
                services.read_published(form.cleaned_data["published"])
                if form.cleaned_data["published"]
                else None
            )
            report = services.ingest(
                upload.read(), upload.name, form.cleaned_data["unit"], request.user, period, published
            )
        except InputError as error:
            form.add_error(None, _error_text(error))
        else:
            return redirect("ingest:review", pk=report.pk)
    reports = IngestedReport.objects.for_user(request.user, "view").select_related("unit")[:50]
    return render(request, "ingest/list.html", {"form": form, "reports": reports})


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for_user_or_404(IngestedReport.objects.select_related("unit"), request.user, "view", pk=pk)
    proposals = list(report.proposals.all())
    choices = _indicator_choices()
    names = dict(choices)
    for p in proposals:
        p.indicator_name = names.get(p.indicator_code, p.indicator_code)
    # three lists: the proposals beside their paragraphs; «chưa hiểu» (an indicator suggested, to be
    # confirmed or mapped by hand); the numbers that matched no indicator at all
    unsure = [p for p in proposals if p.unsure]
    unmatched = [p for p in proposals if p.kind == Proposal.Kind.UNMATCHED and not p.unsure]
    english = get_language() == "en"
    for p in unsure + unmatched:
        p.where = p.where_en if english else p.where_vi
    by_where: dict[str, list[Proposal]] = {}
    for p in proposals:
        if p.kind != Proposal.Kind.UNMATCHED:
            by_where.setdefault(p.where_vi, []).append(p)
    blocks = [
        {"text": b["text"], "where": b["where_en"] if get_language() == "en" else b["where_vi"],
         "proposals": by_where.get(b["where_vi"], [])}
        for b in report.blocks
    ]  # fmt: skip
    context = {
        "report": report,
        "blocks": [b for b in blocks if b["proposals"]],
        "all_blocks": blocks,
        "editable": can(request.user, "edit", report.unit),
        "sets_targets": target_units(request.user).filter(pk=report.unit_id).exists(),
        "share": round(100 * report.matched / report.numeric) if report.numeric else None,
        "counts": {s: sum(1 for p in proposals if p.status == s) for s in Proposal.Status.values},
        "unsure": unsure,
        "unmatched": unmatched,
        "figures": sum(1 for p in proposals if p.kind == Proposal.Kind.VALUE),
        "indicator_choices": choices,
        # said before anything is accepted, in the page's language: suggestions, and how often right
        "notice": unseen_share().en if english else unseen_share().vi,
    }
    return render(request, "ingest/review.html", context)


def _indicator_choices() -> list[tuple[str, str]]:
    """Codes and names for mapping a sentence to an indicator by hand."""

    english = get_language() == "en"
    return [(d.code, d.name_en if english else d.name_vi) for d in get_catalog().definitions()]


def _editable(request: HttpRequest, pk: int) -> IngestedReport:
    report = get_for_user_or_404(IngestedReport, request.user, "view", pk=pk)
    if not can(request.user, "edit", report.unit):
        raise Http404
    return report


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    report = _editable(request, pk)
    item = get_for_user_or_404(Proposal.objects.filter(report=report), request.user, "edit", pk=proposal)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn chấp nhận, sửa hoặc từ chối."))
    else:
        data = form.cleaned_data
        try:
            services.decide(
                item, data["action"], request.user, data["reason"],
                indicator=data["indicator"] or None, value_text=data["value"] or None, period=data["period"] or None,
            )  # fmt: skip
        except InputError as error:
            messages.error(request, _error_text(error))
    return redirect(f"{report.get_absolute_url()}#p{item.pk}")


@login_required
@require_POST
def import_accepted(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    try:
        result = services.import_accepted(report, Actor.for_user(request.user, "import"))
    except ValueWriteError as error:
        for e in error.errors:
            messages.error(request, _error_text(e))
    except InputError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Đã nhập: %(c)s số liệu mới, %(u)s cập nhật, %(k)s không đổi, %(d)s văn bản mới, %(t)s tổ mới, "
              "%(r)s tổ kiện toàn, %(g)s chỉ tiêu đặt.")
            % {"c": result.values_created, "u": result.values_updated, "k": result.values_unchanged,
               "d": result.documents_created, "t": result.teams_created, "r": result.teams_reformed,
               "g": result.targets_set},
        )  # fmt: skip
    return redirect(report.get_absolute_url())
