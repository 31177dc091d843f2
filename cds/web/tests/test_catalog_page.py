"""The catalog page: indicators by pillar with unit, kind, scope, formula, sources and aliases;
searchable without accents; any version; the same as CSV and JSON."""

import csv
import io
import json
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from cds.catalog.listing import matches

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]
URL = reverse("web:catalog")


def rows_of(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split('<tr id="i-')[1:]]


def test_the_page_needs_a_login_and_is_in_the_menu(client, as_officer):
    assert client.get(URL).status_code == 200
    page = client.get(reverse("web:home")).content.decode()
    assert f'href="{URL}"' in page
    client.logout()
    assert client.get(URL).status_code == 302


def test_every_indicator_is_listed_by_pillar_with_its_formula_and_sources(as_officer):
    page = as_officer.get(URL + "?version=2022.1").content.decode()
    listed = rows_of(page)
    assert "dvc.online_dossier_rate" in listed and "gov.ioc_opened_on" in listed and len(listed) > 200
    assert "<h2>Hoạt động chính quyền số" in page and "<h2>Chỉ đạo, điều hành" in page
    row = page.split('<tr id="i-dvc.online_dossier_rate">', 1)[1].split("</tr>", 1)[0]
    assert "Tỷ lệ hồ sơ trực tuyến" in row and "Tử số: Số hồ sơ trực tuyến ÷" in row
    assert "Mẫu số: Tổng số hồ sơ thủ tục hành chính ×" in row
    # the code only in its own labelled column (what an import file's column holds), once
    assert row.count("dvc.online_dossier_rate") == 1 and "dvc.dossiers_total" not in row
    assert '<code class="small" translate="no">dvc.online_dossier_rate</code>' in row
    assert "Mã chỉ tiêu (cột «Mã chỉ tiêu» của tệp nhập Excel, CSV)" in page
    assert "Trên địa bàn" in row and "Tỷ lệ" in row and "%" in row
    total = page.split('<tr id="i-budget.digital_transformation_total">', 1)[1].split("</tr>", 1)[0]
    assert "triệu đồng" in total and "= Kinh phí chi cho an toàn thông tin" in total
    units = page.split('<tr id="i-units.communes">', 1)[1].split("</tr>", 1)[0]
    assert "Đếm từ danh mục đơn vị hành chính" in units and "tỉnh, huyện" in units
    basis = page.split('<tr id="i-dvc.full_online_services">', 1)[1].split("</tr>", 1)[0]
    assert "Nghị định" in basis and "42/2022/NĐ-CP" in basis
    assert 'class="scroll catalog-table"' in page  # the table scrolls inside its box on a phone


@pytest.mark.parametrize(
    "query",
    [
        "ty le ho so truc tuyen",
        "TỶ LỆ HỒ SƠ TRỰC TUYẾN",
        "Ty Le Ho So Truc Tuyen",
        "dvc.online_dossier_rate",
        "online dossier",
    ],
)
def test_search_ignores_accents_and_case_and_matches_codes(as_officer, query):
    listed = rows_of(as_officer.get(URL, {"q": query}).content.decode())
    assert "dvc.online_dossier_rate" in listed
    assert "pop.population" not in listed


def test_search_finds_an_indicator_by_one_of_its_aliases(as_officer):
    page = as_officer.get(URL, {"q": "van hanh trung tam IOC"}).content.decode()
    assert rows_of(page) == ["gov.ioc_opened_on"]
    assert "Ngày vận hành Trung tâm IOC" in page  # the aliases are shown


def test_search_matches_aliases():
    definition = SimpleNamespace(
        code="dvc.online_dossier_rate",
        name_vi="Tỷ lệ hồ sơ trực tuyến",
        name_en="Share of dossiers submitted online",
        aliases=("Tỷ lệ hồ sơ nộp qua mạng",),
    )
    assert matches(definition, "ho so nop qua mang")
    assert not matches(definition, "thanh toan")
    assert not matches(definition, "tuy")  # whole words: «tuy» is not «tuyến»


def test_a_search_that_matches_nothing_says_so(as_officer):
    page = as_officer.get(URL, {"q": "zzzz khong co"}).content.decode()
    assert "Không có chỉ tiêu nào khớp." in page and not rows_of(page)


def test_the_version_selector_shows_each_versions_indicators(as_officer):
    old = rows_of(as_officer.get(URL, {"version": "2022.1"}).content.decode())
    new = rows_of(as_officer.get(URL, {"version": "2025.1"}).content.decode())
    assert "teams.district_teams" in old and "teams.district_teams" not in new
    assert "dvc.public_admin_centre" in new and "dvc.public_admin_centre" not in old


def test_an_unknown_version_is_explained_not_an_error(as_officer):
    response = as_officer.get(URL, {"version": "1999.9"})
    assert response.status_code == 200 and "Không có phiên bản danh mục «1999.9»" in response.content.decode()


def test_the_csv_has_vietnamese_headers_and_a_byte_order_mark(as_officer):
    response = as_officer.get(URL, {"version": "2022.1", "q": "ty le ho so truc tuyen", "format": "csv"})
    data = response.content
    assert (
        data.startswith(b"\xef\xbb\xbf") and "danh-muc-chi-tieu-2022.1.csv" in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã", "Trụ cột", "Tên chỉ tiêu"] and "Tên gọi khác" in rows[0]
    codes = [r[0] for r in rows[1:]]
    assert "dvc.online_dossier_rate" in codes and "pop.population" not in codes


def test_the_json_carries_every_field_for_provinces_own_forms(as_officer):
    response = as_officer.get(URL, {"version": "2022.1", "format": "json"})
    data = json.loads(response.content)
    assert data["version"] == "2022.1"
    by_code = {i["code"]: i for i in data["indicators"]}
    rate = by_code["teams.communes_with_team_rate"]
    assert (rate["numerator"], rate["denominator"], rate["levels"]) == (
        "teams.communes_with_team",
        "units.communes",
        ["province", "district"],
    )
    assert by_code["units.communes"]["counts_units"] == "commune"
    assert by_code["gov.ioc_opened_on"]["kind"] == "date"
    assert by_code["budget.digital_transformation_total"]["parts"][0] == "budget.security"
    assert "aliases" in rate and "basis" in rate and rate["source"]


def test_the_english_switch_translates_the_page_and_the_headers(as_officer):
    as_officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = as_officer.get(URL, {"version": "2022.1"}).content.decode()
    assert (
        "Indicator catalog" in page
        and "Other phrasings" in page
        and "Share of dossiers submitted online" in page
    )
    data = as_officer.get(URL, {"version": "2022.1", "format": "csv"}).content.decode("utf-8-sig")
    assert data.startswith("Code,Pillar,Indicator")


def test_the_vietnamese_page_shows_no_english_name_and_the_english_page_the_official_one(client, as_officer):
    page = client.get(URL, {"q": "thon"}).content.decode()
    assert "Villages covered by mobile broadband" not in page
    assert "Số thôn, tổ dân phố được phủ sóng di động băng rộng" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL, {"q": "thon"}).content.decode()
    assert "Villages covered by mobile broadband" in english
    assert 'lang="vi">Số thôn, tổ dân phố được phủ sóng di động băng rộng' in english


def test_a_total_split_a_second_way_lists_that_rule_beside_its_formula_from_the_rules_file(
    as_officer, monkeypatch
):
    """review7 (issue 21): met + not met = the plan's targets is checked on submission (rules.yaml,
    ``parts_sum_to_total.second_splits``); the catalog page says so beside the total, read from the
    rules, so a province that adds or removes a split sees its own rules."""
    from cds.catalog.services import get_catalog
    from cds.values import validation

    catalog = get_catalog(version="2022.1")
    met, not_met = (escape(catalog[code].name_vi) for code in ("plans.targets_met", "plans.targets_not_met"))

    def row(page: str, code: str) -> str:
        return page.split(f'<tr id="i-{code}">', 1)[1].split("</tr>", 1)[0]

    page = as_officer.get(URL + "?version=2022.1").content.decode()
    assert f"Cũng chia: = {met} + {not_met} (kiểm tra khi nộp số liệu)" in row(page, "plans.targets_total")
    assert "Cũng chia" in row(page, "plans.targets_digital_government")
    assert "Cũng chia" not in row(page, "plans.targets_met") and "Cũng chia" not in row(
        page, "dvc.dossiers_total"
    )
    rules = validation.load_rules()
    turned_off = {**rules, "parts_sum_to_total": {**rules["parts_sum_to_total"], "severity": "off"}}
    monkeypatch.setattr(validation, "load_rules", lambda: turned_off)
    assert "Cũng chia" not in as_officer.get(URL + "?version=2022.1").content.decode()


def test_the_second_split_is_named_in_english_on_the_english_page(client, as_officer):
    from cds.catalog.services import get_catalog

    catalog = get_catalog(version="2022.1")
    met, not_met = (escape(catalog[code].name_en) for code in ("plans.targets_met", "plans.targets_not_met"))
    as_officer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = as_officer.get(URL + "?version=2022.1").content.decode()
    total = page.split('<tr id="i-plans.targets_total">', 1)[1].split("</tr>", 1)[0]
    assert f"Also split as: = {met} + {not_met} (checked when the figures are submitted)" in total


def test_the_basis_column_shows_official_documents_not_the_builders_internal_notes(as_officer):
    page = as_officer.get(URL + "?version=2025.1").content.decode()
    cells = [row.split("</td>")[5] for row in page.split('<tr id="i-')[1:]]
    assert len(cells) > 200
    for internal in ("issue 21", "BRIEF", ".md", "corpus ", "bản tóm tắt", "tài liệu mô tả"):
        assert not [c for c in cells if internal in c], internal
    assert any("Quyết định số 766/QĐ-TTg" in c for c in cells)
    assert any("số liệu do đơn vị tự thống kê" in c for c in cells)
    assert "Căn cứ (văn bản, điều khoản)" in page and "Căn cứ, nguồn" not in page
    # the builders' notes stay in the export, under a header that says they are internal, not a basis
    export = as_officer.get(URL + "?version=2025.1&format=csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(export)))
    assert "Ghi chú nội bộ của nhóm xây dựng danh mục (nơi đã gặp chỉ tiêu; không phải căn cứ)" in header
    assert "issue 21" in export
