"""Every page template in real Chromium on a 390 px phone, as the unit's officer and as its
supervisor: the page never scrolls sideways, and axe-core finds no serious or critical
accessibility violation (labels, contrast, names of buttons and links, landmarks …).

The pages are the page matrix's (tests/test_page_matrix.py, enumerated from the URL resolver),
plus the login page and the «not found» page.
"""

from __future__ import annotations

from pathlib import Path
from pprint import pformat
from typing import Any

import pytest

from tests import test_page_matrix as matrix

from .browsing import DESKTOP, PHONE, axe_violations, overflow, wider_elements

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
NOT_PAGES = {"web:late_export", "web:excel_template", "reports:download", "dti:history_chart",
             "dti:distribution_chart"}  # fmt: skip


@pytest.fixture
def world(tmp_path: Path, settings: Any) -> dict[str, Any]:
    """The page matrix's people and registers, built for each test and committed: the live server
    reads them through a connection of its own."""
    return matrix.fresh_world(tmp_path, settings)


def _pages(world: dict[str, Any]) -> list[tuple[str, str]]:
    unit = world["tree"]["a"]
    pages = [(route, build(unit, world["registers"])) for route, build in matrix.UNIT_PAGES.items()]
    pages += list(matrix.LIST_PAGES.items())
    pages.append(("404", "/units/999999/entry/"))
    return sorted((route, url) for route, url in pages if route not in NOT_PAGES)


def _context(browser: Any, live_server: Any, client: Any = None, viewport: Any = PHONE) -> Any:
    # axe is injected as a script of its own: the pages' policy forbids that, rightly, for anyone else
    context = browser.new_context(viewport=viewport, locale="vi-VN", bypass_csp=True)
    if client is not None:
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    return context


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize("who", ["officer", "supervisor"])
def test_every_page_fits_a_phone_and_has_no_serious_accessibility_violation(
    browser: Any, live_server: Any, builtin_catalogs: None, world: dict[str, Any], who: str, viewport: Any
) -> None:
    context = _context(browser, live_server, world["clients"][who], viewport)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for route, url in _pages(world):
        page.goto(f"{live_server.url}{url}")
        wrong = axe_violations(page)
        if overflow(page) > 0:
            wrong.append(f"{overflow(page)} px wider than the phone: {wider_elements(page)}")
        if wrong:
            found[f"{route} {url}"] = wrong
    context.close()
    assert found == {}, pformat(found, width=150)


def test_the_login_page_fits_a_phone_and_has_no_serious_accessibility_violation(
    browser: Any, live_server: Any
) -> None:
    context = _context(browser, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == [] and overflow(page) <= 0
    context.close()


def test_on_a_phone_the_header_is_short_and_its_menu_opens_on_a_tap(
    browser: Any, live_server: Any, builtin_catalogs: None, world: dict[str, Any]
) -> None:
    context = _context(browser, live_server, world["clients"]["supervisor"])
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.locator("header.bar").bounding_box()["height"] <= 100
    link = page.locator("nav.menu a", has_text="Danh mục chỉ tiêu")
    assert not link.is_visible()
    page.click("details.menu-box > summary")
    assert link.is_visible() and overflow(page) <= 0
    page.screenshot(path=str(SHOTS / "phone-00-header-menu-open.png"))
    context.close()
    desktop = _context(browser, live_server, world["clients"]["supervisor"], DESKTOP)
    wide = desktop.new_page()
    wide.goto(f"{live_server.url}/")
    assert wide.locator("nav.menu a", has_text="Danh mục chỉ tiêu").is_visible()  # open on a desktop
    assert not wide.locator("details.menu-box > summary").is_visible()
    wide.screenshot(path=str(SHOTS / "desktop-00-header.png"))
    desktop.close()
