"""Importing dossier exports into the store: checked, atomic per file, idempotent, with a dry run.

Every step is set-based SQL over the whole file (see ``reading``), nothing happens per row in
Python, and each stage has its module: ``staging`` turns the cells into typed columns in one
ordered, parallel pass (dates in dd/mm/yyyy, with a time, ISO or Excel serials; whole numbers)
and maps the distinct texts of the coded columns and of the receiving unit once in Python;
``checks`` counts good and bad rows, distinct codes and years in one aggregation per province and,
only when a row is bad, lists every problem with its column in one query; this module writes:
duplicates keep the last row of the file, and the accepted rows are merged into the
province-year partitions by an anti-join on the dossier code — a code seen again replaces that
dossier, the same file twice changes nothing and writes nothing. DuckDB writes the Parquet
files (``COPY``, LZ4).

All or nothing per file: when any row is rejected nothing of the file is stored and the report
(and ``--errors-file``) lists every rejected row; ``skip_bad_rows=True`` (``--skip-bad-rows``)
stores the good rows instead. New partition files are written beside the old ones first; only
when every file is written and the import's database row is saved are they moved into place
(``os.replace``), and a failure before that leaves the store and the database as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from django.db import transaction

from cds.lib.errors import InputError, Location
from cds.lib.processes import pid_alive
from cds.lib.tabular import write_table
from cds.units.models import Unit, reference_version

from .checks import Province, RowError, collect_errors, row_checks, summarise
from .kpi import (
    OPEN_UNTIL_KEY,
    counts_sql,
    days_sql,
    end_days,
    half_counts_sql,
    month_counts_sql,
    month_end,
    open_stock_sql,
)
from .mapping import BOOLEAN_COLUMNS, COLUMNS, Mapping, fields_mask, load_mapping
from .models import DossierImport, DossierRefresh
from .reading import Loaded, load_arrow, load_raw
from .sqltext import one_row
from .staging import NAMED, lookup_tables, match_units, nfc_names, stage, survey
from .store import (
    CONTENT_COLUMNS,
    COUNTS_FILES,
    OPEN_FILE,
    SCHEMA,
    STAMP_KEY,
    DossierStore,
    connect,
    partition_stamp,
)
from .unitmatch import MapEpochs

Progress = Callable[[str], None]

# The steps ``progress`` is called with, in order (a caller can draw a bar: step i of len(PHASES)).
PHASES = (
    "đọc tệp / reading",
    "đối chiếu đơn vị / matching units",
    "kiểm tra dòng / checking rows",
    "ghi kho / writing store",
)

IMPORT_MEMORY_LIMIT = "1GB"  # DuckDB's cap for an import (it spills to the work directory beyond it)


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    read_as: str = ""
    rows_total: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    duplicate_codes: int = 0  # codes seen more than once in the file: the last row wins
    duplicate_across_units: int = 0  # of those, codes whose rows name different receiving units
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
            + self._duplicates_vi()
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
            + self._duplicates_en()
            + (f"; import #{self.import_id}" if self.import_id else "")
            + (
                f"; the same file as import #{self.recognised_as}, store unchanged since: not read again"
                if self.recognised_as
                else ""
            )
        )

    # A repeated code keeps its last row (a cumulative export may list a dossier twice); said, never
    # silent, and loudest when the rows name different units (two dossiers may share a code there).
    def _duplicates_vi(self) -> str:
        if not self.duplicate_codes:
            return ""
        return f"; {self.duplicate_codes} dòng trùng mã hồ sơ với dòng sau: giữ dòng cuối của mỗi mã" + (
            f" (CẢNH BÁO: {self.duplicate_across_units} mã có ở các đơn vị tiếp nhận khác nhau — "
            "có thể là các hồ sơ khác nhau, kiểm tra tệp)"
            if self.duplicate_across_units
            else ""
        )

    def _duplicates_en(self) -> str:
        if not self.duplicate_codes:
            return ""
        return (
            f"; {self.duplicate_codes} rows repeat the dossier code of a later row: the last row of each kept"
            + (
                f" (WARNING: {self.duplicate_across_units} codes appear under different receiving units — "
                "they may be different dossiers, check the file)"
                if self.duplicate_across_units
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
    """A partition file's content stamp (``store.partition_stamp``: its size and the SHA-256 of its
    Parquet footer): any rewrite changes it, a copy (``cp -r``, new timestamps) keeps it."""
    try:
        return partition_stamp(path) if path else "absent"
    except OSError:
        return "absent"


def _same_state(path: Path, state: str) -> bool:
    """Whether a partition is as an import recorded it: by its stamp; a state recorded before the
    stamps (``size:mtime_ns``, session 9) by that rule until the file's next import."""
    if _state(path) == state:
        return True
    if not re.fullmatch(r"\d+:\d+", state):
        return False
    try:
        info = path.stat()
    except OSError:
        return False
    return f"{info.st_size}:{info.st_mtime_ns}" == state


def _recognised(store: DossierStore, key: str, report: ImportReport) -> bool:
    """The same file was imported whole before and no partition of its dossiers changed since:
    the outcome is known without reading it (call with the store locked, staging recovered).
    The file by its SHA-256 (in the key), the partitions by their content stamps: a copy of both
    with new timestamps is recognised; a partition rewritten since is not."""
    previous = DossierImport.objects.filter(recognition=key, rows_rejected=0).exclude(store_state={}).first()
    if previous is None or not all(
        _same_state(store.root / name, state) for name, state in previous.store_state.items()
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


def _incoming(
    con: duckdb.DuckDBPyConnection,
    checks: tuple[str, str, str],
    deduplicate: bool,
    decomposed: bool,
    provided: frozenset[str] = frozenset(COLUMNS),
) -> int:
    """``incoming``: the accepted rows, typed, one per dossier code (the last row of the file wins).

    A view (nothing is materialised) unless some code occurs twice: only then a window keeps the
    last row of each code, in a temp table. ``decomposed``: names come through ``nfc_<column>``.
    Returns how many repeated codes name more than one receiving unit (0 without repeats).
    """
    source, bad, _ = checks
    # a column the file lacks is stored as NULL (unknown) and left out of the ``fields`` mask
    booleans = ", ".join(
        f"coalesce(lk_{c}.code = 'true', false) AS {c}" if c in provided else f"NULL::BOOLEAN AS {c}"
        for c in BOOLEAN_COLUMNS
    )
    level = "coalesce(lk_service_level.code, 'none')" if "service_level" in provided else "NULL::VARCHAR"
    cancelled = "lk_status.code = 'cancelled'" if "status" in provided else "false"
    named = {c: f"r.{c}" for c in NAMED}
    if decomposed:
        named = {c: f"coalesce(nfc_{c}.nfc, r.{c})" for c in NAMED}
        source += "".join(f"\nLEFT JOIN nfc_{c} ON nfc_{c}.raw = r.{c}" for c in NAMED)
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
        return 0
    (across_units,) = one_row(
        con.execute(
            f"""SELECT count(*) FROM (SELECT province, dossier_code FROM ({select})
            GROUP BY province, dossier_code HAVING min(unit_id) <> max(unit_id))"""
        )
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM ({select})
        QUALIFY row_number() OVER (PARTITION BY province, dossier_code ORDER BY source_row DESC) = 1"""
    )
    return across_units


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
    """The fingerprint written with a partition, if it is the partition's: the same stamp
    (``store.partition_stamp``, whatever the files' timestamps); one written before stamps (a
    bare list) if it is not older than the partition."""
    path = DossierStore.fingerprint_path_of(partition)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(found, dict):
            return found["rows_hashes"] if found.get("data") == partition_stamp(partition) else None
        if path.stat().st_mtime_ns < partition.stat().st_mtime_ns:
            return None
        return found
    except (OSError, ValueError, KeyError):
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
    con: duckdb.DuckDBPyConnection, store: DossierStore, summary: Province, report: ImportReport
) -> tuple[str, list[int], list[Path]]:
    """What to write for one province: the relation of new or changed dossiers, the years to
    rewrite and their existing files (empty when the province is new to the store)."""
    province = summary.known_code
    kept = summary.codes  # one row per code after deduplication
    existing = store.files([province])
    if not existing:  # a first import of this province: everything is new, no join needed
        report.new += kept
        changed = f"(SELECT * FROM incoming WHERE province = '{province}')"
        if summary.codes == summary.accepted:  # no duplicate codes: every kept row is stored
            # taken in the checks' pass: another pass over the file only for this cost ~7% of an import
            report.closing_years = sorted({*report.closing_years, *summary.closing_years})
        else:  # only the last row of a code is stored: the years of the rows kept
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
    new, updated = one_row(
        con.execute("SELECT count(*) FILTER (is_new), count(*) FILTER (NOT is_new) FROM changed")
    )
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
    """The partition's additive KPI counts by day, month and half month (``kpi.counts_sql``); None when empty."""
    if not written:
        return None
    paths = {grain: out.with_name(f"{out.name}-{grain}.parquet") for grain in COUNTS_FILES}
    # each counts file names the dossiers it counts (``store.counts_are_fresh`` compares, not mtimes)
    (data,) = written
    stamp = partition_stamp(data)
    options = (
        f"(FORMAT parquet, COMPRESSION lz4, ROW_GROUP_SIZE 122880, KV_METADATA {{{STAMP_KEY}: '{stamp}'}})"
    )
    dossiers = store.relation_sql(written)
    con.execute(f"COPY ({counts_sql(dossiers)}) TO '{paths['day']}' {options}")
    day = "read_parquet('" + str(paths["day"]).replace("'", "''") + "')"
    con.execute(f"COPY ({month_counts_sql(day, dossiers)}) TO '{paths['month']}' {options}")
    con.execute(f"COPY ({half_counts_sql(day)}) TO '{paths['half']}' {options}")
    # the dossiers open on each day a period can end on, up to the partition's last event (``kpi.end_days``)
    first, last = one_row(
        con.execute(
            f"SELECT min(received_at)::DATE, max(greatest(received_at, coalesce(finished_at, received_at)))::DATE "
            f"FROM {dossiers}"
        )
    )
    days = end_days(first, last) if first is not None else []
    until = month_end(last) if last is not None else dt.date(1, 1, 1)
    paths["open"] = out.with_name(f"{out.name}-open.parquet")
    open_options = (
        f"(FORMAT parquet, COMPRESSION lz4, ROW_GROUP_SIZE 122880, "
        f"KV_METADATA {{{STAMP_KEY}: '{stamp}', {OPEN_UNTIL_KEY}: '{until}'}})"
    )
    con.execute(f"COPY ({open_stock_sql(dossiers, days_sql(days))}) TO '{paths['open']}' {open_options}")
    return paths


def _write_fingerprint(
    con: duckdb.DuckDBPyConnection, store: DossierStore, written: list[Path], out: Path
) -> Path | None:
    """The partition's content fingerprint (``_fingerprint_sql``) as JSON; None when it is empty."""
    if not written:
        return None
    found = one_row(con.execute(_fingerprint_sql(store.relation_sql(written))))
    (data,) = written
    out.write_text(json.dumps({"rows_hashes": list(found), "data": partition_stamp(data)}), encoding="utf-8")
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
    remove_dead_workdirs()  # what a killed import left behind, also when this file is recognised
    if key:
        with store.locked():
            recover_staging(store)
            if _recognised(store, key, report):
                return report
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
            stage(con, loaded, workdir / "stage.parquet")
        except duckdb.Error as error:
            raise _unreadable_csv(error, file_name) from None
        step(PHASES[1])
        epochs = MapEpochs.load()  # the days the unit map changed: a row matches on its own day's map
        report.rows_total, distinct = survey(con, epochs)
        report.unmatched_units.extend(match_units(con, within, distinct["unit"], epochs))
        lookup_tables(con, mapping, distinct)
        step(PHASES[2])
        provided = loaded.provided
        report.fields_provided = [c for c in COLUMNS if c in provided]
        report.fields_missing = [c for c in COLUMNS if c not in provided]
        checks = row_checks(mapping, provided, epochs)
        provinces = summarise(con, checks)
        rejected = sum(p.rejected for p in provinces)
        if rejected:
            report.errors = collect_errors(con, checks)
        report.rows_rejected = rejected
        report.rows_accepted = report.rows_total - rejected
        if rejected and not skip_bad_rows:
            report.refused = True
            return report
        step(PHASES[3])
        provinces = [p for p in provinces if p.code is not None and p.accepted]
        report.duplicate_codes = sum(p.accepted - p.codes for p in provinces)
        if not loaded.nfc:
            nfc_names(con)
        report.duplicate_across_units = _incoming(
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


def remove_dead_workdirs() -> list[Path]:
    """Remove the work directories (``cds-dvc-<pid>-*`` in the temp directory) of imports whose
    process is gone: a kill -9 runs no ``finally``. A running import's directory is kept."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"):
        pid = path.name[len(WORKDIR_PREFIX) :].split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
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
    provinces: list[Province],
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
                province = summary.known_code
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
                    moves.append((counts["open"] if counts else None, partition.with_name(OPEN_FILE)))
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
            # each partition holding this file's dossiers as it will be once moved (its content stamp,
            # the same after the move or a copy): the next import of the same file checks them, not the rows
            if key and not report.rows_rejected:
                incoming = {target: source for source, target in moves}
                record.store_state = {
                    str(partition.relative_to(store.root)): _state(incoming.get(partition, partition))
                    for partition in (
                        store.partition_path(p.known_code, y) for p in provinces for y in p.years
                    )
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
