"""What each kind of job does, over the same public functions as the CLI (one pipeline each):
``cds dvc import`` (``importer.import_file``, ``write_errors``, ``publish.finish_pending``),
``cds report batch`` (``batch.build_batch``), ``cds dvc recompute`` (``publish.recompute``) and
``cds data import`` (``values.io.import_values``). A runner reports progress and returns an
``Outcome``; it never writes the ``Job`` row itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

from cds.accounts.scope import units_for
from cds.dossiers.importer import PHASES, import_file, recover_staging, write_errors
from cds.dossiers.publish import RefreshResult, finish_pending, recompute
from cds.dossiers.store import DossierStore
from cds.dossiers.unitmatch import province_code
from cds.lib.periods import parse_periods
from cds.reports.batch import batch_units, build_batch
from cds.reports.kinds import ReportOptions
from cds.units.models import Unit
from cds.values.io import import_values
from cds.values.services import Actor

from .models import Job, Kind, Status
from .outcome import Outcome, Report, error_entry, folder, input_error_entry


def _store() -> DossierStore:
    return DossierStore()


def _unit(job: Job) -> Unit:
    """The unit a report batch or a KPI recompute is about (the pages and commands that start
    these kinds always name one)."""
    if job.unit is None:
        raise ValueError(f"job {job.pk} ({job.kind}) names no unit")
    return job.unit


def refresh_lines(results: list[RefreshResult]) -> tuple[list[str], list[str]]:
    """The KPI values recomputed after an import, in the words of ``cds dvc import``."""
    words = [result.words() for result in results]
    return [vi for vi, _ in words], [en for _, en in words]


def dossier_import(job: Job, report: Report) -> Outcome:
    params = job.params
    store = _store()
    dry_run = bool(params.get("dry_run"))
    if not dry_run:
        finish_pending(store)  # what a killed run left pending, as the CLI does first

    def step(phase: str) -> None:
        vi, en = phase.split(" / ", 1)
        report(5 + 85 * PHASES.index(phase) // len(PHASES), vi, en)

    result = import_file(
        params["path"],
        store=store,
        dry_run=dry_run,
        skip_bad_rows=bool(params.get("skip_bad_rows")),
        within=job.unit,
        user=job.user,
        file_name=job.file_name,
        progress=step,
    )
    vi, en = [result.summary_vi()], [result.summary_en()]
    for miss in result.unmatched_units:
        maybe = "; ".join(miss["candidates"][:3]) or "—"
        vi.append(
            f"Không khớp đơn vị «{miss['text']}» ({miss['era']}); có thể là: {maybe}. {miss.get('reason', '')}"
        )
        en.append(
            f"Unmatched unit «{miss['text']}» ({miss['era']}); maybe: {maybe}. {miss.get('reason_en', '')}"
        )
    if result.fields_missing and not result.refused:
        missing = ", ".join(result.fields_missing)
        vi.append(f"Tệp không có cột: {missing} — chỉ số cần các cột này là «chưa có số liệu»")
        en.append(f"The file has no column: {missing} — KPIs that need them are N/A")
    output = ""
    if result.errors:
        output = f"loi-{Path(job.file_name).stem or 'tep'}.xlsx"
        write_errors(result, folder(job) / output)
    if result.import_id:
        report(92, "Tính lại chỉ số", "Recomputing KPI values")
        more_vi, more_en = refresh_lines(finish_pending(store))
        vi += more_vi
        en += more_en
    errors = [error_entry(e.reason_vi, e.reason_en, e.row, e.column, e.value) for e in result.errors]
    return Outcome(
        Status.REFUSED if result.refused else Status.DONE,
        "\n".join(vi),
        "\n".join(en),
        errors,
        len(result.errors),
        output,
    )


def report_batch(job: Job, report: Report) -> Outcome:

    params = job.params
    period = parse_periods(params["period"])
    scope = _unit(job)
    total = len(batch_units(scope, period))
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        report(
            5 + 90 * done[0] // max(total, 1),
            f"Đã tạo {done[0]}/{total} báo cáo",
            f"{done[0]}/{total} reports",
        )

    name = f"bao-cao-{scope.code}-{period.code}.zip".replace("/", "-")
    out = folder(job) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    result = build_batch(
        params["kind"],
        scope,
        period,
        ReportOptions(),
        out,
        workers=settings.CDS_JOB_REPORT_WORKERS,
        advance=advance,
    )
    errors = [error_entry(line, line) for line in result.failed]
    errors += [error_entry(f"Bỏ qua: {line}", f"Skipped: {line}") for line in result.skipped]
    return Outcome(
        Status.DONE,
        f"Đã tạo {result.reports}/{result.total} báo cáo; {len(result.failed)} không tạo được, "
        f"{len(result.skipped)} đơn vị không có số liệu",
        f"Built {result.reports}/{result.total} reports; {len(result.failed)} failed, "
        f"{len(result.skipped)} units without values",
        errors,
        len(errors),
        name,
    )


def kpi_recompute(job: Job, report: Report) -> Outcome:
    years = [int(y) for y in job.params["years"]]
    report(10, "Đang tính lại chỉ số", "Recomputing KPI values")
    result = recompute(province_code(_unit(job)), years, store=_store())
    vi, en = refresh_lines([result])
    if result.error:
        return Outcome(Status.FAILED, vi[0], en[0], [error_entry(vi[0], en[0])], 1)
    return Outcome(Status.DONE, vi[0], en[0])


def values_import(job: Job, report: Report) -> Outcome:
    params = job.params
    report(10, "Đang đọc và kiểm tra tệp", "Reading and checking the file")
    result = import_values(
        params["path"],
        Actor.for_user(job.user, "import"),
        dry_run=bool(params.get("dry_run")),
        reason=f"Tải lên tệp {job.file_name} (việc #{job.pk})",
        file_name=job.file_name,
        skip_empty=True,
        editable=units_for(job.user, "edit"),
    )
    errors = [input_error_entry(e) for e in result.errors]
    head_vi = "[chạy thử] " if result.dry_run else ""
    head_en = "[dry run] " if result.dry_run else ""
    if result.errors:
        return Outcome(
            Status.REFUSED,
            f"{head_vi}{result.file_name}: {len(result.errors)} lỗi — không ghi giá trị nào",
            f"{head_en}{result.file_name}: {len(result.errors)} errors — nothing written",
            errors,
            len(errors),
        )
    return Outcome(
        Status.DONE,
        f"{head_vi}{result.file_name}: {result.rows} dòng; {result.created} mới, {result.updated} cập nhật, "
        f"{result.unchanged} không đổi, {result.skipped} bỏ trống",
        f"{head_en}{result.file_name}: {result.rows} rows; {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.skipped} left empty",
    )


RUNNERS: dict[str, Callable[[Job, Report], Outcome]] = {
    Kind.DOSSIER_IMPORT: dossier_import,
    Kind.REPORT_BATCH: report_batch,
    Kind.KPI_RECOMPUTE: kpi_recompute,
    Kind.VALUES_IMPORT: values_import,
}


def after_lost(job: Job) -> None:
    """Put in order what a job killed mid-run may have left: a dossier import's store (files moved
    or dropped by the journal, the KPI refresh the database committed run now)."""
    if job.kind in (Kind.DOSSIER_IMPORT, Kind.KPI_RECOMPUTE):
        store = _store()
        with store.locked():
            recover_staging(store)
        finish_pending(store)


def describe(job: Job) -> dict[str, Any]:
    """The API's and the page's view of a job (no server paths)."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": job.get_kind_display(),
        "status": job.status,
        "progress": job.progress,
        "message_vi": job.message_vi,
        "message_en": job.message_en,
        "summary_vi": job.summary_vi,
        "summary_en": job.summary_en,
        "file_name": job.file_name,
        "unit": job.unit.name if job.unit else None,
        "user": job.user.get_username() if job.user else None,
        "errors": job.errors,
        "error_count": job.error_count,
        "has_output": bool(job.output),
        "attempts": job.attempts,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }
