"""Reports to sign: an official report generated for a unit is a task on its people's home page
until they record it as signed (number, date) — one operation, kept in the unit's history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cds.accounts.models import Role, RoleAssignment
from cds.history.models import ChangeRecord
from cds.lib.periods import parse_period
from cds.reports.tests.conftest import sample_figures  # noqa: F401 (the sample reports' approved figures)
from cds.units.models import Unit
from cds.units.services import resolve_unit
from cds.web.models import ReportToSign

from .language import problems

pytestmark = pytest.mark.django_db
PERIOD = "2023Q3"


@pytest.fixture
def people(sample_figures: None) -> dict[str, Unit]:  # noqa: F811
    tinh_chau = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", as_of=parse_period(PERIOD).end)
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=parse_period(PERIOD).end)
    users = get_user_model().objects
    officer = users.create_user("officer", password="x-Secret-123")
    outsider = users.create_user("outsider", password="x-Secret-123")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=tinh_chau)
    RoleAssignment.objects.create(user=outsider, role=Role.OFFICER, unit=son_nham)
    return {"unit": tinh_chau}


def test_an_official_report_waits_on_the_home_page_until_recorded_as_signed(client, people):
    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    assert client.get(f"/reports/{unit.pk}/{PERIOD}/training.docx?unready=1").status_code == 200
    waiting = ReportToSign.objects.get(unit=unit, period=PERIOD, kind="training")
    home = client.get("/").content.decode()
    assert "Báo cáo chờ ký" in home and "quý III/2023" in home and "Ghi nhận đã ký" in home
    assert problems(home, "vi", frozenset({unit.name, "officer", unit.parent.name})) == []
    today = timezone.localdate()
    response = client.post(
        f"/signing/{waiting.pk}/", {"number": "123/BC-UBND", "signed_on": f"{today:%d/%m/%Y}"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.number == "123/BC-UBND" and waiting.signed_on == today
    page = client.get("/").content.decode()
    assert "Báo cáo chờ ký" not in page and "Đã ghi nhận báo cáo đã ký: số 123/BC-UBND." in page
    change = ChangeRecord.objects.filter(unit_id=unit.pk).order_by("-pk").first()
    assert change is not None and "Ghi nhận đã ký: số 123/BC-UBND" in change.reason


def test_a_draft_is_not_a_report_to_sign(client, people):
    from cds.values.services import Actor, ValueInput, record_values

    unit, quarter = people["unit"], parse_period("2022Q4")  # a quarter without approved figures
    record_values([ValueInput(unit, "dvc.dossiers_total", quarter, "120")], Actor("t"))
    client.login(username="officer", password="x-Secret-123")
    response = client.get(f"/reports/{unit.pk}/{quarter.code}/periodic.docx?include_unapproved=1&unready=1")
    assert response.status_code == 200 and "du-thao" in response["Content-Disposition"]
    assert not ReportToSign.objects.exists()


@pytest.mark.parametrize(
    ("number", "signed_on", "said"),
    [
        ("", "1/1/2026", "Hãy ghi số của văn bản đã ký."),
        ("12/BC", "ngày mai", "Không đọc được ngày ký «ngày mai»"),
        ("12/BC", "FUTURE", "phải từ ngày tạo báo cáo"),
    ],
)
def test_a_signature_without_a_number_or_with_a_wrong_date_is_refused_in_words(
    client, people, number, signed_on, said
):
    waiting = ReportToSign.objects.create(
        unit=people["unit"], period=PERIOD, kind="training", generated_at=timezone.now()
    )
    if signed_on == "FUTURE":
        signed_on = f"{timezone.localdate() + dt.timedelta(days=2):%d/%m/%Y}"
    client.login(username="officer", password="x-Secret-123")
    page = client.post(f"/signing/{waiting.pk}/", {"number": number, "signed_on": signed_on}, follow=True)
    assert said in page.content.decode() and "cột" not in page.content.decode().split(said)[0][-80:]
    waiting.refresh_from_db()
    assert waiting.signed_on is None and "Báo cáo chờ ký" in page.content.decode()


def test_another_commune_s_officer_cannot_record_the_signature(client, people):
    waiting = ReportToSign.objects.create(
        unit=people["unit"], period=PERIOD, kind="training", generated_at=timezone.now()
    )
    client.login(username="outsider", password="x-Secret-123")
    assert client.post(f"/signing/{waiting.pk}/", {"number": "1", "signed_on": "1/1/2026"}).status_code == 404
    assert "Báo cáo chờ ký" not in client.get("/").content.decode()
    waiting.refresh_from_db()
    assert waiting.signed_on is None
