"""The dossier store: Parquet files partitioned by province and year, queried with DuckDB.

Layout: ``<root>/province=<code>/year=<yyyy>/data.parquet``, one file per partition, written by
DuckDB's ``COPY`` with LZ4 compression (twice as fast to write and to scan as zstd, for 1.5× the
size; rows are not sorted inside a partition: sorting cost more than the rest of an import, and a
KPI reads whole years anyway). A
province-year of dossiers is never loaded into Python objects: imports and KPIs are SQL.

The root is ``settings.VAR_DIR / "dossiers"`` unless ``settings.CDS_DOSSIER_STORE`` or an
explicit path says otherwise (tests pass ``tmp_path``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

from .kpi import (
    COUNT_COLUMNS,
    OPEN_COLUMNS,
    OPEN_UNTIL_KEY,
    CountsSource,
    counts_sql,
    days_sql,
    half_counts_sql,
    is_stored_end_day,
    month_counts_sql,
    open_stock_sql,
)

# Stored columns and their DuckDB types; the order is the order in every file.
SCHEMA: dict[str, str] = {
    "dossier_code": "VARCHAR",
    "procedure_code": "VARCHAR",
    "procedure_name": "VARCHAR",
    "field": "VARCHAR",
    "unit_id": "INTEGER",
    "received_at": "TIMESTAMP",
    "due_at": "TIMESTAMP",
    "finished_at": "TIMESTAMP",
    "supplement_days": "INTEGER",
    "channel": "VARCHAR",
    "service_level": "VARCHAR",
    "fee_required": "BOOLEAN",
    "paid_online": "BOOLEAN",
    "dossier_digitised": "BOOLEAN",
    "result_digitised": "BOOLEAN",
    "status": "VARCHAR",
    "rating": "VARCHAR",
    "authority": "VARCHAR",  # thẩm quyền: province / district / commune, NULL when the export had no such column
    "fields": "INTEGER",  # bit mask of the columns the dossier's file provided (mapping.FIELD_BIT); NULL: unknown
    "import_id": "INTEGER",
    "source_row": "BIGINT",
}
# What a dossier *is*; an import that brings the same values for these changes nothing.
# beside each partition's data.parquet: its KPI counts by day and by month (``DossierStore.counts_path_of``)
COUNTS_FILES = {"day": "counts.parquet", "month": "counts-month.parquet", "half": "counts-half.parquet"}
# the dossiers open on each end day a period can have (``kpi.open_stock_sql``), written with the counts
OPEN_FILE = "counts-open.parquet"
FINGERPRINT_FILE = "fingerprint.json"  # rows and content hash sums of data.parquet (re-imports compare it)
CONTENT_COLUMNS = tuple(c for c in SCHEMA if c not in {"import_id", "source_row"})

# the counts files' key-value metadata: the stamp (``partition_stamp``) of the dossiers they count
STAMP_KEY = "cds_dossiers"

log = logging.getLogger(__name__)

# The SQL twin of ``cds.lib.text.fold``: no accents, đ→d, lower case, only [0-9a-z].
FOLD_MACRO = (
    "CREATE OR REPLACE MACRO vnfold(s) AS regexp_replace(lower(strip_accents(replace(replace("
    "nfc_normalize(coalesce(s, '')), 'đ', 'd'), 'Đ', 'D'))), '[^0-9a-z]+', '', 'g')"
)


def default_root() -> Path:
    configured = settings.CDS_DOSSIER_STORE
    return Path(configured) if configured else Path(settings.VAR_DIR) / "dossiers"


def connect(memory_limit: str = "1GB", threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a memory cap (spilling to a temp dir) and our SQL helpers.

    Threads: ``threads`` if given, else ``CDS_DUCKDB_THREADS``, else the machine's cores (the scans
    and aggregations are parallel).
    """
    con = duckdb.connect(config={"memory_limit": memory_limit, "preserve_insertion_order": False})
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET threads = {int(threads or settings.CDS_DUCKDB_THREADS or os.cpu_count() or 1)}")
    con.execute(FOLD_MACRO)
    return con


_SCHEMA_SEEN: dict[tuple[str, int], set[str]] = {}


def _columns(files: list[Path]) -> dict[Path, set[str]]:
    """Each partition file's column names (its footer only, cached by path and mtime); the files
    not seen yet are read over one connection (opening one costs ~13 ms CPU, more than the read)."""
    keys: dict[Path, tuple[str, int] | None] = {}
    for path in files:
        try:
            keys[path] = (str(path), path.stat().st_mtime_ns)
        except OSError:
            keys[path] = None  # gone: let the query report it
    unseen = [key for key in keys.values() if key is not None and key not in _SCHEMA_SEEN]
    if unseen:
        with duckdb.connect() as con:
            for key in unseen:
                literal = "'" + key[0].replace("'", "''") + "'"
                _SCHEMA_SEEN[key] = {
                    n for (n,) in con.execute(f"SELECT name FROM parquet_schema({literal})").fetchall()
                }
    return {path: set(SCHEMA) if key is None else _SCHEMA_SEEN[key] for path, key in keys.items()}


def _identity(path: Path) -> tuple[int, int, int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


_STAMPS: dict[tuple[str, tuple[int, int, int, int]], str] = {}


def partition_stamp(path: Path) -> str:
    """What names a partition file's content, cheaply: its size and the SHA-256 of its Parquet
    footer (every row group's offsets, sizes and per-column statistics), read from the file's end
    (tens of KB at 10M rows, never the rows). A copy keeps it whatever its timestamps (``cp -r``);
    a rewrite changes it. Cached per file identity (size, mtime, inode, ctime)."""
    key = (str(path), _identity(path))
    if key not in _STAMPS:
        with open(path, "rb") as handle:
            handle.seek(-8, os.SEEK_END)
            tail = handle.read(8)
            length = int.from_bytes(tail[:4], "little")
            if tail[4:] != b"PAR1" or length + 8 > key[1][0]:
                raise OSError(f"not a Parquet file: {path}")
            handle.seek(-(8 + length), os.SEEK_END)
            footer = handle.read(length)
        _STAMPS[key] = f"{key[1][0]}:{hashlib.sha256(footer).hexdigest()[:32]}"
    return _STAMPS[key]


def _counts_stamp(path: Path, key: str = STAMP_KEY) -> str | None:
    """The stamp a counts file was written with (None: written before stamps, or unreadable)."""
    import pyarrow.parquet as pq

    try:
        found = pq.read_metadata(path).metadata or {}
    except (OSError, ValueError):
        return None
    value = found.get(key.encode())
    return value.decode() if value else None


_OPEN_UNTIL: dict[tuple, dt.date | None] = {}


def open_stock_until(partition: Path, stock: Path) -> dt.date | None:
    """The last end day a partition's open stock file holds, if it is its dossiers' (stamped as the
    counts are, ``counts_are_fresh``); None: no usable file (the stock is then counted from the dossiers)."""
    try:
        key = (str(partition), _identity(partition), _identity(stock))
    except OSError:
        return None
    if key not in _OPEN_UNTIL:
        until = _counts_stamp(stock, OPEN_UNTIL_KEY)
        fresh = until is not None and counts_are_fresh(partition, [stock])
        _OPEN_UNTIL[key] = dt.date.fromisoformat(until) if fresh and until else None
    return _OPEN_UNTIL[key]


_FRESH: dict[tuple, bool] = {}


def counts_are_fresh(partition: Path, counts: list[Path]) -> bool:
    """Whether a partition's counts files are its dossiers' counts.

    By content: each counts file carries the ``partition_stamp`` of the dossiers it was computed
    from, compared with the partition's own (a footer read, once per file identity in a
    process), so a store copied without its timestamps (``cp -r``) still reads its counts, and a
    partition replaced by an older file (a backup restored with ``cp -p``) is not read through
    counts of other dossiers. Counts written before stamps keep the old rule (not older than the
    partition). Stale counts are logged once: the KPIs then scan that partition's dossiers.
    """
    try:
        key = (str(partition), _identity(partition), *(_identity(c) for c in counts))
    except OSError:
        return False
    if key not in _FRESH:
        stamps = [_counts_stamp(c) for c in counts]
        if all(s is None for s in stamps):  # a store written before the stamps: the mtime rule
            fresh = all(c.stat().st_mtime_ns >= partition.stat().st_mtime_ns for c in counts)
        else:
            try:
                own = partition_stamp(partition)
            except OSError:
                own = None
            fresh = own is not None and all(s == own for s in stamps)
        if not fresh:
            log.warning(
                "dossier counts beside %s are not its dossiers' (a partial copy or a partition replaced "
                "without them): its KPIs scan the dossiers until the next import of that province-year",
                partition,
            )
        _FRESH[key] = fresh
    return _FRESH[key]


class DossierStore:
    """One directory of partitions. Cheap to create; holds no open files."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    def partition_path(self, province_code: str, year: int) -> Path:
        return self.root / f"province={province_code}" / f"year={year}" / "data.parquet"

    def files(self, province_codes: list[str] | None = None, years: list[int] | None = None) -> list[Path]:
        """Existing partition files, optionally only some provinces and years."""
        if not self.root.exists():
            return []
        found = []
        for path in sorted(self.root.glob("province=*/year=*/data.parquet")):
            province = path.parent.parent.name.split("=", 1)[1]
            year = int(path.parent.name.split("=", 1)[1])
            if province_codes is not None and province not in province_codes:
                continue
            if years is not None and year not in years:
                continue
            found.append(path)
        return found

    def files_until(self, year: int) -> list[Path]:
        """The partitions a period ending in ``year`` can need: every year up to it (a dossier
        received in an earlier year may be finished, so counted as resolved, in this one)."""
        return [f for f in self.files() if int(f.parent.name.split("=", 1)[1]) <= year]

    def content_stamp(self, files: list[Path]) -> tuple:
        """What changes whenever a question over ``files`` (partitions) could be answered otherwise:
        each partition's path and the identity (size, mtime, inode, ctime) of its dossiers and of every
        counts file beside them. An import writes each file beside and moves it into place
        (``os.replace``): a new inode and change time, so any import that touches a partition
        changes the stamp, and a partition added or removed changes the list. Stats only (≈ 6 a
        partition), never a read."""
        stamp: list[tuple[str, tuple[int, int, int, int] | None]] = []
        for partition in files:
            for path in (partition, *(partition.with_name(n) for n in (*COUNTS_FILES.values(), OPEN_FILE))):
                try:
                    stamp.append((str(path), _identity(path)))
                except OSError:
                    stamp.append((str(path), None))
        return tuple(stamp)

    @staticmethod
    def counts_path_of(partition: Path, grain: str = "day") -> Path:
        """The pre-aggregated counts written beside a partition's dossiers (``kpi.counts_sql``)."""
        return partition.with_name(COUNTS_FILES[grain])

    @staticmethod
    def fingerprint_path_of(partition: Path) -> Path:
        """The partition's content fingerprint (rows, hash sums), written with it by the import."""
        return partition.with_name(FINGERPRINT_FILE)

    def counts_relation_sql(self, files: list[Path]) -> CountsSource:
        """FROM-clause sources of the pre-aggregated day, month and half-month counts of partitions.

        When a partition was written before the half-month counts (its day and month counts its
        own), ``half`` is None and every range's edges are read from the day counts, as before
        them (summing its half months from all its day counts cost 4× that).

        A partition whose counts are missing or not its dossiers' (``counts_are_fresh``: written
        before counts existed, by code without them, or the partition replaced since) is counted
        from its dossiers in the query: slower, never different.
        """
        order = ", ".join(COUNT_COLUMNS)
        ready: dict[str, list[Path]] = {grain: [] for grain in COUNTS_FILES}
        missing, no_halves = [], []
        for f in files:
            paths = {grain: self.counts_path_of(f, grain) for grain in COUNTS_FILES}
            if counts_are_fresh(f, [paths["day"], paths["month"]]):
                ready["day"].append(paths["day"])
                ready["month"].append(paths["month"])
                if paths["half"].exists() and counts_are_fresh(f, [paths["half"]]):
                    ready["half"].append(paths["half"])
                else:
                    no_halves.append(f)
            else:
                missing.append(f)
        out = {}
        for grain in COUNTS_FILES:
            parts = []
            if ready[grain]:
                listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in ready[grain])
                parts.append(f"SELECT {order} FROM read_parquet([{listed}])")
            for f in missing:
                dossiers = self.relation_sql([f])
                day = f"({counts_sql(dossiers)})"
                derived = {
                    "day": day,
                    "month": f"({month_counts_sql(day, dossiers)})",
                    "half": f"({half_counts_sql(day)})",
                }
                parts.append(f"SELECT {order} FROM {derived[grain]}")
            if not parts:
                parts.append(
                    f"SELECT {', '.join(f'NULL::{t} AS {c}' for c, t in COUNT_COLUMNS.items())} WHERE false"
                )
            out[grain] = "(" + " UNION ALL ".join(parts) + ")"
        return CountsSource(out["day"], out["month"], None if no_halves else out["half"])

    def open_relation_sql(self, files: list[Path], days: list[dt.date]) -> str:
        """A FROM-clause source of the open stock (``kpi.OPEN_COLUMNS``) of partitions on ``days``:
        read from each partition's ``counts-open.parquet`` for the end days it holds (a half month's
        last day up to its last event), counted from its dossiers for any other day."""
        order = ", ".join(OPEN_COLUMNS)
        parts = []
        for f in files:
            until = open_stock_until(f, f.with_name(OPEN_FILE))
            stored = [d for d in days if until is not None and d <= until and is_stored_end_day(d)]
            other = [d for d in days if d not in stored]
            if stored:
                literal = "'" + str(f.with_name(OPEN_FILE)).replace("'", "''") + "'"
                listed = ", ".join(f"DATE '{d}'" for d in sorted(set(stored)))
                parts.append(f"SELECT {order} FROM read_parquet({literal}) WHERE day IN ({listed})")
            if other:
                parts.append(
                    f"SELECT {order} FROM ({open_stock_sql(self.relation_sql([f]), days_sql(other))})"
                )
        if not parts:
            return f"(SELECT {', '.join(f'NULL::{t} AS {c}' for c, t in OPEN_COLUMNS.items())} WHERE false)"
        return "(" + " UNION ALL ".join(parts) + ")"

    def open_scan_sql(self, files: list[Path], days: list[dt.date]) -> str:
        """The open stock on ``days`` counted from the dossiers alone (the reference)."""
        return f"({open_stock_sql(self.relation_sql(files), days_sql(days))})"

    def relation_sql(self, files: list[Path] | None = None) -> str:
        """A FROM-clause source over the files (an empty typed relation when there are none)."""
        files = self.files() if files is None else files
        if not files:
            nulls = ", ".join(f"NULL::{t} AS {c}" for c, t in SCHEMA.items())
            return f"(SELECT {nulls} WHERE false)"
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        columns = _columns(files)
        if all(set(SCHEMA) <= names for names in columns.values()):
            return f"read_parquet([{listed}])"
        # partitions written before a column existed read it as NULL (unknown): one SELECT per file
        # then, as unifying schemas costs ~20% of a KPI scan when every file is current
        parts = []
        for f, names in columns.items():
            select = ", ".join(c if c in names else f"NULL::{t} AS {c}" for c, t in SCHEMA.items())
            parts.append(f"SELECT {select} FROM read_parquet('{str(f).replace(chr(39), chr(39) * 2)}')")
        return "(" + " UNION ALL ".join(parts) + ")"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time (a second import waits for the first)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
