"""Excel round trip: pre-filled template, upload with preview, confirm, scope and bad files."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def template(client, **params):
    response = client.get(reverse("web:excel_template"), {"period": PERIOD.code, **params})
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def fill(book, values):
    sheet = book.active
    header = [c.value for c in sheet[1]]
    col = header.index("Giá trị") + 1
    for row in sheet.iter_rows(min_row=2):
        code = row[header.index("Mã chỉ tiêu")].value
        unit = row[header.index("Mã đơn vị")].value
        if (unit, code) in values:
            sheet.cell(row=row[0].row, column=col, value=values[(unit, code)])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("so-lieu.xlsx", out.getvalue())


def test_the_template_is_prefilled_with_this_and_last_periods_values(as_officer, tree):
    record_values(
        [
            ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "1.463"),
            ValueInput(tree["a"], "dvc.dossiers_total", PERIOD.previous(), "900"),
        ],
        Actor("t"),
    )
    rows = list(template(as_officer, unit=tree["a"].pk).active.values)
    header, body = rows[0], rows[1:]
    line = next(r for r in body if r[3] == "dvc.dossiers_total")
    assert line[header.index("Giá trị")] == "1.463" and line[header.index("Kỳ trước")] == "900"
    assert not any(r[3] == "dvc.online_dossier_rate" for r in body)  # rates are computed


def test_an_upload_is_previewed_then_committed(as_officer, tree):
    upload = fill(template(as_officer, unit=tree["a"].pk), {(tree["a"].code, "dvc.dossiers_total"): "250"})
    preview = as_officer.post(reverse("web:excel"), {"file": upload})
    page = preview.content.decode()
    assert preview.status_code == 200 and "1 giá trị mới" in page and "250" in page
    assert not DataValue.objects.exists()
    token = as_officer.session["web.excel.upload"]["token"]
    as_officer.post(reverse("web:excel"), {"confirm": token})
    value = DataValue.objects.get()
    assert value.number == 250 and value.source_kind == "import" and value.updated_by.username == "xa.an"


def test_a_file_with_errors_writes_nothing_and_names_row_and_value(as_officer, tree):
    upload = fill(
        template(as_officer, unit=tree["a"].pk),
        {(tree["a"].code, "dvc.dossiers_total"): "250", (tree["a"].code, "dvc.dossiers_online"): "nhiều"},
    )
    response = as_officer.post(reverse("web:excel"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 422 and "nhiều" in page and "dòng" in page
    assert "web.excel.upload" not in as_officer.session and not DataValue.objects.exists()


def test_an_upload_for_another_unit_is_refused(client, tree, supervisor, outsider):
    client.force_login(supervisor)
    book = template(client, all="1")
    client.force_login(outsider)
    upload = fill(book, {(tree["a"].code, "dvc.dossiers_total"): "250"})
    response = client.post(reverse("web:excel"), {"file": upload})
    assert response.status_code == 422 and "không có quyền" in response.content.decode()
    assert not DataValue.objects.exists()


def test_an_officer_cannot_download_another_units_template(as_officer, tree):
    response = as_officer.get(reverse("web:excel_template"), {"unit": tree["b"].pk, "period": PERIOD.code})
    assert response.status_code == 404


def test_a_file_that_is_not_a_workbook_is_explained(as_officer, tree):
    response = as_officer.post(reverse("web:excel"), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert response.status_code == 422 and "x.xlsx" in response.content.decode()


def test_a_note_hiding_a_formula_behind_a_control_character_is_inert_in_the_template(as_officer, tree):
    attack = '\x01=HYPERLINK("http://evil.example","Bấm")'
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "12", note=attack)], Actor("t"))
    rows = list(template(as_officer, unit=tree["a"].pk).active.values)
    header, body = rows[0], rows[1:]
    line = next(r for r in body if r[3] == "dvc.dossiers_total")
    assert line[header.index("Ghi chú")] == "'" + attack[1:]


def test_a_duplicated_row_is_named_in_the_preview_and_nothing_waits_for_confirmation(as_officer, tree):
    row = f"{tree['a'].code},{PERIOD.code},dvc.dossiers_total,250,\n"
    data = ("unit,period,indicator,value,note\n" + row + row).encode()
    response = as_officer.post(reverse("web:excel"), {"file": SimpleUploadedFile("trung.csv", data)})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Trùng dòng" in page and "dòng 2 tệp trung.csv và dòng 3 tệp trung.csv" in page
    assert "web.excel.upload" not in as_officer.session and not DataValue.objects.exists()


def test_the_upload_and_the_command_line_import_give_the_same_messages(as_officer, tree, tmp_path):
    from cds.values.io import import_values

    data = f"unit,period,indicator,value,note\n{tree['a'].code},{PERIOD.code},dvc.dossiers_total,một nghìn,\n"
    page = as_officer.post(reverse("web:excel"), {"file": SimpleUploadedFile("x.csv", data.encode())})
    (tmp_path / "x.csv").write_text(data, encoding="utf-8")
    [error] = import_values(tmp_path / "x.csv", Actor("cli"), dry_run=True).errors
    assert error.message("vi") in page.content.decode()


def test_the_preview_names_each_indicator_and_shows_no_code(as_officer, tree):
    from .language import problems

    upload = fill(template(as_officer, unit=tree["a"].pk), {(tree["a"].code, "dvc.dossiers_total"): "250"})
    page = as_officer.post(reverse("web:excel"), {"file": upload}).content.decode()
    row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Tổng số hồ sơ thủ tục hành chính" in row and "dvc.dossiers_total" not in row
    assert problems(page, "vi", frozenset({tree["a"].name, "so-lieu.xlsx"})) == []
