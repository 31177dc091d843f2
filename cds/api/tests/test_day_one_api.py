"""The API's side of day one (issue 16): recall, explicit completeness, reminders — the same domain
functions as the pages, the same rules."""

import pytest

from cds.notifications.models import Notification
from cds.values.models import DataValue, Status, ValueChange

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(f"/api/values/{path}", body, content_type="application/json")


def test_submitting_with_confirm_incomplete_false_is_refused_with_the_missing_fields(world):
    officer = world.client("officer")
    refused = post(
        officer, "submit", {"unit": world.inside.pk, "period": PERIOD.code, "confirm_incomplete": False}
    )
    assert refused.status_code == 400
    messages = " ".join(e["message_vi"] for e in refused.json()["errors"])
    assert "còn thiếu" in messages and "Xác nhận gửi khi còn thiếu" in messages
    assert DataValue.objects.get(unit=world.inside).status == Status.DRAFT


def test_a_submission_without_a_position_on_completeness_writes_the_gap_into_the_history(world):
    officer = world.client("officer")
    assert post(officer, "submit", {"unit": world.inside.pk, "period": PERIOD.code}).status_code == 200
    reason = ValueChange.objects.get(action="submit").reason
    assert "Gửi khi còn thiếu" in reason and "(đã xác nhận)" not in reason


def test_an_officer_recalls_a_submitted_report_through_the_api(world):
    officer = world.client("officer")
    body = {"unit": world.inside.pk, "period": PERIOD.code, "confirm_incomplete": True}
    post(officer, "submit", body)
    recalled = post(officer, "recall", {"unit": world.inside.pk, "period": PERIOD.code, "reason": "sửa số"})
    assert recalled.status_code == 200 and recalled.json()["action"] == "recall"
    assert DataValue.objects.get(unit=world.inside).status == Status.DRAFT
    again = post(officer, "recall", {"unit": world.inside.pk, "period": PERIOD.code})
    assert again.status_code == 400  # nothing submitted any more, said in words


def test_a_supervisor_reminds_late_units_and_an_officer_may_not(world):
    refused = post(world.client("officer"), "remind", {"period": PERIOD.code, "units": [world.inside.pk]})
    assert refused.status_code == 403
    done = post(world.client("supervisor"), "remind", {"period": PERIOD.code, "units": [world.inside.pk]})
    assert done.status_code == 200 and done.json()["reminded"] == [world.inside.pk]
    assert Notification.objects.get(user=world.users["officer"]).kind == "reminder"
    outside = post(world.client("supervisor"), "remind", {"period": PERIOD.code, "units": [world.outside.pk]})
    assert outside.status_code == 404
