"""Excel round trip: a pre-filled template to fill offline, and an upload with a preview before commit.

The upload is ``cds data import`` (``cds.values.io.import_values``, the one parser, planner and
writer): a dry run for the preview, the real import on confirm; every row is checked, nothing is
written unless the whole file is clean, and the person sees what would change before confirming.
Every unit in the file must be one they may edit.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cds.accounts.scope import get_for_user_or_404
from cds.catalog.formatting import format_value
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.units.models import Unit
from cds.units.services import era_on, map_day
from cds.values.io import ImportReport, import_values
from cds.values.mapping import find_mapping
from cds.values.models import DataValue
from cds.values.services import Actor

from .common import default_period, lang, read_period, recent_periods, table_response

TEMPLATE_COLUMNS = [
    "Mã đơn vị",
    "Tên xã/phường",
    "Kỳ",
    "Mã chỉ tiêu",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Kỳ trước",
    "Giá trị",
    "Ghi chú",
]
SESSION_KEY = "web.excel.upload"


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


# A preview not confirmed within a day is abandoned (its session's token is long forgotten).
ABANDONED_AFTER = 86400


def remove_abandoned_previews(now: float | None = None) -> list[Path]:
    """Remove the uploaded files of previews older than ``ABANDONED_AFTER`` seconds."""
    limit = (now or time.time()) - ABANDONED_AFTER
    removed = []
    if upload_dir().is_dir():
        for folder in upload_dir().iterdir():
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def keep_upload(
    request: HttpRequest, upload: UploadedFile, session_key: str, stem: str
) -> tuple[str, str, str, Path]:
    """An uploaded file kept in a fresh folder under ``upload_dir()`` until it is confirmed or
    abandoned (a day): the file awaiting under ``session_key`` removed (a new upload replaces it),
    then (token, the name as uploaded cut to 120 characters, suffix, path). The path is
    ``<stem><suffix>``, never built from the uploaded name."""
    remove_abandoned_previews()
    earlier = request.session.pop(session_key, None)
    if earlier and re.fullmatch(r"[0-9a-f]{32}", str(earlier.get("token", ""))):
        shutil.rmtree(upload_dir() / earlier["token"], ignore_errors=True)
    token = secrets.token_hex(16)
    folder = upload_dir() / token
    folder.mkdir(parents=True, exist_ok=True)
    name = upload.name or ""  # a browser's upload always has a name; Django types it optional
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    path = folder / f"{stem}{suffix}"
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return token, name[:120], suffix, path


@login_required
def excel_template(request: HttpRequest) -> HttpResponse:
    """One row per unit and typed indicator of its level's data set (rates are computed and counts of
    units come from the registry, so both are left out), pre-filled."""
    editable = Unit.objects.for_user(request.user, "edit")
    if request.GET.get("all"):
        period, _e, _f = read_period(request.GET.get("period"), default_period())
        on_map = editable.filter(level="commune", era=era_on(period.end)).as_of(
            map_day(era_on(period.end), period.end)
        )
        units = list(on_map.order_by("path")[:1000])
    else:
        unit = get_for_user_or_404(
            Unit.objects.select_related("parent"),
            request.user,
            "edit",
            pk=request.GET.get("unit") or _first_pk(request),
        )
        period, _e, _f = read_period(request.GET.get("period"), default_period(unit))
        units = [unit]
    catalog = get_catalog(period.start)
    definitions = [d for d in catalog.definitions() if d.is_typed]  # no rates, no counts of units
    current = _values(units, period)
    previous = _values(units, period.previous())
    rows = []
    for unit in units:
        for d in definitions:
            now, before = current.get((unit.pk, d.code)), previous.get((unit.pk, d.code))
            if now is None and not d.fills(unit.level):  # the unit's data set (catalog «levels»)
                continue
            rows.append(
                [
                    unit.code,
                    unit.name,
                    period.code,
                    d.code,
                    d.name_vi,
                    d.unit_vi,
                    # bare: the "Đơn vị tính" column beside it names the unit
                    format_value(d, before.number, before.qualifier, with_unit=False)
                    if before and before.number is not None
                    else "",
                    now.raw if now else "",
                    now.note if now else "",
                ]
            )
    stem = f"bieu-mau-{'tat-ca' if request.GET.get('all') else units[0].code}-{period.code}"
    return table_response(TEMPLATE_COLUMNS, rows, stem, "xlsx")


def _first_pk(request: HttpRequest) -> int | None:
    first = Unit.objects.for_user(request.user, "edit").order_by("depth", "name").first()
    return first.pk if first else None


def _values(units, period: Period) -> dict:
    rows = DataValue.objects.filter(unit__in=[u.pk for u in units], period=period.code).select_related(
        "indicator"
    )
    return {(v.unit_id, v.indicator.code): v for v in rows}


@login_required
def excel(request: HttpRequest) -> HttpResponse:
    editable = Unit.objects.for_user(request.user, "edit").order_by("depth", "name")
    unit = (
        get_for_user_or_404(
            Unit.objects.select_related("parent"), request.user, "edit", pk=request.GET["unit"]
        )
        if request.GET.get("unit")
        else editable.first()
    )
    period, _e, _f = read_period(request.GET.get("period"), default_period(unit))
    context: dict[str, Any] = {
        "unit": unit,
        "period": period,
        "periods": recent_periods(unit),
        "many": editable.filter(level="commune").count() > 1,
        "report": None,
    }
    if request.method == "POST" and request.POST.get("confirm"):
        return _commit(request)
    if request.method == "POST":
        report, problem = _preview(request, unit)
        pending = request.session.get(SESSION_KEY) or {}
        context.update(
            {
                "report": report,
                "problem": problem,
                "token": pending.get("token", ""),
                "error_lines": [e.message(lang(request)) for e in (report.errors[:200] if report else [])],
                "rows": _preview_rows(report, lang(request)) if report and report.ok else [],
            }
        )
        return render(request, "web/excel.html", context, status=200 if report and report.ok else 422)
    return render(request, "web/excel.html", context)


def _preview_rows(report: ImportReport, language: str) -> list[dict[str, Any]]:
    """The preview's changed values, each indicator by its name in the catalog of its period (the
    code is what the file's column holds; a person reads the name)."""
    rows = []
    for change in report.changes:
        if change.action == "unchanged":
            continue
        found = get_catalog(change.period.start).get(change.indicator_code)
        name = (found.name_en if language == "en" else found.name_vi) if found else change.indicator_code
        rows.append({"change": change, "name": name})
    return rows


def _run(
    request: HttpRequest, path: Path, name: str, dry_run: bool, columns: dict[str, str] | None = None
) -> ImportReport:
    """``cds data import``'s pipeline, for what this person may edit; template rows left empty
    are skipped (not reported), everything else — parsing, checks, messages, the write — is shared.
    ``columns``: the source's saved column mapping (``values.mapping``), when the person names one."""
    return import_values(
        path,
        Actor.for_user(request.user, "import"),
        dry_run=dry_run,
        reason=f"Tải lên tệp {name} trên web",
        file_name=name,
        skip_empty=True,
        editable=Unit.objects.for_user(request.user, "edit"),
        columns=columns,
    )


def _preview(request: HttpRequest, unit: Unit | None = None) -> tuple[ImportReport | None, str]:
    upload = request.FILES.get("file")
    if upload is None:
        return None, _("Hãy chọn tệp Excel (.xlsx) hoặc CSV để tải lên.")
    columns = None
    source = (request.POST.get("source") or "").strip()
    if source:  # a source whose column mapping the unit (or one above it) saved
        try:
            columns = dict(find_mapping(source, unit).columns)
        except InputError as err:
            return None, err.message(lang(request))
    if (upload.size or 0) > settings.CDS_MAX_UPLOAD_BYTES:
        return None, _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.CDS_MAX_UPLOAD_BYTES // 2**20}
    token, name, suffix, path = keep_upload(request, upload, SESSION_KEY, "tai-len")
    report = _run(request, path, name, dry_run=True, columns=columns)
    if report.ok:
        request.session[SESSION_KEY] = {"token": token, "name": name, "suffix": suffix, "columns": columns}
    else:
        shutil.rmtree(path.parent, ignore_errors=True)
    return report, ""


def _commit(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("confirm"):
        messages.error(request, _("Không tìm thấy tệp đang chờ xác nhận; hãy tải lên lại."))
        return redirect("web:excel")
    folder = upload_dir() / pending["token"]
    path = folder / f"tai-len{pending['suffix']}"
    # checked again: values may have changed
    report = _run(request, path, pending["name"], dry_run=False, columns=pending.get("columns"))
    problems = report.errors
    del request.session[SESSION_KEY]
    shutil.rmtree(folder, ignore_errors=True)
    if problems:
        for problem in problems[:20]:
            messages.error(request, problem.message(lang(request)))
        return redirect("web:excel")
    messages.success(
        request,
        _("Đã nhập: %(c)s giá trị mới, %(u)s giá trị sửa, %(s)s không đổi.")
        % {"c": report.created, "u": report.updated, "s": report.unchanged},
    )
    return redirect("web:excel")
