"""Reading through the API: units, periods, catalog, roll-ups, completeness, auth and docs."""

import datetime as dt
import re

import pytest
from django.test import Client

from cds.accounts.models import ApiToken, Role, RoleAssignment
from cds.accounts.tokens import revoke_token
from cds.units.services import resolve_unit
from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, change_status, record_values

from .conftest import CODE, PERIOD, person

pytestmark = pytest.mark.django_db


def test_a_period_is_read_the_vietnamese_way(world):
    body = world.client("officer").get("/api/periods/parse", {"text": "quý II/2023"}).json()
    assert (body["code"], body["start"], body["end"]) == ("2023Q2", "2023-04-01", "2023-06-30")
    assert body["previous"]["code"] == "2023Q1" and body["same_period_last_year"]["code"] == "2022Q2"


def test_an_unreadable_period_is_explained(world):
    response = world.client("officer").get("/api/periods/parse", {"text": "tháng 13/2024"})
    assert response.status_code == 400
    assert response.json()["field"] == "text" and response.json()["message_en"]


def test_the_catalog_is_listed_by_version_and_an_unknown_version_is_named(world):
    client = world.client("viewer")
    versions = [v["code"] for v in client.get("/api/catalog/versions").json()]
    old = client.get("/api/indicators", {"version": versions[0]}).json()
    assert old and all(i["version"] == versions[0] for i in old)
    detail = client.get(f"/api/indicators/{CODE}", {"on": "2024-01-01"}).json()
    assert detail["code"] == CODE and detail["rates_using"]
    assert (
        detail["basis"] == []
        and detail["basis_text"] == f"Căn cứ: chưa trích dẫn văn bản nào ({detail['basis_none']})"
    )
    bad = client.get("/api/indicators", {"version": "1999.9"})
    assert bad.status_code == 400 and bad.json()["value"] == "1999.9"
    assert client.get("/api/indicators/no.such").status_code == 404


def test_a_rollup_sums_the_children_the_caller_may_see(world):
    record_values([ValueInput(world.units["b"], CODE, PERIOD, "30")], Actor("t"))
    body = (
        world.client("supervisor")
        .get("/api/rollups", {"indicator": CODE, "unit": world.units["district"].pk, "period": "2024"})
        .json()
    )
    assert body["result"]["value"] == 150 and body["result"]["display"] == "150 hồ sơ"
    assert {c["unit"]["name"]: c["result"]["value"] for c in body["children"]} == {
        "Xã An": 120,
        "Xã Bình": 30,
    }


def test_completeness_shows_each_status_and_late_units_against_a_deadline(world):
    record_values([ValueInput(world.units["b"], CODE, PERIOD, "30")], Actor("t"))
    change_status(DataValue.objects.filter(unit=world.units["b"]), "submit", Actor("t"))
    client = world.client("supervisor")
    district = world.units["district"].pk
    body = client.get("/api/completeness", {"unit": district, "period": "2024"}).json()
    assert {u["unit"]["name"]: u["workflow_status"] for u in body["units"]} == {
        "Xã An": "draft",
        "Xã Bình": "submitted",
    }
    assert body["deadline"] == "2025-01-15"  # none set: 15 days after the period, as on the board
    assert {u["unit"]["name"]: u["status"] for u in body["units"]}["Xã An"] == "late"
    past = client.get(
        "/api/completeness", {"unit": district, "period": "2024", "deadline": "2025-01-15"}
    ).json()
    assert {u["unit"]["name"]: u["status"] for u in past["units"]} == {
        "Xã An": "late",
        "Xã Bình": "submitted",
    }
    assert past["counts"]["late"] == 1 and past["counts"]["submitted"] == 1
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    later = client.get("/api/completeness", {"unit": district, "period": "2024", "deadline": future}).json()
    assert later["counts"]["late"] == 0


def test_completeness_reads_the_deadline_a_supervisor_set_for_their_scope(world):
    client = world.client("supervisor")
    district = world.units["district"].pk
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    body = {"unit": district, "period": "2024", "due": future, "reason": "gia hạn"}
    response = client.post("/api/deadlines", body, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["due"], response.json()["set_by"], response.json()["default"]) == (
        future,
        "giam.sat",
        False,
    )
    read = client.get("/api/completeness", {"unit": district, "period": "2024"}).json()
    assert read["deadline"] == future and read["counts"]["late"] == 0
    assert [u["deadline"] for u in read["units"]] == [future, future]
    assert client.get("/api/deadlines", {"unit": world.inside.pk, "period": "2024"}).json()["due"] == future
    outside = world.client("admin").get("/api/deadlines", {"unit": world.outside.pk, "period": "2024"}).json()
    assert (outside["due"], outside["default"]) == ("2025-01-15", True)  # another province: untouched
    nationwide = client.post("/api/deadlines", {**body, "unit": None}, content_type="application/json")
    assert nationwide.status_code == 403


@pytest.mark.slow
def test_unit_search_uses_name_matching_and_finds_only_units_in_scope(units):
    officer = person("xa.sonnham", Role.OFFICER, resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy"))
    client = Client()
    client.force_login(officer)
    found = client.get("/api/units/search", {"q": "UBND xa Son Nham"}).json()
    assert found["best"]["name"] == "Xã Sơn Nham"
    hidden = client.get("/api/units/search", {"q": "Tịnh Châu", "era": "legacy"}).json()
    assert hidden["best"] is None and hidden["candidates"] == []


@pytest.mark.slow
def test_unit_search_without_a_date_lists_todays_unit_then_the_former_one(units):
    """Issue 15: like ``cds units find``, a search without a date shows both maps, today's first."""
    official = person("tinh.quangngai", Role.OFFICER, resolve_unit("tỉnh Quảng Ngãi", era="legacy"))
    RoleAssignment.objects.create(
        user=official, role=Role.OFFICER, unit=resolve_unit("tỉnh Quảng Ngãi", era="current")
    )
    client = Client()
    client.force_login(official)
    found = client.get("/api/units/search", {"q": "Xã Tịnh Khê"}).json()
    assert [c["unit"]["era"] for c in found["candidates"]] == ["current", "legacy"]
    assert found["best"]["era"] == "current"


def test_lineage_shows_where_a_legacy_commune_went(world):
    admin = world.client("admin").get(f"/api/units/{world.inside.pk}/lineage").json()
    assert [(e["direction"], e["unit"]["name"], e["kind"]) for e in admin] == [
        ("successor", "Xã An Bình", "merge")
    ]
    officer = world.client("officer").get(f"/api/units/{world.inside.pk}/lineage").json()
    assert officer == []  # the new commune is outside a legacy officer's scope


def test_a_revoked_key_gets_401_with_a_bilingual_message(world):
    revoke_token(ApiToken.objects.get(user=world.users["officer"]))
    response = world.client("officer").get("/api/units")
    assert response.status_code == 401
    assert response.json()["message_vi"].startswith("Cần đăng nhập")


def test_session_calls_need_the_csrf_token_but_key_calls_do_not(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["officer"])
    body = {"unit": world.inside.pk, "period": "2024", "values": [{"indicator": CODE, "value": "9"}]}
    refused = browser.post("/api/values", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["message_vi"]
    assert browser.get("/api/units").status_code == 200  # reads need no token
    assert (
        world.client("officer").post("/api/values", body, content_type="application/json").status_code == 200
    )


def test_the_interactive_docs_are_served_from_local_files_only(world):
    browser = Client()
    browser.force_login(world.users["viewer"])
    page = browser.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html), (
        "the docs page loads something from another host"
    )
    schema = browser.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.") and "/api/values" in schema["paths"]


def test_a_rollup_says_how_many_units_it_covers_and_whether_they_are_approved(world):
    body = (
        world.client("supervisor")
        .get("/api/rollups", {"indicator": CODE, "unit": world.units["district"].pk, "period": "2024"})
        .json()
    )
    coverage = body["result"]["coverage"]
    assert (coverage["expected"], coverage["reported"], coverage["approved"]) == (2, 1, 0)
    assert coverage["text_vi"] == "1/2 đơn vị có số liệu, 0 đã duyệt" and not coverage["complete"]
    assert body["result"]["approved"] is False and body["result"]["scope"] == "territory"


def test_the_api_gives_each_indicators_levels_and_counted_units_as_the_catalog_export_does(world):
    from cds.catalog.listing import as_json, catalog_rows
    from cds.catalog.services import get_catalog

    client = world.client("viewer")
    listed = client.get("/api/indicators", {"on": "2024-01-01"}).json()
    catalog = get_catalog(dt.date(2024, 1, 1))
    exported = {i["code"]: i for i in as_json(catalog, catalog_rows(catalog))["indicators"]}
    assert {i["code"]: (i["levels"], i["counts_units"]) for i in listed} == {
        code: (i["levels"], i["counts_units"]) for code, i in exported.items()
    }
    ioc = client.get("/api/indicators/gov.ioc_opened_on", {"on": "2024-01-01"}).json()
    assert (ioc["levels"], ioc["counts_units"]) == (["province", "district"], None)
    communes = client.get("/api/indicators/units.communes", {"on": "2024-01-01"}).json()
    assert (communes["counts_units"], communes["levels"]) == ("commune", ["province", "district"])
