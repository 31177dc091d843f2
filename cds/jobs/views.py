"""Pages of background jobs: my jobs with their progress, one job, its output file, and the pages
that start one — the dossier file upload of the province's one-stop-shop data officer, a report
batch, a KPI recomputation, a large values file. Thin over ``services.start``: every check of a
file is the import's own, run by the worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cds.accounts.scope import units_for
from cds.lib.errors import InputError
from cds.lib.periods import parse_periods
from cds.reports.kinds import KINDS
from cds.units.models import Unit

from . import services
from .models import Kind
from .outcome import folder
from .services import visible_jobs
from .uploads import StoredUpload, accepts_upload

REFRESH_SECONDS = 2  # the list and a job's page reload themselves while a job is queued or running


def _lang(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "vi").startswith("en") else "vi"


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(visible_jobs(request.user)[:50])
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": jobs,
            "english": _lang(request) == "en",
            "refresh": any(j.active for j in jobs) and REFRESH_SECONDS,
        },
    )


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = visible_jobs(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return render(
        request,
        "jobs/detail.html",
        {"job": job, "english": _lang(request) == "en", "refresh": job.active and REFRESH_SECONDS},
    )


@login_required
def job_output(request: HttpRequest, job_id: int) -> FileResponse:
    job = visible_jobs(request.user).filter(pk=job_id).first()
    if job is None or not job.output:
        raise Http404
    path = folder(job) / Path(job.output).name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


def _provinces(request: HttpRequest) -> list[Unit]:
    return list(units_for(request.user, "edit").filter(level="province").order_by("era", "name"))


def _file(request: HttpRequest, limit: int) -> tuple[Path, str, str]:
    """The uploaded file, already written under the job root and hashed as it arrived
    (``uploads.StoreUploadHandler``): its path, SHA-256 and name."""
    upload = request.FILES.get("file")
    if upload is None or not upload.name:
        raise InputError("Chưa chọn tệp.", "No file chosen.")
    if not isinstance(upload, StoredUpload):
        raise TypeError("a view that takes a file is wrapped in uploads.accepts_upload")
    if upload.path is None or (upload.size or 0) > limit:
        raise InputError(
            f"Tệp quá lớn (tối đa {limit // 2**20} MB).",
            f"The file is too large (at most {limit // 2**20} MB).",
        )
    return upload.path, upload.sha256, Path(upload.name).name


def _start_page(
    request: HttpRequest, start: Callable[[], services.Job], template: str, context: dict[str, Any]
) -> HttpResponse:
    """A page that starts a job: POST runs ``start`` and goes to the job's page; its refusal (an
    ``InputError``) is said on the form, in the person's language, with status 400."""
    error = ""
    if request.method == "POST":
        try:
            return redirect("jobs:detail", start().pk)
        except InputError as err:
            error = err.message(_lang(request))
    return render(request, template, {**context, "error": error}, status=400 if error else 200)


@accepts_upload(lambda: settings.CDS_MAX_DOSSIER_UPLOAD_BYTES)
@login_required
@require_http_methods(["GET", "POST"])
def dossier_upload(request: HttpRequest) -> HttpResponse:
    """A one-stop-shop export for a province the person may edit: the worker runs ``cds dvc import``'s
    pipeline on it (same checks, dry run, error file); the page answers at once with the job."""
    provinces = _provinces(request)

    def start() -> services.Job:
        province = next((p for p in provinces if str(p.pk) == request.POST.get("province")), None)
        if province is None:
            raise InputError("Chọn một tỉnh trong phạm vi của bạn.", "Choose a province within your scope.")
        path, digest, name = _file(request, settings.CDS_MAX_DOSSIER_UPLOAD_BYTES)
        return services.start(
            Kind.DOSSIER_IMPORT,
            user=request.user,
            unit=province,
            params={
                "dry_run": bool(request.POST.get("dry_run")),
                "skip_bad_rows": bool(request.POST.get("skip_bad_rows")),
            },
            upload=path,
            file_name=name,
            key=digest,
        )

    return _start_page(request, start, "jobs/dossier_upload.html", {"provinces": provinces})


@accepts_upload(lambda: settings.CDS_MAX_UPLOAD_BYTES)
@login_required
@require_http_methods(["GET", "POST"])
def start_other(request: HttpRequest) -> HttpResponse:
    """A report batch (a zip) for a unit in scope, a province's KPI recomputation, a values file."""
    what = request.POST.get("what", "")
    context = {"provinces": _provinces(request), "kinds": KINDS, "what": what}
    return _start_page(request, lambda: _start_other(request, what), "jobs/start.html", context)


def _start_other(request: HttpRequest, what: str) -> services.Job:
    if what == "report_batch":
        period = parse_periods(request.POST.get("period", ""))
        code = request.POST.get("unit", "").strip()
        scope = units_for(request.user, "view").filter(code=code).order_by("-era").first()
        if scope is None:
            raise InputError(
                f"Không có đơn vị mã «{code}» trong phạm vi của bạn.", f"No unit '{code}' within your scope."
            )
        kind = request.POST.get("kind", "periodic")
        if kind not in KINDS:
            raise InputError("Loại báo cáo không hợp lệ.", "Unknown report kind.")
        return services.start(
            Kind.REPORT_BATCH, user=request.user, unit=scope, params={"kind": kind, "period": period.code},
            key=f"{kind}:{scope.pk}:{period.code}",
        )  # fmt: skip
    if what == "kpi_recompute":
        province = next((p for p in _provinces(request) if str(p.pk) == request.POST.get("province")), None)
        if province is None:
            raise InputError("Chọn một tỉnh trong phạm vi của bạn.", "Choose a province within your scope.")
        try:
            years = sorted({int(y) for y in request.POST.get("years", "").replace(",", " ").split()})
        except ValueError:
            years = []
        if not years or any(y < 2000 or y > 2100 for y in years):
            raise InputError("Ghi các năm, ví dụ «2023 2024».", "Give the years, e.g. '2023 2024'.")
        return services.start(
            Kind.KPI_RECOMPUTE,
            user=request.user,
            unit=province,
            params={"years": years},
            key=str(province.pk),
        )
    if what == "values_import":
        path, digest, name = _file(request, settings.CDS_MAX_UPLOAD_BYTES)
        return services.start(
            Kind.VALUES_IMPORT, user=request.user, params={"dry_run": bool(request.POST.get("dry_run"))},
            upload=path, file_name=name, key=digest,
        )  # fmt: skip
    raise InputError("Chọn việc cần chạy.", "Choose what to run.")
