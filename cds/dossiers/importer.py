"""Importing dossier exports into the store: checked, atomic per file, idempotent, with a dry run.

Every step is SQL over the file (see ``reading``): values are looked up once per distinct text
(channel, level, yes/no, status, rating, receiving unit), every row's problems are collected in one
pass, and the accepted rows are merged into the province-year partitions by dossier code: a code
seen again replaces that dossier; the same file twice changes nothing and writes nothing.

Atomicity: new partition files are written beside the old ones first; only when every file is
written and the import's database row is saved are they moved into place (``os.replace``), and a
failure before that leaves the store and the database as they were. Accepted rows are committed
together; rejected rows are listed (row, column, value, reason) and never half-imported.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
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
from cds.units.models import Era, Unit

from .mapping import BOOLEAN_COLUMNS, CODED_COLUMNS, DATE_COLUMNS, Mapping, load_mapping
from .models import DossierImport
from .reading import load_raw
from .store import CONTENT_COLUMNS, SCHEMA, DossierStore, connect
from .unitmatch import match_unit, province_code

Progress = Callable[[str], None]

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
}
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
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    provinces: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    unmatched_units: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    import_id: int | None = None

    @property
    def changed(self) -> int:
        return self.new + self.updated

    def summary_vi(self) -> str:
        head = "[chạy thử] " if self.dry_run else ""
        return (
            f"{head}{self.file_name}: {self.rows_total} dòng, nhận {self.rows_accepted}, loại {self.rows_rejected}; "
            f"hồ sơ mới {self.new}, cập nhật {self.updated}, không đổi {self.unchanged}"
            + (f"; lần nhập #{self.import_id}" if self.import_id else "")
        )

    def summary_en(self) -> str:
        head = "[dry run] " if self.dry_run else ""
        return (
            f"{head}{self.file_name}: {self.rows_total} rows, {self.rows_accepted} accepted, {self.rows_rejected} "
            f"rejected; {self.new} new, {self.updated} updated, {self.unchanged} unchanged dossiers"
            + (f"; import #{self.import_id}" if self.import_id else "")
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, pa.Array]) -> None:
    """A small temp table from Python lists (registered as Arrow: no row-by-row inserts)."""
    con.register(f"{name}_arrow", pa.table(columns))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(f"{name}_arrow")


def _distinct_values(con: duckdb.DuckDBPyConnection) -> dict[str, list[Any]]:
    """Every distinct text of the coded columns and (unit, era) pairs, in one pass over the file."""
    lists = ", ".join(f"list(DISTINCT coalesce(r.{c}, '')) AS {c}" for c in CODED_COLUMNS)
    legacy = f"coalesce({_date_sql('received_at')} < TIMESTAMP '2025-07-01', true)"
    row = con.execute(
        f"SELECT {lists}, list(DISTINCT {{'unit': r.unit, 'legacy': {legacy}}}) FILTER (r.unit IS NOT NULL) "
        "FROM raw AS r"
    ).fetchone()
    return {**dict(zip(CODED_COLUMNS, row[:-1], strict=True)), "unit": row[-1] or []}


def _lookup_tables(con: duckdb.DuckDBPyConnection, mapping: Mapping, distinct: dict[str, list[Any]]) -> None:
    """Map each distinct text of a coded column once, in Python, into a small join table."""
    for column, group in CODED_COLUMNS.items():
        texts = list(distinct[column] or [])
        codes = [mapping.values[group].get(fold(t)) for t in texts]
        _table(
            con, f"lk_{column}", {"raw": pa.array(texts, pa.string()), "code": pa.array(codes, pa.string())}
        )


def _match_units(
    con: duckdb.DuckDBPyConnection, within: Unit | None, report: ImportReport, pairs: list[dict[str, Any]]
) -> None:
    """One lookup per distinct (unit text, era); unmatched texts are reported with candidates."""
    rows = []
    provinces: dict[int, str] = {}
    for pair in pairs:
        text, legacy = pair["unit"], pair["legacy"]
        era = Era.LEGACY if legacy else Era.CURRENT
        found = match_unit(text, era, within)
        if found.unit is None:
            report.unmatched_units.append({"text": text, "era": era, "candidates": found.candidates})
            continue
        root = int(found.unit.path.strip("/").split("/")[0])
        if root not in provinces:
            provinces[root] = province_code(found.unit)
        rows.append((text, legacy, found.unit.pk, provinces[root]))
    columns = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
    types = (pa.string(), pa.bool_(), pa.int32(), pa.string())
    names = ("raw", "legacy", "unit_id", "province")
    _table(con, "lk_unit", {n: pa.array(list(c), t) for n, c, t in zip(names, columns, types, strict=True)})


def _date_sql(column: str) -> str:
    serial = (
        f"CASE WHEN r.{column} SIMILAR TO '[0-9]+(\\.[0-9]+)?' "
        f"AND TRY_CAST(r.{column} AS DOUBLE) BETWEEN 1 AND 2958465 THEN TIMESTAMP '1899-12-30' "
        f"+ to_microseconds(round(TRY_CAST(r.{column} AS DOUBLE) * 86400)::BIGINT * 1000000) END"
    )
    return (
        f"coalesce(try_strptime(r.{column}, '%d/%m/%Y %H:%M'), try_strptime(r.{column}, '%d/%m/%Y'), "
        f"try_strptime(r.{column}, {_DATE_FORMATS}), {serial})"
    )


_COMBINING = f"[{chr(0x300)}-{chr(0x36F)}]"  # decomposed accents (cp1258, Mac and phone input)


def _nfc(expr: str) -> str:
    """NFC only where needed: normalising is costly and most cells are ASCII or already NFC."""
    return f"CASE WHEN regexp_matches({expr}, '{_COMBINING}') THEN nfc_normalize({expr}) ELSE {expr} END"


def _parse(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """Typed rows plus, per row, the list of its problems (column, value, reason code)."""
    dates = {c: _date_sql(c) for c in DATE_COLUMNS}
    legacy = "(d_received < TIMESTAMP '2025-07-01')"
    joins = "\n".join(f"LEFT JOIN lk_{c} ON lk_{c}.raw = coalesce(r.{c}, '')" for c in CODED_COLUMNS)
    problems = []
    for column in mapping.required:
        problems.append(f"CASE WHEN r.{column} IS NULL THEN {{'c': '{column}', 'v': '', 'k': 'blank'}} END")
    for column in DATE_COLUMNS:
        problems.append(
            f"CASE WHEN r.{column} IS NOT NULL AND d_{column.removesuffix('_at')} IS NULL "
            f"THEN {{'c': '{column}', 'v': r.{column}, 'k': 'date'}} END"
        )
    for column in CODED_COLUMNS:
        problems.append(
            f"CASE WHEN r.{column} IS NOT NULL AND lk_{column}.code IS NULL "
            f"THEN {{'c': '{column}', 'v': r.{column}, 'k': 'code'}} END"
        )
    problems += [
        "CASE WHEN r.unit IS NOT NULL AND d_received IS NOT NULL AND u.unit_id IS NULL "
        "THEN {'c': 'unit', 'v': r.unit, 'k': 'unit'} END",
        "CASE WHEN d_finished < d_received THEN {'c': 'finished_at', 'v': r.finished_at, 'k': 'finished_before'} END",
        "CASE WHEN lk_status.code = 'resolved' AND r.finished_at IS NULL "
        "THEN {'c': 'finished_at', 'v': '', 'k': 'resolved_no_date'} END",
        "CASE WHEN r.supplement_days IS NOT NULL AND (days IS NULL OR days < 0) "
        "THEN {'c': 'supplement_days', 'v': r.supplement_days, 'k': 'days'} END",
    ]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE parsed AS
        WITH r AS (
            SELECT *, {dates["received_at"]} AS d_received, {dates["due_at"]} AS d_due,
                   {dates["finished_at"]} AS d_finished,
                   TRY_CAST(TRY_CAST(replace(supplement_days, ',', '.') AS DOUBLE) AS INTEGER) AS days
            FROM raw AS r
        )
        SELECT r.source_row, {_nfc("r.dossier_code")} AS dossier_code,
               {_nfc("r.procedure_code")} AS procedure_code,
               coalesce({_nfc("r.procedure_name")}, {_nfc("r.procedure_code")}) AS procedure_name,
               coalesce({_nfc("r.field")}, '') AS field,
               u.unit_id, u.province, d_received AS received_at, d_due AS due_at, d_finished AS finished_at,
               coalesce(days, 0) AS supplement_days,
               lk_channel.code AS channel, coalesce(lk_service_level.code, 'none') AS service_level,
               {", ".join(f"coalesce(lk_{c}.code = 'true', false) AS {c}" for c in BOOLEAN_COLUMNS)},
               CASE WHEN lk_status.code = 'cancelled' THEN 'cancelled'
                    WHEN d_finished IS NOT NULL THEN 'resolved' ELSE 'in_progress' END AS status,
               nullif(lk_rating.code, 'none') AS rating,
               list_filter([{", ".join(problems)}], x -> x IS NOT NULL) AS problems
        FROM r {joins}
        LEFT JOIN lk_unit u ON u.raw = r.unit AND u.legacy = coalesce({legacy}, true)"""
    )


def _collect_errors(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    rows = con.execute(
        "SELECT source_row, p.c, p.v, p.k FROM (SELECT source_row, unnest(problems) AS p FROM parsed "
        "WHERE len(problems) > 0) ORDER BY source_row"
    ).fetchall()
    report.errors = [RowError(row, col, value or "", *REASONS[kind]) for row, col, value, kind in rows]
    report.rows_rejected = con.execute("SELECT count(*) FROM parsed WHERE len(problems) > 0").fetchone()[0]


def _stage_incoming(con: duckdb.DuckDBPyConnection, import_id: int, report: ImportReport) -> None:
    """Accepted rows, one per dossier code (the last row of the file wins)."""
    columns = ", ".join(f"{c}::{t} AS {c}" for c, t in SCHEMA.items() if c != "import_id")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE incoming AS
        SELECT {columns}, {import_id}::INTEGER AS import_id, province, year(received_at) AS year
        FROM parsed WHERE len(problems) = 0
        QUALIFY row_number() OVER (PARTITION BY province, dossier_code ORDER BY source_row DESC) = 1"""
    )
    accepted = report.rows_total - report.rows_rejected
    kept = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
    report.rows_accepted = accepted
    report.duplicate_codes = accepted - kept


def _same_content() -> str:
    return " AND ".join(f"i.{c} IS NOT DISTINCT FROM e.{c}" for c in CONTENT_COLUMNS)


def _plan_province(
    con: duckdb.DuckDBPyConnection, store: DossierStore, province: str, report: ImportReport
) -> list[tuple[int, list[Path]]]:
    """Classify this province's incoming dossiers; return the year partitions to rewrite."""
    existing = store.files([province])
    source = store.relation_sql(existing)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE changed AS
        SELECT i.*, e.dossier_code IS NULL AS is_new
        FROM (SELECT * FROM incoming WHERE province = ?) i
        LEFT JOIN (SELECT * FROM {source}) e ON e.dossier_code = i.dossier_code
        WHERE e.dossier_code IS NULL OR NOT ({_same_content()})""",
        [province],
    )
    total = con.execute("SELECT count(*) FROM incoming WHERE province = ?", [province]).fetchone()[0]
    new, updated = con.execute(
        "SELECT count(*) FILTER (is_new), count(*) FILTER (NOT is_new) FROM changed"
    ).fetchone()
    report.new += new
    report.updated += updated
    report.unchanged += total - new - updated
    if new + updated == 0:
        return []
    years = {y for (y,) in con.execute("SELECT DISTINCT year FROM changed").fetchall()}
    for path in existing:  # a dossier whose reception year changed leaves its old partition
        hit = con.execute(
            f"SELECT count(*) FROM read_parquet('{path}') WHERE dossier_code IN (SELECT dossier_code FROM changed)"
        ).fetchone()[0]
        if hit:
            years.add(int(path.parent.name.split("=", 1)[1]))
    return [(year, [p for p in existing if p.parent.name == f"year={year}"]) for year in sorted(years)]


def _write_partition(
    con: duckdb.DuckDBPyConnection,
    store: DossierStore,
    province: str,
    year: int,
    old: list[Path],
    staged: Path,
) -> Path:
    target = store.partition_path(province, year)
    target.parent.mkdir(parents=True, exist_ok=True)
    keep = (
        f"SELECT * FROM {store.relation_sql(old)} WHERE dossier_code NOT IN (SELECT dossier_code FROM changed)"
        if old
        else f"SELECT * FROM {store.relation_sql([])}"
    )
    columns = ", ".join(SCHEMA)
    out = staged / f"{province}-{year}.parquet"
    con.execute(
        f"""COPY (SELECT {columns} FROM ({keep}) UNION ALL SELECT {columns} FROM changed WHERE year = {year}
                  ORDER BY received_at, dossier_code)
            TO '{out}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)"""
    )
    return out


def import_file(
    path: str | os.PathLike[str],
    *,
    mapping: Mapping | None = None,
    store: DossierStore | None = None,
    dry_run: bool = False,
    within: Unit | None = None,
    user: Any = None,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one export file. ``within`` narrows unit matching (e.g. to one province)."""
    path = Path(path)
    file_name = file_name or path.name
    mapping = mapping or load_mapping()
    store = store or DossierStore()
    step = progress or (lambda _: None)
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    con = connect()
    con.execute("SET preserve_insertion_order = true")
    try:
        step("đọc tệp / reading")
        try:
            report.read_as = load_raw(con, path, mapping, file_name)
            report.rows_total = con.execute("SELECT count(*) FROM raw").fetchone()[0]
        except duckdb.Error as error:
            raise InputError(
                f"Không đọc được tệp CSV: {error}".split("\n")[0],
                f"Cannot read the CSV file: {error}".split("\n")[0],
                Location(file=file_name),
            ) from None
        step("đối chiếu đơn vị / matching units")
        distinct = _distinct_values(con)
        _match_units(con, within, report, distinct["unit"])
        _lookup_tables(con, mapping, distinct)
        step("kiểm tra dòng / checking rows")
        _parse(con, mapping)
        _collect_errors(con, report)
        with store.locked():
            return _commit(con, store, path, mapping, report, dry_run, user, step)
    except InputError as error:
        raise error.located(file=file_name) from None
    finally:
        con.close()


def _commit(
    con: duckdb.DuckDBPyConnection,
    store: DossierStore,
    path: Path,
    mapping: Mapping,
    report: ImportReport,
    dry_run: bool,
    user: Any,
    step: Progress,
) -> ImportReport:
    staged = Path(tempfile.mkdtemp(prefix=".staging-", dir=store.root))
    moves: list[tuple[Path, Path]] = []
    try:
        with transaction.atomic():
            record = DossierImport.objects.create(
                file_name=report.file_name,
                sha256=_sha256(path),
                mapping=mapping.name,
                created_by=user if getattr(user, "pk", None) else None,
                rows_total=report.rows_total,
            )
            _stage_incoming(con, record.pk, report)
            provinces = [
                p for (p,) in con.execute("SELECT DISTINCT province FROM incoming ORDER BY 1").fetchall()
            ]
            step("ghi kho / writing store")
            for province in provinces:
                for year, old in _plan_province(con, store, province, report):
                    if not dry_run:
                        moves.append(
                            (
                                _write_partition(con, store, province, year, old, staged),
                                store.partition_path(province, year),
                            )
                        )
                    report.years = sorted({*report.years, year})
                    report.provinces = sorted({*report.provinces, province})
            if dry_run or not moves:
                transaction.set_rollback(True)
                return report
            record.rows_accepted, record.rows_rejected = report.rows_accepted, report.rows_rejected
            record.dossiers_new, record.dossiers_updated = report.new, report.updated
            record.dossiers_unchanged = report.unchanged
            record.provinces, record.years = ",".join(report.provinces), ",".join(map(str, report.years))
            record.save()
            report.import_id = record.pk
            for source, target in moves:
                os.replace(source, target)
        return report
    finally:
        for leftover in staged.glob("*"):
            leftover.unlink()
        staged.rmdir()


def write_errors(report: ImportReport, path: str | os.PathLike[str]) -> None:
    """The rejected rows, and unmatched unit texts, as .xlsx or .csv (formulas neutralised)."""
    rows = [{**e.as_row(), "file": report.file_name} for e in report.errors]
    write_table(path, ["file", "row", "column", "value", "reason_vi", "reason_en"], rows)
