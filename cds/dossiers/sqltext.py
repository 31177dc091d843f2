"""Small SQL pieces the dossier engine writes as text: literals and small temp tables from Python lists."""

from __future__ import annotations

from typing import Any

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


def one_row(result: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The row of an executed aggregate query (``count(*)``, ``list(…)``: always one row)."""
    row = result.fetchone()
    if row is None:
        raise RuntimeError("an aggregate query answered no row")
    return row


def column_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The column names of the query ``con`` executed last."""
    if con.description is None:
        raise RuntimeError("no query was executed")
    return [d[0] for d in con.description]
