"""Writing and reviewing values through the API: drafts, conflicts, workflow, bilingual errors."""

import pytest

from cds.values.models import DataValue, ValueChange

from .conftest import CODE, PERIOD

pytestmark = pytest.mark.django_db


def write(client, unit, *items, reason="nhập qua API"):
    body = {"unit": unit.pk, "period": "năm 2024", "reason": reason, "values": list(items)}
    return client.post("/api/values", body, content_type="application/json")


def write_over(client, unit, value, version):
    """``value`` for ``CODE``, written over the stored value the caller read at ``version``."""
    return write(client, unit, {"indicator": CODE, "value": value, "expected_version": version})


def seen(client, unit):
    """What a reviewer reads before approving: indicator → version, from the value list."""
    rows = client.get("/api/values", {"unit": unit.pk, "period": PERIOD.code}).json()["items"]
    return {row["indicator"]: row["version"] for row in rows}


def act(client, action, unit, **extra):
    body = {"unit": unit.pk, "period": PERIOD.code, **extra}
    if action in {"approve", "return"} and "versions" not in body:
        body["versions"] = seen(client, unit)
    return client.post(f"/api/values/{action}", body, content_type="application/json")


def test_an_officer_writes_a_draft_with_history_naming_them_and_the_api(world):
    officer = world.client("officer")
    response = write(officer, world.inside, {"indicator": CODE, "value": "1.463"})
    assert response.status_code == 200
    body = response.json()
    assert (body["updated"], body["values"][0]["display"], body["values"][0]["status"]) == (
        1,
        "1.463 hồ sơ",  # a count with its catalog unit (the one formatter)
        "draft",
    )
    change = ValueChange.objects.filter(value__unit=world.inside).latest("id")
    assert (change.changed_by.username, change.source_kind, change.new_raw, change.reason) == (
        "can.bo.an",
        "api",
        "1.463",
        "nhập qua API",
    )


def test_a_stale_version_is_a_409_conflict_and_nothing_is_written(world):
    officer = world.client("officer")
    version = DataValue.objects.get(unit=world.inside).version
    assert write_over(officer, world.inside, "130", version).status_code == 200
    stale = write_over(officer, world.inside, "140", version)
    assert stale.status_code == 409
    error = stale.json()["errors"][0]
    assert "130" in error["message_vi"] and "130" in error["message_en"]
    assert DataValue.objects.get(unit=world.inside).raw == "130"


def test_a_bad_value_names_the_field_and_value_in_both_languages(world):
    response = write(
        world.client("officer"),
        world.inside,
        {"indicator": CODE, "value": "200"},
        {"indicator": "no.such.code", "value": "5"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message_vi"] and body["message_en"]
    [error] = body["errors"]
    assert error["value"] == "no.such.code" and "no.such.code" in error["message_vi"]
    assert DataValue.objects.get(unit=world.inside).raw == "120"  # all or nothing


def test_an_unreadable_period_is_a_400_naming_the_period(world):
    body = {"unit": world.inside.pk, "period": "quý V/2024", "values": [{"indicator": CODE, "value": "1"}]}
    response = world.client("officer").post("/api/values", body, content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["value"]) == ("period", "quý V/2024")


def test_a_malformed_body_is_a_bilingual_400_not_a_500(world):
    response = world.client("officer").post(
        "/api/values", {"unit": "abc", "values": []}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message_vi"].startswith("Dữ liệu gửi lên không hợp lệ") and body["field"]


def test_submit_then_approve_locks_the_value_until_a_supervisor_reopens_it(world):
    officer, supervisor = world.client("officer"), world.client("supervisor")
    assert act(officer, "submit", world.inside).json()["changed"] == 1
    assert act(officer, "approve", world.inside).status_code == 403  # nobody approves their own unit
    assert act(supervisor, "approve", world.inside).json()["values"][0]["status"] == "approved"
    locked = write(officer, world.inside, {"indicator": CODE, "value": "999"})
    assert locked.status_code == 400 and "đã được duyệt" in locked.json()["errors"][0]["message_vi"]
    assert act(supervisor, "reopen", world.inside).status_code == 400  # a reason is required
    assert act(supervisor, "reopen", world.inside, reason="sai số liệu").status_code == 200
    assert write(officer, world.inside, {"indicator": CODE, "value": "999"}).status_code == 200
    actions = list(ValueChange.objects.filter(value__unit=world.inside).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "reopen", "update"]


def test_an_approval_of_a_value_changed_since_it_was_read_is_a_409_naming_old_and_new(world):
    officer, supervisor = world.client("officer"), world.client("supervisor")
    act(officer, "submit", world.inside)
    read = seen(supervisor, world.inside)  # the supervisor reads «120»
    version = DataValue.objects.get(unit=world.inside).version
    assert write_over(officer, world.inside, "99999", version).status_code == 200
    act(officer, "submit", world.inside)
    refused = act(supervisor, "approve", world.inside, versions=read)
    assert refused.status_code == 409
    error = refused.json()["errors"][0]
    assert "«120» → «99999»" in error["message_vi"] and "can.bo.an" in error["message_vi"]
    assert "'99999'" in error["message_en"] and error["field"] == CODE
    assert DataValue.objects.get(unit=world.inside).status == "submitted"
    assert act(supervisor, "approve", world.inside).status_code == 200  # with what is now read


def test_an_approval_must_carry_the_versions_read(world):
    act(world.client("officer"), "submit", world.inside)
    body = {"unit": world.inside.pk, "period": PERIOD.code}
    response = world.client("supervisor").post("/api/values/approve", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"]
    assert DataValue.objects.get(unit=world.inside).status == "submitted"


def test_submitting_through_the_api_follows_the_forms_rules(world):
    officer = world.client("officer")
    write(officer, world.inside, {"indicator": "dvc.dossiers_online", "value": "130"})  # 130 online of 120
    blocked = act(officer, "submit", world.inside)
    assert blocked.status_code == 400
    assert any("130" in e["message_vi"] for e in blocked.json()["errors"])
    assert set(DataValue.objects.filter(unit=world.inside).values_list("status", flat=True)) == {"draft"}


def test_a_warning_needs_an_explanation_to_submit_through_the_api(world):
    officer = world.client("officer")
    body = {"unit": world.inside.pk, "period": "2023", "values": [{"indicator": CODE, "value": "10"}]}
    officer.post("/api/values", body, content_type="application/json")  # last year 10, this year 120
    unexplained = act(officer, "submit", world.inside)
    assert unexplained.status_code == 400 and "giải trình" in unexplained.json()["errors"][0]["message_vi"]
    explained = act(
        officer, "submit", world.inside, explanations={CODE: "thêm bộ phận một cửa"}, reason="báo cáo năm"
    )
    assert explained.status_code == 200 and explained.json()["changed"] == 1
    change = ValueChange.objects.filter(value__unit=world.inside, action="submit").get()
    assert "thêm bộ phận một cửa" in change.reason and change.reason.startswith("báo cáo năm")


def test_returning_needs_a_reason_and_nothing_to_submit_is_explained(world):
    officer, supervisor = world.client("officer"), world.client("supervisor")
    act(officer, "submit", world.inside)
    assert act(supervisor, "return", world.inside).status_code == 400
    assert act(supervisor, "return", world.inside, reason="thiếu minh chứng").json()["changed"] == 1
    act(officer, "submit", world.inside)
    again = act(officer, "submit", world.inside)
    assert again.status_code == 400 and "không có giá trị nào" in again.json()["message_vi"]


def test_the_value_list_is_filtered_and_paginated_within_scope(world):
    write(world.client("admin"), world.units["b"], {"indicator": CODE, "value": "5"})
    supervisor = world.client("supervisor")
    page = supervisor.get("/api/values", {"limit": 1, "period": "2024"}).json()
    assert page["count"] == 2 and len(page["items"]) == 1  # Xã An and Xã Bình, not the outside commune
    below = supervisor.get("/api/values", {"unit": world.units["district"].pk, "below": True}).json()
    assert {v["unit_code"] for v in below["items"]} == {"T99901", "T99902"}
    assert supervisor.get("/api/values", {"limit": 5000}).status_code == 400


def test_history_shows_who_changed_what_and_why(world):
    write(world.client("officer"), world.inside, {"indicator": CODE, "value": "125"}, reason="cập nhật")
    value = DataValue.objects.get(unit=world.inside)
    history = world.client("viewer").get(f"/api/values/{value.pk}/history").json()
    assert [(h["old_raw"], h["new_raw"], h["reason"]) for h in history][-1] == ("120", "125", "cập nhật")
    assert history[-1]["changed_by"] == "can.bo.an"


def test_an_officer_withdraws_a_value_it_is_gone_from_the_api_and_its_history_stays(world):
    officer, unit = world.client("officer"), world.inside
    before = DataValue.objects.get(unit=unit, period=PERIOD.code, indicator__code=CODE)
    body = {"unit": unit.pk, "period": PERIOD.code, "indicators": [CODE]}
    refused = officer.post("/api/values/withdraw", body, content_type="application/json")
    assert refused.status_code == 400 and "lý do" in refused.json()["errors"][0]["message_vi"]
    stale = {**body, "reason": "tệp mới thiếu cột", "versions": {CODE: before.version + 1}}
    assert officer.post("/api/values/withdraw", stale, content_type="application/json").status_code == 409
    done = officer.post(
        "/api/values/withdraw", {**body, "reason": "tệp mới thiếu cột"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json() == {"withdrawn": 1, "absent": 0}
    assert officer.get("/api/values", {"unit": unit.pk, "period": PERIOD.code}).json()["items"] == []
    change = ValueChange.objects.get(value=before, action="withdraw")
    assert (
        change.old_raw == "120"
        and change.reason == "tệp mới thiếu cột"
        and "can.bo.an" in str(change.changed_by)
    )
