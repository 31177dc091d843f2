"""Every page as officer, supervisor and outsider: in scope 200, out of scope 404, never a 500."""

import pytest
from django.urls import reverse

from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD, type_dossiers

pytestmark = pytest.mark.django_db


def unit_pages(unit):
    p = PERIOD.code
    return [
        f"{reverse('web:unit', args=[unit.pk])}?period={p}",
        f"{reverse('web:entry', args=[unit.pk])}?period={p}",
        f"{reverse('web:history', args=[unit.pk])}?period={p}",
        f"{reverse('web:dashboard', args=[unit.pk])}?period={p}",
        f"{reverse('web:dashboard', args=[unit.pk])}?period={p}&format=csv",
        f"{reverse('web:rollup')}?unit={unit.pk}&period={p}",
        f"{reverse('web:rollup')}?unit={unit.pk}&period={p}&format=xlsx",
        f"{reverse('web:compare')}?in={unit.pk}&period={p}",
        f"{reverse('web:compare')}?in={unit.pk}&period={p}&format=csv",
        f"{reverse('web:board')}?in={unit.pk}&period={p}",
        f"{reverse('web:late_export')}?in={unit.pk}&period={p}&format=csv",
    ]


@pytest.fixture
def with_values(tree):
    type_dossiers({tree["a"]: ("200", "50"), tree["b"]: ("100", "75")}, actor="test")


def test_pages_need_a_login(client, tree):
    for url in [reverse("web:home"), *unit_pages(tree["a"])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("web:login") in response["Location"], url


def test_an_officer_reaches_every_page_of_their_unit(as_officer, tree, with_values):
    for url in unit_pages(tree["a"]):
        assert as_officer.get(url).status_code == 200, url


def test_an_officer_gets_404_for_another_units_pages(as_officer, tree, with_values):
    for unit in (tree["b"], tree["district"], tree["province"]):
        for url in unit_pages(unit):
            assert as_officer.get(url).status_code == 404, url


def test_a_supervisor_reaches_every_unit_below_them(as_supervisor, tree, with_values):
    for unit in (tree["province"], tree["district"], tree["a"], tree["b"]):
        for url in unit_pages(unit):
            assert as_supervisor.get(url).status_code == 200, url


def test_an_outsider_cannot_post_to_a_unit_they_do_not_edit(as_outsider, tree):
    url = f"{reverse('web:entry', args=[tree['a'].pk])}?period={PERIOD.code}"
    response = as_outsider.post(url, {"action": "save", "v:dvc.dossiers_total": "5"})
    assert response.status_code == 404


def test_pages_without_a_unit_show_only_what_is_in_scope(as_officer, tree, with_values):
    for name in ("web:home", "web:board", "web:compare", "web:excel"):
        assert as_officer.get(reverse(name)).status_code == 200, name
    board = as_officer.get(reverse("web:board"), {"period": PERIOD.code}).content.decode()
    assert "Xã An" in board and "Xã Bình" not in board
    found = as_officer.get(reverse("web:home"), {"q": "Xã Bình"}).content.decode()
    assert f"/units/{tree['b'].pk}/" not in found


def test_the_home_page_leads_an_officer_to_their_form(as_officer, tree):
    page = as_officer.get(reverse("web:home")).content.decode()
    assert "Xã An" in page and reverse("web:entry", args=[tree["a"].pk]) in page


def test_the_unit_page_shows_rates_from_parts_and_violations(as_supervisor, tree):
    record_values(
        [
            ValueInput(tree["a"], "dvc.fee_procedures", PERIOD, "23"),
            ValueInput(tree["a"], "dvc.fee_procedures_online_payment", PERIOD, "14"),
            ValueInput(tree["a"], "dvc.fee_procedures_online_payment_rate", PERIOD, "164%"),
        ],
        Actor("t"),
    )
    page = as_supervisor.get(
        reverse("web:unit", args=[tree["a"].pk]), {"period": PERIOD.code}
    ).content.decode()
    assert "60,87%" in page and "14/23" in page and "báo cáo ghi 164%" in page


def test_a_bad_period_is_explained_not_a_crash(as_supervisor, tree):
    for name in ("web:unit", "web:entry", "web:dashboard"):
        response = as_supervisor.get(reverse(name, args=[tree["a"].pk]), {"period": "quý 9/2024"})
        assert response.status_code == 200 and "quý 9/2024" in response.content.decode(), name


def test_the_interface_is_vietnamese_even_for_an_english_browser(as_officer):
    response = as_officer.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "vi"
    assert "Nhập số liệu" in response.content.decode()


def test_the_english_switch_translates_the_pages(as_officer, tree):
    response = as_officer.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = as_officer.get(reverse("web:entry", args=[tree["a"].pk]), {"period": PERIOD.code}).content.decode()
    assert "Save draft" in page and "Q3 2024" in page


def test_every_part_of_the_product_is_reachable_from_the_pages(as_officer, tree, with_values):
    """Registers, DTI, reports and dossier KPIs are linked from the menu and the unit's page,
    so nobody has to know their addresses."""
    unit = tree["a"]
    page = as_officer.get(f"{reverse('web:unit', args=[unit.pk])}?period={PERIOD.code}").content.decode()
    for url in (
        reverse("registries:index"),
        reverse("dti:ranking"),
        reverse("reports:sections", args=[unit.pk, PERIOD.code]),
        reverse("dossiers:unit", args=[unit.pk]),
        reverse("web:entry", args=[unit.pk]),
    ):
        assert f'href="{url}' in page, url


def test_the_unit_pages_trail_names_the_unit_under_its_parent_then_the_map(as_supervisor, tree):
    """QA of the demo: «Tỉnh Quảng Ngãi › 34 tỉnh (từ 1/7/2025)» on xã Tịnh Khê's page read as if the
    map were a unit under the province; the trail ends on the unit, the map said after it."""
    page = as_supervisor.get(reverse("web:unit", args=[tree["a"].pk])).content.decode()
    trail = page.split('<p class="muted">', 1)[1].split("</p>", 1)[0]
    assert trail.endswith("</a> › Xã An · 63 tỉnh (trước 1/7/2025)"), trail


def test_a_count_of_units_on_the_unit_page_says_it_comes_from_the_registry(as_supervisor, tree):
    """QA of the demo's tỉnh Quảng Ngãi page: «Số xã, phường, thị trấn trên địa bàn (theo danh mục đơn
    vị hành chính) 96 xã — số liệu của đơn vị»: the registry counted them, the unit typed nothing."""
    page = as_supervisor.get(reverse("web:unit", args=[tree["district"].pk]), {"period": PERIOD.code})
    text = page.content.decode()
    row = text.split("(theo danh mục đơn vị hành chính)", 1)[1].split("</tr>", 1)[0]
    assert "đếm từ danh mục đơn vị hành chính" in row and "số liệu của đơn vị" not in row, row
