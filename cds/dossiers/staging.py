"""Staging a dossier export: one ordered, parallel pass turns the cells into typed columns (dates in
dd/mm/yyyy, with a time, ISO or Excel serials; whole numbers) in a staging Parquet file whose row
order gives a CSV row its number; the distinct texts of the coded columns and of the receiving
unit are mapped once in Python — there are only hundreds — into small join tables."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from cds.lib.text import fold
from cds.units.models import Unit

from .mapping import CODED_COLUMNS, DATE_COLUMNS, Mapping
from .reading import Loaded
from .sqltext import one_row, small_table
from .unitmatch import MapEpochs, UnitMatch, match_texts, province_code

DATE_FORMATS = (
    "['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', "
    "'%d-%m-%Y', '%d.%m.%Y']"
)


def survey(con: duckdb.DuckDBPyConnection, epochs: MapEpochs) -> tuple[int, dict[str, list[Any]]]:
    """Row count, every distinct text of the coded columns and (unit, map epoch) pairs: one pass over ``parsed``."""
    lists = ", ".join(f"list(DISTINCT coalesce({c}, '')) AS {c}" for c in CODED_COLUMNS)
    epoch = epochs.sql("d_received")
    row = one_row(
        con.execute(
            f"SELECT count(*), {lists}, list(DISTINCT {{'unit': unit, 'epoch': {epoch}}}) FILTER (unit IS NOT NULL) "
            "FROM parsed"
        )
    )
    return row[0], {**dict(zip(CODED_COLUMNS, row[1:-1], strict=True)), "unit": row[-1] or []}


def lookup_tables(con: duckdb.DuckDBPyConnection, mapping: Mapping, distinct: dict[str, list[Any]]) -> None:
    """Map each distinct text of a coded column once, in Python, into a small join table.

    ``blank``: the cell is empty or only spaces (a missing value, not an unknown word).
    """
    for column, group in CODED_COLUMNS.items():
        texts = list(distinct[column] or [])
        small_table(
            con,
            f"lk_{column}",
            {
                "raw": (texts, "VARCHAR"),
                "code": ([mapping.values[group].get(fold(t)) for t in texts], "VARCHAR"),
                "blank": ([not t.strip() for t in texts], "BOOLEAN"),
            },
        )


def _nfc_text(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def match_units(
    con: duckdb.DuckDBPyConnection, within: Unit | None, pairs: list[dict[str, Any]], epochs: MapEpochs
) -> list[dict[str, Any]]:
    """One lookup per distinct (unit text, map epoch) into the join table ``lk_unit``; returns the
    unmatched texts with their candidates and the reason (what became of a ceased unit). A text
    no unit matches is in ``lk_unit`` too (no ``unit_id``), with that reason for its rows' errors."""
    rows: list[tuple[Any, ...]] = []
    unmatched: list[dict[str, Any]] = []
    provinces: dict[int, str] = {}
    by_code: dict[tuple[str, int], list[Unit]] = {}  # codes first, in one query per era
    for era in {epochs.era(pair["epoch"]) for pair in pairs}:
        in_era = [p for p in pairs if epochs.era(p["epoch"]) == era]
        codes = {_nfc_text(pair["unit"]).strip() for pair in in_era}
        units = Unit.objects.filter(code__in=codes, era=era)
        if within is not None:
            units = units.filter(path__startswith=within.path)
        in_scope = list(units)
        for epoch in {p["epoch"] for p in in_era}:
            day = epochs.as_of(epoch)
            for unit in in_scope:
                if day is None or (
                    (unit.valid_from is None or unit.valid_from <= day)
                    and (unit.valid_to is None or day < unit.valid_to)
                ):
                    by_code.setdefault((unit.code, epoch), []).append(unit)
    named: dict[int, list[str]] = {}  # the texts no code decides, matched together per map epoch
    for pair in pairs:
        text = _nfc_text(pair["unit"])
        if len(by_code.get((text.strip(), pair["epoch"]), [])) != 1:
            named.setdefault(pair["epoch"], []).append(text)
    matched = {
        epoch: match_texts(texts, epochs.era(epoch), within, epochs.as_of(epoch))
        for epoch, texts in named.items()
    }
    for pair in pairs:
        raw, epoch = pair["unit"], pair["epoch"]
        text = _nfc_text(raw)
        era = epochs.era(epoch)
        coded = by_code.get((text.strip(), epoch), [])
        found = UnitMatch(text, era, coded[0]) if len(coded) == 1 else matched[epoch][text]
        if found.unit is None:
            day = epochs.as_of(epoch)
            unmatched.append(
                {
                    "text": text,
                    "era": era,
                    "as_of": day.isoformat() if day else None,
                    "candidates": found.candidates,
                    "reason": found.reason,
                    "reason_en": found.reason_en,
                }
            )
            rows.append((raw, epoch, None, None, found.reason, found.reason_en))
            continue
        root = int(found.unit.path.strip("/").split("/")[0])
        if root not in provinces:
            provinces[root] = province_code(found.unit)
        rows.append((raw, epoch, found.unit.pk, provinces[root], None, None))
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [[] for _ in range(6)]
    types = ("VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR")
    names = ("raw", "epoch", "unit_id", "province", "reason_vi", "reason_en")
    small_table(con, "lk_unit", {n: (list(c), t) for n, c, t in zip(names, columns, types, strict=True)})
    return unmatched


def _date_sql(column: str) -> str:
    """Text → TIMESTAMP: the export's own formats first, chosen by the text's shape, never by failing.

    A failed ``try_strptime`` costs ~3 µs (it builds an error), so the fast path picks one format
    per cell (yyyy-… → ISO, as workbook date cells are read; no ":" → dd/mm/yyyy; up to 16
    characters → dd/mm/yyyy HH:MM; else with seconds).
    Only a cell it cannot read is trimmed and tried as ISO, against the other formats and as an
    Excel serial number.
    """
    cell = f"trim({column})"
    fast = (
        f"CASE WHEN substr({column}, 5, 1) = '-' THEN TRY_CAST({column} AS TIMESTAMP) "  # ISO, workbook cells
        f"WHEN NOT contains({column}, ':') THEN try_strptime({column}, '%d/%m/%Y') "
        f"WHEN length({column}) <= 16 THEN try_strptime({column}, '%d/%m/%Y %H:%M') "
        f"ELSE try_strptime({column}, '%d/%m/%Y %H:%M:%S') END"
    )
    serial = (
        f"CASE WHEN {cell} SIMILAR TO '[0-9]+(\\.[0-9]+)?' "
        f"AND TRY_CAST({cell} AS DOUBLE) BETWEEN 1 AND 2958465 THEN TIMESTAMP '1899-12-30' "
        f"+ to_microseconds(round(TRY_CAST({cell} AS DOUBLE) * 86400)::BIGINT * 1000000) END"
    )
    slow = f"coalesce(TRY_CAST({cell} AS TIMESTAMP), try_strptime({cell}, {DATE_FORMATS}), {serial})"
    return f"coalesce({fast}, CASE WHEN {column} IS NOT NULL THEN {slow} END)"


_COMBINING = f"[{chr(0x300)}-{chr(0x36F)}]"  # decomposed accents (cp1258, Mac and phone input)
_TEXT_COLUMNS = ("dossier_code", "procedure_code", "procedure_name", "field", "unit", "supplement_days")


def _nfc(expr: str, decomposed: bool) -> str:
    """NFC only where needed: normalising is costly, and most files have no combining marks at all."""
    if not decomposed:
        return expr
    return f"CASE WHEN regexp_matches({expr}, '{_COMBINING}') THEN nfc_normalize({expr}) ELSE {expr} END"


def _text(column: str) -> str:
    """A text cell: trimmed only when it starts or ends with a space (trim copies), '' → NULL."""
    return (
        f"CASE WHEN starts_with({column}, ' ') OR ends_with({column}, ' ') THEN nullif(trim({column}), '') "
        f"ELSE nullif({column}, '') END"
    )


def date_text(expr: str) -> str:
    return (
        f"CASE WHEN {expr} = date_trunc('day', {expr}) THEN strftime({expr}, '%d/%m/%Y') "
        f"ELSE strftime({expr}, '%d/%m/%Y %H:%M') END"
    )


def stage(con: duckdb.DuckDBPyConnection, loaded: Loaded, stage: Path) -> None:
    """One ordered, parallel pass: ``raw`` → typed columns in a staging Parquet file; view ``parsed``.

    Dates are parsed, whole numbers cast, texts trimmed where needed (NFC when the file may hold
    combining marks); the raw text is kept only where a date could not be read. Coded columns
    stay as written (their few distinct texts are mapped later). The file keeps the input's order
    (``preserve_insertion_order``), so a CSV row's number is its position in the file plus the
    header's offset (``read_parquet(file_row_number)``): no serial numbering pass over the input.
    """
    decomposed = not loaded.nfc  # only the codes per row; the few distinct names later (nfc_names)
    inner = [
        *(f"{_nfc(c, decomposed and c == 'dossier_code')} AS {c}" for c in _TEXT_COLUMNS),
        *(f"{c} AS {c}_raw" for c in DATE_COLUMNS),
        *CODED_COLUMNS,
    ]
    if loaded.first_row is None:
        inner.insert(0, "source_row")
    texts = [f"{_text(c)} AS {c if c != 'supplement_days' else 'days_text'}" for c in _TEXT_COLUMNS]
    dates = [f"{_date_sql(f'{c}_raw')} AS d_{c.removesuffix('_at')}" for c in DATE_COLUMNS]
    middle = [*texts, *dates, *(f"{c}_raw" for c in DATE_COLUMNS), *CODED_COLUMNS]
    if loaded.first_row is None:
        middle.insert(0, "source_row")
    # a two-digit year ("22/05/25") parses as year 25 on every path (fast, fallback, ISO): refused,
    # never stored, with its own reason; no pivot is guessed
    short = {c: f"coalesce(year(d_{c.removesuffix('_at')}) < 100, false)" for c in DATE_COLUMNS}
    bad = [
        f"CASE WHEN (d_{c.removesuffix('_at')} IS NULL AND trim({c}_raw) <> '') OR {short[c]} THEN {c}_raw END "
        f"AS {c.removesuffix('_at')}_text_bad, {short[c]} AS {c.removesuffix('_at')}_year2, "
        f"CASE WHEN NOT {short[c]} THEN d_{c.removesuffix('_at')} END AS d_{c.removesuffix('_at')}"
        for c in DATE_COLUMNS
    ]
    excluded = [*(f"{c}_raw" for c in DATE_COLUMNS), *(f"d_{c.removesuffix('_at')}" for c in DATE_COLUMNS)]
    target = str(stage).replace("'", "''")
    con.execute("SET preserve_insertion_order = true")
    con.execute(
        f"""COPY (
            SELECT * EXCLUDE (days_num, {", ".join(excluded)}), {", ".join(bad)},
                   CASE WHEN days_num = trunc(days_num) THEN TRY_CAST(days_num AS INTEGER) END AS days
            FROM (SELECT *, TRY_CAST(replace(days_text, ',', '.') AS DOUBLE) AS days_num
                  FROM (SELECT {", ".join(middle)} FROM (SELECT {", ".join(inner)} FROM raw)))
        ) TO '{target}' (FORMAT parquet, COMPRESSION lz4)"""
    )
    con.execute("SET preserve_insertion_order = false")
    if loaded.first_row is None:
        con.execute(f"CREATE OR REPLACE TEMP VIEW parsed AS SELECT * FROM read_parquet('{target}')")
    else:
        con.execute(
            f"""CREATE OR REPLACE TEMP VIEW parsed AS
            SELECT * EXCLUDE (file_row_number), file_row_number + {loaded.first_row} AS source_row
            FROM read_parquet('{target}', file_row_number = true)"""
        )


NAMED = ("procedure_code", "procedure_name", "field")  # brought to NFC through their distinct values


def nfc_names(con: duckdb.DuckDBPyConnection) -> None:
    """Tables ``nfc_<column>`` (raw → NFC) of the distinct procedure codes, names and fields.

    Normalising per row costs more than reading the whole file; these columns have a few hundred
    distinct values, so each is normalised once and joined back when the rows are written.
    """
    for column in NAMED:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE nfc_{column} AS SELECT raw, nfc_normalize(raw) AS nfc "
            f"FROM (SELECT DISTINCT {column} AS raw FROM parsed WHERE {column} IS NOT NULL)"
        )
