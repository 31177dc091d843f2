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


def test_the_synthetic_export_says_who_decides_each_dossier_so_the_authority_kpis_have_data(
    tree, store, tmp_path
):
    """«Thẩm quyền» per procedure: where it is received, but liên thông procedures decided above the
    commune (monthly social allowance: the district; one-off allowance for people with meritorious
    services: the province); the imported dossiers are counted per level, none «chưa có số liệu»."""
    from cds.dossiers import services
    from cds.dossiers.synth import PROCEDURES
    from cds.lib.periods import parse_period

    path = tmp_path / "a.csv"
    write_synthetic(tree["province"], 2024, 3_000, path, seed="auth")
    by_procedure = dict(
        duckdb.sql(
            f"SELECT \"Mã thủ tục\"[:8], string_agg(DISTINCT \"Thẩm quyền\", ',') FROM read_csv('{path}') GROUP BY 1"
        ).fetchall()
    )
    assert by_procedure["1.001776"] == "Cấp huyện"  # received at the commune, decided by the district
    assert by_procedure["1.010801"] == "Cấp tỉnh"
    assert by_procedure["1.001193"] == "Cấp xã"  # birth registration: the commune's own
    district = next(p.code for p in PROCEDURES if p.district)
    assert by_procedure[district] == "Cấp huyện"
    assert import_file(path, store=store).rows_rejected == 0
    rows = services.compute_kpis(tree["province"], parse_period("2024"), by="authority", store=store)
    assert {r.key["authority"] for r in rows} == {"province", "district", "commune"}


def test_after_the_reorganisation_the_districts_procedures_are_decided_by_the_commune(tree):
    from cds.dossiers.synth import PROCEDURES

    table = generate(tree["province"], 2025, 2_000, seed="after", until=dt.date(2025, 12, 31))
    district = {f"{p.code}" for p in PROCEDURES if p.district}
    rows = zip(
        *(table.column(c).to_pylist() for c in ("received_at", "procedure_code", "authority")), strict=True
    )
    seen = {a for received, code, a in rows if received >= dt.datetime(2025, 7, 1) and code[:8] in district}
    assert seen == {"Cấp xã"}
