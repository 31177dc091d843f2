"""Issue 15: the column mapping of a values source on the web — upload a sample, see which header
fills each column and the first rows by name, edit, save; the Excel upload reads a file of that
source through the saved mapping. Scoped to the units the person may edit; bad input explained."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.values.models import ColumnMapping, DataValue

from .conftest import PERIOD

pytestmark = pytest.mark.django_db

HEADERS = "Xã,Thời kỳ,Mã số,Số liệu,Người lập"


def sample(tree, value: str = "250") -> SimpleUploadedFile:
    text = f"{HEADERS}\n{tree['a'].code},{PERIOD.code},dvc.dossiers_total,{value},Lan\n"
    return SimpleUploadedFile("bao-cao-so.csv", text.encode())


def test_a_sample_is_previewed_with_the_headers_left_out_and_a_select_for_each(as_officer, tree):
    response = as_officer.post(
        reverse("web:mappings"), {"unit": tree["a"].pk, "source": "Báo cáo Sở", "file": sample(tree)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "«Mã số»" in page and "«Người lập»" in page  # left out
    assert "kỳ ← «Thời kỳ»" in page and "Chưa có cột: đơn vị, chỉ tiêu" in page
    assert 'name="col-4"' in page and "Lưu cách đọc cột" in page
    assert not ColumnMapping.objects.exists()


def test_a_sample_none_of_whose_headers_is_known_still_shows_them_to_map(as_officer, tree):
    odd = SimpleUploadedFile("c.csv", "Cột 1,Cột 2\nx,y\n".encode())
    response = as_officer.post(reverse("web:mappings"), {"unit": tree["a"].pk, "source": "S", "file": odd})
    page = response.content.decode()
    assert response.status_code == 200 and "Chưa có tiêu đề nào được đọc thành cột" in page
    assert ">Cột 2</label>" in page and 'name="col-1"' in page


def test_a_sample_with_known_headers_shows_the_columns_read_and_the_headers_left_out(as_officer, tree):
    text = f"Mã đơn vị,Kỳ,Mã chỉ tiêu,Giá trị,Người lập\n{tree['a'].code},{PERIOD.code},dvc.dossiers_total,7,Lan\n"
    response = as_officer.post(
        reverse("web:mappings"),
        {"unit": tree["a"].pk, "source": "Biểu mẫu", "file": SimpleUploadedFile("b.csv", text.encode())},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "«Người lập»" in page  # left out: nothing reads it
    assert '<option value="value" selected>' in page  # «Giá trị» is read as the value already
    assert tree["a"].name in page and "quý III/2024" in page  # the first rows by name


def test_a_saved_mapping_reads_the_rows_by_name_and_the_excel_upload_uses_it(as_officer, tree):
    as_officer.post(
        reverse("web:mappings"), {"unit": tree["a"].pk, "source": "Báo cáo Sở", "file": sample(tree)}
    )
    chosen = {"col-0": "unit", "col-1": "period", "col-2": "indicator", "col-3": "value", "col-4": ""}
    saved = as_officer.post(
        reverse("web:mappings"), {"unit": tree["a"].pk, "source": "Báo cáo Sở", "save": "1", **chosen}
    )
    page = saved.content.decode()
    assert saved.status_code == 200 and "Đã lưu" in page
    mapping = ColumnMapping.objects.get(unit=tree["a"], source="Báo cáo Sở")
    assert mapping.columns == {"Xã": "unit", "Thời kỳ": "period", "Mã số": "indicator", "Số liệu": "value"}
    assert tree["a"].name in page and "quý III/2024" in page  # the first rows by name, not codes
    assert "dvc.dossiers_total" not in page.split("Các dòng đầu")[1].split("</table>")[0]

    refused = as_officer.post(reverse("web:excel") + f"?unit={tree['a'].pk}", {"file": sample(tree)})
    assert refused.status_code == 422  # without the source, «Số liệu» is no column of ours
    preview = as_officer.post(
        reverse("web:excel") + f"?unit={tree['a'].pk}", {"file": sample(tree), "source": "Báo cáo Sở"}
    )
    assert preview.status_code == 200 and "1 giá trị mới" in preview.content.decode()
    as_officer.post(reverse("web:excel"), {"confirm": as_officer.session["web.excel.upload"]["token"]})
    assert DataValue.objects.get().number == 250


def test_an_unknown_source_on_the_excel_page_is_explained_in_both_languages(as_officer, tree):
    response = as_officer.post(reverse("web:excel"), {"file": sample(tree), "source": "Không có"})
    assert response.status_code == 422 and "chưa lưu cách đọc cột" in response.content.decode()
    as_officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = as_officer.post(reverse("web:excel"), {"file": sample(tree), "source": "Không có"})
    assert "no column mapping is saved" in english.content.decode()


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"source": "", "file": None}, "tên nguồn"),
        ({"source": "Báo cáo Sở"}, "tệp mẫu"),
        ({"source": "x" * 65, "file": None}, "64 ký tự"),
    ],
)
def test_bad_input_is_refused_with_a_message_never_a_500(as_officer, tree, form, says):
    data = {"unit": tree["a"].pk, **form}
    if "file" in data:
        data["file"] = sample(tree)
    response = as_officer.post(reverse("web:mappings"), data)
    assert response.status_code == 422 and says in response.content.decode()


def test_saving_without_a_sample_or_with_one_column_twice_is_explained(as_officer, tree):
    lost = as_officer.post(reverse("web:mappings"), {"unit": tree["a"].pk, "source": "S", "save": "1"})
    assert lost.status_code == 422 and "tải tệp lên lại" in lost.content.decode()
    as_officer.post(reverse("web:mappings"), {"unit": tree["a"].pk, "source": "S", "file": sample(tree)})
    twice = as_officer.post(
        reverse("web:mappings"),
        {"unit": tree["a"].pk, "source": "S", "save": "1", "col-0": "unit", "col-1": "unit"},
    )
    assert twice.status_code == 422 and "hai tiêu đề" in twice.content.decode()
    assert not ColumnMapping.objects.exists()


def test_a_unit_out_of_scope_is_not_found_and_nothing_is_saved(as_officer, tree):
    assert as_officer.get(reverse("web:mappings"), {"unit": tree["b"].pk}).status_code == 404
    response = as_officer.post(
        reverse("web:mappings"), {"unit": tree["b"].pk, "source": "S", "save": "1", "col-0": "unit"}
    )
    assert response.status_code == 404 and not ColumnMapping.objects.exists()


def test_the_page_reads_in_english(as_officer, tree):
    as_officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = as_officer.get(reverse("web:mappings"), {"unit": tree["a"].pk})
    page = response.content.decode()
    assert response.status_code == 200 and "Column mapping" in page and "Upload a sample file" in page
