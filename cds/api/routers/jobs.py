"""Background jobs: the caller's jobs and one job's status and progress (``visible_jobs``: one's own,
and those about a unit one may see; an administrator sees all)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cds.jobs.runners import describe
from cds.jobs.services import visible_jobs

from ..errors import answers, not_found
from ..scope import caller

router = Router(tags=["jobs"])


class JobErrorOut(Schema):
    vi: str
    en: str
    row: int | None = None
    column: str | None = None
    value: str | None = None


class JobOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str  # queued, running, done, refused (the file had errors: nothing written), failed
    progress: int  # 0–100
    message_vi: str
    message_en: str
    summary_vi: str
    summary_en: str
    file_name: str
    unit: str | None
    user: str | None
    errors: list[JobErrorOut]  # the first 200; error_count has them all
    error_count: int
    has_output: bool  # a zip or an error file at /jobs/<id>/output/
    attempts: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


@router.get("/jobs", response={200: list[JobOut], **answers()}, operation_id="jobs_list")
def jobs_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The 50 latest jobs the caller may see, newest first."""
    return [describe(j) for j in visible_jobs(caller(request))[:50]]


@router.get("/jobs/{job_id}", response={200: JobOut, **answers(400, 404)}, operation_id="job_status")
def job_status(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """One job's status, progress and outcome; a job the caller may not see is not found (404)."""
    job = visible_jobs(caller(request)).filter(pk=job_id).first()
    if job is None:
        raise not_found("job", job_id)
    return describe(job)
