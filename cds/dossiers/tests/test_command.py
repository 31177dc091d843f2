"""``cds dvc`` through Django's command runner: all-or-nothing imports, skip-bad-rows, comparisons."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cds.dossiers.models import DossierImport

from .helpers import dossier, write_export


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("dvc", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_refuses_a_file_with_a_bad_row_and_skip_bad_rows_takes_the_good_ones(tree, store, tmp_path):
    path = write_export(
        tmp_path / "a.csv", [dossier("HS1", "T99901"), dossier("HS2", "T99901", channel="Fax")]
    )
    out = io.StringIO()
    with pytest.raises(
        CommandError, match=r"Refused: a\.csv"
    ):  # a refused file is a failed command (exit ≠ 0)
        call_command("dvc", "import", str(path), "--store", str(store.root), "--no-values", stdout=out)
    out = out.getvalue()
    assert "nothing imported" in out and "dòng/row 3, cột/column channel, «Fax»" in out
    assert store.files() == [] and DossierImport.objects.count() == 0
    out = run("import", str(path), "--store", str(store.root), "--no-values", "--skip-bad-rows")
    assert "1 new" in out and DossierImport.objects.count() == 1


def test_kpi_prints_the_comparisons_with_the_previous_period_and_last_year(tree, store, tmp_path):
    rows = [
        dossier("HS1", "T99901", received_at="10/03/2023"),
        dossier("HS2", "T99901", received_at="10/06/2023"),
    ]
    rows += [dossier("HS3", "T99901", received_at="11/06/2023", channel="Trực tiếp")]
    run("import", str(write_export(tmp_path / "a.csv", rows)), "--store", str(store.root), "--no-values")
    out = run("kpi", "--unit", "T99901", "--period", "2023Q2", "--store", str(store.root))
    assert "So sánh / comparison" in out
    assert "tăng gấp 2 lần so với quý I/2023" in out  # 2 dossiers in Q2 against 1 in Q1 (as reports say it)
    assert "không so sánh được với quý II/2022" in out
