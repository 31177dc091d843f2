"""Getting an export's cells into DuckDB as text, with row numbers, whatever the file format.

CSV files are read by DuckDB itself (millions of rows never become Python objects); legacy
Windows-1258 files are first transcoded to UTF-8 (NFC) in chunks. Workbooks go through
``cds.lib.tabular.read_table``, which checks the real format, size and zip structure (zip bombs)
before parsing. Either way the result is a relation ``raw`` with ``source_row`` and our canonical
column names, all VARCHAR.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
import unicodedata
from pathlib import Path

import duckdb
import pyarrow as pa

from cds.lib import tabular
from cds.lib.errors import InputError, Location
from cds.lib.text import fold

from .mapping import COLUMNS, Mapping

HEADER_SEARCH_LINES = 20
XLSX_MAX_BYTES = 200 * 1024 * 1024
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit
_NOTE = re.compile(r"\(.*?\)|\*")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0")


def header_key(label: str) -> str:
    return fold(_NOTE.sub("", label))


def _header_lookup(mapping: Mapping) -> dict[str, str]:
    keys: dict[str, str] = {}
    for column in COLUMNS:
        for label in (column, *mapping.aliases[column]):
            keys.setdefault(header_key(label), column)
    return keys


def _missing(mapping: Mapping, found: set[str], file_name: str) -> InputError:
    missing = [c for c in mapping.required if c not in found]
    described = "; ".join(f"{c} («{'», «'.join(mapping.aliases[c][:3]) or c}»)" for c in missing)
    return InputError(
        f"Không tìm thấy dòng tiêu đề có đủ các cột bắt buộc; thiếu: {described}.",
        f"No header row with all required columns; missing: {described}.",
        Location(file=file_name, column=", ".join(missing)),
    )


def _is_workbook(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(8)
    return head.startswith(_ZIP_MAGIC) or path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}


def load_raw(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, file_name: str) -> str:
    """Create the view ``raw`` over the file; returns the encoding or format read."""
    if not path.exists():
        raise InputError("Không tìm thấy tệp.", "File not found.", Location(file=file_name))
    if _is_workbook(path):
        return _load_workbook(con, path, mapping, file_name)
    return _load_csv(con, path, mapping, file_name)


# --- CSV ------------------------------------------------------------------------------------


def _sniff_encoding(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:8192]:
        raise InputError(
            "Tệp không phải là văn bản CSV (có thể là tệp nhị phân). Hãy dùng tệp .xlsx hoặc .csv.",
            "The file is not CSV text (it looks binary). Use an .xlsx or .csv file.",
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1258"


def _transcode(path: Path, encoding: str, workdir: Path) -> Path:
    """Legacy or UTF-16 text → a UTF-8 NFC copy (cp1258 decodes to decomposed Vietnamese)."""
    out = workdir / "transcoded.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as source, open(out, "w", encoding="utf-8", newline="") as target:
        pending = ""
        while chunk := source.read(1 << 22):
            text = pending + decoder.decode(chunk)
            cut = text.rfind("\n") + 1  # normalise whole lines only (marks never straddle a newline)
            target.write(unicodedata.normalize("NFC", text[:cut]))
            pending = text[cut:]
        target.write(unicodedata.normalize("NFC", pending + decoder.decode(b"", final=True)))
    return out


def _find_csv_header(path: Path, mapping: Mapping, file_name: str) -> tuple[int, str, dict[int, str]]:
    lookup = _header_lookup(mapping)
    with open(path, encoding="utf-8-sig", newline="", errors="replace") as handle:
        lines = [handle.readline() for _ in range(HEADER_SEARCH_LINES)]
    best: tuple[int, set[str]] = (-1, set())
    for delimiter in (",", ";", "\t"):
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
            positions = {i: lookup[header_key(c)] for i, c in enumerate(cells) if header_key(c) in lookup}
            found = set(positions.values())
            if all(c in found for c in mapping.required):
                return number, delimiter, positions
            if len(found) > len(best[1]):
                best = (number, found)
    raise _missing(mapping, best[1], file_name)


def _load_csv(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, file_name: str) -> str:
    encoding = _sniff_encoding(path)
    if encoding in {"cp1258", "utf-16"}:
        workdir = Path(tempfile.mkdtemp(prefix="cds-dvc-"))
        path = _transcode(path, encoding, workdir)
    header_line, delimiter, positions = _find_csv_header(path, mapping, file_name)
    first = dict(positions)
    width = max(positions) + 1
    names = [f"c{i}" for i in range(width)]
    columns = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
    selected = {column: f"c{i}" for i, column in sorted(first.items(), reverse=True)}
    select = ", ".join(
        f"nullif(trim({selected[c]}), '') AS {c}" if c in selected else f"NULL::VARCHAR AS {c}"
        for c in COLUMNS
    )
    source = str(path).replace("'", "''")
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW raw AS
        SELECT (row_number() OVER ())::BIGINT + {header_line + 1} AS source_row, {select}
        FROM read_csv('{source}', header = false, skip = {header_line + 1}, delim = '{delimiter}',
                      quote = '"', escape = '"', columns = {{{columns}}}, null_padding = true,
                      ignore_errors = false, strict_mode = false, parallel = true)"""
    )
    return encoding


# --- workbooks ------------------------------------------------------------------------------


def _load_workbook(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, file_name: str) -> str:
    optional = [c for c in COLUMNS if c not in mapping.required]
    aliases = {c: list(mapping.aliases[c]) for c in COLUMNS}
    table = tabular.read_table(
        path,
        file_name=file_name,
        required=list(mapping.required),
        optional=optional,
        aliases=aliases,
        max_bytes=XLSX_MAX_BYTES,
        max_rows=XLSX_MAX_ROWS,
    )
    arrays = {"source_row": pa.array([r.number for r in table.rows], pa.int64())}
    for column in COLUMNS:
        arrays[column] = pa.array([r.values.get(column) or None for r in table.rows], pa.string())
    con.register("raw_workbook", pa.table(arrays))
    con.execute("CREATE OR REPLACE TEMP VIEW raw AS SELECT * FROM raw_workbook")
    return table.format
