"""Day one in real Chromium, on a desktop (1366×768) and on a phone (390×844), in Vietnamese.

The commune officer enters the quarter, fixes the value the form refuses, submits; the province
supervisor finds it on the board and returns it with a reason; the officer reads the reason,
corrects and submits again; the supervisor approves with the button at hand and reads the
dashboard and the comparison; the officer downloads the report. At every step the page never
scrolls sideways and shows no English-only text, no raw code and no database message; each step
is saved to docs/screenshots/ (what docs/web.md shows).

Not here yet (issue #16, the "home" slice): reminders of late units and an administrator creating
an officer account — the app has no page for either today.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.testing import PASSWORD
from cds.lib.periods import parse_period
from cds.units.testing import small_tree
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueInput, record_values

from .browsing import DESKTOP, PHONE, SCREENSHOTS, check_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PERIOD = parse_period("2025Q2")
REASON = "Số hồ sơ trực tuyến chưa khớp sổ theo dõi của bộ phận một cửa"
# what people of the journey typed or are called: their own data, read as it is
DATA = frozenset({"xa.an", "so.thunghiem", REASON})


@pytest.fixture
def place(builtin_catalogs: None) -> dict[str, Any]:
    tree = small_tree()
    for name, role, unit in [
        ("xa.an", Role.OFFICER, tree["a"]),
        ("so.thunghiem", Role.SUPERVISOR, tree["province"]),
    ]:
        user = get_user_model().objects.create_user(name, password=PASSWORD)
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", PERIOD.previous(), "80")], Actor("test"))
    return tree


class Journey:
    def __init__(self, browser: Any, live_server: Any, viewport: dict[str, int], name: str) -> None:
        self.browser, self.url, self.viewport, self.name = browser, live_server.url, viewport, name
        self.step = 0

    def login(self, username: str) -> Any:
        context = self.browser.new_context(viewport=self.viewport, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{self.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("form.login button")
        page.wait_for_url(f"{self.url}/")
        return page

    def seen(self, page: Any, what: str) -> None:
        """The page as a person reads it: fits the screen, in Vietnamese; saved for the docs."""
        check_page(page, "vi", DATA)
        self.step += 1
        shot(
            page, f"{self.name}-{self.step:02d}-{what}", SCREENSHOTS, full_page=False
        )  # what the screen shows


def _entry(page: Any, journey: Journey, unit: Any) -> None:
    page.goto(f"{journey.url}/units/{unit.pk}/entry/?period={PERIOD.code}")


def _open_pillar(page: Any, name: str) -> None:
    """Unfold a pillar of the form (a pillar with values or problems is open already)."""
    pillar = page.locator("details.pillar", has_text=name)
    if pillar.get_attribute("open") is None:
        pillar.locator("summary").click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_officer_and_a_supervisor_finish_a_quarter_in_vietnamese(
    browser: Any, live_server: Any, place: dict[str, Any], viewport: dict[str, int]
) -> None:
    a = place["a"]
    journey = Journey(browser, live_server, viewport, "desktop" if viewport == DESKTOP else "phone")

    # --- the officer enters the quarter; the form refuses 130 online of 100 and says why
    officer = journey.login("xa.an")
    journey.seen(officer, "officer-home")
    _entry(officer, journey, a)
    assert "quý II/2025" in officer.inner_text("h1")
    _open_pillar(officer, "Hoạt động chính quyền số")
    officer.fill("#v-dvc\\.dossiers_online", "08/09")  # «8 of 9», read live as the server records it
    assert officer.inner_text("#v-dvc\\.online_dossier_rate") == "88,89%"
    officer.fill("#v-dvc\\.dossiers_total", "100")  # a total typed too: 8 of 100
    assert officer.inner_text("#v-dvc\\.online_dossier_rate") == "8%"
    officer.fill("#v-dvc\\.dossiers_online", "130")
    assert officer.inner_text("#v-dvc\\.online_dossier_rate") == "130%"
    officer.click("button[value=submit]")
    officer.wait_for_load_state()
    assert "tử số 130 lớn hơn mẫu số 100" in officer.inner_text("#f-dvc\\.dossiers_online")
    journey.seen(officer, "officer-entry-error")
    officer.fill("#v-dvc\\.dossiers_online", "30")
    officer.click("button[value=submit]")
    officer.wait_for_load_state()
    # most of the quarter's indicators are still empty: the form says so and asks for a confirmation
    assert "còn thiếu" in officer.inner_text(".flash")
    journey.seen(officer, "officer-entry-incomplete")
    officer.check("input[name=confirm_incomplete]")
    officer.click("button[value=submit]")
    officer.wait_for_load_state()
    assert "Đã gửi báo cáo" in officer.inner_text(".flash")
    journey.seen(officer, "officer-submitted")

    # --- the supervisor finds it on the board and returns it with a reason
    supervisor = journey.login("so.thunghiem")
    supervisor.goto(f"{journey.url}/board/?period={PERIOD.code}")
    assert "Đã gửi, chờ duyệt" in supervisor.locator("tr", has_text="Xã An").inner_text()
    journey.seen(supervisor, "supervisor-board")
    supervisor.locator("tr", has_text="Xã An").locator("a").first.click()
    supervisor.wait_for_load_state()
    approve = supervisor.locator(".review-bar button[value=approve]")
    assert (
        approve.is_visible() and approve.bounding_box()["y"] < viewport["height"]
    )  # at hand, not 13.500 px down
    journey.seen(supervisor, "supervisor-review")
    supervisor.click(".review-bar a[href='#review']")
    supervisor.fill("#return-reason", REASON)
    supervisor.click("button[value=return]")
    supervisor.wait_for_load_state()
    assert "Đã xử lý" in supervisor.inner_text(".flash")
    assert set(DataValue.objects.filter(unit=a, period=PERIOD.code).values_list("status", flat=True)) == {
        Status.RETURNED
    }

    # --- the officer sees the return and its reason, corrects and submits again
    _entry(officer, journey, a)
    assert "Bị trả lại" in officer.inner_text(".status-line")
    assert REASON in officer.inner_text("main")  # the reason at the top of the form, not only in history
    journey.seen(officer, "officer-returned")
    officer.goto(f"{journey.url}/units/{a.pk}/history/?period={PERIOD.code}")
    assert REASON in officer.inner_text("main")
    journey.seen(officer, "officer-return-reason")
    _entry(officer, journey, a)
    _open_pillar(officer, "Hoạt động chính quyền số")
    officer.fill("#v-dvc\\.dossiers_online", "35")
    officer.check("input[name=confirm_incomplete]")
    officer.click("button[value=submit]")
    officer.wait_for_load_state()
    assert "Đã gửi báo cáo" in officer.inner_text(".flash")

    # --- the supervisor approves and reads the dashboards
    _entry(supervisor, journey, a)
    supervisor.click(".review-bar button[value=approve]")
    supervisor.wait_for_load_state()
    assert "Đã xử lý" in supervisor.inner_text(".flash")
    journey.seen(supervisor, "supervisor-approved")
    supervisor.goto(f"{journey.url}/units/{a.pk}/dashboard/?period={PERIOD.code}")
    assert "Tỷ lệ hồ sơ trực tuyến — 35%" in supervisor.inner_text(".charts")
    journey.seen(supervisor, "supervisor-dashboard")
    supervisor.goto(f"{journey.url}/compare/?in={place['district'].pk}&period={PERIOD.code}")
    journey.seen(supervisor, "supervisor-compare")
    assert set(DataValue.objects.filter(unit=a, period=PERIOD.code).values_list("status", flat=True)) == {
        Status.APPROVED
    }

    # --- the officer downloads the quarter's report (a draft: the other sections' figures are not in)
    officer.goto(f"{journey.url}/reports/{a.pk}/{PERIOD.code}/")
    journey.seen(officer, "officer-report")
    officer.check("input[name=include_unapproved]")
    officer.locator("button", has_text="DOCX").first.click()
    officer.wait_for_load_state()
    # the sections the unit writes itself are still empty: the page says so before the file is had
    assert "Báo cáo chưa sẵn sàng ký" in officer.inner_text("h1")
    journey.seen(officer, "officer-report-not-ready")
    with officer.expect_download() as download:
        officer.locator("a", has_text="Vẫn tải bản chưa sẵn sàng ký").click()
    assert download.value.suggested_filename.endswith(".docx")
    officer.context.close()
    supervisor.context.close()
