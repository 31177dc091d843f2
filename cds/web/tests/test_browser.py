"""End to end in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

An officer fills and submits a form (one invalid value corrected after the message), the
supervisor finds the submission on the completeness board and approves it, the value shows on
the dashboard, and another unit's officer cannot reach it. Screenshots of the main pages go to
var/test-artifacts/ (kept by CI as the run's artifacts).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.testing import PASSWORD
from cds.lib.periods import parse_period
from cds.units.testing import small_tree
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueInput, record_values

from .browsing import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PERIOD = parse_period("2025Q2")


@pytest.fixture
def place(builtin_catalogs):
    tree = small_tree()
    users = {}
    for name, role, unit in [
        ("xa.an", Role.OFFICER, tree["a"]),
        ("so.thunghiem", Role.SUPERVISOR, tree["province"]),
        ("xa.binh", Role.OFFICER, tree["b"]),
    ]:
        users[name] = get_user_model().objects.create_user(name, password=PASSWORD)
        RoleAssignment.objects.create(user=users[name], role=role, unit=unit)
    record_values(  # last quarter, shown beside the fields
        [ValueInput(tree["a"], "dvc.dossiers_total", PERIOD.previous(), "80")], Actor("test")
    )
    return tree


def test_officer_submits_supervisor_approves_outsider_is_kept_out(browser, live_server, place):
    a = place["a"]
    # --- the officer: home → form
    page = login(browser, live_server.url, "xa.an")
    shot(page, "01-home-officer")
    page.locator("a", has_text="quý II/2025").first.click()  # the task "Nhập số liệu quý II/2025"
    assert "quý II/2025" in page.inner_text("h1")
    page.click("summary:has-text('Hoạt động chính quyền số')")  # pillars fold; the first is open
    assert "Kỳ trước: 80" in page.inner_text("#f-dvc\\.dossiers_total")
    page.fill("#v-dvc\\.dossiers_total", "100")
    page.fill("#v-dvc\\.dossiers_online", "130")
    assert page.inner_text("#v-dvc\\.online_dossier_rate") == "130%"  # computed live in the page
    page.click("button[value=submit]")
    page.wait_for_load_state()
    message = page.inner_text("#f-dvc\\.dossiers_online")
    assert "tử số 130 lớn hơn mẫu số 100" in message
    shot(page, "02-entry-error")
    page.fill("#v-dvc\\.dossiers_online", "30")
    assert page.inner_text("#v-dvc\\.online_dossier_rate") == "30%"
    page.check("input[name=confirm_incomplete]")  # the quarter's other indicators are still empty
    page.click("button[value=submit]")
    page.wait_for_load_state()
    assert "Đã gửi báo cáo" in page.inner_text(".flash")
    shot(page, "03-entry-submitted")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "04-entry-phone")
    page.context.close()
    assert set(DataValue.objects.filter(unit=a, period=PERIOD.code).values_list("status", flat=True)) == {
        Status.SUBMITTED
    }

    # --- the supervisor: board → entry → approve → dashboard
    page = login(browser, live_server.url, "so.thunghiem")
    page.goto(f"{live_server.url}/board/?period={PERIOD.code}")
    row = page.locator("tr", has_text="Xã An")
    assert "Đã gửi, chờ duyệt" in row.inner_text()
    assert "Quá hạn" in page.locator("tr", has_text="Xã Bình").inner_text()
    shot(page, "05-board")
    row.locator("a").click()
    page.click("button[value=approve]")
    page.wait_for_load_state()
    assert "Đã xử lý" in page.inner_text(".flash")
    assert "🔒" in page.inner_text("#f-dvc\\.dossiers_total")
    assert page.inner_text("#v-dvc\\.online_dossier_rate") == "30%"  # read live from the locked values
    shot(page, "06-entry-approved")
    page.goto(f"{live_server.url}/units/{a.pk}/dashboard/?period={PERIOD.code}")
    assert "Tỷ lệ hồ sơ trực tuyến — 30%" in page.inner_text(".charts")
    shot(page, "07-dashboard")
    page.goto(f"{live_server.url}/compare/?in={place['district'].pk}&period={PERIOD.code}")
    shot(page, "08-compare")
    page.goto(f"{live_server.url}/excel/?unit={a.pk}&period={PERIOD.code}")
    shot(page, "09-excel")
    page.context.close()
    assert set(DataValue.objects.filter(unit=a, period=PERIOD.code).values_list("status", flat=True)) == {
        Status.APPROVED
    }

    # --- another unit's officer cannot reach it
    page = login(browser, live_server.url, "xa.binh")
    for path in (
        f"/units/{a.pk}/entry/?period={PERIOD.code}",
        f"/units/{a.pk}/dashboard/",
        f"/units/{a.pk}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
    page.goto(f"{live_server.url}/board/?period={PERIOD.code}")
    assert "Xã An" not in page.inner_text("table")
    page.context.close()
