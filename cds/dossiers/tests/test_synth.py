"""The synthetic generator: deterministic, chunked for large files, importable as written."""

from __future__ import annotations

import datetime as dt

import duckdb

from cds.dossiers.importer import import_file, import_table
from cds.dossiers.synth import generate, write_synthetic


def test_a_chunked_file_is_deterministic_with_unique_codes_and_imports_cleanly(tree, store, tmp_path):
    first, again = tmp_path / "a.csv", tmp_path / "b.csv"
    assert write_synthetic(tree["province"], 2024, 2_500, first, seed="s", chunk_rows=1_000) == 2_500
    write_synthetic(tree["province"], 2024, 2_500, again, seed="s", chunk_rows=1_000)
    assert first.read_bytes() == again.read_bytes()
    rows, codes = duckdb.sql(
        f"SELECT count(*), count(DISTINCT \"Mã hồ sơ\") FROM read_csv('{first}')"
    ).fetchone()
    assert rows == codes == 2_500
    report = import_file(first, store=store)
    assert (report.rows_rejected, report.new) == (0, 2_500)


def test_one_chunk_is_exactly_the_generated_table(tree):
    table = generate(tree["province"], 2023, 500, seed="x")
    assert table.num_rows == 500 and table.column("dossier_code")[0].as_py().startswith("T99-2023-")
    assert table.equals(generate(tree["province"], 2023, 500, seed="x"))


def test_every_former_province_s_2025_export_imports_whole_after_the_merger(units, store):
    """A province whose code today's map did not keep (Hà Giang, now in Tuyên Quang) receives its
    dossiers from 1/7/2025 through the communes its own communes became; before, its code was
    written as the receiving unit and the whole export was refused (580.000 of 1,26M dossiers of
    the national synthetic set never stored)."""
    from cds.units.models import Era, Level, Unit, UnitLineage

    ha_giang = Unit.objects.get(code="02", era=Era.LEGACY, level=Level.PROVINCE)
    table = generate(ha_giang, 2025, 600, seed="merged")
    report = import_table(table, file_name="ha-giang-2025", store=store)
    assert (report.refused, report.rows_rejected, report.new) == (False, 0, 600), report.errors[:2]
    after = [
        u.as_py()
        for u, day in zip(table.column("unit"), table.column("received_at"), strict=True)
        if day.as_py().date() >= dt.date(2025, 7, 1)
    ]
    successors = set(
        UnitLineage.objects.filter(old__path__startswith=ha_giang.path, is_primary=True).values_list(
            "new__code", flat=True
        )
    )
    assert after and set(after) <= successors
    assert report.provinces == ["02", "08"]  # its own partition to June, today's Tuyên Quang after


def test_a_province_that_kept_its_code_still_receives_through_today_s_province(units):
    """The demo's path: Quảng Ngãi (51) continues under its code, over all of today's Quảng Ngãi."""
    from cds.units.models import Era, Level, Unit

    legacy = Unit.objects.get(code="51", era=Era.LEGACY, level=Level.PROVINCE)
    current = Unit.objects.get(code="51", era=Era.CURRENT, level=Level.PROVINCE)
    table = generate(legacy, 2025, 3_000, seed="kept")
    today = set(
        Unit.objects.filter(path__startswith=current.path, level=Level.COMMUNE).values_list("code", flat=True)
    )
    after = {
        u.as_py()
        for u, day in zip(table.column("unit"), table.column("received_at"), strict=True)
        if day.as_py().date() >= dt.date(2025, 7, 1)
    }
    assert after <= today and len(after) > 50
