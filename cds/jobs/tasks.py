"""The queue's one task: run a recorded job (``execute.run``). Arguments are only the job's id, so
a task survives a restart and every detail lives on the ``Job`` row."""

from __future__ import annotations

from django_tasks import task

from . import execute


@task()
def run_job(job_id: int) -> None:
    execute.run(job_id)
