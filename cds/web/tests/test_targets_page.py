"""A supervisor sets targets for the units they manage (issue 16, item 8), scoped and recorded."""

import pytest
from django.urls import reverse

from cds.catalog.models import Target
from cds.history.models import ChangeRecord
from cds.units.testing import make_unit

pytestmark = pytest.mark.django_db
URL = "/targets/"


def test_a_supervisor_sets_a_commune_target_as_people_write_it_and_it_is_recorded(client, tree, supervisor):
    client.force_login(supervisor)
    body = {
        "unit": tree["a"].pk,
        "indicator": "dvc.online_dossier_rate",
        "period": "2024",
        "target": "≥ 60%",
        "source": "Quyết định 12/QĐ-UBND ngày 10/1/2024",
    }
    assert client.post(URL, body).status_code == 302
    target = Target.objects.get(unit=tree["a"])
    assert (target.comparator, target.value, target.period) == (">=", 60, "2024")
    page = client.get(URL, {"unit": tree["a"].pk}).content.decode()
    assert "60%" in page and "Quyết định 12/QĐ-UBND" in page
    client.post(URL, {**body, "target": "≥ 70%"})
    assert Target.objects.get(unit=tree["a"]).value == 70
    assert sorted(ChangeRecord.objects.filter(reason="đặt chỉ tiêu").values_list("action", flat=True)) == [
        "create",
        "update",
    ]


def test_a_target_without_a_source_or_unreadable_is_refused_in_words(client, tree, supervisor):
    client.force_login(supervisor)
    body = {"unit": tree["a"].pk, "indicator": "dvc.online_dossier_rate", "period": "2024", "target": "≥ 60%"}
    missing = client.post(URL, body, follow=True)
    assert "thiếu nguồn" in missing.content.decode() and not Target.objects.exists()
    bad = client.post(URL, {**body, "target": "nhiều", "source": "QĐ 1"})
    assert bad.status_code == 422 and not Target.objects.exists()


def test_targets_outside_the_scope_and_for_officers_are_404(client, tree, supervisor, officer):
    outside = make_unit("Xã Ngoài", "commune", "N1", make_unit("Tỉnh Ngoài", "province", "N"))
    client.force_login(supervisor)
    body = {"unit": outside.pk, "indicator": "dvc.online_dossier_rate", "period": "2024", "target": "≥ 1%"}
    assert client.post(URL, {**body, "source": "x"}).status_code == 404
    client.force_login(officer)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {**body, "unit": tree["a"].pk, "source": "x"}).status_code == 404
    assert not Target.objects.exists()
    assert reverse("web:targets") == URL


# --- the share of a quota reached, beside the value and the target (review7, issue 21) ----------


def _row(page: str, name: str) -> str:
    """The table row of the indicator named ``name``."""
    rows = [r for r in page.split("<tr>") if f"<td>{name}</td>" in r]
    assert len(rows) == 1, name
    return rows[0][: rows[0].index("</tr>")]


def _set(
    unit, code: str, target: str, comparator: str = ">=", value: str | None = None, period: str = "2024"
):
    from decimal import Decimal

    from cds.catalog.models import Indicator
    from cds.lib.periods import parse_period
    from cds.values.services import Actor, ValueInput, record_values

    Target.objects.create(
        unit=unit,
        indicator=Indicator.objects.get(code=code),
        period=period,
        comparator=comparator,
        value=Decimal(target),
        source="QĐ 1",
    )
    if value is not None:
        record_values([ValueInput(unit, code, parse_period(period), value)], Actor("t"))


def _name(code: str, english: bool = False) -> str:
    from cds.catalog.services import get_catalog
    from cds.lib.periods import parse_period

    d = get_catalog(parse_period("2024").start)[code]
    return d.name_en if english else d.name_vi


QUOTA = "society.vneid_accounts_activated"


def test_a_quota_with_its_value_stored_shows_the_share_reached_beside_them(client, tree, supervisor):
    _set(tree["a"], QUOTA, "2068", value="1516")  # 1.516 of 2.068 → 73,31…%
    client.force_login(supervisor)
    row = _row(client.get(URL, {"unit": tree["a"].pk}).content.decode(), _name(QUOTA))
    assert "2.068" in row and "1.516" in row and "(đạt 73,3% chỉ tiêu)" in row
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    row = _row(client.get(URL, {"unit": tree["a"].pk}).content.decode(), _name(QUOTA, english=True))
    assert "(73.3% of target)" in row and "đạt" not in row


def test_a_rate_a_ceiling_a_yes_no_or_a_missing_value_shows_no_share_not_even_zero(client, tree, supervisor):
    rate, flag = "dvc.online_dossier_rate", "steering.committee_established"
    _set(tree["a"], rate, "60", value="50%")
    _set(tree["a"], QUOTA, "100", "<=", value="50")  # a ceiling has no share reached
    _set(tree["a"], flag, "1", value="có")
    _set(tree["a"], QUOTA, "2068", period="2025")  # no value stored for 2025
    client.force_login(supervisor)
    page = client.get(URL, {"unit": tree["a"].pk}).content.decode()
    assert "50%" in _row(page, _name(rate)) and "chỉ tiêu)" not in _row(page, _name(rate))
    assert "chỉ tiêu)" not in _row(page, _name(flag))
    quota_rows = [r for r in page.split("<tr>") if f"<td>{_name(QUOTA)}</td>" in r]
    assert len(quota_rows) == 2
    assert all("chỉ tiêu)" not in r and "0%" not in r for r in quota_rows)
    assert sum("chưa có số liệu" in r for r in quota_rows) == 1  # the 2025 quota, whose value is missing


def test_a_rate_target_shows_the_rate_its_parts_give_and_a_district_the_sum_of_its_communes(
    client, tree, supervisor
):
    """A rate is never stored: the entry form types its parts and computes it. The page read only
    stored rows, so xã An's online rate target said «chưa có số liệu» beside 30 of 60 dossiers
    online, and the district's dossier quota the same beside its communes' 100 + 60."""
    from decimal import Decimal

    from cds.catalog.models import Indicator

    _set(tree["a"], "dvc.online_dossier_rate", "60")
    _set(tree["a"], "dvc.dossiers_total", "1", value="60")  # parts typed, the rate itself not stored
    _set(tree["a"], "dvc.dossiers_online", "1", value="30")
    _set(tree["b"], "dvc.dossiers_total", "1", value="100")
    Target.objects.create(
        unit=tree["district"],
        indicator=Indicator.objects.get(code="dvc.dossiers_total"),
        period="2024",
        comparator=">=",
        value=Decimal("200"),
        source="QĐ 1",
    )
    client.force_login(supervisor)
    page = client.get(URL, {"unit": tree["a"].pk}).content.decode()
    rate_row = _row(page, _name("dvc.online_dossier_rate"))
    assert "50%" in rate_row and "chưa có số liệu" not in rate_row
    own = _row(page, _name("dvc.dossiers_total"))  # a stored figure says it is not approved yet, too
    assert "60 hồ sơ" in own and "1/1 đơn vị có số liệu, 0 đã duyệt" in own and "chưa duyệt" in own
    district = _row(
        client.get(URL, {"unit": tree["district"].pk}).content.decode(), _name("dvc.dossiers_total")
    )
    assert "160" in district and "(đạt 80% chỉ tiêu)" in district and "chưa có số liệu" not in district
    assert "2/2" in district  # the sum says how many communes it stands for
