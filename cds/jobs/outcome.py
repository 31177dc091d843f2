"""What a job's runner returns and the job's folder: shared by the runners, the task's execution
and the starting side (``services``), which import it and never each other in a circle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from cds.lib.errors import InputError

from .models import Job

ERRORS_KEPT = 200  # errors listed on the job's page; the error file has them all
Report = Callable[[int, str, str], None]  # percent, message vi, message en


def job_root() -> Path:
    configured = settings.CDS_JOB_DIR
    return Path(configured) if configured else Path(settings.VAR_DIR) / "jobs"


def folder(job: Job) -> Path:
    """The job's files (its upload, its output): on storage every app server and worker shares."""
    return job_root() / str(job.pk)


@dataclass
class Outcome:
    """What a runner returns: how the job ended and what the person is told."""

    status: str
    summary_vi: str
    summary_en: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    output: str = ""  # a file name in the job's folder


def error_entry(vi: str, en: str, row: Any = None, column: Any = None, value: Any = None) -> dict[str, Any]:
    return {"vi": vi, "en": en, "row": row, "column": column, "value": None if value is None else str(value)}


def input_error_entry(err: InputError) -> dict[str, Any]:
    """An ``InputError`` as the CLI prints it (location and message, each language)."""
    return error_entry(err.message("vi"), err.message("en"), err.where.row, err.where.column, err.where.value)
