"""Day one of a reporting round (issue 16): explicit recall, completeness, the return reason on
top, notifications, role-appropriate buttons, reminders and contacts on the board, tasks at home."""

import pytest
from django.core import mail
from django.urls import reverse

from cds.notifications.models import Notification
from cds.values.models import DataValue, Status, ValueChange
from cds.values.services import Actor, ValueInput, change_status, record_values

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def url(unit, period=PERIOD):
    return f"{reverse('web:entry', args=[unit.pk])}?period={period.code}"


def submitted(tree, raw="200"):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, raw)], Actor("t"))
    change_status(DataValue.objects.filter(unit=tree["a"]), "submit", Actor("t"))


def total(tree):
    return DataValue.objects.get(unit=tree["a"], period=PERIOD.code, indicator__code="dvc.dossiers_total")


def test_saving_a_draft_over_a_submitted_report_is_refused_until_the_officer_recalls_it(as_officer, tree):
    submitted(tree)
    refused = as_officer.post(url(tree["a"]), {"action": "save", "v:dvc.dossiers_total": "250"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "đang chờ duyệt" in page and "Rút lại" in page and 'value="250"' in page  # typed value kept
    assert (total(tree).raw, total(tree).status) == ("200", Status.SUBMITTED)  # nothing silently withdrawn
    accepted = as_officer.post(
        url(tree["a"]), {"action": "save", "recall": "1", "v:dvc.dossiers_total": "250"}
    )
    assert accepted.status_code == 302
    assert (total(tree).raw, total(tree).status) == ("250", Status.DRAFT)
    actions = list(ValueChange.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["create", "submit", "recall", "update"]


def test_the_recall_button_takes_a_submitted_report_back_to_draft_with_history(as_officer, tree):
    submitted(tree)
    page = as_officer.get(url(tree["a"])).content.decode()
    assert 'value="recall"' in page and "Lưu và gửi duyệt" not in page
    assert as_officer.post(url(tree["a"]), {"action": "recall"}).status_code == 302
    assert total(tree).status == Status.DRAFT
    assert ValueChange.objects.filter(action="recall").get().reason == "Rút lại báo cáo để sửa"


def test_an_incomplete_submission_says_what_is_missing_and_needs_explicit_confirmation(as_officer, tree):
    refused = as_officer.post(url(tree["a"]), {"action": "submit", "v:dvc.dossiers_total": "100"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "còn thiếu" in page and "chỉ tiêu" in page and "Xác nhận gửi khi còn thiếu" in page
    assert "cột completeness" not in page  # said in words, never as a column code («cột completeness»)
    assert total(tree).status == Status.DRAFT  # saved, not submitted
    done = as_officer.post(url(tree["a"]), {"action": "submit", "confirm_incomplete": "1"})
    assert done.status_code == 302 and total(tree).status == Status.SUBMITTED
    reason = ValueChange.objects.get(action="submit").reason
    assert "Gửi khi còn thiếu" in reason and "(đã xác nhận)" in reason and "Gửi muộn" in reason


def test_the_incomplete_refusal_is_in_english_on_the_english_page(as_officer, tree):
    as_officer.cookies["django_language"] = "en"
    page = as_officer.post(
        url(tree["a"]), {"action": "submit", "v:dvc.dossiers_total": "100"}
    ).content.decode()
    assert "indicators missing" in page


def review(client, unit, action, **extra):
    import re

    page = client.get(url(unit)).content.decode()
    seen = re.search(r'name="seen" value="([^"]*)"', page).group(1)
    return client.post(url(unit), {"action": action, "seen": seen, **extra})


def test_a_return_shows_its_reason_on_top_of_the_form_notifies_the_officer_and_mails_them(
    client, tree, supervisor, officer
):
    officer.email = "xa.an@example.vn"
    officer.save()
    submitted(tree)
    client.force_login(supervisor)
    with_buttons = client.get(url(tree["a"])).content.decode()
    assert "Lưu và gửi duyệt" not in with_buttons and "Lưu nháp" not in with_buttons  # a reviewer reviews
    assert review(client, tree["a"], "return", reason="thiếu số hồ sơ trực tuyến").status_code == 302
    note = Notification.objects.get(user=officer)
    assert note.kind == "returned" and "thiếu số hồ sơ trực tuyến" in note.text_vi and note.emailed
    assert len(mail.outbox) == 1 and "thiếu số hồ sơ trực tuyến" in mail.outbox[0].body
    client.force_login(officer)
    page = client.get(url(tree["a"])).content.decode()
    top = page.index("thiếu số hồ sơ trực tuyến")
    assert top < page.index('id="entry-form"')  # above the fields, not behind the history link
    assert 'class="count"' in page  # the header's unread count
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "thiếu số hồ sơ trực tuyến" in inbox
    client.post(reverse("notifications:read"))
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()


def test_an_approval_notifies_the_officer(client, tree, supervisor, officer):
    submitted(tree)
    client.force_login(supervisor)
    review(client, tree["a"], "approve")
    assert Notification.objects.get(user=officer).kind == "approved"


def test_people_read_and_mark_only_their_own_notifications(client, tree, officer, outsider):
    from cds.notifications.services import notify

    (mine,) = notify([officer], "reminder", "Nhắc nhở", "Reminder")
    client.force_login(outsider)
    assert "Nhắc nhở" not in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("notifications:read"), {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is None


def late_period():
    """A quarter long past its deadline (the tests run on real today)."""
    return PERIOD


def test_the_board_shows_each_units_officer_contacts_and_reminds_one_or_all_late_units(
    client, tree, supervisor, officer
):
    from cds.accounts.models import Contact

    officer.first_name, officer.last_name, officer.email = "An", "Nguyễn Văn", "xa.an@example.vn"
    officer.save()
    Contact.objects.create(user=officer, phone="0912 345 678")
    client.force_login(supervisor)
    board = client.get(reverse("web:board"), {"period": PERIOD.code, "in": tree["province"].pk})
    page = board.content.decode()
    assert "0912 345 678" in page and "xa.an@example.vn" in page and "Nhắc nhở" in page
    assert "chưa giao cán bộ" in page  # Xã Bình has nobody to chase
    one = client.post(reverse("web:remind"), {"period": PERIOD.code, "unit": tree["a"].pk})
    assert one.status_code == 302
    note = Notification.objects.get(user=officer, kind="reminder")
    assert "quá hạn" in note.text_vi and "so.thunghiem" in note.text_vi and PERIOD.label_vi in note.text_vi
    client.post(reverse("web:remind"), {"period": PERIOD.code, "in": tree["province"].pk})
    assert Notification.objects.filter(user=officer, kind="reminder").count() == 2
    from cds.history.models import ChangeRecord

    assert ChangeRecord.objects.filter(action="remind").count() == 2


def test_an_officer_cannot_send_reminders(as_officer, tree, officer):
    response = as_officer.post(reverse("web:remind"), {"period": PERIOD.code, "unit": tree["b"].pk})
    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_nobody_late_means_nothing_to_remind_said_in_words(client, tree, supervisor, officer):
    submitted(tree)
    client.force_login(supervisor)
    response = client.post(reverse("web:remind"), {"period": PERIOD.code, "unit": tree["a"].pk}, follow=True)
    assert "Không có đơn vị nào quá hạn" in response.content.decode()


def test_the_officers_home_lists_every_open_report_with_deadline_and_the_return_reason(
    client, tree, supervisor, officer
):
    submitted(tree)
    client.force_login(supervisor)
    review(client, tree["a"], "return", reason="sai số hồ sơ quý")
    client.force_login(officer)
    page = client.get(reverse("web:home")).content.decode()
    assert "Việc cần làm" in page
    assert PERIOD.label_vi in page and "sai số hồ sơ quý" in page and "Sửa và gửi lại" in page
    assert page.count("Quá hạn") >= 1 and "Hạn nộp" in page


def test_the_supervisors_home_is_an_inbox_of_submissions_to_review(client, tree, supervisor, officer):
    submitted(tree)
    client.force_login(supervisor)
    page = client.get(reverse("web:home")).content.decode()
    assert "Chờ bạn duyệt" in page and tree["a"].name in page and "Xem và duyệt" in page
    assert f"?period={PERIOD.code}#review" in page


def test_the_pages_open_on_the_round_in_progress_which_is_the_demos_latest_quarter():
    import datetime as dt

    from cds.demo import calendar
    from cds.web.views.common import default_period

    early, late = dt.date(2026, 10, 3), dt.date(2026, 12, 5)
    assert default_period(today=early).code == "2026Q3"  # Q3 is due 15/10: still the round
    assert default_period(today=late).code == "2026Q4"
    assert calendar.current_quarter(early) == default_period(today=early)
    assert calendar.current_quarter(late) == default_period(today=late)


def test_the_board_states_the_deadline_of_the_supervised_province_on_the_periods_map(
    client, tree, supervisor
):
    """A supervisor of both the legacy and the current province: a current quarter's board states the
    current province's deadline (the one its communes are late against), not the legacy one's default."""
    import datetime as dt

    from cds.accounts.models import Role, RoleAssignment
    from cds.lib.periods import parse_period
    from cds.values.deadlines import set_deadline

    RoleAssignment.objects.create(user=supervisor, role=Role.SUPERVISOR, unit=tree["new_province"])
    q4 = parse_period("2025Q4")
    set_deadline(tree["new_province"], q4, dt.date(2025, 12, 1), Actor("t"))
    client.force_login(supervisor)
    page = client.get(reverse("web:board"), {"period": q4.code}).content.decode()
    assert "1/12/2025" in page and "15/1/2026" not in page
