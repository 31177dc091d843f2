"""An import killed while it moves its new partitions into the store (after some files moved, before
the rest or before the database committed) is finished by the next run: the store and the import's
record agree, and the KPI values are those of an uninterrupted import."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NoReturn

import pytest
from django.core.management import call_command

from cds.dossiers import importer
from cds.dossiers.importer import import_file
from cds.dossiers.models import DossierImport, DossierRefresh
from cds.units.models import Unit
from cds.values.models import DataValue

from .helpers import dossier, write_export


class Killed(BaseException):
    """kill -9 as seen from inside: nothing after this point runs (no ``finally`` either)."""


@pytest.fixture
def killed_after_first_move(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_replace = importer.os.replace

    def replace_then_die(source: str, target: str) -> NoReturn:
        real_replace(source, target)
        raise Killed

    monkeypatch.setattr(importer.os, "replace", replace_then_die)
    monkeypatch.setattr(importer.shutil, "rmtree", lambda *a, **k: None)  # a killed process cleans nothing
    yield
    monkeypatch.undo()


def _rows() -> list[dict[str, str]]:
    # two years: two partitions to move, so a kill can land between them
    return [
        dossier("HS1", "T99901"),
        dossier("HS2", "T99902", received_at="10/03/2024 08:00"),
        dossier("HS3", "T99901", received_at="11/04/2024 09:00"),
    ]


def _kpis(tree: dict[str, Unit]) -> dict[str, Decimal | None]:
    return dict(
        DataValue.objects.filter(unit=tree["province"], indicator__code="dvc.dossiers_total").values_list(
            "period", "number"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_between_two_partition_moves_is_finished_by_the_next_run(
    tree, store, tmp_path, killed_after_first_move, monkeypatch, builtin_catalogs
):
    path = write_export(tmp_path / "a.csv", _rows())
    with pytest.raises(Killed):
        import_file(path, store=store)
    monkeypatch.undo()

    out = io.StringIO()
    call_command("dvc", "import", str(path), "--store", str(store.root), stdout=out, stderr=io.StringIO())
    assert len(store.files()) == 2  # both years in the store …
    assert DossierImport.objects.count() == 1  # … recorded once …
    assert not DossierRefresh.objects.filter(done_at__isnull=True).exists()  # … and recomputed
    assert _kpis(tree)["2023"] == 1 and _kpis(tree)["2024"] == 2
    assert list(store.root.glob(".staging-*")) == []


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_before_its_commit_leaves_the_store_as_before_and_the_next_run_imports_it(
    tree, store, tmp_path, monkeypatch, builtin_catalogs
):
    path = write_export(tmp_path / "a.csv", _rows())
    real_journal = importer._write_journal

    def journal_then_die(*args: Any) -> NoReturn:
        real_journal(*args)
        raise Killed

    monkeypatch.setattr(importer, "_write_journal", journal_then_die)
    monkeypatch.setattr(importer.shutil, "rmtree", lambda *a, **k: None)
    with pytest.raises(Killed):
        import_file(path, store=store)
    monkeypatch.undo()
    assert (
        store.files() == [] and not DossierImport.objects.exists()
    )  # before: nothing moved, nothing recorded
    assert len(list(store.root.glob(".staging-*"))) == 1  # a killed process cleaned nothing

    call_command(
        "dvc", "import", str(path), "--store", str(store.root), stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert len(store.files()) == 2 and DossierImport.objects.count() == 1
    assert _kpis(tree)["2023"] == 1 and _kpis(tree)["2024"] == 2
    assert list(store.root.glob(".staging-*")) == []
