"""The /dvc/ page: login required, out-of-scope units not found, KPIs and hot spots shown."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import override_settings

from cds.dossiers.importer import import_file

from .helpers import dossier, write_export

MODEL_BACKEND = "cds.accounts.lockout.LockoutBackend"


def test_the_page_requires_a_login(client, tree):
    response = client.get(f"/dvc/unit/{tree['a'].pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_user_without_scope_gets_not_found(client, tree):
    user = get_user_model().objects.create_user("outsider", password="x-Pass-2025")
    client.force_login(user, backend=MODEL_BACKEND)
    assert client.get(f"/dvc/unit/{tree['a'].pk}/").status_code == 404


def test_the_page_shows_kpis_in_vietnamese_style_and_hot_spots(admin_client, tree, store, tmp_path):
    rows = [dossier(f"D{i}", "T99901", channel="Trực tiếp") for i in range(3)] + [dossier("O1", "T99901")]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        response = admin_client.get(f"/dvc/unit/{tree['province'].pk}/?period=2023Q1")
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        "quý I/2023" in text and "25%" in text
    )  # the one formatter: as reports write it and "Đăng ký khai sinh" in text
    assert "Tỷ lệ hồ sơ trực tuyến" in text  # the catalog's names, not only the codes


def test_a_kpi_whose_column_the_export_lacked_reads_no_data_with_the_reason(
    admin_client, tree, store, tmp_path
):
    rows = [dossier(f"D{i}", "T99901", finished_at="12/03/2023", status="Đã giải quyết") for i in range(3)]
    import_file(write_export(tmp_path / "a.csv", rows, without=("due_at", "dossier_digitised")), store=store)
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        response = admin_client.get(f"/dvc/unit/{tree['province'].pk}/?period=2023Q1")
    text = response.content.decode()
    assert response.status_code == 200
    assert "chưa có số liệu: tệp không có cột «Ngày hẹn trả»" in text
    assert "chưa có số liệu: tệp không có cột «Số hóa hồ sơ»" in text
    assert "100,00%" not in text.split("dvc.on_time_rate")[1].split("</tr>")[0]
    assert "QĐ 766/QĐ-TTg" in text  # each KPI links its legal basis


def test_without_service_levels_the_page_does_not_claim_there_are_no_hot_spots(
    admin_client, tree, store, tmp_path
):
    rows = [dossier(f"D{i}", "T99901", channel="Trực tiếp") for i in range(3)]
    import_file(write_export(tmp_path / "a.csv", rows, without=("service_level",)), store=store)
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        text = admin_client.get(f"/dvc/unit/{tree['province'].pk}/?period=2023Q1").content.decode()
    assert "Không có thủ tục nào nhận hồ sơ trực tiếp nhiều hơn" not in text
    assert "chưa có số liệu: tệp không có cột «Mức độ DVC»" in text


def test_without_a_period_the_page_opens_on_the_round_in_progress_not_on_2024(admin_client, tree):
    """QA of the demo (today 6/12/2026): xã Tịnh Khê's page opened on «năm 2024», before the commune
    existed, like every /dvc/ page; the other pages open on the round in progress, within the
    unit's lifetime (the test tree's communes end on 1/7/2025: quý II/2025)."""
    from cds.web.views.common import default_period

    expected = default_period(tree["a"])
    for path in (f"/dvc/unit/{tree['a'].pk}/", f"/dvc/unit/{tree['a'].pk}/index/"):
        text = admin_client.get(path).content.decode()
        assert expected.label_vi in text and "năm 2024" not in text, path


def test_a_kpis_value_keeps_its_number_and_unit_on_one_line(admin_client, tree, store, tmp_path):
    """QA screenshot at 1366×900: «364 hồ / sơ» broke across two lines in the value column."""
    rows = [dossier(f"D{i}", "T99901", channel="Trực tiếp") for i in range(3)] + [dossier("O1", "T99901")]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        text = admin_client.get(f"/dvc/unit/{tree['province'].pk}/?period=2023Q1").content.decode()
    assert '<td><span class="num">4 hồ sơ</span>' in text  # .num: white-space: nowrap
