"""Re-importing a file: an unchanged one is recognised without reading it; any change is seen."""

from __future__ import annotations

import os
import shutil

import pytest

from cds.dossiers import importer
from cds.dossiers.importer import import_file
from cds.dossiers.models import DossierImport
from cds.dossiers.store import DossierStore
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


def _copied_later(source, target) -> None:
    """``cp`` / ``cp -r``: the same bytes, every file with a new modification time."""
    if source.is_dir():
        shutil.copytree(source, target, copy_function=shutil.copyfile)
        files = [p for p in target.rglob("*") if p.is_file()]
    else:
        shutil.copyfile(source, target)
        files = [target]
    for path in files:
        later = path.stat().st_mtime_ns + 10**10
        os.utime(path, ns=(later, later))


def test_a_copied_file_into_a_store_copied_with_new_timestamps_is_recognised_by_content(
    tree, store, tmp_path, monkeypatch
):
    path = write_export(tmp_path / "hs.csv", ROWS)
    first = import_file(path, store=store)
    copy, copied_file = DossierStore(tmp_path / "copy"), tmp_path / "copied.csv"
    _copied_later(store.root, copy.root)
    _copied_later(path, copied_file)
    monkeypatch.setattr(importer, "load_raw", lambda *a, **k: pytest.fail("the file was read"))
    again = import_file(copied_file, store=copy)  # before: the partitions' new mtimes read it all again
    assert (again.recognised_as, again.new, again.updated, again.unchanged) == (first.import_id, 0, 0, 3)


def test_a_copied_file_with_one_changed_row_is_read_and_the_change_stored(tree, store, tmp_path):
    import_file(write_export(tmp_path / "hs.csv", ROWS), store=store)
    copy = DossierStore(tmp_path / "copy")
    _copied_later(store.root, copy.root)
    changed = [*ROWS[:2], dossier("HS3", "T99902", received_at="05/05/2023", finished_at="07/05/2023")]
    again = import_file(write_export(tmp_path / "changed.csv", changed), store=copy)
    assert again.recognised_as is None
    assert (again.new, again.updated, again.unchanged) == (0, 1, 2)


def test_an_import_recorded_before_the_stamps_is_still_recognised_by_size_and_time(tree, store, tmp_path):
    path = write_export(tmp_path / "hs.csv", ROWS)
    first = import_file(path, store=store)
    record = DossierImport.objects.get(pk=first.import_id)
    old = {}
    for name in record.store_state:
        info = (store.root / name).stat() if (store.root / name).exists() else None
        old[name] = f"{info.st_size}:{info.st_mtime_ns}" if info else "absent"
    record.store_state = old  # as session 9 recorded them
    record.save()
    assert import_file(path, store=store).recognised_as == first.import_id


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


def test_the_unchanged_years_of_a_cumulative_export_are_recognised_by_their_fingerprints(
    tree, store, tmp_path, monkeypatch
):
    earlier = [dossier(f"A{i}", "T99901", received_at=f"0{1 + i % 9}/0{1 + i % 9}/2022") for i in range(6)]
    earlier += [dossier(f"B{i}", "T99902", received_at=f"1{i % 9}/0{1 + i % 9}/2023") for i in range(5)]
    import_file(write_export(tmp_path / "to-2023.csv", earlier), store=store)
    recognised = []
    real = importer._unchanged_years
    monkeypatch.setattr(
        importer, "_unchanged_years", lambda *a: recognised.append(real(*a)) or recognised[-1]
    )
    # the export a year later: every earlier dossier again (in another order) and 2024's new ones
    later = [*reversed(earlier), dossier("C1", "T99901", received_at="03/02/2024")]
    report = import_file(write_export(tmp_path / "to-2024.csv", later), store=store)
    assert recognised == [{2022, 2023}]
    assert (report.new, report.updated, report.unchanged) == (1, 0, 11)
    # one earlier dossier changed, same number of rows: its year's fingerprint differs, the exact
    # comparison finds it
    changed = [
        dossier("A0", "T99901", received_at="01/01/2022", channel="Trực tiếp"),
        *earlier[1:],
        later[-1],
    ]
    report = import_file(write_export(tmp_path / "fixed.csv", changed), store=store)
    assert recognised[-1] == {2023, 2024}
    assert (report.new, report.updated, report.unchanged) == (0, 1, 11)
