"""The catalog page in real headless Chromium: readable at 1366×768, and at 390×844 the page never
scrolls sideways — the wide table scrolls inside its own box. Screenshots go to var/test-artifacts/
(copies in docs/screenshots/catalog-*.png)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.testing import PASSWORD
from cds.units.testing import small_tree

from .browsing import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def officer(builtin_catalogs):
    tree = small_tree()
    user = get_user_model().objects.create_user("xa.an", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["a"])
    return user


def test_the_catalog_page_searches_and_fits_a_phone(browser, live_server, officer):
    page = login(browser, live_server.url, "xa.an")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("nav.menu a:has-text('Danh mục chỉ tiêu')")
    page.fill("#q", "ty le ho so truc tuyen")
    page.click("form.catalog-search button")
    page.wait_for_load_state()
    assert "Tỷ lệ hồ sơ trực tuyến" in page.inner_text("#i-dvc\\.online_dossier_rate")
    shot(page, "catalog-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/catalog/?q=thon")
    widths = page.evaluate(
        """() => {
          const box = document.querySelector('.catalog-table');
          return {page: document.documentElement.scrollWidth, view: window.innerWidth,
                  box: box.clientWidth, table: box.scrollWidth};
        }"""
    )
    assert widths["page"] <= widths["view"], widths  # the page itself never scrolls sideways
    assert widths["table"] > widths["box"], widths  # the table scrolls inside its box
    shot(page, "catalog-390")
    page.context.close()


# Every word of the short-word columns (name, unit, kind, levels, other names) drawn on one line;
# the formula, the source (file names such as «docs/sources/bo-chi-so-cap-huyen-xa.md») and the
# code may wrap a long token where they must
BROKEN_WORDS = r"""() => {
  const broken = [];
  const short = 'table.catalog td:nth-child(-n+3), table.catalog td:nth-child(5), table.catalog td:nth-child(7)';
  for (const cell of document.querySelectorAll(short)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('code')) continue;
      for (const m of node.data.matchAll(/\p{L}{2,}/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken.slice(0, 10);
}"""


def test_no_vietnamese_word_of_the_catalog_table_is_cut_across_two_lines(browser, live_server, officer):
    """QA screenshot at 1366×900: the unit column read «phư / ờng», the aliases «phườ / ng» — a
    cell's text could break anywhere, so the narrow columns shrank to a few letters."""
    page = login(browser, live_server.url, "xa.an")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/catalog/")
        assert page.evaluate(BROKEN_WORDS) == []
    # and at 1366 px it still fits its box: no sideways scroll on a desktop (the first cure did)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/catalog/")
    fit = "() => [...document.querySelectorAll('.catalog-table')].every(b => b.scrollWidth <= b.clientWidth)"
    assert page.evaluate(fit)
    page.context.close()


# lines the code column's header is drawn on, and its words
CODE_HEADER_LINES = r"""() => {
  const th = document.querySelector('table.catalog th:nth-child(8)');
  const range = document.createRange();
  range.selectNodeContents(th);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [lines.size, th.innerText.trim().split(/\s+/).length];
}"""


def test_the_code_column_header_is_not_stacked_one_word_per_line(browser, live_server, officer):
    """s14 screenshot at 1366 px: «Mã / chỉ / tiêu / (cột / «Mã / …» one word per line (12 lines for
    11 words) — the codes wrap anywhere, so the table shrank their column to a few letters. Now
    at least two words a line at 1366 and 390 px, and the table still fits its box at 1366."""
    page = login(browser, live_server.url, "xa.an")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/catalog/")
        lines, words = page.evaluate(CODE_HEADER_LINES)
        assert words >= 2 * lines, (width, lines, words)
        if width == 1366:  # and the wider column did not push the table past its box
            fit = "() => [...document.querySelectorAll('.catalog-table')].every(b => b.scrollWidth <= b.clientWidth)"
            assert page.evaluate(fit)
    page.context.close()
