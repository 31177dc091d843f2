"""Report batches, KPI recomputation and values files as jobs; the pages in English."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cds.jobs.models import Job, Status

pytestmark = pytest.mark.django_db


def _work() -> None:
    # The worker closes stale connections between tasks, as a long-running process must; inside a
    # test the connection holds the test's transaction (PostgreSQL closes it when CONN_MAX_AGE=0),
    # so the in-process worker keeps it here (the real process is tested in test_kill_worker).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", "--batch", verbosity=0, stderr=io.StringIO())


def test_a_values_file_with_a_unit_outside_scope_is_refused_with_the_imports_bilingual_errors(
    officer_client, tree, places
):
    csv = "Mã đơn vị,Kỳ,Mã chỉ tiêu,Giá trị\nT99950,2024,ha_tang.cap_quang_ho,10\n".encode()
    answer = officer_client.post(
        reverse("jobs:start"), {"what": "values_import", "file": SimpleUploadedFile("so-lieu.csv", csv)}
    )
    assert answer.status_code == 302
    _work()
    job = Job.objects.get()
    assert job.status == Status.REFUSED and job.error_count >= 1
    assert job.errors[0]["vi"] and job.errors[0]["en"] and job.errors[0]["vi"] != job.errors[0]["en"]
    assert "không ghi giá trị nào" in job.summary_vi


def test_a_report_batch_job_builds_a_zip_to_download(officer_client, tree, places):
    answer = officer_client.post(
        reverse("jobs:start"), {"what": "report_batch", "unit": "T999", "period": "2024", "kind": "periodic"}
    )
    assert answer.status_code == 302
    _work()
    job = Job.objects.get()
    assert job.status == Status.DONE and job.output.endswith(".zip"), job.summary_vi
    assert "2 đơn vị không có số liệu" in job.summary_vi  # both communes: nothing recorded for 2024
    download = officer_client.get(reverse("jobs:output", args=[job.pk]))
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist() == []


def test_a_report_batch_for_a_unit_outside_scope_is_not_started(officer_client, tree, places):
    answer = officer_client.post(
        reverse("jobs:start"),
        {"what": "report_batch", "unit": "T99950", "period": "2025", "kind": "periodic"},
    )
    assert answer.status_code == 400 and "T99950" in answer.content.decode() and not Job.objects.exists()


def test_a_kpi_recomputation_without_any_import_fails_with_the_clis_reason(officer_client, tree, places):
    officer_client.post(
        reverse("jobs:start"), {"what": "kpi_recompute", "province": tree["province"].pk, "years": "2023"}
    )
    _work()
    job = Job.objects.get()
    assert job.status == Status.REFUSED and "Chưa có lần nhập hồ sơ nào" in job.errors[0]["vi"]


def test_the_jobs_pages_speak_english_when_english_is_chosen(officer_client, tree, places):
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = officer_client.get(reverse("jobs:list")).content.decode()
    assert "Background jobs" in page and "Việc chạy nền" not in page
    upload = officer_client.get(reverse("jobs:dossier_upload")).content.decode()
    assert "Upload a one-stop-shop dossier file" in upload and "Dry run" in upload


@pytest.mark.parametrize("kind", ["report_batch", "kpi_recompute"])
def test_a_job_about_a_unit_is_not_queued_without_one(kind, officer, places):
    from cds.jobs import services
    from cds.lib.errors import InputError

    with pytest.raises(InputError) as refused:
        services.start(kind, user=officer, params={"period": "2024"})
    assert "đơn vị" in refused.value.vi and "unit" in refused.value.en
    assert not Job.objects.exists()
