"""The entry form: save a draft, inline messages, submit, review, locks, history, conflicts."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cds.values.models import DataValue, Status, ValueChange
from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def url(unit):
    return f"{reverse('web:entry', args=[unit.pk])}?period={PERIOD.code}"


def stored(unit, code):
    return DataValue.objects.get(unit=unit, period=PERIOD.code, indicator__code=code)


def test_the_form_groups_fields_by_pillar_with_last_periods_value(as_officer, tree):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD.previous(), "1.463")], Actor("t"))
    page = as_officer.get(url(tree["a"])).content.decode()
    assert "Hoạt động chính quyền số" in page and "Chỉ đạo, điều hành" in page
    assert "Kỳ trước: 1.463" in page
    assert 'name="v:dvc.dossiers_total"' in page
    assert 'name="v:dvc.online_dossier_rate"' not in page  # rates are computed, never typed
    assert 'data-num="dvc.dossiers_online"' in page


def test_saving_a_draft_records_values_with_who_and_why(as_officer, tree, officer):
    response = as_officer.post(
        url(tree["a"]), {"action": "save", "v:dvc.dossiers_total": "1.463", "v:dvc.dossiers_online": "130"}
    )
    assert response.status_code == 302
    value = stored(tree["a"], "dvc.dossiers_total")
    assert value.number == 1463 and value.status == Status.DRAFT and value.updated_by == officer
    change = ValueChange.objects.get(value=value)
    assert change.changed_by == officer and change.new_raw == "1.463" and change.reason
    page = as_officer.get(url(tree["a"])).content.decode()
    assert "8,89%" in page  # 130 / 1.463, computed on the server too


def test_an_unreadable_value_is_explained_beside_its_field_and_nothing_is_saved(as_officer, tree):
    response = as_officer.post(
        url(tree["a"]),
        {"action": "save", "v:dvc.dossiers_total": "một nghìn", "v:dvc.dossiers_online": "130"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Chưa lưu" in page and "một nghìn" in page
    assert 'id="f-dvc.dossiers_total"' in page and "has-error" in page
    assert not DataValue.objects.filter(unit=tree["a"]).exists()


def test_submitting_is_blocked_by_errors_until_they_are_corrected(as_officer, tree):
    response = as_officer.post(
        url(tree["a"]),
        {
            "action": "submit",
            "confirm_incomplete": "1",
            "v:dvc.dossiers_total": "100",
            "v:dvc.dossiers_online": "130",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "chưa gửi được" in page and "tử số 130 lớn hơn mẫu số 100" in page
    assert stored(tree["a"], "dvc.dossiers_online").status == Status.DRAFT  # saved as draft, not submitted
    response = as_officer.post(
        url(tree["a"]),
        {
            "action": "submit",
            "confirm_incomplete": "1",
            "v:dvc.dossiers_online": "30",
            "o:dvc.dossiers_online": "130",
            "ver:dvc.dossiers_online": "1",
        },
    )
    assert response.status_code == 302
    assert stored(tree["a"], "dvc.dossiers_online").status == Status.SUBMITTED


def test_a_warning_needs_an_explanation_before_submitting(as_officer, tree):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD.previous(), "100")], Actor("t"))
    first = as_officer.post(
        url(tree["a"]), {"action": "submit", "confirm_incomplete": "1", "v:dvc.dossiers_total": "1000"}
    )
    assert first.status_code == 422 and "cần ghi giải trình" in first.content.decode()
    assert 'name="n:dvc.dossiers_total"' in first.content.decode()
    second = as_officer.post(
        url(tree["a"]),
        {
            "action": "submit",
            "confirm_incomplete": "1",
            "n:dvc.dossiers_total": "sáp nhập thêm bộ phận một cửa",
        },
    )
    assert second.status_code == 302
    change = ValueChange.objects.filter(action="submit").get()
    assert "sáp nhập thêm bộ phận một cửa" in change.reason


def seen_on_page(client, unit):
    """The versions the review buttons of the page carry, as a reviewer's browser sends them."""
    page = client.get(url(unit)).content.decode()
    return re.search(r'name="seen" value="([^"]*)"', page).group(1)


def review(client, unit, action, **extra):
    return client.post(url(unit), {"action": action, "seen": seen_on_page(client, unit), **extra})


def submitted(tree):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "200")], Actor("t"))
    from cds.values.services import change_status

    change_status(DataValue.objects.filter(unit=tree["a"]), "submit", Actor("t"))


def test_a_supervisor_approves_and_approved_values_are_locked(client, tree, supervisor, officer):
    submitted(tree)
    client.force_login(supervisor)
    assert review(client, tree["a"], "approve").status_code == 302
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.APPROVED
    client.force_login(officer)
    page = client.get(url(tree["a"])).content.decode()
    assert "🔒" in page and 'name="v:dvc.dossiers_total"' not in page
    assert 'title="Đã duyệt, không sửa được (cần cấp duyệt mở lại)"' in page  # the lock says what it means
    client.post(url(tree["a"]), {"action": "save", "v:dvc.dossiers_total": "999"})
    assert stored(tree["a"], "dvc.dossiers_total").number == 200


class _TextOf(HTMLParser):
    """The text inside the element with ``id`` — what entry.js reads of a locked value."""

    def __init__(self, id_: str) -> None:
        super().__init__()
        self.id, self.depth, self.text = id_, 0, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth or dict(attrs).get("id") == self.id:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data


def test_a_locked_value_the_live_rates_read_is_the_number_alone_not_the_locks_words(
    client, tree, supervisor, officer
):
    # entry.js reads #v-<code>'s text as the number of a rate's side: the lock's words («Đã duyệt, …»,
    # «Approved, …») beside it would be read into the number (a digit or a hyphen in them would change it)
    submitted(tree)
    client.force_login(supervisor)
    review(client, tree["a"], "approve")
    client.force_login(officer)
    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        reader = _TextOf("v-dvc.dossiers_total")
        reader.feed(client.get(url(tree["a"])).content.decode())
        assert reader.text == "200", language


def test_an_approval_is_refused_when_the_value_changed_after_the_supervisor_saw_it(
    client, tree, supervisor, officer
):
    submitted(tree)
    client.force_login(supervisor)
    seen = seen_on_page(client, tree["a"])  # the supervisor reads «200»
    client.force_login(officer)
    client.post(
        url(tree["a"]),
        {
            "action": "submit",
            "recall": "1",  # the officer asks to take the submission back (never silently)
            "confirm_incomplete": "1",
            "v:dvc.dossiers_total": "99999",
            "o:dvc.dossiers_total": "200",
        },
    )
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.SUBMITTED  # changed and resubmitted
    client.force_login(supervisor)
    refused = client.post(url(tree["a"]), {"action": "approve", "seen": seen})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "«200» → «99999»" in page and "xa.an" in page and "tải lại trang" in page
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.SUBMITTED
    assert review(client, tree["a"], "approve").status_code == 302  # approving what is now shown
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.APPROVED


def test_an_approval_without_the_versions_seen_is_refused(as_supervisor, tree):
    submitted(tree)
    response = as_supervisor.post(url(tree["a"]), {"action": "approve"})
    assert response.status_code == 422 and "phiên bản" in response.content.decode()
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.SUBMITTED


def test_an_officer_cannot_approve_their_own_report(as_officer, tree):
    submitted(tree)
    assert as_officer.post(url(tree["a"]), {"action": "approve"}).status_code == 404
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.SUBMITTED


def test_returning_and_reopening_need_a_reason(as_supervisor, tree):
    submitted(tree)
    no_reason = review(as_supervisor, tree["a"], "return", reason=" ")
    assert no_reason.status_code == 422 and "Cần ghi lý do" in no_reason.content.decode()
    review(as_supervisor, tree["a"], "return", reason="thiếu số hồ sơ trực tuyến")
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.RETURNED
    history = as_supervisor.get(
        reverse("web:history", args=[tree["a"].pk]), {"period": PERIOD.code}
    ).content.decode()
    assert "thiếu số hồ sơ trực tuyến" in history and "Trả lại" in history


def test_reopening_an_approved_report(as_supervisor, tree):
    submitted(tree)
    review(as_supervisor, tree["a"], "approve")
    review(as_supervisor, tree["a"], "reopen", reason="sửa theo số liệu cổng DVC")
    assert stored(tree["a"], "dvc.dossiers_total").status == Status.DRAFT
    actions = list(ValueChange.objects.values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "reopen"]


def test_the_history_of_one_value(as_officer, tree):
    as_officer.post(url(tree["a"]), {"action": "save", "v:dvc.dossiers_total": "100"})
    as_officer.post(
        url(tree["a"]),
        {
            "action": "save",
            "v:dvc.dossiers_total": "120",
            "o:dvc.dossiers_total": "100",
            "ver:dvc.dossiers_total": "1",
        },
    )
    page = as_officer.get(
        reverse("web:history", args=[tree["a"].pk]),
        {"period": PERIOD.code, "indicator": "dvc.dossiers_total"},
    ).content.decode()
    assert "Tổng số hồ sơ thủ tục hành chính" in page and ">100<" in page and ">120<" in page


def test_the_second_of_two_people_editing_the_same_field_is_refused_with_what_changed(
    client, tree, officer, supervisor
):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "100")], Actor("t"))
    loaded = {"o:dvc.dossiers_total": "100", "ver:dvc.dossiers_total": "1"}
    client.force_login(supervisor)
    first = client.post(url(tree["a"]), {"action": "save", "v:dvc.dossiers_total": "150", **loaded})
    assert first.status_code == 302
    client.force_login(officer)
    second = client.post(url(tree["a"]), {"action": "save", "v:dvc.dossiers_total": "120", **loaded})
    assert second.status_code == 422
    page = second.content.decode()
    assert "so.thunghiem" in page and "«150»" in page and 'value="120"' in page
    assert stored(tree["a"], "dvc.dossiers_total").number == 150
    third = client.post(  # the form now carries the current version: saving again is deliberate
        url(tree["a"]),
        {
            "action": "save",
            "v:dvc.dossiers_total": "120",
            "o:dvc.dossiers_total": "150",
            "ver:dvc.dossiers_total": "2",
        },
    )
    assert third.status_code == 302 and stored(tree["a"], "dvc.dossiers_total").number == 120


def test_a_unit_that_did_not_exist_in_the_period_cannot_be_filled(as_officer, tree):
    response = as_officer.get(f"{reverse('web:entry', args=[tree['a'].pk])}?period=2025Q3")
    assert "không tồn tại" in response.content.decode()
    as_officer.post(
        f"{reverse('web:entry', args=[tree['a'].pk])}?period=2025Q3", {"v:dvc.dossiers_total": "1"}
    )
    assert not DataValue.objects.exists()


def test_the_unit_did_not_exist_notice_names_the_period_in_the_chosen_language(as_officer, tree):
    as_officer.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = as_officer.get(f"{reverse('web:entry', args=[tree['a'].pk])}?period=2025Q3").content.decode()
    assert "did not exist in Q3 2025" in page and "quý III" not in page


def test_what_a_person_typed_is_shown_back_escaped_never_as_markup(as_officer, tree):
    """Fields are rendered in Python (``entry_field``), not by the template engine: every typed
    value, note and message must still come back escaped."""
    attack = '"><script>alert(1)</script>'
    response = as_officer.post(
        url(tree["a"]),
        {"action": "save", "v:dvc.dossiers_total": attack, "n:dvc.dossiers_total": attack},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and 'value="&quot;&gt;&lt;script&gt;' in page
