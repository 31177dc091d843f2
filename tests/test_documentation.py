"""Every `cds` command and subcommand is documented with an example (README or a linked docs page)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from cds.cli import ALIASES

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PUBLIC_NAME = {internal: public for public, internal in ALIASES.items() if public != "django-check"}


def our_commands() -> list[tuple[str, list[str]]]:
    out = []
    for name, app in sorted(get_commands().items()):
        if not str(app).startswith("cds."):
            continue
        command = load_command_class(app, name)
        parser = command.create_parser("cds", name)
        subs = [
            choice
            for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
            for choice in action.choices
        ]
        out.append((PUBLIC_NAME.get(name, name), subs))
    return out


def documented_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


@pytest.mark.parametrize(("command", "subcommands"), our_commands(), ids=lambda v: str(v))
def test_every_command_and_subcommand_has_an_example(command, subcommands):
    text = documented_text()
    assert re.search(rf"\bcds {re.escape(command)}\b", text), f"`cds {command}` is not documented"
    for sub in subcommands:
        assert re.search(rf"\bcds {re.escape(command)} {re.escape(sub)}\b", text), (
            f"`cds {command} {sub}` is not documented"
        )


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in DOCS[1:]:
        assert f"docs/{page.name}" in readme, f"README does not link docs/{page.name}"


def test_every_setting_read_from_the_environment_is_documented():
    settings_text = (ROOT / "cds" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""["'](CDS_[A-Z_]+)["']""", settings_text))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert names and all(f"`{name}`" in readme for name in names), sorted(
        n for n in names if f"`{n}`" not in readme
    )
