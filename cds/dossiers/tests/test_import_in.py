"""Issue 15: every import that takes unit names has ``--in``/``--province``; ``cds dvc import``
had ``--province`` only."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import dossier, write_export


def _import(path, store, *scope: str) -> str:
    out = io.StringIO()
    call_command("dvc", "import", str(path), "--store", str(store.root), "--no-values", *scope, stdout=out)
    return out.getvalue()


def test_dvc_import_takes_in_like_the_other_imports(tree, store, tmp_path):
    path = write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")])
    assert "1 new" in _import(path, store, "--in", tree["province"].code)


def test_a_scope_naming_no_province_is_refused_in_both_languages(tree, store, tmp_path):
    path = write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")])
    with pytest.raises(CommandError, match=r"không tìm thấy.* / .*no administrative unit"):
        _import(path, store, "--in", "Tỉnh Không Có Thật")
