"""The DTI self-assessment form keeps work: the framework's options as choices, every error at
once with nothing saved and nothing typed lost, files all-or-nothing with the points, and a
confirmation before an incomplete assessment is sent."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.accounts.models import Role, RoleAssignment
from cds.dti.models import Assessment, AssessmentItem, Evidence
from cds.dti.services import load_framework
from cds.units.testing import small_tree

pytestmark = pytest.mark.django_db
BACKEND = "cds.accounts.lockout.LockoutBackend"
FRAMEWORK = """
code: form-xa
version: "2024.1"
title: "Khung thử biểu mẫu"
level: commune
years: [2024]
self_assessment: required
deadline: "14/12"
total: 100
pillars:
  - code: nhan_thuc
    name_vi: "Nhận thức số"
    max_points: 100
    items:
      - code: BCD
        name_vi: "Ban Chỉ đạo chuyển đổi số"
        max_points: 30
        rule:
          type: manual
          choices:
            - {label: "Chủ tịch UBND xã làm Trưởng ban", points: 30}
            - {label: "Phó Chủ tịch UBND xã làm Trưởng ban", points: 15}
            - {label: "Chưa thành lập", points: 0}
      - code: KH
        name_vi: "Kế hoạch chuyển đổi số"
        max_points: 40
        rule: {type: manual}
      - code: TT
        name_vi: "Chuyên mục trên cổng thông tin"
        max_points: 30
        rule: {type: manual}
"""


@pytest.fixture
def officer_page(tmp_path, settings, client):
    settings.VAR_DIR = tmp_path / "var"
    path = tmp_path / "form-xa-2024.1.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    load_framework(path)
    tree = small_tree()
    user = get_user_model().objects.create_user("xa.an", password="x")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["a"])
    client.force_login(user, backend=BACKEND)
    return client, tree["a"], reverse("dti:assess", args=[tree["a"].pk, 2024])


def _saved_points(unit) -> dict[str, object]:
    return dict(
        AssessmentItem.objects.filter(assessment__unit=unit, self_points__isnull=False).values_list(
            "item_code", "self_points"
        )
    )


def test_a_criterion_with_options_in_the_framework_is_chosen_from_them(officer_page):
    client, unit, _ = officer_page
    page = client.get(reverse("dti:scorecard", args=[unit.pk, 2024])).content.decode()
    assert '<select id="points_BCD" name="points_BCD">' in page
    assert '<option value="15">Phó Chủ tịch UBND xã làm Trưởng ban (15 điểm)</option>' in page
    assert '<input id="points_KH" name="points_KH"' in page  # no options: points are typed


def test_every_error_shows_at_once_nothing_is_saved_and_everything_typed_stays(officer_page):
    client, unit, url = officer_page
    response = client.post(
        url,
        {"action": "save", "points_BCD": "30", "points_KH": "abc", "note_KH": "KH số 37", "points_TT": "99"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "2 lỗi — chưa lưu gì" in page
    assert page.count('class="criterion has-error"') == 2
    assert "phải từ 0 đến 30" in page  # TT's range, and KH's unreadable number, both shown
    assert 'value="abc"' in page and 'value="KH số 37"' in page and 'value="99"' in page
    assert '<option value="30" selected>' in page  # the valid choice is kept too
    assert _saved_points(unit) == {}


def test_one_rejected_file_saves_no_points_and_no_other_file(officer_page, settings):
    client, unit, url = officer_page
    good = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    bad = SimpleUploadedFile("anh.exe", b"MZ not a document", content_type="application/octet-stream")
    response = client.post(
        url, {"action": "save", "points_KH": "35", "evidence_KH": good, "points_TT": "10", "evidence_TT": bad}
    )
    assert response.status_code == 422
    assert "chỉ nhận tệp PDF" in response.content.decode()
    assert _saved_points(unit) == {} and not Evidence.objects.exists()
    assert not list((settings.VAR_DIR / "dti-evidence").glob("*"))  # no stray file on disk


def test_an_incomplete_assessment_is_sent_only_after_a_confirmation(officer_page):
    client, unit, url = officer_page
    first = client.post(
        url, {"action": "submit", "points_BCD": "15", "points_KH": "", "points_TT": ""}, follow=True
    )
    page = first.content.decode()
    assessment = Assessment.objects.get(unit=unit)
    assert assessment.status != "submitted" and _saved_points(unit) == {"BCD": 15}  # saved, not sent
    assert "Còn 2 tiêu chí chưa có điểm tự chấm" in page and "KH Kế hoạch chuyển đổi số" in page
    assert 'name="confirm_incomplete" value="1"' in page
    client.post(url, {"action": "submit", "confirm_incomplete": "1"})
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and _saved_points(unit) == {"BCD": 15}


def test_a_complete_assessment_is_sent_at_once(officer_page):
    client, unit, url = officer_page
    client.post(url, {"action": "submit", "points_BCD": "30", "points_KH": "40", "points_TT": "12,5"})
    assert Assessment.objects.get(unit=unit).status == "submitted"
