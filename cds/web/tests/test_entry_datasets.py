"""The entry form asks each level its own data set, shows counts of units from the registry, and
takes dated milestones as officials write dates."""

import pytest
from django.urls import reverse

from cds.accounts.models import Role
from cds.accounts.testing import person
from cds.lib.periods import Period
from cds.units.services import add_village
from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]
PERIOD_AFTER = Period.of("quarter", 2024, 4)


def url(unit):
    return f"{reverse('web:entry', args=[unit.pk])}?period={PERIOD.code}"


@pytest.fixture
def as_district(client, tree):
    client.force_login(person("huyen.mau", Role.OFFICER, tree["district"]))
    return client


def test_a_commune_sees_only_the_commune_data_set(as_officer, tree):
    page = as_officer.get(url(tree["a"])).content.decode()
    assert 'name="v:dvc.dossiers_total"' in page
    for code in (
        "admin.communes_total",
        "infra.communes_with_fibre",
        "teams.communes_with_team",
        "gov.ioc_opened_on",
    ):
        assert f'id="f-{code}"' not in page, code


def test_a_value_a_commune_already_stored_outside_its_set_stays_on_its_form(as_officer, tree):
    record_values([ValueInput(tree["a"], "admin.communes_total", PERIOD, "1")], Actor("t"))
    page = as_officer.get(url(tree["a"])).content.decode()
    assert 'name="v:admin.communes_total"' in page


def test_a_district_sees_the_district_set_with_its_communes_counted_from_the_registry(as_district, tree):
    page = as_district.get(url(tree["district"])).content.decode()
    assert 'name="v:admin.communes_total"' in page and 'name="v:teams.communes_with_team"' in page
    assert 'name="v:units.communes"' not in page  # never typed
    assert '<output id="v-units.communes"' in page and "theo danh mục đơn vị hành chính" in page
    field = page.split('id="f-units.communes"', 1)[1].split("</div>", 1)[0]
    assert ">2 xã<" in field  # Xã An and Xã Bình


def test_a_commune_sees_its_villages_counted_and_the_share_with_a_team(as_officer, tree):
    for name in ("Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4"):
        add_village(tree["a"], name)
    record_values([ValueInput(tree["a"], "teams.villages_with_team", PERIOD, "3")], Actor("t"))
    page = as_officer.get(url(tree["a"])).content.decode()
    villages = page.split('id="f-units.villages"', 1)[1].split("</div>", 1)[0]
    assert ">4 thôn<" in villages
    assert "75%" in page.split('id="f-teams.villages_with_team_rate"', 1)[1].split("</div>", 1)[0]


def test_more_villages_with_a_team_than_villages_is_flagged_beside_the_field(as_officer, tree):
    add_village(tree["a"], "Thôn 1")
    record_values([ValueInput(tree["a"], "teams.villages_with_team", PERIOD, "3")], Actor("t"))
    response = as_officer.post(url(tree["a"]), {"action": "submit"})
    assert response.status_code == 422  # not submitted
    page = response.content.decode()
    field = page.split('id="f-teams.villages_with_team"', 1)[1].split('<div class="field', 1)[0]
    assert "3" in field and "1" in field and ('class="error"' in field or 'class="warning"' in field)


def test_a_milestone_is_typed_as_a_date_saved_and_shown_next_period(as_district, tree):
    page = as_district.get(url(tree["district"])).content.decode()
    assert 'name="v:gov.ioc_opened_on"' in page and 'placeholder="14/3/2023"' in page
    response = as_district.post(url(tree["district"]), {"action": "save", "v:gov.ioc_opened_on": "14/3/2023"})
    assert response.status_code == 302
    stored = DataValue.objects.get(unit=tree["district"], indicator__code="gov.ioc_opened_on")
    assert stored.number == 20230314
    bad = as_district.post(url(tree["district"]), {"action": "save", "v:gov.ioc_opened_on": "31/2/2023"})
    assert bad.status_code == 422 and "không có thật" in bad.content.decode()
    later = as_district.get(f"{reverse('web:entry', args=[tree['district'].pk])}?period={PERIOD_AFTER.code}")
    assert "Kỳ trước: ngày 14/3/2023" in later.content.decode()


def test_the_excel_template_holds_the_units_data_set_without_registry_counts(as_officer, tree):
    import io

    import openpyxl

    response = as_officer.get(reverse("web:excel_template"), {"period": PERIOD.code, "unit": tree["a"].pk})
    codes = {row[3] for row in list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)[1:]}
    assert "dvc.dossiers_total" in codes and "teams.villages_with_team" in codes
    assert "institution.annual_plan_issued_on" in codes  # a milestone is typed like any value
    assert "units.villages" not in codes and "units.communes" not in codes  # from the registry
    assert "admin.communes_total" not in codes and "gov.ioc_opened_on" not in codes  # not the commune's set


def test_a_milestone_is_not_offered_for_ranking_on_the_compare_page(as_officer, tree):
    page = as_officer.get(reverse("web:compare"), {"indicator": "institution.annual_plan_issued_on"}).content
    page = page.decode()
    assert 'value="institution.annual_plan_issued_on"' not in page
    assert 'value="dvc.online_dossier_rate" selected' in page or "dvc.online_dossier_rate" in page
