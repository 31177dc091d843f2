"""The reports page: period selector, the report types of the unit's level, the front matter
(issuer, number, date, signer, recipients), provenance apart, DOCX and PDF downloads, and the
unit-written sections. Thin over the services (builders, issuers, availability, narrative)."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cds.accounts.scope import can, get_for_user_or_404
from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet, check_data_period, parse_periods
from cds.lib.refusals import NotFound, Refused
from cds.lib.vn_dates import format_date
from cds.units.models import Unit
from cds.values.services import Actor, allowed_years
from cds.web.signing import record_generated

from . import issuers
from .availability import EmptyPeriod, missing, report_kinds, report_periods
from .frontmatter import SIGN_FORM_LABELS, SIGN_FORMS
from .kinds import KIND_LABELS, PROVENANCE, ReportOptions, build_report
from .narrative import drafts_for, save_sections
from .parts import signing_date
from .windows import declared_window, report_window
from .wording import load_wording

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT = {"docx": DOCX, "pdf": "application/pdf", "zip": "application/zip"}
KIND_LABELS_EN = {
    "periodic": "Digital transformation report",
    "training": "Digital skills training report (Appendix II)",
    "consolidated": "Consolidated report of the units below",
    "dti": "DTI results report",
}
SIGN_FORM_LABELS_EN = {
    "": "In the signer's own title",
    "TM": "TM. – on behalf of the collective",
    "KT": "KT. – signing for the head",
    "TL": "TL. – by order",
    "TUQ": "TUQ. – by delegation",
    "Q": "Q. – acting head",
}
PROVENANCE_LABELS = {
    "none": ("Không kèm (bản ban hành)", "None (the official file)"),
    "separate": ("Tệp riêng", "A separate file"),
    "comments": ("Ghi chú (comment) trong Word", "Word comments"),
}


def _kind_entry(unit, period: Period | PeriodSet, kind: str, english: bool) -> dict[str, Any]:
    """A report type on the page: its label, what is missing (None: it can be built) and where to
    enter it (the period, or the first window of several that has no value)."""
    empty = missing(unit, period, kind)
    entry = period.code
    if empty is not None and isinstance(period, PeriodSet):
        entry = next((w.code for w in period.windows if missing(unit, w, kind) is not None), entry)
    return {
        "code": kind,
        "label": KIND_LABELS_EN[kind] if english else KIND_LABELS[kind],
        "missing": empty,
        "entry": entry,
    }


def _section_uses(kinds: list[str], english: bool) -> dict[str, list[str]]:
    """Section kind → the labels of the offered report types that print it (each type's wording
    ``assessment`` and ``tail``): the DTI report takes no «Thuận lợi / Khó khăn / Nguyên nhân» of
    the periodic report, so the page says which report each section goes into."""
    wording = load_wording()
    uses: dict[str, list[str]] = {}
    for kind in kinds:
        spec = wording.get(kind) or {}
        label = KIND_LABELS_EN[kind] if english else KIND_LABELS[kind]
        for section in [*spec.get("assessment", []), *spec.get("tail", [])]:
            uses.setdefault(section, []).append(label)
    return uses


def _unit_and_period(request: HttpRequest, unit_id: int, period_code: str, action: str):
    unit = get_for_user_or_404(Unit, request.user, "view", pk=unit_id)  # out of scope → 404
    if action == "edit" and not can(request.user, "edit", unit):
        raise Refused(_("Bạn không được sửa báo cáo của đơn vị này."))
    try:
        period = _checked(parse_periods(period_code))
    except InputError:
        raise NotFound(_("Kỳ báo cáo không hợp lệ, hoặc nằm ngoài các năm có số liệu.")) from None
    return unit, period


def _data_end(unit, period: Period | PeriodSet) -> Period:
    """The data window whose end the date line defaults to: the period's, or the last window's."""
    return report_window(unit, period.last if isinstance(period, PeriodSet) else period)


def _checked(period: Period | PeriodSet) -> Period | PeriodSet:
    """The period, or each window of several, within the data years (else ``InputError``)."""
    for window in period.windows if isinstance(period, PeriodSet) else [period]:
        check_data_period(window, allowed_years())
    return period


@login_required
def choose(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The period selector's target: to the page of the chosen period, or of several chosen
    together (one report over several windows: "2023+2024S1")."""
    unit = get_for_user_or_404(Unit, request.user, "view", pk=unit_id)
    codes = [c for c in request.GET.getlist("period") if c.strip()]
    try:
        period = _checked(parse_periods(codes))
    except InputError:
        periods = report_periods(unit)
        if not periods:
            raise NotFound(_("Đơn vị này chưa có kỳ báo cáo nào.")) from None
        period = periods[0]
    return redirect("reports:sections", unit.pk, period.code)


@login_required
@require_http_methods(["GET", "POST"])
def sections(request: HttpRequest, unit_id: int, period_code: str) -> HttpResponse:
    unit, period = _unit_and_period(request, unit_id, period_code, "view")
    may_edit = can(request.user, "edit", unit)
    saved = None
    if request.method == "POST":
        if not may_edit:
            raise Refused(_("Bạn không được sửa báo cáo của đơn vị này."))
        texts = {k[5:]: request.POST[k] for k in request.POST if k.startswith("text_")}
        saved = save_sections(unit, period, texts, Actor.for_user(request.user))
        return redirect(f"{request.path}?saved={saved}")
    english = (get_language() or "vi").startswith("en")
    kinds = report_kinds(unit, period)
    uses = _section_uses(kinds, english)
    window = _data_end(unit, period)
    front = issuers.letterhead_for(unit, window.end, issuers.FrontMatter(), load_wording())
    periods = report_periods(unit)
    context = {
        "unit": unit,
        "period": period,
        "periods": periods if period in periods else [period, *periods],
        "chosen": [w.code for w in period.windows] if isinstance(period, PeriodSet) else [period.code],
        # each section with the report types that print it
        "drafts": {k: d | {"uses": uses.get(k, [])} for k, d in drafts_for(unit, period).items()},
        "may_edit": may_edit,
        "kinds": [_kind_entry(unit, period, k, english) for k in kinds],
        "saved": request.GET.get("saved"),
        "window": declared_window(unit, period),
        "front": front,
        "front_date": format_date(front.date) if front.date else "",
        "sign_forms": [(f, (SIGN_FORM_LABELS_EN if english else SIGN_FORM_LABELS)[f]) for f in SIGN_FORMS],
        "provenance": [(p, PROVENANCE_LABELS[p][1 if english else 0]) for p in PROVENANCE],
    }
    return render(request, "reports/sections.html", context)


def _options(params: Any) -> ReportOptions:
    """The page's front-matter fields; an empty field leaves the default (an empty signer's name
    stays empty: the name is then written by hand)."""

    def text(name: str) -> str | None:
        value = params.get(name)
        return None if value is None or not value.strip() else " ".join(value.split())

    recipients = [line.strip() for line in params.get("recipients", "").splitlines() if line.strip()]
    addressees = [line.strip() for line in params.get("addressees", "").splitlines() if line.strip()]
    return ReportOptions(
        number=text("number"),
        **signing_date(params.get("date")),  # "21/9/2023", or a month: "02/2023" (as `--date`)
        report_to=text("report_to"),  # «kính báo {report_to} tổng hợp theo quy định» (as `--report-to`)
        issuer=text("issuer"),
        governing_body=text("governing_body"),  # empty: a department's is its UBND, a UBND has none
        symbol=text("symbol"),
        sign_form=params.get("sign_form") if "sign_form" in params else None,
        on_behalf=text("on_behalf"),
        signer_title=text("signer_title"),
        signer_name=params.get("signer_name", "").strip() if "signer_name" in params else None,
        recipients=recipients or None,
        # an empty «Kính gửi» field sent by the page means none (the default); absent: the stored one
        addressees=addressees if "addressees" in params else None,
        provenance=params.get("provenance", "none"),
        include_unapproved=params.get("include_unapproved") == "1",
    )


@login_required
def download(
    request: HttpRequest, unit_id: int, period_code: str, kind: str, fmt: str = "docx"
) -> HttpResponse:
    unit, period = _unit_and_period(request, unit_id, period_code, "view")
    if kind not in report_kinds(unit, period):
        raise NotFound(_("Không có báo cáo này cho đơn vị và kỳ này."))
    back = reverse("reports:sections", args=[unit.pk, period.code])
    try:
        built = build_report(kind, unit, period, _options(request.GET))
        warnings = built.check.warnings if built.check is not None else []
        unsigned = built.check.unsigned if built.check is not None else []
        if (warnings or unsigned) and request.GET.get("unready") != "1":
            # the check `cds report build`/`check` prints: the page says it before the file is had
            query = request.GET.copy()
            query["unready"] = "1"
            context = {
                "warnings": warnings,
                "unsigned": bool(unsigned),
                "back": back,
                "fmt": fmt.upper(),
                "anyway": query.urlencode(),
            }
            return render(request, "reports/not_ready.html", context)
        if not built.draft and can(request.user, "edit", unit):  # an official report: waits for its signature
            record_generated(unit, period.code, kind, request.user)
        draft = "-du-thao" if built.draft else ""
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", f"bao-cao-{kind}-{unit.code}-{period.code}{draft}")
        with tempfile.TemporaryDirectory() as folder:
            files = built.save(Path(folder) / f"{slug}.docx")
            if fmt == "pdf":
                from .pdf import to_pdf

                files[0] = to_pdf(files[0])
            if len(files) == 1:
                name, content, ctype = files[0].name, files[0].read_bytes(), CONTENT[fmt]
            else:  # the report and its provenance apart, in one download
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                    for f in files:
                        z.write(f, f.name)
                name, content, ctype = f"{slug}.zip", buffer.getvalue(), CONTENT["zip"]
    except EmptyPeriod as empty:  # what is missing instead of an empty report
        return render(
            request, "reports/error.html", {"error": empty, "back": back, "empty": True}, status=422
        )
    except InputError as err:
        return render(request, "reports/error.html", {"error": err, "back": back}, status=400)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def defaults(request: HttpRequest, unit_id: int, period_code: str) -> HttpResponse:
    """The unit's stored front-matter defaults from this period's first day on (edit scope):
    issuer, governing body, symbol, signing form, on behalf of, title, name, recipients."""
    unit, period = _unit_and_period(request, unit_id, period_code, "edit")
    english = (get_language() or "vi").startswith("en")
    error = None
    if request.method == "POST":
        options = _options(request.POST)
        try:
            issuers.set_profile(
                unit,
                period.start,
                None,
                request.user,
                issuer=options.issuer or "",
                governing_body=options.governing_body or "",
                symbol=options.symbol or "",
                sign_form=request.POST.get("sign_form", ""),
                on_behalf=options.on_behalf or "",
                signer_title=options.signer_title or "",
                signer_name=options.signer_name or "",
                recipients=options.recipients or [],
                addressees=options.addressees or [],
            )
            return redirect(f"{reverse('reports:sections', args=[unit.pk, period.code])}?defaults=1")
        except InputError as err:
            error = err
    front = issuers.letterhead_for(unit, _data_end(unit, period).end, issuers.FrontMatter(), load_wording())
    context = {
        "unit": unit,
        "period": period,
        "front": front,
        "error": error,
        "sign_forms": [(f, (SIGN_FORM_LABELS_EN if english else SIGN_FORM_LABELS)[f]) for f in SIGN_FORMS],
    }
    return render(request, "reports/defaults.html", context, status=400 if error else 200)
