"""The sections page and "Tải báo cáo": login, scope (out of scope → 404), editing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.lib.periods import parse_period
from cds.reports.models import NarrativeSection
from cds.units.services import resolve_unit

PERIOD = "2023Q3"


@pytest.fixture
def people(sample_figures):  # type: ignore[no-untyped-def]
    tinh_chau = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", as_of=parse_period(PERIOD).end)
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=parse_period(PERIOD).end)
    users = get_user_model().objects
    officer = users.create_user("officer", password="x-Secret-123")
    outsider = users.create_user("outsider", password="x-Secret-123")
    viewer = users.create_user("viewer", password="x-Secret-123")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=tinh_chau)
    RoleAssignment.objects.create(user=outsider, role=Role.OFFICER, unit=son_nham)
    RoleAssignment.objects.create(user=viewer, role=Role.VIEWER, unit=tinh_chau.parent)
    return {"unit": tinh_chau, "officer": officer, "outsider": outsider, "viewer": viewer}


@pytest.mark.django_db
def test_the_officer_downloads_the_training_report(client, people):
    client.login(username="officer", password="x-Secret-123")
    response = client.get(f"/reports/{people['unit'].pk}/{PERIOD}/training.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


@pytest.mark.django_db
def test_an_outsider_gets_404_for_both_pages(client, people):
    client.login(username="outsider", password="x-Secret-123")
    assert client.get(f"/reports/{people['unit'].pk}/{PERIOD}/training.docx").status_code == 404
    assert client.get(f"/reports/{people['unit'].pk}/{PERIOD}/").status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, people):
    response = client.get(f"/reports/{people['unit'].pk}/{PERIOD}/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_the_officer_saves_a_section_and_sees_last_periods_text_offered(client, people):
    unit = people["unit"]
    NarrativeSection.objects.create(unit=unit, period="2023Q2", kind="kho_khan", text="Thiết bị còn thiếu.")
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert "Thiết bị còn thiếu." in page and "Tải báo cáo" in page
    response = client.post(f"/reports/{unit.pk}/{PERIOD}/", {"text_thuan_loi": "Nhìn chung tốt."})
    assert response.status_code == 302
    assert NarrativeSection.objects.get(unit=unit, period=PERIOD, kind="thuan_loi").text == "Nhìn chung tốt."


@pytest.mark.django_db
def test_a_viewer_reads_but_cannot_write(client, people):
    client.login(username="viewer", password="x-Secret-123")
    unit = people["unit"]
    assert client.get(f"/reports/{unit.pk}/{PERIOD}/").status_code == 200
    assert client.post(f"/reports/{unit.pk}/{PERIOD}/", {"text_thuan_loi": "x"}).status_code == 404
    assert not NarrativeSection.objects.filter(unit=unit).exists()


@pytest.mark.django_db
def test_the_dti_download_explains_in_both_languages(client, people):
    client.login(username="officer", password="x-Secret-123")
    response = client.get(f"/reports/{people['unit'].pk}/{PERIOD}/dti.docx")
    assert response.status_code == 400
    assert "DTI" in response.content.decode()
