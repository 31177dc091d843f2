"""The frameworks page: everyone sees what is loaded; an administrator loads a published table there
through the same function as «cds dti load-table»."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.dti.models import FrameworkVersion
from cds.history.models import ChangeRecord

FIXTURE = Path(__file__).parent / "tables" / "dti-xa-2025.1.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def as_admin(client, db):
    admin = get_user_model().objects.create_superuser("quan.tri", "qt@example.vn", "mat-khau-dai-123")
    client.force_login(admin)
    return client


def _post(client, **fields):
    data = {"code": "dti-xa-bang", "years": "2025", "level": "commune", **fields}
    data["file"] = SimpleUploadedFile("Phụ lục khung xã.xlsx", FIXTURE.read_bytes(), content_type=XLSX)
    return client.post(reverse("dti:frameworks"), data)


def test_a_dry_run_shows_the_mapping_and_writes_nothing_then_loading_records_who(as_admin):
    page = _post(as_admin, dry_run="1")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chạy thử: chưa ghi gì." in text and "NT1" in text and "proportional" in text
    assert FrameworkVersion.objects.count() == 0
    page = _post(as_admin)
    assert page.status_code == 200 and "Đã nạp." in page.content.decode()
    row = FrameworkVersion.objects.get()
    assert (str(row), row.file_name) == ("dti-xa-bang@2025.1", "Phụ lục khung xã.xlsx")
    assert ChangeRecord.objects.get().actor == "quan.tri"
    again = _post(as_admin)
    assert "Không đổi" in again.content.decode() and FrameworkVersion.objects.count() == 1


def test_a_bad_table_is_explained_on_the_page_in_the_chosen_language(as_admin, settings):
    def post():
        data = {"code": "x", "years": "2025", "level": "commune"}
        data["file"] = SimpleUploadedFile(
            "bang.csv",
            "Chỉ số chính,Tiêu chí,Điểm tối đa\nNhận thức số,Ban Chỉ đạo,mười\n".encode(),
            "text/csv",
        )
        return as_admin.post(reverse("dti:frameworks"), data)

    page = post()
    assert page.status_code == 422
    assert "tệp bang.csv, dòng 2, cột Điểm tối đa, giá trị «mười»" in page.content.decode()
    as_admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = post()
    assert page.status_code == 422
    assert "file bang.csv, row 2, column Điểm tối đa, value «mười»" in page.content.decode()


def test_a_supervisor_sees_the_frameworks_but_cannot_load_one(as_supervisor):
    page = as_supervisor.get(reverse("dti:frameworks"))
    assert page.status_code == 200 and "Nạp khung từ bảng" not in page.content.decode()
    assert _post(as_supervisor).status_code == 403
    assert FrameworkVersion.objects.count() == 0


def test_the_page_switches_to_english(as_admin, settings):
    as_admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = as_admin.get(reverse("dti:frameworks"))
    text = page.content.decode()
    assert "Load a framework from a published table" in text and "Check only, write nothing" in text
