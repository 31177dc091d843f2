"""The upload is written once, where the job reads it, and hashed while it arrives
(``cds.jobs.uploads``): no temporary copy, no second read in the request."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from cds.dossiers.tests.helpers import dossier, write_export
from cds.jobs.models import Job

pytestmark = pytest.mark.django_db


def _export(tmp_path: Path, rows: int = 3) -> Path:
    return write_export(tmp_path / "mot-cua.csv", [dossier(f"HS{i}", "T99901") for i in range(rows)])


def _post(client: Any, tree: dict, name: str, data: bytes, **extra: str) -> Any:
    return client.post(
        reverse("jobs:dossier_upload"),
        {"province": tree["province"].pk, "file": SimpleUploadedFile(name, data), **extra},
    )


def _leftovers(places: Path) -> list[Path]:
    return sorted((places / "jobs").glob(".upload-*"))


def test_the_stored_file_and_its_hash_are_the_uploaded_files(officer_client, tree, places, tmp_path):
    source = _export(tmp_path, rows=50).read_bytes()
    with (
        mock.patch.object(TemporaryFileUploadHandler, "new_file", side_effect=AssertionError("a temp copy")),
        mock.patch.object(MemoryFileUploadHandler, "new_file", side_effect=AssertionError("a memory copy")),
    ):
        answer = _post(officer_client, tree, "mot-cua.csv", source)
    assert answer.status_code == 302
    job = Job.objects.get()
    stored = Path(job.params["path"])
    assert stored.read_bytes() == source and stored.name == "mot-cua.csv"
    assert job.active_key == f"dossier_import:{hashlib.sha256(source).hexdigest()}"
    assert _leftovers(places) == []


def test_a_file_larger_than_the_limit_is_refused_in_both_languages_and_not_kept(
    officer_client, tree, places, settings
):
    settings.CDS_MAX_DOSSIER_UPLOAD_BYTES = 2**20
    source = b"ma_ho_so\n" + b"x" * 2**20
    answer = _post(officer_client, tree, "lon.csv", source)
    assert answer.status_code == 400 and "Tệp quá lớn (tối đa 1 MB)." in answer.content.decode()
    assert not Job.objects.exists() and _leftovers(places) == []
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _post(officer_client, tree, "lon.csv", source)
    assert english.status_code == 400 and "The file is too large (at most 1 MB)." in english.content.decode()
    assert _leftovers(places) == []


def test_an_upload_refused_before_its_job_starts_leaves_no_file_behind(
    officer_client, tree, places, tmp_path
):
    answer = officer_client.post(
        reverse("jobs:dossier_upload"),
        {
            "province": tree["new_province"].pk,
            "file": SimpleUploadedFile("a.csv", _export(tmp_path).read_bytes()),
        },
    )
    assert answer.status_code == 400 and not Job.objects.exists()
    assert _leftovers(places) == []


def test_two_identical_uploads_keep_one_file_and_the_second_is_told_which_job_runs(
    officer_client, tree, places, tmp_path
):
    source = _export(tmp_path).read_bytes()
    assert _post(officer_client, tree, "a.csv", source).status_code == 302
    again = _post(officer_client, tree, "b.csv", source)
    first = Job.objects.get()
    assert again.status_code == 400 and f"việc #{first.pk}" in again.content.decode()
    assert _leftovers(places) == [] and Path(first.params["path"]).read_bytes() == source


def test_the_upload_pages_still_refuse_a_post_without_the_csrf_token(officer, tree, places, tmp_path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer, backend="cds.accounts.lockout.LockoutBackend")
    answer = _post(client, tree, "a.csv", _export(tmp_path).read_bytes())
    assert answer.status_code == 403 and not Job.objects.exists() and _leftovers(places) == []
    other = client.post(
        reverse("jobs:start"), {"what": "values_import", "file": SimpleUploadedFile("v.csv", b"x")}
    )
    assert other.status_code == 403 and not Job.objects.exists()
    page = client.get(reverse("jobs:dossier_upload"))
    token = client.cookies["csrftoken"].value
    assert page.status_code == 200
    accepted = client.post(
        reverse("jobs:dossier_upload"),
        {
            "province": tree["province"].pk,
            "file": SimpleUploadedFile("a.csv", _export(tmp_path).read_bytes()),
            "csrfmiddlewaretoken": token,
        },
    )
    assert accepted.status_code == 302 and Job.objects.count() == 1


def test_an_upload_whose_connection_drops_midway_leaves_no_part_written_file(officer, tree, places, tmp_path):
    """Found in review: the parser closes only finished files and never calls upload_interrupted,
    so a body that broke off left its `.upload-*` file in the job root for ever."""
    from django.http import UnreadablePostError

    from cds.jobs.uploads import StoreUploadHandler

    receive = StoreUploadHandler.receive_data_chunk

    def drop_after_first_chunk(self: StoreUploadHandler, raw: bytes, start: int) -> None:
        receive(self, raw, start)
        raise UnreadablePostError("the connection dropped")

    client = Client(raise_request_exception=False)
    client.force_login(officer)
    with mock.patch.object(StoreUploadHandler, "receive_data_chunk", drop_after_first_chunk):
        answer = _post(client, tree, "mot-cua.csv", _export(tmp_path, rows=50).read_bytes())
    assert answer.status_code >= 400 and not Job.objects.exists()
    assert _leftovers(places) == []
