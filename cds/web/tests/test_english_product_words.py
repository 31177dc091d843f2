"""Product words on the unit and catalog pages in the reader's language (issue 16): the 2025 history says
«sáp nhập» in Vietnamese and "merged" in English; the catalog names its version in English."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_merged_commune_s_history_reads_sap_nhap_in_vietnamese_and_merged_in_english(as_officer, tree):
    url = reverse("web:unit", args=[tree["a"].pk])
    vietnamese = as_officer.get(url).content.decode()
    assert "Xã An Bình (Tỉnh Thử Nghiệm) [T99950]: sáp nhập, 100%" in vietnamese
    as_officer.cookies["django_language"] = "en"
    english = as_officer.get(url).content.decode()
    assert "[T99950]: merged, 100%" in english
    assert "sáp nhập" not in english


def test_the_catalog_page_names_its_version_in_english_without_the_vietnamese_official_title(
    as_officer, builtin_catalogs
):
    from cds.catalog.services import get_catalog, version_in_force

    catalog = get_catalog(version=version_in_force())
    vietnamese = as_officer.get(reverse("web:catalog")).content.decode()
    assert f"{catalog.title} — phiên bản {catalog.version}, hiệu lực từ" in vietnamese
    as_officer.cookies["django_language"] = "en"
    english = as_officer.get(reverse("web:catalog")).content.decode()
    assert f"Indicator catalog — version {catalog.version}, in force from" in english
    assert catalog.title not in english


def test_a_units_targets_read_in_english_with_the_indicators_english_name(client, tree, supervisor):
    client.force_login(supervisor)
    target = {
        "unit": tree["a"].pk,
        "indicator": "dvc.online_dossier_rate",
        "period": "2024",
        "target": "≥ 60%",
        "source": "Quyết định 12/QĐ-UBND ngày 10/1/2024",
    }
    assert client.post("/targets/", target).status_code == 302
    url = f"{reverse('web:unit', args=[tree['a'].pk])}?period=2024Q4"
    vietnamese = client.get(url).content.decode()
    assert "Tỷ lệ hồ sơ trực tuyến" in vietnamese
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    from cds.catalog.services import get_catalog

    name_en = get_catalog(version=None)["dvc.online_dossier_rate"].name_en
    assert name_en and name_en in english
    assert "Tỷ lệ hồ sơ trực tuyến" not in english


def test_every_apps_name_reads_as_an_app_in_english_not_as_one_of_its_models():
    """The English admin showed the units app as "administrative unit" (its model's msgid) and the
    reports app in Vietnamese: an app's name has its own context ("app")."""
    from django.apps import apps
    from django.utils import translation

    ours = [a for a in apps.get_app_configs() if a.name.startswith("cds.")]
    with translation.override("en"):
        english = {a.label: str(a.verbose_name) for a in ours}
        models = {str(m._meta.verbose_name) for a in ours for m in a.get_models()}
    with translation.override("vi"):
        vietnamese = {a.label: str(a.verbose_name) for a in ours}
        queue = str(apps.get_app_config("django_tasks_database").verbose_name)  # the library's queue
    assert queue == "Hàng đợi việc chạy nền"  # its own name is "Tasks Database Backend"
    assert english["units"] == "Administrative units" and english["reports"] == "Reports"
    for label, name in english.items():
        assert name[:1].isupper() and name not in models, label
        assert name != vietnamese[label] or name == "API", label
