"""«Ghi nhận đã ký»: the unit's person records the number and date an official report was signed
under (``cds.web.signing.record_signed``); the report then leaves the home page's tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cds.accounts.scope import can
from cds.lib.errors import InputError
from cds.lib.refusals import NotFound
from cds.values.services import Actor

from ..models import ReportToSign
from ..signing import record_signed
from .common import lang


@login_required
@require_POST
def report_signed(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ReportToSign.objects.select_related("unit"), pk=pk)
    if not can(request.user, "edit", report.unit):  # out of scope: never found
        raise NotFound(_("Trang này không có, hoặc nằm ngoài phạm vi đơn vị của bạn."))
    try:
        record_signed(
            report,
            request.POST.get("number", ""),
            request.POST.get("signed_on", ""),
            Actor.for_user(request.user),
        )
    except InputError as error:
        messages.error(request, error.en if lang(request) == "en" else error.vi)  # words only, no field code
    else:
        messages.success(request, _("Đã ghi nhận báo cáo đã ký: số %(n)s.") % {"n": report.number})
    return redirect("web:home")
