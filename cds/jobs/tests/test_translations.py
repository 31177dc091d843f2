"""The jobs pages' English: every string their templates mark (and the menu's link, the status and
kind labels) has a translation in the app's catalogue, and the compiled .mo is up to date."""

import gettext
import re
from pathlib import Path

from cds.jobs.models import Kind, Status
from cds.web.tests.test_translations import read_po

APP = Path(__file__).resolve().parents[1]
LOCALE = APP / "locale" / "en" / "LC_MESSAGES"


def test_every_marked_string_of_the_jobs_pages_is_translated_and_compiled():
    source = read_po(LOCALE / "django.po")
    marked = {
        m
        for t in (APP / "templates").rglob("*.html")
        for m in re.findall(r'translate "([^"]+)"', t.read_text())
    }
    labels = {label for _, label in (*Status.choices, *Kind.choices)}
    missing = sorted((marked | labels | {"Việc chạy nền"}) - {k for k, v in source.items() if v})
    assert not missing
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert {k: v for k, v in source.items() if compiled.gettext(k) != v} == {}
