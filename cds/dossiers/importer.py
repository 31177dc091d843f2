"""Importing dossier exports into the store: checked, atomic per file, idempotent, with a dry run.

Every step is set-based SQL over the whole file (see ``reading``), nothing happens per row in
Python: one ordered, parallel pass (``_stage``) turns the cells into typed columns (dates in
dd/mm/yyyy, with a time, ISO or Excel serials; whole numbers) in a staging Parquet file whose row
order gives a CSV row its number; the distinct texts of the coded columns (channel, level,
yes/no, status, rating) and of the receiving unit are mapped once in Python — there are only
hundreds — and joined back; one aggregation per province counts good and bad rows, distinct
codes and years, and only when a row is bad does one query (a CASE per check) list every
problem with its column; duplicates keep the last row of the file; and the accepted rows are
merged into the province-year partitions by an anti-join on the dossier code: a code seen again
replaces that dossier, the same file twice changes nothing and writes nothing. DuckDB writes the
Parquet files (``COPY``, LZ4).

All or nothing per file: when any row is rejected nothing of the file is stored and the report
(and ``--errors-file``) lists every rejected row; ``skip_bad_rows=True`` (``--skip-bad-rows``)
stores the good rows instead. New partition files are written beside the old ones first; only
when every file is written and the import's database row is saved are they moved into place
(``os.replace``), and a failure before that leaves the store and the database as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from django.db import transaction

from cds.lib.errors import InputError, Location
from cds.lib.tabular import write_table
from cds.lib.text import fold
from cds.units.models import Era, Unit, reference_version

from .kpi import counts_sql, month_counts_sql
from .mapping import BOOLEAN_COLUMNS, CODED_COLUMNS, COLUMNS, DATE_COLUMNS, Mapping, fields_mask, load_mapping
from .models import DossierImport, DossierRefresh
from .reading import Loaded, load_arrow, load_raw
from .store import CONTENT_COLUMNS, COUNTS_FILES, SCHEMA, DossierStore, connect, small_table
from .unitmatch import UnitMatch, match_unit, province_code

Progress = Callable[[str], None]

# The steps ``progress`` is called with, in order (a caller can draw a bar: step i of len(PHASES)).
PHASES = (
    "đọc tệp / reading",
    "đối chiếu đơn vị / matching units",
    "kiểm tra dòng / checking rows",
    "ghi kho / writing store",
)

REASONS: dict[str, tuple[str, str]] = {
    "blank": ("ô trống nhưng bắt buộc", "required cell is blank"),
    "date": (
        "không đọc được ngày (dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc số ngày Excel)",
        "not a date (dd/mm/yyyy, dd/mm/yyyy HH:MM or an Excel serial number)",
    ),
    "code": ("giá trị không có trong bảng ánh xạ", "value not in the column mapping"),
    "unit": (
        "không khớp được đơn vị tiếp nhận với danh mục đơn vị",
        "receiving unit not found in the unit list",
    ),
    "finished_before": ("ngày hoàn thành trước ngày tiếp nhận", "finished before it was received"),
    "resolved_no_date": (
        "trạng thái đã giải quyết nhưng thiếu ngày hoàn thành",
        "resolved but no finish date",
    ),
    "days": ("số ngày phải là số nguyên không âm", "days must be a whole number ≥ 0"),
    "paid_no_fee": ("thanh toán trực tuyến nhưng không có phí, lệ phí", "paid online but no fee is required"),
    "year2": (
        "năm chỉ có 2 chữ số (ví dụ 22/05/25): hãy ghi đủ 4 chữ số của năm (22/05/2025)",
        "two-digit year (e.g. 22/05/25): write the year with 4 digits (22/05/2025)",
    ),
}
IMPORT_MEMORY_LIMIT = "1GB"  # DuckDB's cap for an import (it spills to the work directory beyond it)
_DATE_FORMATS = (
    "['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', "
    "'%d-%m-%Y', '%d.%m.%Y']"
)


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason_vi: str
    reason_en: str

    def as_row(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason_vi": self.reason_vi,
            "reason_en": self.reason_en,
        }


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    read_as: str = ""
    rows_total: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    duplicate_codes: int = 0  # codes seen more than once in the file: the last row wins
    refused: bool = False  # rows were rejected and bad rows were not to be skipped: nothing stored
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    provinces: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    unmatched_units: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    import_id: int | None = None
    fields_provided: list[str] = field(default_factory=list)  # canonical columns the file had
    fields_missing: list[str] = field(default_factory=list)  # those it lacked: KPIs needing them are N/A
    refresh_id: int | None = None  # the pending KPI refresh written with the store (``DossierRefresh``)
    closing_years: list[int] = field(default_factory=list)  # years the changed dossiers close in (KPIs owed)
    recognised_as: int | None = None  # the same file, imported as #N, and the store unchanged since: not read

    @property
    def changed(self) -> int:
        return self.new + self.updated

    def summary_vi(self) -> str:
        head = "[chạy thử] " if self.dry_run else ""
        if self.refused:
            return (
                f"{head}{self.file_name}: {self.rows_total} dòng, {self.rows_rejected} dòng lỗi — không nhập dòng nào "
                "(sửa tệp, hoặc dùng --skip-bad-rows để chỉ nhập các dòng đúng)"
            )
        return (
            f"{head}{self.file_name}: {self.rows_total} dòng, nhận {self.rows_accepted}, loại {self.rows_rejected}; "
            f"hồ sơ mới {self.new}, cập nhật {self.updated}, không đổi {self.unchanged}"
            + (f"; lần nhập #{self.import_id}" if self.import_id else "")
            + (
                f"; tệp đã nhập ở lần #{self.recognised_as}, kho không đổi từ đó: không cần đọc lại"
                if self.recognised_as
                else ""
            )
        )

    def summary_en(self) -> str:
        head = "[dry run] " if self.dry_run else ""
        if self.refused:
            return (
                f"{head}{self.file_name}: {self.rows_total} rows, {self.rows_rejected} rejected — nothing imported "
                "(fix the file, or pass --skip-bad-rows to import only the good rows)"
            )
        return (
            f"{head}{self.file_name}: {self.rows_total} rows, {self.rows_accepted} accepted, {self.rows_rejected} "
            f"rejected; {self.new} new, {self.updated} updated, {self.unchanged} unchanged dossiers"
            + (f"; import #{self.import_id}" if self.import_id else "")
            + (
                f"; the same file as import #{self.recognised_as}, store unchanged since: not read again"
                if self.recognised_as
                else ""
            )
        )


def _recognition(sha256: str, mapping: Mapping, within: Unit | None, skip_bad_rows: bool) -> str:
    """What makes two imports of a file give the same dossiers: its bytes, the mapping, the unit
    narrowing, the rejected-rows option and the unit registry (a renamed unit may match otherwise)."""
    identity = {
        "file": sha256,
        "mapping": [mapping.name, mapping.aliases, mapping.required, mapping.values],
        "within": getattr(within, "pk", None),
        "skip_bad_rows": skip_bad_rows,
        "units": reference_version("units"),
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=list).encode()).hexdigest()


def _state(path: Path | None) -> str:
    """A partition file's size and modification time: any rewrite (a move of a new file) changes it."""
    try:
        info = path.stat() if path else None
    except OSError:
        info = None
    return f"{info.st_size}:{info.st_mtime_ns}" if info else "absent"


def _recognised(store: DossierStore, key: str, report: ImportReport) -> bool:
    """The same file was imported whole before and no partition of its dossiers changed since:
    the outcome is known without reading it (call with the store locked, staging recovered)."""
    previous = DossierImport.objects.filter(recognition=key, rows_rejected=0).exclude(store_state={}).first()
    if previous is None or any(
        _state(store.root / name) != state for name, state in previous.store_state.items()
    ):
        return False
    report.recognised_as = previous.pk
    report.rows_total = report.rows_accepted = previous.rows_total
    report.unchanged = previous.dossiers_new + previous.dossiers_updated + previous.dossiers_unchanged
    report.duplicate_codes = previous.rows_accepted - report.unchanged
    report.fields_provided = [c for c in previous.fields.split(",") if c]
    report.fields_missing = [c for c in COLUMNS if c not in report.fields_provided]
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _survey(con: duckdb.DuckDBPyConnection) -> tuple[int, dict[str, list[Any]]]:
    """Row count, every distinct text of the coded columns and (unit, era) pairs: one pass over ``parsed``."""
    lists = ", ".join(f"list(DISTINCT coalesce({c}, '')) AS {c}" for c in CODED_COLUMNS)
    legacy = "coalesce(d_received < TIMESTAMP '2025-07-01', true)"
    row = con.execute(
        f"SELECT count(*), {lists}, list(DISTINCT {{'unit': unit, 'legacy': {legacy}}}) FILTER (unit IS NOT NULL) "
        "FROM parsed"
    ).fetchone()
    return row[0], {**dict(zip(CODED_COLUMNS, row[1:-1], strict=True)), "unit": row[-1] or []}


def _lookup_tables(con: duckdb.DuckDBPyConnection, mapping: Mapping, distinct: dict[str, list[Any]]) -> None:
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


def _match_units(
    con: duckdb.DuckDBPyConnection, within: Unit | None, report: ImportReport, pairs: list[dict[str, Any]]
) -> None:
    """One lookup per distinct (unit text, era); unmatched texts are reported with candidates."""
    rows = []
    provinces: dict[int, str] = {}
    by_code: dict[tuple[str, str], list[Unit]] = {}  # codes first, in one query per era
    for legacy in {pair["legacy"] for pair in pairs}:
        era = Era.LEGACY if legacy else Era.CURRENT
        codes = {_nfc_text(pair["unit"]).strip() for pair in pairs if pair["legacy"] == legacy}
        units = Unit.objects.filter(code__in=codes, era=era)
        if within is not None:
            units = units.filter(path__startswith=within.path)
        for unit in units:
            by_code.setdefault((unit.code, era), []).append(unit)
    for pair in pairs:
        raw, legacy = pair["unit"], pair["legacy"]
        text = _nfc_text(raw)
        era = Era.LEGACY if legacy else Era.CURRENT
        coded = by_code.get((text.strip(), era), [])
        found = UnitMatch(text, era, coded[0]) if len(coded) == 1 else match_unit(text, era, within)
        if found.unit is None:
            report.unmatched_units.append({"text": text, "era": era, "candidates": found.candidates})
            continue
        root = int(found.unit.path.strip("/").split("/")[0])
        if root not in provinces:
            provinces[root] = province_code(found.unit)
        rows.append((raw, legacy, found.unit.pk, provinces[root]))
    columns = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
    types = ("VARCHAR", "BOOLEAN", "INTEGER", "VARCHAR")
    names = ("raw", "legacy", "unit_id", "province")
    small_table(con, "lk_unit", {n: (list(c), t) for n, c, t in zip(names, columns, types, strict=True)})


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
    slow = f"coalesce(TRY_CAST({cell} AS TIMESTAMP), try_strptime({cell}, {_DATE_FORMATS}), {serial})"
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


def _date_text(expr: str) -> str:
    return (
        f"CASE WHEN {expr} = date_trunc('day', {expr}) THEN strftime({expr}, '%d/%m/%Y') "
        f"ELSE strftime({expr}, '%d/%m/%Y %H:%M') END"
    )


def _stage(con: duckdb.DuckDBPyConnection, loaded: Loaded, stage: Path) -> None:
    """One ordered, parallel pass: ``raw`` → typed columns in a staging Parquet file; view ``parsed``.

    Dates are parsed, whole numbers cast, texts trimmed where needed (NFC when the file may hold
    combining marks); the raw text is kept only where a date could not be read. Coded columns
    stay as written (their few distinct texts are mapped later). The file keeps the input's order
    (``preserve_insertion_order``), so a CSV row's number is its position in the file plus the
    header's offset (``read_parquet(file_row_number)``): no serial numbering pass over the input.
    """
    decomposed = not loaded.nfc  # only the codes per row; the few distinct names later (_nfc_names)
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


_NAMED = ("procedure_code", "procedure_name", "field")  # brought to NFC through their distinct values


def _nfc_names(con: duckdb.DuckDBPyConnection) -> None:
    """Tables ``nfc_<column>`` (raw → NFC) of the distinct procedure codes, names and fields.

    Normalising per row costs more than reading the whole file; these columns have a few hundred
    distinct values, so each is normalised once and joined back when the rows are written.
    """
    for column in _NAMED:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE nfc_{column} AS SELECT raw, nfc_normalize(raw) AS nfc "
            f"FROM (SELECT DISTINCT {column} AS raw FROM parsed WHERE {column} IS NOT NULL)"
        )


def _checks(mapping: Mapping, provided: frozenset[str] = frozenset(COLUMNS)) -> tuple[str, str, str]:
    """(FROM clause joining ``parsed`` to the lookups, "row is bad" condition, problems list SQL).

    ``provided``: the columns the file has; a rule about a column the file lacks is not applied
    (a file without finish dates is not "resolved but no finish date" on every row: its resolved
    counts are unknown instead).
    """
    legacy = "coalesce(r.d_received < TIMESTAMP '2025-07-01', true)"
    joins = "\n".join(f"LEFT JOIN lk_{c} ON lk_{c}.raw = coalesce(r.{c}, '')" for c in CODED_COLUMNS)
    checks: list[tuple[str, str, str, str]] = []  # (condition, column, value, reason)
    dates = {"received_at": "received", "due_at": "due", "finished_at": "finished"}
    for column in mapping.required:
        if column in dates:
            blank = f"r.{dates[column]}_text_bad IS NULL AND r.d_{dates[column]} IS NULL"
        elif column in CODED_COLUMNS:
            blank = f"lk_{column}.blank"
        else:
            blank = f"r.{column if column != 'supplement_days' else 'days_text'} IS NULL"
        checks.append((blank, column, "''", "blank"))
    for column in DATE_COLUMNS:
        raw = f"r.{dates[column]}_text_bad"
        checks.append((f"{raw} IS NOT NULL AND NOT r.{dates[column]}_year2", column, raw, "date"))
        checks.append((f"r.{dates[column]}_year2", column, raw, "year2"))
    for column in CODED_COLUMNS:
        checks.append((f"NOT lk_{column}.blank AND lk_{column}.code IS NULL", column, f"r.{column}", "code"))
    checks += [
        ("r.unit IS NOT NULL AND r.d_received IS NOT NULL AND u.unit_id IS NULL", "unit", "r.unit", "unit"),
        ("r.d_finished < r.d_received", "finished_at", _date_text("r.d_finished"), "finished_before"),
        (
            "lk_status.code = 'resolved' AND r.d_finished IS NULL AND r.finished_text_bad IS NULL"
            if "finished_at" in provided
            else "false",
            "finished_at",
            "''",
            "resolved_no_date",
        ),
        (
            "r.days_text IS NOT NULL AND (r.days IS NULL OR r.days < 0)",
            "supplement_days",
            "r.days_text",
            "days",
        ),
    ]
    bad = " OR ".join(f"coalesce({cond}, false)" for cond, *_ in checks)
    source = f"parsed r {joins}\nLEFT JOIN lk_unit u ON u.raw = r.unit AND u.legacy = {legacy}"
    problems = ", ".join(
        f"CASE WHEN {cond} THEN {{'c': '{column}', 'v': {value}, 'k': '{kind}'}} END"
        for cond, column, value, kind in checks
    )
    return source, bad, problems


@dataclass
class _Province:
    """What one pass over the checked rows says of a province: rows kept, rejected, codes, years."""

    code: str | None
    accepted: int
    rejected: int
    codes: int
    years: list[int]


def _summarise(con: duckdb.DuckDBPyConnection, checks: tuple[str, str, str]) -> list[_Province]:
    """One aggregation: per province, the good and bad rows, distinct dossier codes and years.

    Rejected rows have no province when their unit is unknown; they are counted all the same.
    Distinct codes are counted on their 64-bit hashes (an eighth of the memory of the strings at
    10M rows): as many distinct hashes as rows proves there are no duplicates; fewer (duplicates,
    or a collision) is checked again on the codes themselves, so the count is exact.
    """
    source, bad, _ = checks
    rows = con.execute(
        f"""SELECT province, count(*) FILTER (NOT bad), count(*) FILTER (bad),
                   count(DISTINCT code_hash) FILTER (NOT bad), list(DISTINCT year) FILTER (NOT bad)
            FROM (SELECT u.province, ({bad}) AS bad, hash(r.dossier_code) AS code_hash,
                         year(r.d_received) AS year FROM {source})
            GROUP BY province ORDER BY province NULLS LAST"""
    ).fetchall()
    provinces = [
        _Province(p, ok, rejected, codes, sorted(years or [])) for p, ok, rejected, codes, years in rows
    ]
    for province in provinces:
        if province.code is not None and province.codes < province.accepted:
            province.codes = con.execute(
                f"SELECT count(DISTINCT r.dossier_code) FROM {source} WHERE u.province = ? AND NOT ({bad})",
                [province.code],
            ).fetchone()[0]
    return provinces


def _collect_errors(
    con: duckdb.DuckDBPyConnection, checks: tuple[str, str, str], report: ImportReport
) -> None:
    """Every problem of every rejected row (row, column, value, reason), found by one query."""
    source, bad, problems = checks
    rows = con.execute(
        f"""SELECT source_row, p.c, p.v, p.k FROM (
                SELECT r.source_row, unnest(list_filter([{problems}], x -> x IS NOT NULL)) AS p
                FROM {source} WHERE {bad})
            ORDER BY source_row"""
    ).fetchall()
    report.errors = [
        RowError(row, col, unicodedata.normalize("NFC", value or ""), *REASONS[kind])
        for row, col, value, kind in rows
    ]


def _incoming(
    con: duckdb.DuckDBPyConnection,
    checks: tuple[str, str, str],
    deduplicate: bool,
    decomposed: bool,
    provided: frozenset[str] = frozenset(COLUMNS),
) -> None:
    """``incoming``: the accepted rows, typed, one per dossier code (the last row of the file wins).

    A view (nothing is materialised) unless some code occurs twice: only then a window keeps the
    last row of each code, in a temp table. ``decomposed``: names come through ``nfc_<column>``.
    """
    source, bad, _ = checks
    # a column the file lacks is stored as NULL (unknown) and left out of the ``fields`` mask
    booleans = ", ".join(
        f"coalesce(lk_{c}.code = 'true', false) AS {c}" if c in provided else f"NULL::BOOLEAN AS {c}"
        for c in BOOLEAN_COLUMNS
    )
    level = "coalesce(lk_service_level.code, 'none')" if "service_level" in provided else "NULL::VARCHAR"
    cancelled = "lk_status.code = 'cancelled'" if "status" in provided else "false"
    named = {c: f"r.{c}" for c in _NAMED}
    if decomposed:
        named = {c: f"coalesce(nfc_{c}.nfc, r.{c})" for c in _NAMED}
        source += "".join(f"\nLEFT JOIN nfc_{c} ON nfc_{c}.raw = r.{c}" for c in _NAMED)
    select = f"""SELECT r.dossier_code, {named["procedure_code"]} AS procedure_code,
               coalesce({named["procedure_name"]}, {named["procedure_code"]}) AS procedure_name,
               coalesce({named["field"]}, '') AS field, u.unit_id::INTEGER AS unit_id, r.d_received AS received_at,
               r.d_due AS due_at, r.d_finished AS finished_at, coalesce(r.days, 0)::INTEGER AS supplement_days,
               lk_channel.code AS channel, {level} AS service_level, {booleans},
               CASE WHEN {cancelled} THEN 'cancelled'
                    WHEN r.d_finished IS NOT NULL THEN 'resolved' ELSE 'in_progress' END AS status,
               nullif(lk_rating.code, 'none') AS rating, lk_authority.code AS authority,
               {fields_mask(provided)}::INTEGER AS fields, NULL::INTEGER AS import_id,
               r.source_row::BIGINT AS source_row, u.province, year(r.d_received) AS year
        FROM {source} WHERE NOT ({bad})"""
    if not deduplicate:
        con.execute(f"CREATE OR REPLACE TEMP VIEW incoming AS {select}")
        return
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM ({select})
        QUALIFY row_number() OVER (PARTITION BY province, dossier_code ORDER BY source_row DESC) = 1"""
    )


def _fingerprint_sql(source: str, where: str = "true", by: str = "") -> str:
    """Per-partition content fingerprints: the row count and two sums of 64-bit row hashes over
    the content columns (order-free, so a partition's equals its rows' in any file order). Two
    different sets of rows agree on all three with a chance of about 2^-128."""
    content = ", ".join(f"{c}::{SCHEMA[c]}" for c in CONTENT_COLUMNS)
    group = f"{by}, " if by else ""
    return f"""SELECT {group}count(*)::BIGINT AS n, sum(hash({content}))::VARCHAR AS h1,
                      sum(hash({content}, 'cds'))::VARCHAR AS h2
               FROM {source} WHERE {where}{f" GROUP BY {by}" if by else ""}"""


def _stored_fingerprint(partition: Path) -> list | None:
    """The fingerprint written with a partition, if it is the partition's (not older than it)."""
    path = DossierStore.fingerprint_path_of(partition)
    try:
        if path.stat().st_mtime_ns < partition.stat().st_mtime_ns:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _unchanged_years(con: duckdb.DuckDBPyConnection, province: str, existing: list[Path]) -> set[int]:
    """The years whose incoming dossiers are exactly the stored partition's (the unchanged part of
    a cumulative export): counts compared first, content fingerprints only where they agree."""
    stored = {int(p.parent.name.split("=", 1)[1]): fp for p in existing if (fp := _stored_fingerprint(p))}
    if not stored:
        return set()
    counts = dict(
        con.execute(
            "SELECT year, count(*) FROM incoming WHERE province = ? GROUP BY year", [province]
        ).fetchall()
    )
    same_size = [y for y, fp in stored.items() if counts.get(y) == fp[0]]
    if not same_size:
        return set()
    where = f"province = '{province}' AND year IN ({', '.join(map(str, same_size))})"
    found = con.execute(_fingerprint_sql("incoming", where, by="year")).fetchall()
    return {y for y, *fp in found if list(fp) == stored[y]}


def _same_content() -> str:
    return " AND ".join(f"i.{c} IS NOT DISTINCT FROM e.{c}" for c in CONTENT_COLUMNS)


def _plan_province(
    con: duckdb.DuckDBPyConnection, store: DossierStore, summary: _Province, report: ImportReport
) -> tuple[str, list[int], list[Path]]:
    """What to write for one province: the relation of new or changed dossiers, the years to
    rewrite and their existing files (empty when the province is new to the store)."""
    province = summary.code
    kept = summary.codes  # one row per code after deduplication
    existing = store.files([province])
    if not existing:  # a first import of this province: everything is new, no join needed
        report.new += kept
        changed = f"(SELECT * FROM incoming WHERE province = '{province}')"
        _closing_years(
            con, f"SELECT DISTINCT year(coalesce(finished_at, received_at)) FROM {changed}", report
        )
        return changed, summary.years, []
    # partitions whose dossiers the file brings unchanged are recognised by their fingerprints
    # and left out of the exact comparison (a code there cannot be elsewhere in the file)
    same = _unchanged_years(con, province, existing)
    if same == set(summary.years):
        report.unchanged += kept
        return "", [], []
    compared = [p for p in existing if int(p.parent.name.split("=", 1)[1]) not in same]
    skip = f" AND year NOT IN ({', '.join(map(str, same))})" if same else ""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE changed AS
        SELECT i.*, e.dossier_code IS NULL AS is_new, year(e.received_at) AS old_year,
               year(coalesce(e.finished_at, e.received_at)) AS old_closing_year
        FROM (SELECT * FROM incoming WHERE province = ?{skip}) i
        LEFT JOIN (SELECT {", ".join(CONTENT_COLUMNS)} FROM {store.relation_sql(compared)}) e
               ON e.dossier_code = i.dossier_code
        WHERE e.dossier_code IS NULL OR NOT ({_same_content()})""",
        [province],
    )
    new, updated = con.execute(
        "SELECT count(*) FILTER (is_new), count(*) FILTER (NOT is_new) FROM changed"
    ).fetchone()
    report.new += new
    report.updated += updated
    report.unchanged += kept - new - updated
    if new + updated == 0:
        return "changed", [], []
    _closing_years(
        con,
        "SELECT year(coalesce(finished_at, received_at)) FROM changed UNION SELECT old_closing_year FROM changed",
        report,
    )
    # a dossier whose reception year changed leaves its old partition: that one is rewritten too
    years = sorted(
        {
            y
            for (y,) in con.execute("SELECT year FROM changed UNION SELECT old_year FROM changed").fetchall()
            if y
        }
    )
    old = [p for p in existing if int(p.parent.name.split("=", 1)[1]) in years]
    return "changed", years, old


def _closing_years(con: duckdb.DuckDBPyConnection, query: str, report: ImportReport) -> None:
    """Add the years in which changed dossiers close (old and new versions): a dossier received in
    December and finished in January changes January's resolved counts, so that year's KPIs too."""
    found = {y for (y,) in con.execute(query).fetchall() if y}
    report.closing_years = sorted({*report.closing_years, *found})


def _write_province(
    con: duckdb.DuckDBPyConnection,
    store: DossierStore,
    province: str,
    import_id: int,
    changed: str,
    years: list[int],
    old: list[Path],
    staged: Path,
) -> Path:
    """One COPY: the kept old rows (anti-join on the code) and the changed ones.

    One year (the usual export) is written straight to its file; several are partitioned by
    DuckDB (``PARTITION_BY``, which costs more).
    """
    columns = ", ".join(c for c in SCHEMA if c != "import_id")
    keep = (
        f"""SELECT {", ".join(SCHEMA)}, year(received_at) AS year FROM {store.relation_sql(old)} o
            WHERE NOT EXISTS (SELECT 1 FROM {changed} c WHERE c.dossier_code = o.dossier_code)
            UNION ALL """
        if old
        else ""
    )
    out = staged / f"province={province}"
    query = (
        f"{keep}SELECT {columns.replace('source_row', f'{import_id}::INTEGER AS import_id, source_row')}, "
        f"year FROM {changed}"
    )
    if len(years) == 1:
        target = out / f"year={years[0]}"
        target.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT * EXCLUDE (year) FROM ({query})) TO '{target / 'data0.parquet'}' "
            "(FORMAT parquet, COMPRESSION lz4, ROW_GROUP_SIZE 122880)"
        )
        return out
    con.execute(
        f"""COPY ({query})
            TO '{out}' (FORMAT parquet, COMPRESSION lz4, PARTITION_BY (year), FILENAME_PATTERN 'data{{i}}',
                        ROW_GROUP_SIZE 122880)"""
    )
    return out


def _write_counts(
    con: duckdb.DuckDBPyConnection, store: DossierStore, written: list[Path], out: Path
) -> dict[str, Path] | None:
    """The partition's additive KPI counts by day and by month (``kpi.counts_sql``); None when empty."""
    if not written:
        return None
    paths = {grain: out.with_name(f"{out.name}-{grain}.parquet") for grain in COUNTS_FILES}
    options = "(FORMAT parquet, COMPRESSION lz4, ROW_GROUP_SIZE 122880)"
    dossiers = store.relation_sql(written)
    con.execute(f"COPY ({counts_sql(dossiers)}) TO '{paths['day']}' {options}")
    day = "read_parquet('" + str(paths["day"]).replace("'", "''") + "')"
    con.execute(f"COPY ({month_counts_sql(day, dossiers)}) TO '{paths['month']}' {options}")
    return paths


def _write_fingerprint(
    con: duckdb.DuckDBPyConnection, store: DossierStore, written: list[Path], out: Path
) -> Path | None:
    """The partition's content fingerprint (``_fingerprint_sql``) as JSON; None when it is empty."""
    if not written:
        return None
    found = con.execute(_fingerprint_sql(store.relation_sql(written))).fetchone()
    out.write_text(json.dumps(list(found)), encoding="utf-8")
    return out


def import_file(
    path: str | os.PathLike[str],
    *,
    mapping: Mapping | None = None,
    store: DossierStore | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    within: Unit | None = None,
    user: Any = None,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one export file. ``within`` narrows unit matching (e.g. to one province).

    All or nothing: if any row is rejected, nothing is stored (``report.refused``) unless
    ``skip_bad_rows``, which stores the good rows and still lists the bad ones.
    """
    path = Path(path)
    file_name = file_name or path.name
    mapping = mapping or load_mapping()
    return _import(
        lambda con, workdir: load_raw(con, path, mapping, file_name, workdir),
        path,
        file_name,
        mapping,
        store,
        dry_run,
        skip_bad_rows,
        within,
        user,
        progress,
    )


def import_table(
    table: pa.Table,
    *,
    file_name: str,
    store: DossierStore | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    within: Unit | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import an in-memory export (canonical column names, e.g. ``synth.generate``'s table).

    The same checks and merge as a file, without writing and re-reading a CSV: the demo's path.
    """
    return _import(
        lambda con, workdir: load_arrow(con, table),
        None,
        file_name,
        load_mapping(),
        store,
        dry_run,
        skip_bad_rows,
        within,
        None,
        progress,
    )


def _import(
    load: Callable[[duckdb.DuckDBPyConnection, Path], Loaded],
    path: Path | None,
    file_name: str,
    mapping: Mapping,
    store: DossierStore | None,
    dry_run: bool,
    skip_bad_rows: bool,
    within: Unit | None,
    user: Any,
    progress: Progress | None,
) -> ImportReport:
    store = store or DossierStore()
    step = progress or (lambda _: None)
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    digest = _sha256(path) if path else ""
    key = _recognition(digest, mapping, within, skip_bad_rows) if path else ""
    if key:
        with store.locked():
            recover_staging(store)
            if _recognised(store, key, report):
                return report
    remove_dead_workdirs()  # what a killed import left behind
    # transcoded copy, staging file, DuckDB spill; named with our process id (see remove_dead_workdirs)
    workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
    con = connect(memory_limit=IMPORT_MEMORY_LIMIT)
    spill = str(workdir / "spill").replace("'", "''")
    con.execute(f"SET temp_directory = '{spill}'")  # a literal: a prepared SET costs ~0.4 s
    try:
        step(PHASES[0])
        try:
            loaded = load(con, workdir)
            report.read_as = loaded.read_as
            _stage(con, loaded, workdir / "stage.parquet")
        except duckdb.Error as error:
            raise _unreadable_csv(error, file_name) from None
        step(PHASES[1])
        report.rows_total, distinct = _survey(con)
        _match_units(con, within, report, distinct["unit"])
        _lookup_tables(con, mapping, distinct)
        step(PHASES[2])
        provided = loaded.provided
        report.fields_provided = [c for c in COLUMNS if c in provided]
        report.fields_missing = [c for c in COLUMNS if c not in provided]
        checks = _checks(mapping, provided)
        provinces = _summarise(con, checks)
        rejected = sum(p.rejected for p in provinces)
        if rejected:
            _collect_errors(con, checks, report)
        report.rows_rejected = rejected
        report.rows_accepted = report.rows_total - rejected
        if rejected and not skip_bad_rows:
            report.refused = True
            return report
        step(PHASES[3])
        provinces = [p for p in provinces if p.code is not None and p.accepted]
        report.duplicate_codes = sum(p.accepted - p.codes for p in provinces)
        if not loaded.nfc:
            _nfc_names(con)
        _incoming(
            con, checks, deduplicate=report.duplicate_codes > 0, decomposed=not loaded.nfc, provided=provided
        )
        with store.locked():
            return _commit(con, store, digest, provinces, mapping, report, dry_run, user, key)
    except InputError as error:
        raise error.located(file=file_name) from None
    finally:
        con.close()
        shutil.rmtree(workdir, ignore_errors=True)


WORKDIR_PREFIX = "cds-dvc-"
STAGING_PREFIX = ".staging-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_dead_workdirs() -> list[Path]:
    """Remove the work directories (``cds-dvc-<pid>-*`` in the temp directory) of imports whose
    process is gone: a kill -9 runs no ``finally``. A running import's directory is kept."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"):
        pid = path.name[len(WORKDIR_PREFIX) :].split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


JOURNAL = "moves.json"


def _write_journal(
    staged: Path, store: DossierStore, import_id: int, moves: list[tuple[Path | None, Path]]
) -> None:
    entries = [
        [str(source.relative_to(staged)) if source else None, str(target.relative_to(store.root))]
        for source, target in moves
    ]
    part = staged / (JOURNAL + ".part")
    part.write_text(json.dumps({"import_id": import_id, "moves": entries}), encoding="utf-8")
    os.replace(part, staged / JOURNAL)


def _move(moves: list[tuple[Path | None, Path]]) -> None:
    """Put each new partition file in place; repeatable (a file already moved is skipped)."""
    for source, target in moves:
        if source is None:  # every dossier of that partition moved to another year
            target.unlink(missing_ok=True)
        elif source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)


def recover_staging(store: DossierStore) -> list[int]:
    """Finish or drop what a killed import left in the store; call with the store locked.

    A staging directory whose journal names an import the database committed is moved into place
    (the import's KPI refresh is still pending, so it is recomputed after); any other staging
    directory (killed before its commit) is removed. Returns the imports whose files were finished.
    """
    finished = []
    for staged in sorted(store.root.glob(f"{STAGING_PREFIX}*")):
        try:
            journal = json.loads((staged / JOURNAL).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal = None
        if journal and DossierImport.objects.filter(pk=journal["import_id"]).exists():
            _move([(staged / s if s else None, store.root / t) for s, t in journal["moves"]])
            finished.append(journal["import_id"])
        shutil.rmtree(staged, ignore_errors=True)
    return finished


def _commit(
    con: duckdb.DuckDBPyConnection,
    store: DossierStore,
    digest: str,
    provinces: list[_Province],
    mapping: Mapping,
    report: ImportReport,
    dry_run: bool,
    user: Any,
    key: str = "",
) -> ImportReport:
    recover_staging(store)  # under the store's lock: a killed import's moves are finished or dropped
    staged = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=store.root))
    moves: list[tuple[Path | None, Path]] = []  # (new file or None to remove, partition path)
    try:
        with transaction.atomic():
            record = DossierImport.objects.create(
                file_name=report.file_name,
                sha256=digest,
                recognition=key,
                mapping=mapping.name,
                created_by=user if getattr(user, "pk", None) else None,
                rows_total=report.rows_total,
                fields=",".join(report.fields_provided),
            )
            for summary in provinces:
                province = summary.code
                changed, years, old = _plan_province(con, store, summary, report)
                if not years:
                    continue
                report.years = sorted({*report.years, *years})
                report.provinces = sorted({*report.provinces, province})
                if dry_run:
                    continue
                out = _write_province(con, store, province, record.pk, changed, years, old, staged)
                for year in years:
                    written = sorted((out / f"year={year}").glob("*.parquet"))
                    if len(written) > 1:  # DuckDB split a large partition: one file per partition
                        merged = out / f"year={year}.parquet"
                        con.execute(
                            f"COPY (SELECT * FROM {store.relation_sql(written)}) TO '{merged}' "
                            "(FORMAT parquet, COMPRESSION lz4, ROW_GROUP_SIZE 122880)"
                        )
                        written = [merged]
                    partition = store.partition_path(province, year)
                    moves.append((written[0] if written else None, partition))
                    # its pre-aggregated KPI counts, moved in with it (same journal): never out of step
                    counts = _write_counts(con, store, written, staged / f"counts-{province}-{year}")
                    for grain in COUNTS_FILES:
                        moves.append(
                            (counts[grain] if counts else None, store.counts_path_of(partition, grain))
                        )
                    fingerprint = _write_fingerprint(
                        con, store, written, staged / f"fp-{province}-{year}.json"
                    )
                    moves.append((fingerprint, store.fingerprint_path_of(partition)))
            if dry_run or not moves:
                transaction.set_rollback(True)
                return report
            record.rows_accepted, record.rows_rejected = report.rows_accepted, report.rows_rejected
            record.dossiers_new, record.dossiers_updated = report.new, report.updated
            record.dossiers_unchanged = report.unchanged
            record.provinces, record.years = ",".join(report.provinces), ",".join(map(str, report.years))
            # each partition holding this file's dossiers as it will be once moved (a move keeps the
            # new file's size and mtime): the next import of the same file checks them, not the rows
            if key and not report.rows_rejected:
                incoming = {target: source for source, target in moves}
                record.store_state = {
                    str(partition.relative_to(store.root)): _state(incoming.get(partition, partition))
                    for partition in (store.partition_path(p.code, y) for p in provinces for y in p.years)
                }
            record.save()
            report.import_id = record.pk
            # the KPI refresh this import owes, committed with it: finished by ``publish.finish_pending``
            # (a kill before then leaves it pending for the next run, never silently stale values)
            for province in report.provinces:
                owed = sorted({*report.years, *report.closing_years})
                refresh = DossierRefresh.objects.create(
                    dossier_import=record, province=province, years=",".join(map(str, owed))
                )
                report.refresh_id = report.refresh_id or refresh.pk
            _write_journal(staged, store, record.pk, moves)  # what to move, written before the commit
        # committed: the import and its pending refresh are recorded; a kill from here on is finished
        # by the next run's ``recover_staging`` from the journal, before any KPI is recomputed
        _move(moves)
        return report
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def write_errors(report: ImportReport, path: str | os.PathLike[str]) -> None:
    """The rejected rows, and unmatched unit texts, as .xlsx or .csv (formulas neutralised)."""
    rows = [{**e.as_row(), "file": report.file_name} for e in report.errors]
    write_table(path, ["file", "row", "column", "value", "reason_vi", "reason_en"], rows)


def _unreadable_csv(error: Exception, file_name: str) -> InputError:
    """DuckDB's reason for refusing a CSV names our work file's path and its own internals: say
    only what a person can act on (the line, when DuckDB gives one)."""
    line = re.search(r"[Ll]ine:? (\d+)", str(error))
    row = int(line.group(1)) if line else None
    return InputError(
        "Không đọc được tệp CSV: số cột không đều, dấu ngoặc kép không khớp hoặc tệp không phải CSV. "
        "Hãy mở tệp bằng Excel và lưu lại dạng CSV UTF-8.",
        "Cannot read the CSV file: uneven columns, unmatched quotes or not a CSV file. "
        "Open it in Excel and save it again as CSV UTF-8.",
        Location(file=file_name, row=row),
    )
