"""Real Chromium for the browser tests (Debian's /usr/bin/chromium driven by Playwright; it never
downloads a browser of its own), and what every page must be in it: no sideways scrolling of the
page, no English-only text or raw code on a Vietnamese page, no serious or critical axe-core
violation (axe-core from the repository's node_modules, installed by `make`; never a CDN)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cds.accounts.testing import PASSWORD

from .language import problems

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = os.environ.get("CDS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("CDS_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:  # a Playwright Browser
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    # Playwright's sync API runs an event loop; allow the ORM in it for these tests only, and take
    # the switch away afterwards so it never leaks into later tests (e.g. the deploy check).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def login(
    browser: Any, url: str, username: str, password: str = PASSWORD, viewport: dict[str, int] | None = None
) -> Any:
    """A new page signed in as ``username`` through the login form, as a person signs in (``url``:
    the live server's), in Vietnamese at ``viewport`` (default 1200×900)."""
    context = browser.new_context(viewport=viewport or {"width": 1200, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.login button")
    page.wait_for_url(f"{url}/")
    return page


def shot(page: Any, name: str, folder: Path = ARTIFACTS, full_page: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: it never scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def wider_elements(page: Any) -> list[str]:
    """The elements that reach past the window's right edge (to say what overflows)."""
    return page.evaluate(
        """() => { const w = document.documentElement.clientWidth; const out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > w + 1 && !el.closest('.scroll') && getComputedStyle(el).position !== 'fixed')
            out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' '
                     + String(el.className) + ' ' + Math.round(r.right));
          if (out.length > 8) break; } return out; }"""
    )


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of ``impacts`` on the page as it is (WCAG 2 A/AA rules)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-packages` (npm ci) first")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def check_page(page: Any, language: str = "vi", data: frozenset[str] = frozenset()) -> None:
    """A page a person reads: never wider than the window, and in their language."""
    assert overflow(page) <= 0, (page.url, overflow(page), wider_elements(page))
    found = problems(page.content(), language, data)
    assert found == [], (page.url, found)
