"""Column mappings of the values import on the web: a unit's officer or supervisor uploads a sample
file of a source, sees which header fills each import column, the headers left out and the first
rows by name (``values.mapping.preview``), picks a column for each header and saves the mapping
(``values.mapping.save_mapping``, the one write). The Excel upload then reads a file of that source
through it (``excel`` page, field «Nguồn»). Scoped like the upload: the units the person may edit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cds.accounts.scope import get_for_user_or_404
from cds.lib.errors import InputError
from cds.lib.tabular import header_texts, read_table
from cds.units.models import Unit
from cds.values.io import COLUMNS, aliases_with
from cds.values.mapping import check_columns, column_label, preview, save_mapping
from cds.values.models import ColumnMapping
from cds.values.services import Actor

from .common import lang
from .excel import keep_upload, upload_dir

SESSION_KEY = "web.mapping.sample"


@login_required
def mappings(request: HttpRequest) -> HttpResponse:
    editable = Unit.objects.for_user(request.user, "edit").order_by("depth", "name")
    chosen = request.POST.get("unit") or request.GET.get("unit")
    unit = (
        get_for_user_or_404(Unit.objects.select_related("parent"), request.user, "edit", pk=chosen)
        if chosen and str(chosen).isdigit()
        else editable.first()
    )
    if chosen and not str(chosen).isdigit():
        unit = None
    context: dict[str, Any] = {"unit": unit, "saved": _saved(unit), "choices": _choices(request)}
    if unit is None:
        context["problem"] = _("Bạn chưa được giao đơn vị nào để nhập số liệu.")
        return render(request, "web/mappings.html", context)
    if request.method != "POST":
        return render(request, "web/mappings.html", context)
    try:
        if request.POST.get("save"):
            sample, source, columns = _chosen_columns(request, unit)
            mapping = save_mapping(unit, source, columns, Actor.for_user(request.user, "import"))
            messages.success(
                request,
                _("Đã lưu cách đọc cột của nguồn «%(s)s» cho %(u)s.") % {"s": mapping.source, "u": unit.name},
            )
        else:
            sample, source = _upload(request)
            columns = _columns_saved(unit, source)
        context.update(_shown(request, sample, source, columns))
        context["saved"] = _saved(unit)
        return render(request, "web/mappings.html", context)
    except InputError as err:
        context["problem"] = err.message(lang(request))
        return render(request, "web/mappings.html", context, status=422)


def _choices(request: HttpRequest) -> list[tuple[str, str]]:
    language = lang(request)
    return [("", _("— không đọc —"))] + [(c, f"{c} ({column_label(c, language)})") for c in COLUMNS]


def _saved(unit: Unit | None) -> list[ColumnMapping]:
    if unit is None:
        return []
    chain = [int(i) for i in unit.path.strip("/").split("/") if i]
    return list(ColumnMapping.objects.filter(unit_id__in=chain).select_related("unit").order_by("source"))


def _columns_saved(unit: Unit, source: str) -> dict[str, str]:
    """The mapping of ``source`` saved by ``unit`` or a unit above it (what an import would use)."""
    chain = [int(i) for i in unit.path.strip("/").split("/") if i]
    by_unit = {m.unit_id: m for m in ColumnMapping.objects.filter(source=source, unit_id__in=chain)}
    for unit_id in reversed(chain):
        if unit_id in by_unit:
            return dict(by_unit[unit_id].columns)
    return {}


def _source(text: str | None) -> str:
    name = (text or "").strip()
    if not name or len(name) > 64:
        raise InputError(
            "hãy ghi tên nguồn (1 đến 64 ký tự), ví dụ «Báo cáo Sở TTTT»",
            "give the source a name (1 to 64 characters), e.g. «DIC report»",
        )
    return name


def _upload(request: HttpRequest) -> tuple[Path, str]:
    """The sample file, kept under a server name until it is saved or abandoned (a day)."""
    source = _source(request.POST.get("source"))
    upload = request.FILES.get("file")
    if upload is None:
        raise InputError("hãy chọn một tệp mẫu (.xlsx hoặc .csv)", "choose a sample file (.xlsx or .csv)")
    if (upload.size or 0) > settings.CDS_MAX_UPLOAD_BYTES:
        mb = settings.CDS_MAX_UPLOAD_BYTES // 2**20
        raise InputError(f"tệp quá lớn (tối đa {mb} MB)", f"the file is too large (at most {mb} MB)")
    token, name, suffix, path = keep_upload(request, upload, SESSION_KEY, "mau")
    request.session[SESSION_KEY] = {"token": token, "name": name, "suffix": suffix}
    return path, source


def _sample(request: HttpRequest) -> Path:
    pending = request.session.get(SESSION_KEY) or {}
    token = str(pending.get("token", ""))
    path = upload_dir() / token / f"mau{pending.get('suffix', '.csv')}"
    if not re.fullmatch(r"[0-9a-f]{32}", token) or not path.is_file():
        raise InputError(
            "không còn tệp mẫu đang xem; hãy tải tệp lên lại",
            "the sample file is no longer here; upload it again",
        )
    return path


def _headers(path: Path, name: str) -> list[str]:
    """Every header text of the sample, in sheet order."""
    return header_texts(path.read_bytes(), file_name=name)


def _chosen_columns(request: HttpRequest, unit: Unit) -> tuple[Path, str, dict[str, str]]:
    path = _sample(request)
    name = request.session[SESSION_KEY]["name"]
    headers = _headers(path, name)
    columns = {}
    for i, header in enumerate(headers):
        column = request.POST.get(f"col-{i}", "")
        if column:
            columns[header] = column
    return path, _source(request.POST.get("source")), check_columns(columns)


def _shown(request: HttpRequest, path: Path, source: str, columns: dict[str, str]) -> dict[str, Any]:
    """The preview with ``columns`` and each header's column (the mapping's, else the one the import
    reads it as by its built-in names). A sample none of whose headers is read yet shows only its
    headers, each with a column to choose."""
    name = request.session[SESSION_KEY]["name"]
    headers = _headers(path, name)
    if not headers:
        raise InputError("tệp mẫu không có dòng tiêu đề", "the sample file has no header row")
    result = preview(path, columns, file_name=name)
    read_as: dict[str, str] = {}
    if result.error is None:
        ignored = set(result.ignored)
        table = read_table(
            path.read_bytes(), file_name=name, required=(), optional=COLUMNS, aliases=aliases_with(columns)
        )
        read_as = dict(zip([h for h in headers if h not in ignored], table.columns, strict=False))
    elif columns:
        raise result.error
    header_of = {column: header for header, column in read_as.items()}
    language = lang(request)
    return {
        "source": source,
        "sample_name": name,
        "preview": result if result.error is None else None,
        "unread": result.error is not None,
        "headers": [{"i": i, "text": h, "column": read_as.get(h, "")} for i, h in enumerate(headers)],
        "filled": [
            {"column": column_label(c, language), "header": result.filled[c] or header_of.get(c, "")}
            for c in result.filled
        ],
        "missing": [column_label(c, language) for c in result.missing],
    }
