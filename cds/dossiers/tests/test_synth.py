"""The synthetic generator: deterministic, chunked for large files, importable as written."""

from __future__ import annotations

import duckdb

from cds.dossiers.importer import import_file
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
