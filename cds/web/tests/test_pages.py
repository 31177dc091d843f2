import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cds.lib.periods import parse_period
from cds.units.services import resolve_unit
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in(client, units):
    user = get_user_model().objects.create_user("officer", password="a-Long-pass-2025")
    client.force_login(user)
    return client


def test_pages_need_a_login(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_home_lists_the_sample_units_and_finds_units_by_any_spelling(client_in):
    page = client_in.get(reverse("web:home")).content.decode()
    assert "Xã Sơn Nham" in page and "Xã Tịnh Khê" in page
    found = client_in.get(reverse("web:home"), {"q": "UBND xa Son Nham"}).content.decode()
    assert "Huyện Sơn Hà" in found


def test_the_unit_page_shows_values_rates_from_parts_and_violations(client_in):
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà")
    period = parse_period("2024")
    record_values(
        [
            ValueInput(son_nham, "dvc.fee_procedures", period, "23"),
            ValueInput(son_nham, "dvc.fee_procedures_online_payment", period, "14"),
            ValueInput(son_nham, "dvc.fee_procedures_online_payment_rate", period, "164%"),
        ],
        Actor("t"),
    )
    page = client_in.get(reverse("web:unit", args=[son_nham.pk]), {"period": "2024"}).content.decode()
    assert "năm 2024" in page
    assert "60,87%" in page and "14/23" in page
    assert "báo cáo ghi 164%" in page


def test_a_bad_period_is_explained_not_a_crash(client_in):
    unit = resolve_unit("tỉnh Quảng Ngãi")
    response = client_in.get(reverse("web:unit", args=[unit.pk]), {"period": "quý 9/2024"})
    assert response.status_code == 200 and "quý 9/2024" in response.content.decode()


def test_the_interface_is_vietnamese_even_for_an_english_browser(client_in):
    response = client_in.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "vi"
