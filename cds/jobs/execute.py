"""Running one job in a worker process: claim it, call its runner with a progress reporter, record
the outcome (``finish``). The task's body (``tasks.run_job``)."""

from __future__ import annotations

import logging
import os
import socket

from django.db import transaction
from django.utils import timezone

from cds.lib.errors import InputError

from .models import Job, Status
from .outcome import ERRORS_KEPT, Outcome, Report, input_error_entry
from .runners import RUNNERS

logger = logging.getLogger("cds.jobs")


def reporter(job: Job) -> Report:
    def report(percent: int, vi: str, en: str) -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=max(0, min(100, int(percent))), message_vi=vi, message_en=en, heartbeat_at=timezone.now()
        )

    return report


def run(job_id: int) -> None:
    """Run one job in this process (the task's body). A job not queued any more is left alone (a
    second delivery of the same task, or a job recovery already settled)."""
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, status=Status.QUEUED).update(
            status=Status.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            worker_host=socket.gethostname(),
            worker_pid=os.getpid(),
            message_vi="Đang bắt đầu",
            message_en="Starting",
        )
    if not claimed:
        return
    job = Job.objects.select_related("user", "unit").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    try:
        outcome = RUNNERS[job.kind](job, reporter(job))
    except InputError as err:  # the input was refused as a whole (unreadable file, unknown unit…)
        entry = input_error_entry(err)
        outcome = Outcome(Status.REFUSED, entry["vi"], entry["en"], [entry], 1)
    except Exception as err:
        logger.exception("job %s failed", job_id)
        finish(
            job_id,
            Outcome(
                Status.FAILED,
                f"Lỗi khi xử lý ({type(err).__name__}); đã ghi vào nhật ký máy chủ. Không có gì được ghi dở dang.",
                f"Processing failed ({type(err).__name__}); logged on the server. Nothing was left half-written.",
            ),
        )
        raise
    finish(job_id, outcome)


def finish(job_id: int, outcome: Outcome) -> None:
    Job.objects.filter(pk=job_id).update(
        status=outcome.status,
        progress=100,
        message_vi=dict(Status.choices)[outcome.status],
        message_en={"done": "Done", "refused": "File refused", "failed": "Failed"}.get(outcome.status, ""),
        summary_vi=outcome.summary_vi,
        summary_en=outcome.summary_en,
        errors=outcome.errors[:ERRORS_KEPT],
        error_count=outcome.error_count,
        output=outcome.output,
        active_key=None,
        finished_at=timezone.now(),
    )
