"""Faults: two-digit years refused, and an import killed between the store and the KPI values."""

from __future__ import annotations

import io

import pyarrow as pa
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

from cds.dossiers import publish as publish_module
from cds.dossiers.importer import import_file, import_table
from cds.dossiers.models import DossierRefresh
from cds.dossiers.publish import finish_pending
from cds.values.models import DataValue

from .helpers import dossier, write_export


def test_a_two_digit_year_is_refused_naming_row_column_and_value(tree, store, tmp_path):
    rows = [dossier("HS1", "T99901"), dossier("HS2", "T99901", received_at="22/05/25", due_at="30/05/25")]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store)
    assert report.refused and store.files() == []
    found = {(e.row, e.column, e.value) for e in report.errors}
    assert (3, "received_at", "22/05/25") in found and (3, "due_at", "30/05/25") in found
    error = next(e for e in report.errors if e.column == "received_at")
    assert "2 chữ số" in error.reason_vi and "two-digit year" in error.reason_en


def test_a_two_digit_year_with_a_time_is_refused_too(tree, store, tmp_path):
    rows = [dossier("HS1", "T99901", received_at="22/05/25 08:30")]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store)
    assert [(e.column, e.value) for e in report.errors] == [("received_at", "22/05/25 08:30")]


def test_a_two_digit_year_is_refused_on_the_in_memory_path(tree, store):
    table = pa.table({k: [v] for k, v in dossier("HS1", "T99901", received_at="01/02/23").items()})
    report = import_table(table, file_name="demo", store=store)
    assert report.refused and report.errors[0].column == "received_at"


def test_four_digit_years_still_import(tree, store, tmp_path):
    report = import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
    assert not report.refused and report.new == 1


def _kpi_values(unit):
    return dict(
        DataValue.objects.filter(unit=unit, period="2023Q1", indicator__code__startswith="dvc.").values_list(
            "indicator__code", "number"
        )
    )


def test_a_crash_between_the_store_and_the_kpi_values_is_finished_by_the_next_run(
    tree, store, tmp_path, monkeypatch
):
    path = write_export(tmp_path / "a.csv", [dossier("HS1", "T99901"), dossier("HS2", "T99902")])

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(publish_module, "record_values", locked)
    err = io.StringIO()
    call_command("dvc", "import", str(path), "--store", str(store.root), stdout=io.StringIO(), stderr=err)
    assert "database is locked" in err.getvalue()
    assert store.files()  # the store was written …
    assert _kpi_values(tree["province"]) == {}  # … the values were not
    pending = DossierRefresh.objects.get()
    assert pending.done_at is None and pending.attempts == 1

    monkeypatch.undo()
    out = io.StringIO()
    call_command("dvc", "import", str(path), "--store", str(store.root), stdout=out)
    text = out.getvalue()
    assert "finished a pending refresh" in text  # the re-run says what it completed …
    assert "0 new, 0 updated, 2 unchanged" in text  # … though the file itself is unchanged
    assert _kpi_values(tree["province"])["dvc.dossiers_total"] == 2
    assert DossierRefresh.objects.get().done_at is not None


def test_recompute_rewrites_a_provinces_values_and_clears_what_was_pending(
    tree, store, tmp_path, monkeypatch
):
    path = write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")])
    report = import_file(path, store=store)  # a kill right after: nothing recomputed yet
    assert DossierRefresh.objects.filter(done_at__isnull=True).count() == 1
    assert report.refresh_id
    out = io.StringIO()
    call_command(
        "dvc", "recompute", "--province", "T99", "--year", "2023", "--store", str(store.root), stdout=out
    )
    assert _kpi_values(tree["province"])["dvc.dossiers_total"] == 1
    assert not DossierRefresh.objects.filter(done_at__isnull=True).exists()
    assert finish_pending(store) == []


def test_recompute_of_a_province_never_imported_is_a_clear_error(tree, store):
    with pytest.raises(CommandError, match="No dossier import"):
        call_command("dvc", "recompute", "--province", "T99", "--year", "2023", "--store", str(store.root))
