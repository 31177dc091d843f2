"""The queue's one task: run a recorded job (``services.run``). Arguments are only the job's id, so
a task survives a restart and every detail lives on the ``Job`` row."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_job(job_id: int) -> None:
    services.run(job_id)
