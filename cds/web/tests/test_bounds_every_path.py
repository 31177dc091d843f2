"""Every way a value comes in — API, web form, CLI import, Excel upload — reaches the one parser:
an oversized number is a bilingual input error naming the value (never a database error or a
500), and money typed in million or billion đồng is stored in đồng."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cds.accounts.tokens import create_token
from cds.values.models import DataValue

from .conftest import PERIOD
from .test_excel import fill, template

pytestmark = pytest.mark.django_db
HUGE = "999999999999999999999999999"
COUNT, MONEY = "dvc.dossiers_total", "budget.digital_government"


def stored(unit, code):
    return DataValue.objects.filter(unit=unit, indicator__code=code, period=PERIOD.code).first()


def api_write(client, officer, unit, code, value):
    key = create_token(officer, "test")[1]
    body = {"unit": unit.pk, "period": PERIOD.code, "values": [{"indicator": code, "value": value}]}
    return client.post(
        "/api/values", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


@pytest.mark.parametrize("value", [HUGE, int(HUGE), 1e27, -5])
def test_the_api_refuses_an_oversized_number_with_a_400_naming_it(client, tree, officer, value):
    response = api_write(client, officer, tree["a"], COUNT, value)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["message_vi"] and body["message_en"] and body["errors"]
    assert stored(tree["a"], COUNT) is None


def test_the_api_stores_money_typed_in_millions_in_dong(client, tree, officer):
    response = api_write(client, officer, tree["a"], MONEY, "250,5 triệu đồng")
    assert response.status_code == 200, response.content
    assert response.json()["values"][0]["display"] == "250,5 triệu đồng"
    assert stored(tree["a"], MONEY).number == 250_500_000


def test_the_web_form_explains_an_oversized_number_beside_its_field(as_officer, tree):
    url = f"{reverse('web:entry', args=[tree['a'].pk])}?period={PERIOD.code}"
    response = as_officer.post(url, {"action": "save", f"v:{COUNT}": HUGE})
    assert response.status_code == 422
    assert HUGE in response.content.decode() and "has-error" in response.content.decode()
    assert stored(tree["a"], COUNT) is None
    response = as_officer.post(url, {"action": "save", f"v:{MONEY}": "1,5 tỷ"})
    assert response.status_code == 302 and stored(tree["a"], MONEY).number == 1_500_000_000


def test_the_cli_import_names_file_row_column_and_value(tree, tmp_path):
    path = tmp_path / "so-lieu.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["unit", "period", "indicator", "value", "note"])
    writer.writerow([tree["a"].code, PERIOD.code, MONEY, "250,5 triệu đồng", ""])
    writer.writerow([tree["a"].code, PERIOD.code, COUNT, HUGE, ""])
    writer.writerow([tree["b"].code, PERIOD.code, MONEY, "5 ha", ""])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("data", "import", str(path), stdout=out, stderr=err)
    message = out.getvalue() + err.getvalue()
    assert "so-lieu.csv" in message and HUGE in message and "«5 ha»" in message
    assert "dòng 3" in message and "dòng 4" in message and "cột value" in message
    assert not DataValue.objects.exists()


def test_an_excel_upload_with_an_oversized_number_writes_nothing(as_officer, tree):
    book = template(as_officer, unit=tree["a"].pk)
    upload = fill(book, {(tree["a"].code, COUNT): HUGE, (tree["a"].code, MONEY): "250,5 triệu đồng"})
    response = as_officer.post(reverse("web:excel"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 422 and HUGE in page
    assert not DataValue.objects.exists()


def test_an_excel_cell_holding_a_huge_number_is_refused_too(as_officer, tree):
    upload = fill(template(as_officer, unit=tree["a"].pk), {(tree["a"].code, COUNT): 10**27})
    response = as_officer.post(reverse("web:excel"), {"file": upload})
    assert response.status_code == 422
    assert not DataValue.objects.exists()


def test_an_excel_upload_stores_money_in_dong(as_officer, tree):
    upload = fill(template(as_officer, unit=tree["a"].pk), {(tree["a"].code, MONEY): "1.315,643 tr.đ"})
    as_officer.post(reverse("web:excel"), {"file": upload})
    as_officer.post(reverse("web:excel"), {"confirm": as_officer.session["web.excel.upload"]["token"]})
    assert stored(tree["a"], MONEY).number == 1_315_643_000
