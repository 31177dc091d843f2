"""Day one in real Chromium, on a desktop (1366×768) and on a phone (390×844), in Vietnamese.

The commune officer enters the quarter, fixes the value the form refuses, submits; the province
supervisor finds it on the board and returns it with a reason; the officer reads the reason,
corrects and submits again; the supervisor approves with the button at hand and reads the
dashboard and the comparison; the officer downloads the report. At every step the page never
scrolls sideways and shows no English-only text, no raw code and no database message; each step
is saved to docs/screenshots/ (what docs/web.md shows).

Two more journeys: the supervisor reminds a late commune («Nhắc nhở» on the board) and its officer
reads the notification; the province's administrator (its supervisor, who manages its people)
creates an officer account on /people/, and the new officer logs in with the one-time password
sees their commune's tasks and replaces the temporary password with their own («Đổi mật khẩu»).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.testing import PASSWORD
from cds.lib.periods import parse_period
from cds.notifications.models import Notification
from cds.units.testing import small_tree
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueInput, record_values

from .browsing import DESKTOP, PHONE, SCREENSHOTS, check_page, login, shot

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

    def login(self, username: str, password: str = PASSWORD) -> Any:
        return login(self.browser, self.url, username, password, self.viewport)

    def seen(self, page: Any, what: str, data: frozenset[str] = frozenset()) -> None:
        """The page as a person reads it: fits the screen, in Vietnamese; saved for the docs."""
        check_page(page, "vi", DATA | data)
        self.step += 1
        shot(
            page, f"{self.name}-{self.step:02d}-{what}", SCREENSHOTS, full_page=False
        )  # what the screen shows


def _entry(page: Any, journey: Journey, unit: Any) -> None:
    page.goto(f"{journey.url}/units/{unit.pk}/entry/?period={PERIOD.code}")


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def journey(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Journey:
    """Each journey is walked on a desktop and on a phone."""
    return Journey(browser, live_server, request.param, "desktop" if request.param == DESKTOP else "phone")


def _open_pillar(page: Any, name: str) -> None:
    """Unfold a pillar of the form's core (a pillar with values or problems is open already; the
    same pillar may appear again, folded, under «Chỉ tiêu khác»: the core's comes first)."""
    pillar = page.locator("details.pillar", has_text=name).first
    if pillar.get_attribute("open") is None:
        pillar.locator("summary").click()


def test_an_officer_and_a_supervisor_finish_a_quarter_in_vietnamese(
    journey: Journey, place: dict[str, Any]
) -> None:
    a = place["a"]

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
        approve.is_visible() and approve.bounding_box()["y"] < journey.viewport["height"]
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


def _open_menu(page: Any) -> None:
    """On a phone the header's menu is folded into «Chức năng»: a person opens it first."""
    menu = page.locator("details.menu-box")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def test_a_supervisor_reminds_a_late_commune_and_its_officer_reads_the_reminder(
    journey: Journey, place: dict[str, Any]
) -> None:
    a = place["a"]
    journey.step = 13  # after the quarter's journey, in the same table of docs/web.md

    # --- the quarter's deadline has long passed and Xã An has sent nothing: the board says so
    supervisor = journey.login("so.thunghiem")
    supervisor.goto(f"{journey.url}/board/?period={PERIOD.code}&in={place['province'].pk}")
    row = supervisor.locator("tr", has_text="Xã An")
    assert "Quá hạn" in row.inner_text()
    assert "xa.an" in row.inner_text()  # whom the reminder reaches (no name given: the username)
    journey.seen(supervisor, "supervisor-board-late")
    row.locator("button", has_text="Nhắc nhở").click()
    supervisor.wait_for_load_state()
    assert "Đã nhắc" in supervisor.inner_text(".flash")
    journey.seen(supervisor, "supervisor-reminded")

    # --- the officer sees one unread notice in the header and reads the reminder
    officer = journey.login("xa.an")
    assert officer.locator("a.notify .count").inner_text() == "1"
    _open_menu(officer)
    journey.seen(officer, "officer-notice-count")
    officer.click("a.notify")
    officer.wait_for_load_state()
    notice = officer.inner_text("ul.notifications")
    assert "quá hạn" in notice and PERIOD.label_vi in notice and "so.thunghiem" in notice
    assert "Mới" in notice
    journey.seen(officer, "officer-reminder")
    assert Notification.objects.get(user__username="xa.an", kind="reminder").unit_id == a.pk
    officer.context.close()
    supervisor.context.close()


def test_the_provinces_administrator_creates_an_officer_who_logs_in_and_sees_the_communes_tasks(
    journey: Journey, place: dict[str, Any]
) -> None:
    from cds.units.models import Unit
    from cds.units.names import search_key

    for unit in Unit.objects.all():  # the test factory keys units by code; the national list by name
        Unit.objects.filter(pk=unit.pk).update(search_key=search_key(unit.short_name))
    journey.step = 17
    name = "Trần Thị Bình"

    # --- the administrator opens «Cán bộ đơn vị» from the menu, finds Xã Bình by name and creates its officer
    admin = journey.login("so.thunghiem")
    _open_menu(admin)
    admin.locator("nav.menu a", has_text="Cán bộ đơn vị").click()
    admin.wait_for_load_state()
    admin.fill("#q", "Bình")
    admin.locator("form.search button").click()
    admin.wait_for_load_state()
    pick = admin.locator("label.pick", has_text="Xã Bình").first
    assert "Huyện Mẫu" in pick.inner_text()  # the parents beside the name
    pick.locator("input[type=radio]").check()
    admin.fill("#username", "xa.binh")
    admin.fill("#full_name", name)
    admin.fill("#phone", "0905 111 222")
    admin.fill("#email", "binh@example.vn")
    journey.seen(admin, "admin-new-officer", frozenset({"xa.binh", name, "binh@example.vn"}))
    admin.locator("button[value=create]").click()
    admin.wait_for_load_state()
    password = admin.inner_text("code.secret").strip()
    assert len(password) >= 12
    journey.seen(admin, "admin-officer-created", frozenset({"xa.binh", name, "binh@example.vn", password}))
    user = get_user_model().objects.get(username="xa.binh")
    assert RoleAssignment.objects.filter(user=user, role=Role.OFFICER, unit=place["b"]).exists()

    # --- the new officer logs in with the one-time password and sees Xã Bình's reports to do
    officer = journey.login("xa.binh", password)
    home = officer.inner_text("main")
    assert "Việc cần làm" in home and "Xã Bình" in home and "Xã An" not in home
    assert "Quá hạn" in home  # the legacy commune's last quarters were never sent
    journey.seen(officer, "new-officer-home", frozenset({"xa.binh", name}))
    # --- and replaces the temporary password with their own («Đổi mật khẩu» in the header)
    _open_menu(officer)
    officer.locator("a", has_text="Đổi mật khẩu").first.click()
    officer.wait_for_load_state()
    officer.fill("#current", password)
    officer.fill("#new", "Sen-vang-Hoa-4719!")
    officer.fill("#repeat", "Sen-vang-Hoa-4719!")
    officer.locator("main button.primary").click()
    officer.wait_for_url(f"{journey.url}/")  # back home, still signed in
    assert "Đã đổi mật khẩu." in officer.inner_text("main")
    journey.seen(officer, "new-officer-password-changed", frozenset({"xa.binh", name}))
    user.refresh_from_db()
    assert user.check_password("Sen-vang-Hoa-4719!") and not user.check_password(password)
    _open_menu(officer)
    officer.locator("nav.menu a", has_text="Nhập số liệu").first.click()
    officer.wait_for_load_state()
    assert f"/units/{place['b'].pk}/entry/" in officer.url and "Xã Bình" in officer.inner_text("main")
    admin.context.close()
    officer.context.close()
