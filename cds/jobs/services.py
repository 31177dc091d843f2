"""Starting, following and recovering background jobs: the one way a job is created or changes state.

``start`` records the job and puts one task on the queue (``tasks.run_job``); the worker runs it
(``execute.run``), which writes progress and the outcome on the ``Job`` row. ``recover_lost`` finds jobs
whose worker died under them (a ``kill -9``, a machine gone) and runs them again or marks them
failed with the reason; the worker calls it before it looks for work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cds.accounts.scope import is_admin, units_for
from cds.lib.errors import InputError
from cds.lib.processes import pid_alive
from cds.lib.vn_dates import local_time

from .execute import finish
from .models import ACTIVE, Job, Kind, Status
from .outcome import Outcome, folder, job_root
from .runners import after_lost
from .tasks import run_job

UNIT_KINDS = frozenset({Kind.REPORT_BATCH, Kind.KPI_RECOMPUTE})  # jobs about one unit's reports or KPIs


def _busy(kind: str, other: Job | None) -> InputError:
    if other is None:  # finished between our insert and our look: the caller may simply try again
        return InputError(
            "Một việc giống hệt vừa chạy xong; hãy thử lại.", "An identical job just finished; try again."
        )
    when = local_time(other.created_at).strftime("%H:%M %d/%m/%Y")
    who = other.user.get_username() if other.user else "?"
    return InputError(
        f"Tệp này đang được xử lý (việc #{other.pk} do {who} bắt đầu lúc {when}); chờ việc đó xong rồi xem kết quả, "
        "không cần tải lên lần nữa.",
        f"This file is already being processed (job #{other.pk}, started by {who} at {when}); wait for it "
        "to finish instead of uploading it again.",
    )


def save_upload(chunks: Iterable[bytes]) -> tuple[Path, str]:
    """Write an uploaded file under the job folder's root; returns (path, SHA-256 of its content)."""
    root = job_root()
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, name = tempfile.mkstemp(prefix=".upload-", dir=root)
    with os.fdopen(handle, "wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    return Path(name), digest.hexdigest()


def start(
    kind: str,
    *,
    user: Any,
    unit: Any = None,
    params: dict[str, Any] | None = None,
    upload: Path | None = None,
    file_name: str = "",
    key: str = "",
) -> Job:
    """Record a job and queue its task. ``upload``: a file under the job root (the upload page's
    ``uploads.StoreUploadHandler`` wrote it; ``save_upload`` writes one from chunks) moved into the
    job's folder. ``key``: what makes two jobs the same (a file's content, a province): while one
    with the same kind and key is queued or running, another is refused with an ``InputError``
    that names it."""
    if unit is None and kind in UNIT_KINDS:
        raise InputError(
            "Việc này cần chọn một đơn vị (báo cáo hoặc chỉ số của đơn vị nào?).",
            "This job needs a unit (whose reports or indicators?).",
        )
    active_key = f"{kind}:{key}"[:100] if key else None
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, user=user, unit=unit, params=dict(params or {}), file_name=file_name,
                active_key=active_key, message_vi="Đang chờ đến lượt", message_en="Waiting in the queue",
            )  # fmt: skip
    except IntegrityError:
        if upload is not None:
            upload.unlink(missing_ok=True)
        raise _busy(kind, Job.objects.filter(active_key=active_key).select_related("user").first()) from None
    if upload is not None:
        target = folder(job) / "upload" / (Path(file_name).name or "upload")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(upload, target)
        job.params["path"] = str(target)
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    job.task_id = str(result.id)
    job.save(update_fields=["params", "task_id"])


def visible_jobs(user: Any) -> QuerySet[Job]:
    """A person's own jobs and the jobs about a unit they may see (a supervisor follows the uploads
    of the units below); an administrator sees everyone's. Jobs without a unit (a values file)
    are their owner's alone."""
    jobs = Job.objects.select_related("user", "unit")
    if is_admin(user):
        return jobs
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    return jobs.filter(Q(user=user) | Q(unit__in=units_for(user, "view").values("pk")))


# ---- a worker that died under its job ----------------------------------------------------------


def _lost(job: Job, now: dt.datetime) -> bool:
    """On this machine, a job whose worker process is gone; elsewhere, one that wrote nothing
    (progress) for ``CDS_JOB_LOST_SECONDS``."""
    if job.worker_host == socket.gethostname() and job.worker_pid:
        return not pid_alive(job.worker_pid)
    seen = job.heartbeat_at or job.started_at or job.created_at
    return (now - seen).total_seconds() > settings.CDS_JOB_LOST_SECONDS


def recover_lost(now: dt.datetime | None = None) -> list[Job]:
    """Jobs whose worker died mid-run: each is run again (``CDS_JOB_ATTEMPTS`` attempts in all) or
    marked failed with the reason. What the job writes is all-or-nothing already (the dossier
    store's journal, the values' one transaction); a dossier import's half-moved files are put in
    order here, before anything else reads or writes the store."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    settled = []
    for job in Job.objects.filter(status=Status.RUNNING).select_related("user", "unit"):
        if not _lost(job, now):
            continue
        after_lost(job)
        stale = DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING").first()
        if stale is not None:
            stale.set_failed(WorkerLost(f"worker {job.worker_host}:{job.worker_pid} stopped"))
        attempts = job.attempts
        if attempts < settings.CDS_JOB_ATTEMPTS:
            Job.objects.filter(pk=job.pk, status=Status.RUNNING).update(
                status=Status.QUEUED,
                progress=0,
                message_vi=f"Tiến trình xử lý bị dừng giữa chừng; chạy lại (lần {attempts + 1})",
                message_en=f"The worker stopped mid-job; running it again (attempt {attempts + 1})",
            )
            job.refresh_from_db()
            _enqueue(job)
        else:
            finish(
                job.pk,
                Outcome(
                    Status.FAILED,
                    f"Tiến trình xử lý bị dừng giữa chừng {attempts} lần; việc không được chạy lại. Dữ liệu giữ "
                    "nguyên như trước khi chạy hoặc đã ghi trọn vẹn, không có gì ghi dở dang.",
                    f"The worker stopped mid-job {attempts} times; the job is not run again. The data are as "
                    "before the job or wholly written, never half-written.",
                ),
            )
        job.refresh_from_db()
        settled.append(job)
    return settled


class WorkerLost(Exception):
    """The worker process running a task died (recorded on the queue's task row)."""


def remove_files(job: Job) -> None:
    shutil.rmtree(folder(job), ignore_errors=True)


__all__ = ["ACTIVE", "recover_lost", "start", "visible_jobs"]
