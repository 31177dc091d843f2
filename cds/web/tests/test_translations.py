"""The English switch: every marked string has a translation, and the compiled .mo is up to date.

The .mo files are committed (CI needs no gettext tools); this test fails when a .po was edited
and not recompiled (`msgfmt -o django.mo django.po` in cds/<app>/locale/en/LC_MESSAGES). Every
app's catalog is checked (cds/web, cds/registries, …).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"
CATALOGS = sorted(Path(__file__).resolve().parents[2].glob("*/locale/en/LC_MESSAGES"))


def read_po(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d\]) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):  # a context's entry is keyed as gettext keys it: "context\x04msgid"
            key = f"{fields['msgctxt']}\x04{fields['msgid']}" if "msgctxt" in fields else fields["msgid"]
            entries[key] = fields.get("msgstr", fields.get("msgstr[0]", ""))
    return entries


def test_every_app_with_templates_of_its_own_has_its_catalog():
    assert {path.parents[2].name for path in CATALOGS} >= {"web", "registries", "dti"}


@pytest.mark.parametrize("locale", CATALOGS, ids=lambda path: path.parents[2].name)
def test_every_string_is_translated_and_the_compiled_catalog_matches(locale):
    source = read_po(locale / "django.po")
    assert source and all(source.values()), [k for k, v in source.items() if not v]
    with open(locale / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = {k: v for k, v in source.items() if compiled.gettext(k) != v}
    assert not stale, f"recompile django.mo: {list(stale)[:5]}"
