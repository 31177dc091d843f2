"""Re-importing a file: an unchanged one is recognised without reading it; any change is seen."""

from __future__ import annotations

import pytest

from cds.dossiers import importer
from cds.dossiers.importer import import_file
from cds.dossiers.models import DossierImport
from cds.units.models import bump_reference_version

from .helpers import dossier, write_export

ROWS = [
    dossier("HS1", "T99901"),
    dossier("HS2", "T99902", received_at="02/01/2024"),
    dossier("HS3", "T99902", received_at="05/05/2023", finished_at="06/05/2023"),
]


def test_the_same_file_again_is_recognised_without_reading_it(tree, store, tmp_path, monkeypatch):
    path = write_export(tmp_path / "hs.csv", ROWS)
    first = import_file(path, store=store)
    assert first.new == 3
    monkeypatch.setattr(importer, "load_raw", lambda *a, **k: pytest.fail("the file was read"))
    again = import_file(path, store=store)
    assert (again.recognised_as, again.new, again.updated, again.unchanged) == (first.import_id, 0, 0, 3)
    assert (again.rows_total, again.rows_accepted, again.rows_rejected) == (3, 3, 0)
    assert "không cần đọc lại" in again.summary_vi() and "not read again" in again.summary_en()
    assert DossierImport.objects.count() == 1


def test_a_file_whose_dossiers_another_import_changed_is_read_and_restores_them(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS)
    import_file(path, store=store)
    other = import_file(
        write_export(tmp_path / "other.csv", [dossier("HS3", "T99902", channel="Trực tiếp")]), store=store
    )
    assert other.updated == 1
    again = import_file(path, store=store)
    assert again.recognised_as is None
    assert (again.new, again.updated, again.unchanged) == (0, 1, 2)
    # and now that it is the last writer of its partitions, a third time is recognised
    assert import_file(path, store=store).recognised_as == again.import_id


def test_a_changed_unit_registry_or_other_options_read_the_file_again(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS)
    import_file(path, store=store)
    assert import_file(path, store=store, within=tree["province"]).recognised_as is None
    bump_reference_version("units")
    assert import_file(path, store=store).recognised_as is None


def test_a_store_partition_removed_by_hand_is_noticed(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS)
    import_file(path, store=store)
    store.files()[0].unlink()
    again = import_file(path, store=store)
    assert again.recognised_as is None and again.new > 0
