"""The dossier upload page: the page answers at once with a queued job, a worker runs the CLI's
import pipeline, the job shows the outcome, the same errors as the CLI and the error file."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cds.dossiers.models import DossierImport
from cds.dossiers.tests.helpers import dossier, write_export
from cds.jobs.models import Job, Status
from cds.jobs.services import recover_lost

pytestmark = pytest.mark.django_db


def _upload(client: Any, tree: dict, path: Any, **extra: str) -> Any:
    return client.post(
        reverse("jobs:dossier_upload"),
        {"province": tree["province"].pk, "file": SimpleUploadedFile(path.name, path.read_bytes()), **extra},
    )


def _work() -> None:
    # The worker closes stale connections between tasks, as a long-running process must; inside a
    # test the connection holds the test's transaction (PostgreSQL closes it when CONN_MAX_AGE=0),
    # so the in-process worker keeps it here (the real process is tested in test_kill_worker).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", "--batch", verbosity=0, stderr=io.StringIO())


def _good(tmp_path: Any) -> Any:
    return write_export(tmp_path / "mot-cua.csv", [dossier("HS1", "T99901"), dossier("HS2", "T99902")])


def _bad(tmp_path: Any) -> Any:
    rows = [
        dossier("HS1", "T99901"),
        dossier("HS2", "T99902", received_at="32/13/2023"),
        dossier("HS3", "Xã Không Có"),
    ]
    return write_export(tmp_path / "loi.csv", rows)


def test_an_upload_answers_at_once_with_a_queued_job_that_a_worker_then_imports(
    officer_client, tree, store, tmp_path
):
    answer = _upload(officer_client, tree, _good(tmp_path))
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Status.QUEUED and store.files() == []  # nothing imported by the web request
    page = officer_client.get(answer["Location"])
    assert 'data-refresh="2"' in page.content.decode() and "<progress" in page.content.decode()

    _work()
    job.refresh_from_db()
    assert job.status == Status.DONE and job.progress == 100 and job.attempts == 1
    assert "mot-cua.csv: 2 dòng, nhận 2, loại 0; hồ sơ mới 2" in job.summary_vi
    assert "2 rows, 2 accepted, 0 rejected; 2 new" in job.summary_en
    assert len(store.files()) == 1 and DossierImport.objects.count() == 1
    assert job.active_key is None
    assert "data-refresh" not in officer_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_dry_run_upload_checks_and_writes_nothing(officer_client, tree, store, tmp_path):
    _upload(officer_client, tree, _good(tmp_path), dry_run="1")
    _work()
    job = Job.objects.get()
    assert job.status == Status.DONE and job.summary_vi.startswith("[chạy thử] ")
    assert store.files() == [] and not DossierImport.objects.exists()


def _cli_errors(path: Any, store: Any) -> set[tuple[str, str, str, str, str]]:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("dvc", "import", str(path), "--store", str(store.root), stdout=out, stderr=io.StringIO())
    lines = re.findall(r"dòng/row (\d+), cột/column (.*?), «(.*?)»: (.*?) / (.*)", out.getvalue())
    assert lines
    return set(lines)


def test_a_refused_file_reports_the_same_bilingual_errors_as_the_cli_and_an_error_file(
    officer_client, tree, store, tmp_path
):
    path = _bad(tmp_path)
    _upload(officer_client, tree, path)
    _work()
    job = Job.objects.get()
    assert job.status == Status.REFUSED and store.files() == []
    shown = {(str(e["row"]), e["column"], e["value"], e["vi"], e["en"]) for e in job.errors}
    assert shown == _cli_errors(path, store)
    assert job.error_count == len(job.errors) == 2
    assert "không nhập dòng nào" in job.summary_vi and "nothing imported" in job.summary_en
    download = officer_client.get(reverse("jobs:output", args=[job.pk]))
    assert download.status_code == 200 and job.output.endswith(".xlsx")
    page = officer_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Tệp bị từ chối" in page and "32/13/2023" in page


def test_an_unreadable_file_is_refused_with_the_clis_message(officer_client, tree, store, tmp_path):
    path = tmp_path / "rong.csv"
    path.write_bytes(b"")
    _upload(officer_client, tree, path)
    _work()
    job = Job.objects.get()
    with pytest.raises(CommandError) as cli:
        call_command("dvc", "import", str(path), "--store", str(store.root), stdout=io.StringIO())
    assert job.status == Status.REFUSED and job.errors
    assert f"{job.errors[0]['vi']} / {job.errors[0]['en']}" == str(cli.value)


def test_the_same_file_uploaded_again_while_the_first_is_queued_is_refused_naming_the_first(
    officer_client, tree, store, tmp_path
):
    path = _good(tmp_path)
    _upload(officer_client, tree, path)
    first = Job.objects.get()
    again = _upload(officer_client, tree, path)
    assert again.status_code == 400
    text = again.content.decode()
    assert f"việc #{first.pk}" in text and "mot.cua" in text
    assert Job.objects.count() == 1
    _work()  # once the first is finished the file may be sent again (it then changes nothing)
    assert _upload(officer_client, tree, path).status_code == 302
    _work()
    assert "không đổi 2" in Job.objects.order_by("-pk").first().summary_vi


def test_two_starts_of_the_same_file_let_one_through_by_the_databases_unique_key(
    tree, officer, places, tmp_path
):
    """What two requests racing with the same file meet: the active key is unique in the database,
    so the second insert fails whatever the timing, and its saved upload is removed."""
    from cds.jobs import services
    from cds.lib.errors import InputError

    data = _good(tmp_path).read_bytes()
    a, digest = services.save_upload([data])
    b, again = services.save_upload([data])
    assert digest == again
    services.start(
        "dossier_import", user=officer, unit=tree["province"], upload=a, file_name="x.csv", key=digest
    )
    with pytest.raises(InputError) as busy:
        services.start(
            "dossier_import", user=officer, unit=tree["province"], upload=b, file_name="x.csv", key=digest
        )
    assert "đang được xử lý" in busy.value.vi and "already being processed" in busy.value.en
    assert not b.exists() and Job.objects.count() == 1


def test_an_officer_can_upload_only_for_a_province_in_scope_and_sees_only_his_jobs(
    officer_client, other_officer, tree, store, tmp_path
):
    from django.test import Client

    answer = officer_client.post(
        reverse("jobs:dossier_upload"),
        {
            "province": tree["new_province"].pk,
            "file": SimpleUploadedFile("a.csv", _good(tmp_path).read_bytes()),
        },
    )
    assert answer.status_code == 400 and not Job.objects.exists()
    _upload(officer_client, tree, _good(tmp_path))
    job = Job.objects.get()
    client = Client()
    client.force_login(other_officer, backend="cds.accounts.lockout.LockoutBackend")
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:output", args=[job.pk])).status_code == 404
    assert "mot-cua.csv" not in client.get(reverse("jobs:list")).content.decode()
    assert client.get(f"/api/jobs/{job.pk}").status_code == 404
    assert client.get("/api/jobs").json() == []
    mine = officer_client.get(f"/api/jobs/{job.pk}").json()
    assert mine["status"] == "queued" and mine["progress"] == 0 and mine["file_name"] == "mot-cua.csv"


def test_a_job_whose_worker_died_is_run_again_then_marked_failed_with_the_reason(
    officer_client, tree, store, tmp_path
):
    _upload(officer_client, tree, _good(tmp_path))
    job = Job.objects.get()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    from django_tasks_db.models import DBTaskResult

    for attempt in (1, 2):
        DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
        Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, worker_pid=dead.pid, attempts=attempt)
        job.refresh_from_db()
        import socket

        Job.objects.filter(pk=job.pk).update(worker_host=socket.gethostname())
        settled = recover_lost()
        assert [j.pk for j in settled] == [job.pk]
        assert DBTaskResult.objects.get(pk=job.task_id if attempt == 2 else settled[0].task_id)
        job.refresh_from_db()
        if attempt == 1:
            assert job.status == Status.QUEUED and "chạy lại (lần 2)" in job.message_vi
    assert job.status == Status.FAILED and "bị dừng giữa chừng 2 lần" in job.summary_vi
    assert "stopped mid-job 2 times" in job.summary_en and job.active_key is None
