"""Small SQL pieces the dossier engine writes as text: literals and small temp tables from Python lists."""

from __future__ import annotations

import duckdb


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def small_table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, tuple[list, str]]) -> None:
    """A small temp table (lookups, unit maps: thousands of rows at most) from Python lists.

    ``columns``: name → (values, SQL type). Written as SQL literals, not through Arrow and
    ``con.register``: converting Python lists with ``pa.array`` imports pandas (~0.4–1 s the
    first time in a process, e.g. on every ``cds dvc kpi``).
    """
    parts = [
        f"unnest([{', '.join(_literal(v) for v in values)}]::{sql_type}[]) AS {column}"
        for column, (values, sql_type) in columns.items()
    ]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {', '.join(parts)}")
