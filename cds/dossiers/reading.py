"""Getting an export's cells into DuckDB as text, with row numbers, whatever the file format.

CSV files are read by DuckDB itself (millions of rows never become Python objects); legacy
Windows-1258 and UTF-16 files are first transcoded to UTF-8 in large blocks (NFC comes later). Workbooks are
checked by ``cds.lib.tabular`` (real format, size and zip structure: zip bombs) before parsing,
then fastexcel reads the sheet into Arrow string columns (no Python object per cell). Either way the result is a
view ``raw`` with our canonical column names, all VARCHAR and untrimmed (the importer trims only
the cells that need it), and a ``Loaded`` saying how rows are numbered: a workbook or table
carries a ``source_row`` column; a CSV has none (numbering every row of a parallel scan would
serialise it), its rows are numbered from their order in the importer's ordered staging file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cds.lib import tabular
from cds.lib.errors import InputError, Location
from cds.lib.text import fold

from .mapping import COLUMNS, DATE_COLUMNS, Mapping

HEADER_SEARCH_LINES = 20
XLSX_MAX_BYTES = 200 * 1024 * 1024
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit
# unpacked size: Excel's million rows of dossiers unpack to ≈ 0.5 GB (≈ 1.1 GB with inline strings,
# as openpyxl writes them); above the general 200 MB cap, still under the 100:1 ratio check
XLSX_MAX_UNCOMPRESSED = 1536 * 1024 * 1024
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


@dataclass(frozen=True)
class Loaded:
    """What ``load_raw`` made: the encoding or format read, and how its rows are numbered.

    ``first_row`` is the file row number of the first data row when ``raw`` has no ``source_row``
    column (a CSV: rows are numbered by their order); None when ``raw`` carries ``source_row``.
    ``nfc``: the text is known to be NFC already (a byte scan found no combining marks).
    ``provided``: the canonical columns the file has a header for — a column it lacks is unknown
    for every row of the file, never "no" or 0.
    """

    read_as: str
    first_row: int | None = None
    nfc: bool = False
    provided: frozenset[str] = frozenset(COLUMNS)


def load_raw(
    con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, file_name: str, workdir: Path
) -> Loaded:
    """Create the view ``raw`` over the file; ``workdir`` (removed by the caller) holds any transcoded copy."""
    if not path.exists():
        raise InputError("Không tìm thấy tệp.", "File not found.", Location(file=file_name))
    if _is_workbook(path):
        return _load_workbook(con, path, mapping, file_name)
    return _load_csv(con, path, mapping, file_name, workdir)


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
    """Legacy or UTF-16 text → a UTF-8 copy, streaming in 16 MB blocks (C codecs, flat memory).

    Not normalised here: cp1258 decodes to decomposed Vietnamese, and NFC over the whole text
    costs ~10 s per million rows in Python; the importer normalises the dossier codes per row and
    the names through their few distinct values instead (``Loaded.nfc`` is False for such files).
    """
    out = workdir / "transcoded.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as source, open(out, "wb") as target:
        while chunk := source.read(1 << 24):
            target.write(decoder.decode(chunk).encode("utf-8"))
        target.write(decoder.decode(b"", final=True).encode("utf-8"))
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


def _load_csv(
    con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, file_name: str, workdir: Path
) -> Loaded:
    encoding = _sniff_encoding(path)
    if encoding in {"cp1258", "utf-16"}:
        path = _transcode(path, encoding, workdir)
    header_line, delimiter, positions = _find_csv_header(path, mapping, file_name)
    width = max(positions) + 1
    names = [f"c{i}" for i in range(width)]
    columns = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
    selected = {column: f"c{i}" for i, column in sorted(positions.items(), reverse=True)}
    select = ", ".join(f"{selected[c]} AS {c}" if c in selected else f"NULL::VARCHAR AS {c}" for c in COLUMNS)
    source = str(path).replace("'", "''")
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW raw AS
        SELECT {select}
        FROM read_csv('{source}', header = false, skip = {header_line + 1}, delim = '{delimiter}',
                      quote = '"', escape = '"', columns = {{{columns}}}, null_padding = true,
                      ignore_errors = false, strict_mode = false, parallel = true)"""
    )
    return Loaded(
        encoding, first_row=header_line + 2, nfc=not _has_marks(path), provided=frozenset(positions.values())
    )


def _has_marks(path: Path) -> bool:
    """Whether a UTF-8 file holds combining marks (U+0300–U+036F start with byte 0xCC or 0xCD).

    A memchr-speed scan of 16 MB blocks, so the common NFC file pays nothing for normalisation
    (read, not mmap: a mapped multi-GB file would count in the process's resident memory).
    """
    with open(path, "rb") as handle:
        while block := handle.read(1 << 24):
            if block.find(b"\xcc") >= 0 or block.find(b"\xcd") >= 0:
                return True
    return False


# --- workbooks ------------------------------------------------------------------------------

# Excel stores a time of day alone as a fraction of a day, which fastexcel shows on Excel's day 0
# (31/12/1899); such a cell is not a date, so it is passed on as the time alone and rejected.
_TIME_ONLY = r"^1899-12-3[01] "


def _has_marks_arrow(array: pa.Array | pa.ChunkedArray) -> bool:
    """Whether a string array's UTF-8 bytes hold combining marks (lead byte 0xCC or 0xCD): memchr speed."""
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    for chunk in chunks:
        if not pa.types.is_string(chunk.type) or chunk.buffers()[2] is None:
            continue
        data = chunk.buffers()[2].to_pybytes()
        if data.find(b"\xcc") >= 0 or data.find(b"\xcd") >= 0:
            return True
    return False


def _read_sheet(data: bytes, file_name: str) -> pa.RecordBatch:
    """The first sheet with cells, every cell as text, row i = Excel row i + 1 (fastexcel → Arrow).

    fastexcel (calamine in Rust) builds the Arrow columns itself: no cell becomes a Python object.
    Numbers come as "2" / "2.5", date cells as ISO text; chart sheets read as empty and are passed.
    """
    try:
        import fastexcel

        reader = fastexcel.read_excel(data)
        for index in range(len(reader.sheet_names)):
            # header_row=None with skip_rows=0 keeps the empty rows above the data, so numbering holds
            sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
            if sheet.height > XLSX_MAX_ROWS:
                limit = f"{XLSX_MAX_ROWS:,}"
                raise InputError(
                    f"Tệp có hơn {limit.replace(',', '.')} dòng dữ liệu; hãy tách thành nhiều tệp.",
                    f"The file has more than {limit} data rows; split it into several files.",
                    Location(file=file_name),
                )
            if sheet.height:
                return sheet.to_arrow()
        return pa.record_batch({})
    except InputError:
        raise
    except BaseException as error:  # pyo3 panics derive from BaseException
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        raise InputError(
            "Không đọc được bảng tính: tệp hỏng hoặc có mật khẩu.",
            "The workbook could not be read: damaged or password-protected.",
            Location(file=file_name),
        ) from None


def _load_workbook(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, file_name: str) -> Loaded:
    """fastexcel's Arrow columns → DuckDB; size and zip checks first.

    The checks (size, real format, zip bombs: member count, uncompressed size, ratio) are those of
    ``cds.lib.tabular``; then the sheet is read column-wise into Arrow, so a workbook never
    becomes Python rows. Rows whose every cell is blank are skipped; the others keep Excel's numbers.
    """
    data = tabular.load_bytes(path, XLSX_MAX_BYTES)  # the shared size check
    kind = tabular.detect_format(data, file_name, XLSX_MAX_UNCOMPRESSED)  # zip-bomb and format checks
    if kind == "csv":
        raise InputError(
            "Tệp có đuôi bảng tính nhưng là văn bản; hãy đổi tên thành .csv.",
            "The file has a workbook extension but is text; rename it to .csv.",
            Location(file=file_name),
        )
    sheet = _read_sheet(data, file_name)
    head_columns = [
        sheet.column(i).slice(0, HEADER_SEARCH_LINES).to_pylist() for i in range(sheet.num_columns)
    ]
    head = [list(cells) for cells in zip(*head_columns, strict=True)]
    lookup = _header_lookup(mapping)
    best: set[str] = set()
    header_index, positions = -1, {}
    for index, cells in enumerate(head):
        found = {
            i: lookup[header_key(str(c))]
            for i, c in enumerate(cells)
            if c not in (None, "") and header_key(str(c)) in lookup
        }
        if all(c in found.values() for c in mapping.required):
            header_index, positions = index, found
            break
        if len(set(found.values())) > len(best):
            best = set(found.values())
    if header_index < 0:
        raise _missing(mapping, best, file_name)
    wanted = {column: i for i, column in sorted(positions.items(), reverse=True)}
    body = sheet.slice(header_index + 1)
    rows = body.num_rows
    first_data = header_index + 2  # Excel's number of the first row below the header
    arrays: dict[str, pa.Array] = {"source_row": pa.array(range(first_data, first_data + rows), pa.int64())}
    marks = False
    for column in COLUMNS:
        if column not in wanted:
            arrays[column] = pa.nulls(rows, pa.string())
            continue
        array = body.column(wanted[column]).cast(pa.string())
        if column in DATE_COLUMNS:
            array = pc.replace_substring_regex(array, _TIME_ONLY, "")
        arrays[column] = array
        marks = marks or _has_marks_arrow(array)
    table = pa.table(arrays)
    # rows whose every cell is empty are skipped (Excel's numbering is kept); a blank row has a
    # blank dossier code, so the other columns are looked at only when some code is blank
    blank = None
    for column in ("dossier_code", *(c for c in COLUMNS if c != "dossier_code")):
        if column not in wanted:
            continue
        empty = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arrays[column]), ""), True)
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            break
    if blank is not None and pc.any(blank).as_py():
        table = table.filter(pc.invert(blank))
    con.register("raw_workbook", table)
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW raw AS SELECT source_row, {', '.join(COLUMNS)} FROM raw_workbook"
    )
    return Loaded(kind, nfc=not marks, provided=frozenset(wanted))


# --- Arrow tables (the demo's and the benchmark's fast path) --------------------------------


def load_arrow(con: duckdb.DuckDBPyConnection, table: pa.Table) -> Loaded:
    """An in-memory export (canonical column names) as ``raw``; timestamps become dd/mm/yyyy HH:MM."""
    con.register("raw_arrow", table)
    parts = []
    for column in COLUMNS:
        if column not in table.column_names:
            parts.append(f"NULL::VARCHAR AS {column}")
        elif pa.types.is_timestamp(table.schema.field(column).type):
            parts.append(f"strftime({column}, '%d/%m/%Y %H:%M') AS {column}")
        else:
            parts.append(f"{column}::VARCHAR AS {column}")
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW raw AS SELECT (row_number() OVER ())::BIGINT + 1 AS source_row, "
        f"{', '.join(parts)} FROM raw_arrow"
    )
    texts = [c for c in COLUMNS if c in table.column_names]
    return Loaded(
        "arrow", nfc=not any(_has_marks_arrow(table.column(c)) for c in texts), provided=frozenset(texts)
    )
