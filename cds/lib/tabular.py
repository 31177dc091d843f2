"""Read spreadsheets and CSV files safely; write them without formula injection.

``read_table`` is the one way an import reads a file. Before parsing it checks the size, the
real format (magic bytes, not the extension), the zip structure of workbooks (zip bombs) and
the text encoding of CSV files (legacy TCVN3/VNI, double-encoded UTF-8). It finds the header
row wherever it is (title rows, merged cells, aliases, accents) and returns NFC strings keyed
by canonical column name, numbered as the user sees the rows in Excel. Every problem with the
file becomes an ``InputError`` in both languages, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
import io
import math
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from cds.lib.errors import InputError, Location
from cds.lib.output import safe_cell_text
from cds.lib.text import fold, nfc
from cds.lib.vn_dates import local_time

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_ROWS = 1_000_000
HEADER_SEARCH_ROWS = 20  # the header must be among the first 20 non-blank rows
ZIP_MAX_UNCOMPRESSED = 200 * MB
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 10_000
# The ratio test only applies to parts at least this big: a smaller part cannot exhaust memory,
# and refusing a harmless file because its tiny styles part compresses well helps nobody.
ZIP_RATIO_MIN_SIZE = 1 * MB

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also password-protected .xlsx
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_OTHER_MAGICS = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7z",
}
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".xls", ".ods"}
_DELIMITERS = (",", ";", "\t")
_SAVE_AS_CSV_UTF8 = (
    "trong Excel chọn Tệp → Lưu thành → «CSV UTF-8 (Comma delimited)»",
    "in Excel use File → Save As → 'CSV UTF-8 (Comma delimited)'",
)

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO


class Row(NamedTuple):
    number: int  # the row number the user sees in Excel (or the record number in the CSV file)
    values: dict[str, str]  # canonical column → text; "" for blank cells and absent optional columns


@dataclass
class Table:
    columns: list[str]  # canonical names found in the header, in sheet order
    rows: list[Row]
    ignored_columns: list[str] = field(default_factory=list)  # header texts not used
    encoding: str | None = None  # text encoding of a CSV file; None for workbooks
    format: str = "csv"  # csv, xlsx, xlsb, xls or ods
    sheet: str | None = None
    header_row: int = 1


def read_table(
    source: Source,
    *,
    file_name: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    aliases: Mapping[str, Sequence[str]] | None = None,
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> Table:
    """Read a CSV or workbook into rows keyed by canonical column name.

    ``file_name`` is the name the user knows the file by: it appears in messages and its
    extension is a hint only. ``aliases`` maps a canonical name to other header texts that mean
    it; matching ignores case, accents, spaces, "(…)" notes and "*". Blank rows are
    skipped but never renumbered; columns not asked for are listed in ``ignored_columns``.
    """
    spec = _ColumnSpec(required, optional, aliases or {})
    try:
        data = _load_bytes(source, max_bytes)
        kind = _detect_format(data, file_name)
        if kind == "csv":
            return _read_csv(data, spec, max_rows)
        return _read_workbook(data, kind, spec, sheet, max_rows)
    except InputError as error:
        raise error.located(file=file_name) from None


def write_table(
    path: str | os.PathLike[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any] | Mapping[str, Any]],
    sheet_title: str = "Sheet1",
) -> None:
    """Write rows to ``.xlsx`` (bold header, sized columns) or ``.csv`` (UTF-8 with BOM for Excel).

    Text that a spreadsheet would run as a formula is neutralised; numbers, dates and booleans
    stay typed in XLSX. Rows may be sequences in column order or mappings by column name.
    """
    suffix = Path(path).suffix.lower()
    ordered = ([row.get(c) for c in columns] if isinstance(row, Mapping) else list(row) for row in rows)
    if suffix == ".xlsx":
        _write_xlsx(path, list(columns), ordered, sheet_title)
    elif suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([_csv_cell(c) for c in columns])
            writer.writerows([_csv_cell(v) for v in row] for row in ordered)
    else:
        raise ValueError(f"write_table writes .xlsx or .csv, not {suffix or 'no extension'}")


# --- the file as bytes: size and real format -------------------------------------------------


def _load_bytes(source: Source, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        try:
            size = os.stat(source).st_size
            if size > max_bytes:
                raise _too_large(size, max_bytes)
            with open(source, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError("Không mở được tệp.", "The file could not be opened.") from error
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data:
        raise InputError("Tệp rỗng.", "The file is empty.")
    return data


def _too_large(size: int, limit: int) -> InputError:
    vi_size, vi_limit = (f"{n / MB:.1f}".replace(".", ",") for n in (size, limit))
    return InputError(
        f"Tệp quá lớn ({vi_size} MB, tối đa {vi_limit} MB). Hãy tách thành nhiều tệp nhỏ hơn.",
        f"The file is too large ({size / MB:.1f} MB, at most {limit / MB:.1f} MB). "
        "Split it into smaller files.",
    )


def _detect_format(data: bytes, file_name: str, max_uncompressed: int | None = None) -> str:
    if data.startswith(_ZIP_MAGICS):
        return _check_zip(data, max_uncompressed)
    if data.startswith(_OLE_MAGIC):
        return "xls"
    for magic, kind in _OTHER_MAGICS.items():
        if data.startswith(magic):
            raise InputError(
                f"Đây là tệp {kind}, không phải bảng tính. Hãy tải lên tệp .xlsx hoặc .csv.",
                f"This is a {kind} file, not a spreadsheet. Upload an .xlsx or .csv file.",
            )
    if Path(file_name).suffix.lower() in _WORKBOOK_SUFFIXES:
        raise _not_a_workbook()
    return "csv"


def _not_a_workbook() -> InputError:
    return InputError(
        "Tệp không phải là tệp Excel hợp lệ (có thể bị hỏng hoặc chỉ được đổi đuôi). "
        "Hãy mở bằng Excel và lưu lại dạng .xlsx.",
        "The file is not a valid Excel file (it may be damaged or merely renamed). "
        "Open it in Excel and save it as .xlsx.",
    )


# --- zip archives (xlsx, xlsb, ods): structure checks before any parser sees them ------------


def _zip_bomb(vi: str, en: str) -> InputError:
    return InputError(
        f"Tệp nén có cấu trúc bất thường ({vi}) nên không được mở.",
        f"The compressed file has an abnormal structure ({en}), so it was not opened.",
    )


def archive_kind(data: bytes, max_uncompressed: int | None = None) -> str:
    """Check a zip-based office file for bombs and lies; return "xlsx", "xlsb", "ods", "docx" or "odt".

    The one place the archive checks live: spreadsheet imports and document uploads both use it.
    ``max_uncompressed`` caps the unpacked size (None: the general 200 MB; a caller reading Excel's
    million rows column-wise may allow more); the 100:1 ratio check always applies.
    """
    count = _zip_entry_count(data)
    if count is not None and count > ZIP_MAX_MEMBERS:
        raise _zip_bomb(
            f"{count} thành phần, tối đa {ZIP_MAX_MEMBERS}", f"{count} members, at most {ZIP_MAX_MEMBERS}"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as error:  # hostile input fails in many ways; all mean "not an office file"
        raise _not_a_workbook() from error
    with archive:
        return _zip_format(archive, infos, data, max_uncompressed)


def _check_zip(data: bytes, max_uncompressed: int | None = None) -> str:
    """Refuse zip bombs and non-spreadsheets; return the workbook format."""
    kind = archive_kind(data, max_uncompressed)
    if kind in {"docx", "odt"}:
        raise InputError(
            "Đây là văn bản Word, không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) hoặc .csv.",
            "This is a Word document, not a spreadsheet. Upload an Excel (.xlsx) or .csv file.",
        )
    return kind


def _zip_format(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], data: bytes, max_uncompressed: int | None
) -> str:
    if len(infos) > ZIP_MAX_MEMBERS:
        raise _zip_bomb(f"{len(infos)} thành phần", f"{len(infos)} members")
    total = sum(info.file_size for info in infos)
    if total > (ZIP_MAX_UNCOMPRESSED if max_uncompressed is None else max_uncompressed):
        raise _zip_bomb(f"giải nén ra {total // MB} MB", f"{total // MB} MB uncompressed")
    for info in infos:
        if info.file_size >= ZIP_RATIO_MIN_SIZE and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _zip_bomb(f"tỉ lệ nén {ratio}:1", f"compression ratio {ratio}:1")
    _verify_member_sizes(data, infos)
    names = {info.filename.lower(): info for info in infos}
    mimetype = b""
    if "mimetype" in names and names["mimetype"].file_size < 200:
        mimetype = archive.read(names["mimetype"])
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if "word/document.xml" in names:
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    raise _not_a_workbook()


def _zip_entry_count(data: bytes) -> int | None:
    """Member count from the end-of-directory record, read before zipfile builds one object each."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0 or end + 22 > len(data):
        return None  # zipfile will report the damage
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        record = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data[record : record + 4] == b"PK\x06\x06":
            count = int.from_bytes(data[record + 32 : record + 40], "little")
    return count


def _verify_member_sizes(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate every member in bounded chunks: a directory that lies about sizes is refused.

    The checks above trust the sizes the archive declares; this makes them true. Work stops as
    soon as a member produces more than it declared, so a lying bomb costs at most that much.
    """
    view = memoryview(data)
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(
                "Tệp được đặt mật khẩu. Hãy gỡ mật khẩu rồi lưu lại.",
                "The file is password-protected. Remove the password and save it again.",
            )
        start = info.header_offset
        local = data[start : start + 30]
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise _not_a_workbook()
        begin = start + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
        payload = view[begin : begin + info.compress_size]
        if len(payload) < info.compress_size:
            raise _not_a_workbook()
        if info.compress_type == zipfile.ZIP_STORED:
            produced = len(payload)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            produced = _inflated_size(payload, info.file_size)
        else:
            raise _not_a_workbook()
        if produced != info.file_size:
            raise _zip_bomb("kích thước khai báo sai", "declared sizes are false")


def _inflated_size(payload: memoryview, limit: int) -> int:
    """Size of a raw deflate stream, stopping once it exceeds ``limit``; -1 if it is incomplete."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for offset in range(0, len(payload), 64 * 1024):
            pending: bytes | memoryview = payload[offset : offset + 64 * 1024]
            while pending and not inflater.eof:
                produced += len(inflater.decompress(pending, MB))
                if produced > limit:
                    return produced
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        while not inflater.eof:
            chunk = inflater.decompress(b"", MB)
            if not chunk:
                break
            produced += len(chunk)
            if produced > limit:
                return produced
    except zlib.error:
        return -1
    return produced if inflater.eof else -1


# --- header matching --------------------------------------------------------------------------

_DECORATION = re.compile(r"\([^)]*\)|\*")
Merge = tuple[int, int, int, int]  # top row, left column, bottom row, right column (rows 1-based)
NumberedRows = Iterator[tuple[int, list[Any]]]  # (row number as the user sees it, cells from column A)


@dataclass
class _Header:
    row: int
    positions: dict[str, int]  # canonical name → column index
    ignored: list[str]
    data_from: int  # first row number after the header (and its merged cells)


@dataclass
class _Miss:
    sheet: str | None = None
    row: int | None = None
    labels: list[str] = field(default_factory=list)
    found: int = -1


class _ColumnSpec:
    def __init__(
        self, required: Sequence[str], optional: Sequence[str], aliases: Mapping[str, Sequence[str]]
    ):
        self.required = list(required)
        self.optional = list(optional)
        self.aliases = aliases
        names = self.required + self.optional  # aliases of other columns are simply unused
        self.keys: dict[str, tuple[str, int]] = {}
        for name in names:
            for priority, label in enumerate([name, *aliases.get(name, ())]):  # earlier aliases win
                key = fold(label)
                if not key:
                    continue
                owner = self.keys.setdefault(key, (name, priority))[0]
                if owner != name:
                    raise ValueError(f"header {label!r} would mean both {owner!r} and {name!r}")

    def match(self, label: str) -> tuple[str, int] | None:
        return self.keys.get(fold(label)) or self.keys.get(fold(_DECORATION.sub(" ", label)))

    def describe(self, name: str) -> str:
        seen, shown = {fold(name)}, []
        for alias in self.aliases.get(name, ()):
            if fold(alias) not in seen:
                seen.add(fold(alias))
                shown.append(alias)
        return f"«{name}» ({', '.join(shown)})" if shown else f"«{name}»"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _find_header(
    rows: NumberedRows,
    spec: _ColumnSpec,
    merges: Sequence[Merge],
    to_text: Callable[[Any], str],
) -> tuple[_Header | _Miss, list[tuple[int, list[Any]]]]:
    """Find the first row holding every required column among the first non-blank rows.

    Returns the header (or the best near miss, for the message) and the rows read so far.
    Vertically merged header cells count on every row they cover, and a header whose merged
    cells reach further down takes the rows below as sub-headers: each column is named by the
    lowest non-blank text in that band.
    """
    buffer: list[tuple[int, list[Any]]] = []
    texts: dict[int, list[str]] = {}
    non_blank = 0
    for number, cells in rows:
        buffer.append((number, cells))
        texts[number] = [to_text(cell) for cell in cells]
        non_blank += any(texts[number])
        if non_blank >= HEADER_SEARCH_ROWS:
            break
    for top, left, bottom, _right in merges:
        if bottom > top and top in texts and left < len(texts[top]) and texts[top][left]:
            for number in range(top + 1, bottom + 1):
                row = texts.get(number)
                if row is not None:
                    row.extend([""] * (left + 1 - len(row)))
                    row[left] = row[left] or texts[top][left]
    best = _Miss()
    for number, _cells in buffer:
        if not any(texts[number]):
            continue
        band_end = max([number, *(bottom for top, _l, bottom, _r in merges if top <= number <= bottom)])
        band = [texts[n] for n in range(band_end, number - 1, -1) if n in texts]
        labels: dict[int, str] = {}
        for row in band:
            for column, text in enumerate(row):
                if text and column not in labels:
                    labels[column] = text
        header = _match_labels(dict(sorted(labels.items())), spec, number, band_end)
        if isinstance(header, _Header):
            return header, buffer
        if header.found > best.found:
            best = header
    return best, buffer


def _match_labels(labels: dict[int, str], spec: _ColumnSpec, number: int, band_end: int) -> _Header | _Miss:
    hits: dict[str, list[tuple[int, int]]] = {}
    unmatched = []
    for column, label in labels.items():
        hit = spec.match(label)
        if hit is None:
            unmatched.append(label)
        else:
            hits.setdefault(hit[0], []).append((hit[1], column))
    found_required = sum(name in hits for name in spec.required)
    if found_required < len(spec.required) or not hits:
        return _Miss(row=number, labels=list(labels.values()), found=found_required)
    positions, ignored = {}, list(unmatched)
    for name, candidates in hits.items():
        candidates.sort()
        ties = [column for priority, column in candidates if priority == candidates[0][0]]
        if len(ties) > 1:
            where = ", ".join(_column_letter(c) for c in ties)
            raise InputError(
                f"Cột {spec.describe(name)} xuất hiện nhiều lần ở dòng tiêu đề {number} (các cột {where}). "
                "Hãy chỉ giữ một cột.",
                f"Column {spec.describe(name)} appears more than once in header row {number} "
                f"(columns {where}). Keep only one.",
            )
        positions[name] = candidates[0][1]
        ignored += [labels[column] for _priority, column in candidates[1:]]
    positions = dict(sorted(positions.items(), key=lambda item: item[1]))
    return _Header(row=number, positions=positions, ignored=ignored, data_from=band_end + 1)


def _missing_columns(miss: _Miss, spec: _ColumnSpec) -> InputError:
    where_vi = f" trong trang «{miss.sheet}»" if miss.sheet else ""
    where_en = f" in sheet «{miss.sheet}»" if miss.sheet else ""
    if miss.row is None:
        return InputError(f"Không có dữ liệu{where_vi}.", f"There is no data{where_en}.")
    found = {hit[0] for hit in map(spec.match, miss.labels) if hit}
    missing = "; ".join(spec.describe(name) for name in spec.required if name not in found)
    shown = ", ".join(f"«{label}»" for label in miss.labels[:30]) + (" …" if len(miss.labels) > 30 else "")
    return InputError(
        f"Thiếu cột bắt buộc{where_vi}: {missing}. "
        f"Dòng tiêu đề gần đúng nhất (dòng {miss.row}) có các cột: {shown}.",
        f"Required columns are missing{where_en}: {missing}. "
        f"The closest header row (row {miss.row}) has the columns: {shown}.",
    )


def _collect(
    header: _Header,
    rows: Iterable[tuple[int, list[Any]]],
    spec: _ColumnSpec,
    to_text: Callable[[Any], str],
    max_rows: int,
) -> list[Row]:
    absent = {name: "" for name in spec.optional if name not in header.positions}
    positions = list(header.positions.items())
    result: list[Row] = []
    for number, cells in rows:
        if number < header.data_from:
            continue
        width = len(cells)
        values = {name: to_text(cells[column]) if column < width else "" for name, column in positions}
        if not any(values.values()):
            continue
        if len(result) >= max_rows:
            limit_vi = f"{max_rows:,}".replace(",", ".")
            raise InputError(
                f"Tệp có hơn {limit_vi} dòng dữ liệu. Hãy tách thành nhiều tệp.",
                f"The file has more than {max_rows:,} data rows. Split it into several files.",
            )
        values.update(absent)
        result.append(Row(number, values))
    return result


# --- CSV --------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# TCVN3 (ABC) letters read as Windows-1258: à=µ á=¸ ả=¶ ã=· ạ=¹ ă=¨ â=© ê=ª ơ=¬ ư=SHY đ=® …
_TCVN3_MARKS = "¡¢£¤¥¦§¨©ª¬\xad®µ¶·¸¹¼½¾"
_TCVN3_IN_WORD = re.compile(f"(?<=[A-Za-z])[{_TCVN3_MARKS}]|[{_TCVN3_MARKS}](?=[A-Za-z])")
# VNI writes tones as a second Latin-1 letter that Vietnamese never uses: Vieät = Việt, ñ = đ.
_VNI_MARKS = re.compile("[äåæëïîñöøûüÄÅÆËÏÎÑÖØÛÜ]")
# UTF-8 bytes read as Windows-1252 and saved again: "Việt" → "Viá»‡t", "đ" → "Ä‘".
_MOJIBAKE = re.compile(
    "á[º»]|[ÃÄÅÆ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def _read_csv(data: bytes, spec: _ColumnSpec, max_rows: int) -> Table:
    encoding, text = _decode(data)
    problem = _encoding_problem(text[: 1 << 20])
    if problem:
        raise _encoding_error(problem, csv_file=True)
    delimiter = _choose_delimiter(text[: 256 * 1024], spec)
    del text
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    records = _csv_records(csv.reader(stream, delimiter=delimiter))
    header, seen = _find_header(records, spec, (), nfc)
    if isinstance(header, _Miss):
        raise _missing_columns(header, spec)
    rows = _collect(header, chain(seen, records), spec, nfc, max_rows)
    return Table(list(header.positions), rows, header.ignored, encoding, "csv", None, header.row)


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258; refuse anything else."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return encoding, data.decode(encoding)
            except UnicodeDecodeError as error:
                raise _unreadable_text() from error
    if b"\x00" in data[:8192]:
        raise InputError(
            "Tệp không phải là văn bản CSV (có thể là tệp nhị phân). Hãy tải lên tệp .xlsx hoặc .csv.",
            "The file is not CSV text (it looks binary). Upload an .xlsx or .csv file.",
        )
    for encoding in ("utf-8", "cp1258"):
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _unreadable_text()


def _unreadable_text() -> InputError:
    return InputError(
        "Không nhận ra bảng mã của tệp. Hãy mở tệp bằng Excel rồi lưu lại: " + _SAVE_AS_CSV_UTF8[0] + ".",
        "The file's text encoding was not recognised. Open it in Excel and save it again: "
        + _SAVE_AS_CSV_UTF8[1]
        + ".",
    )


def _encoding_problem(text: str) -> str | None:
    """Name what garbled text looks like: "tcvn3", "vni", "mojibake", "lost", or None if clean."""
    if "\ufffd" in text:
        return "lost"
    if len(_MOJIBAKE.findall(text)) >= 3:
        return "mojibake"
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    tcvn3 = len(_TCVN3_IN_WORD.findall(text))
    if tcvn3 >= 3 and tcvn3 * 10 >= non_ascii:
        return "tcvn3"
    vni = len(_VNI_MARKS.findall(text))
    if vni >= 3 and vni * 5 >= non_ascii:
        return "vni"
    return None


def _encoding_error(problem: str, *, csv_file: bool) -> InputError:
    then_vi, then_en = (
        (f", rồi {_SAVE_AS_CSV_UTF8[0]}", f", then {_SAVE_AS_CSV_UTF8[1]}") if csv_file else ("", "")
    )
    if problem in ("tcvn3", "vni"):
        label = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}[problem]
        label_en = {"tcvn3": "TCVN3 (ABC, .VnTime fonts)", "vni": "VNI (VNI-Times fonts)"}[problem]
        source = problem.upper()
        return InputError(
            f"Chữ tiếng Việt trong tệp có vẻ dùng bảng mã cũ {label}, không phải Unicode. "
            "Hãy chuyển sang Unicode (ví dụ: Unikey → Công cụ chuyển mã, "
            f"nguồn {source}, đích Unicode){then_vi}.",
            f"The Vietnamese text looks like the legacy {label_en} encoding, not Unicode. "
            f"Convert it to Unicode (e.g. Unikey's converter, {source} → Unicode){then_en}.",
        )
    if problem == "mojibake":
        return InputError(
            "Chữ tiếng Việt trong tệp đã bị lỗi mã hoá hai lần (ví dụ «Viá»‡t» thay cho «Việt»). "
            "Hãy lấy lại tệp gốc" + (f" và {_SAVE_AS_CSV_UTF8[0]}." if csv_file else "."),
            "The Vietnamese text was encoded twice (e.g. 'Viá»‡t' instead of 'Việt'). "
            "Go back to the original file" + (f" and {_SAVE_AS_CSV_UTF8[1]}." if csv_file else "."),
        )
    return InputError(
        "Tệp chứa ký tự đã bị mất (�) khi lưu bằng bảng mã khác. Hãy lấy lại tệp gốc"
        + (f" và {_SAVE_AS_CSV_UTF8[0]}." if csv_file else "."),
        "The file contains characters lost (�) when it was saved in another encoding. "
        "Go back to the original file" + (f" and {_SAVE_AS_CSV_UTF8[1]}." if csv_file else "."),
    )


def _choose_delimiter(sample: str, spec: _ColumnSpec) -> str:
    """The delimiter under which the required header appears and rows have one width."""
    best, best_key = ",", (False, False, -1.0)
    for delimiter in _DELIMITERS:
        try:
            records = list(islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), 200))
        except csv.Error:
            continue
        records = records[:-1] if len(records) > 1 else records  # the sample may cut the last record
        widths = [len(r) for r in records if any(cell.strip() for cell in r)]
        if not widths:
            continue
        multi = [w for w in widths if w > 1]
        target = max(set(multi), key=multi.count) if multi else 1
        try:
            header, _seen = _find_header(iter(enumerate(records, start=1)), spec, (), nfc)
            found = isinstance(header, _Header)
            if isinstance(header, _Header):
                target = len(records[header.row - 1])
        except InputError:  # a duplicated column: the header is there, the real read will say so
            found = True
        key = (found, target > 1, sum(w == target for w in widths) / len(widths))
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _csv_records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(
                "Không đọc được dòng này của tệp CSV (ô quá dài hoặc dấu ngoặc kép không khớp).",
                "This CSV row could not be read (a cell too long or unmatched quotes).",
                Location(row=number + 1),
            ) from error
        number += 1
        yield number, record


# --- workbooks --------------------------------------------------------------------------------


class _Book(NamedTuple):
    """One workbook reader: its worksheets, the visible ones, and a loader for one sheet."""

    names: list[str]
    preferred: list[str]
    load: Callable[[str], tuple[NumberedRows, list[Merge]]]


def _calamine_book(data: bytes) -> _Book:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    visible = [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible]

    def load(name: str) -> tuple[NumberedRows, list[Merge]]:
        sheet = workbook.get_sheet_by_name(name)
        merges = [(r1 + 1, c1, r2 + 1, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
        if sheet.start is None:
            return iter(()), merges
        return _calamine_rows(sheet.iter_rows(), sheet.start[1]), merges

    return _Book([m.name for m in sheets], visible, load)


def _calamine_rows(rows: Iterator[list[Any]], first_column: int) -> NumberedRows:
    # python-calamine's iter_rows() pads the rows above the data but starts at the first used
    # column; test_row_numbers_are_real_when_the_data_starts_right_of_column_a pins this.
    padding = [""] * first_column
    for index, cells in enumerate(rows, start=1):
        yield index, padding + cells if first_column else cells


def _openpyxl_book(data: bytes) -> _Book:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def load(name: str) -> tuple[NumberedRows, list[Merge]]:
        rows = workbook[name].iter_rows(values_only=True)
        return ((index, list(cells)) for index, cells in enumerate(rows, start=1)), []

    return _Book(workbook.sheetnames, workbook.sheetnames, load)


def _read_workbook(data: bytes, kind: str, spec: _ColumnSpec, sheet: str | None, max_rows: int) -> Table:
    """Read with python-calamine; fall back to openpyxl only when calamine fails on an xlsx."""
    try:
        return _read_book(_calamine_book(data), kind, spec, sheet, max_rows)
    except (InputError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pyo3 panics derive from BaseException
        failure: BaseException = error
    if kind == "xlsx":
        try:
            return _read_book(_openpyxl_book(data), kind, spec, sheet, max_rows)
        except InputError:
            raise
        except Exception as error:
            failure = error
    if kind == "xls" or "password" in str(failure).lower():  # an encrypted .xlsx is an OLE file too
        raise InputError(
            "Không đọc được tệp: tệp .xls cũ bị hỏng hoặc tệp được đặt mật khẩu. "
            "Hãy mở bằng Excel, gỡ mật khẩu nếu có, rồi lưu lại dạng .xlsx.",
            "The file could not be read: a damaged legacy .xls or a password-protected file. "
            "Open it in Excel, remove any password and save it as .xlsx.",
        ) from failure
    raise InputError(
        "Không đọc được tệp bảng tính (có thể bị hỏng). Hãy mở bằng Excel và lưu lại dạng .xlsx.",
        "The spreadsheet could not be read (it may be damaged). Open it in Excel and save it as .xlsx.",
    ) from failure


def _read_book(book: _Book, kind: str, spec: _ColumnSpec, sheet: str | None, max_rows: int) -> Table:
    if sheet is not None:
        chosen = [n for n in book.names if n == sheet] or [n for n in book.names if fold(n) == fold(sheet)]
        if not chosen:
            listed = ", ".join(f"«{n}»" for n in book.names)
            raise InputError(
                f"Không có trang tính «{sheet}». Các trang trong tệp: {listed}.",
                f"There is no sheet «{sheet}». The file's sheets are: {listed}.",
            )
    else:
        chosen = book.preferred or book.names
    if not chosen:
        raise InputError("Tệp không có trang tính nào.", "The file has no worksheets.")
    best = _Miss()
    for name in chosen:
        rows, merges = book.load(name)
        header, seen = _find_header(rows, spec, merges, _cell_text)
        if isinstance(header, _Header):
            table_rows = _collect(header, chain(seen, rows), spec, _cell_text, max_rows)
            sample = "\n".join(chain(header.ignored, *(r.values.values() for r in table_rows[:2000])))
            problem = _encoding_problem(sample)
            if problem:
                raise _encoding_error(problem, csv_file=False)
            return Table(list(header.positions), table_rows, header.ignored, None, kind, name, header.row)
        if header.found > best.found:
            best = header
            best.sheet = name if len(book.names) > 1 else None
    raise _missing_columns(best, spec)


def _cell_text(value: Any) -> str:
    """Text of a workbook cell as the user means it: 3.0 → "3", dates as ISO 2023-03-14."""
    kind = type(value)  # exact types first: this runs for every cell of every import
    if kind is str:
        return nfc(value) if value else ""
    if kind is float:
        return _float_text(value)
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _float_text(float(value)) if isinstance(value, float) else str(int(value))
    if isinstance(value, decimal.Decimal):
        return _decimal_text(value)
    if isinstance(value, dt.datetime):
        moment = _round_seconds(local_time(value))
        return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _round_seconds(dt.datetime.combine(dt.date(2000, 1, 1), value)).time().isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return nfc(str(value))


def _float_text(value: float) -> str:
    """Shortest plain text at Excel's 15 significant digits: 3.0 → "3", 0.1+0.2 → "0.3"."""
    text = repr(value + 0.0)  # + 0.0 turns -0.0 into 0.0
    if len(text) <= 16 and "e" not in text and "n" not in text:  # ≤ 15 digits: already clean
        return text[:-2] if text.endswith(".0") else text
    if not math.isfinite(value):
        return ""
    return _decimal_text(decimal.Decimal(format(value, ".15g")))


def _decimal_text(value: decimal.Decimal) -> str:
    if not value.is_finite():
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _round_seconds(value: dt.datetime) -> dt.datetime:
    # Excel stores times as fractions of a day; 08:30 may come back as 08:29:59.999999.
    return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0) if value.microsecond else value


# --- writing ----------------------------------------------------------------------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal | dt.date | dt.time | dt.timedelta):
        return _cell_text(value)
    return safe_cell_text(value if isinstance(value, str) else str(value))


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.datetime):
        return local_time(value)  # Excel has no time zones: the clock in Việt Nam
    if value is None or isinstance(value, bool | int | float | decimal.Decimal | dt.date | dt.time):
        return value
    return safe_cell_text(value if isinstance(value, str) else str(value))


def _write_xlsx(
    path: str | os.PathLike[str], columns: list[str], rows: Iterator[list[Any]], sheet_title: str
) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    title = re.sub(r"[\[\]:*?/\\]", " ", sheet_title).strip()[:31] or "Sheet1"
    sheet = workbook.create_sheet(title=title)
    first = [[_xlsx_cell(v) for v in row] for row in islice(rows, 200)]  # to size the columns
    for index, name in enumerate(columns):
        longest = max([len(str(name)), *(len(str(row[index])) for row in first if index < len(row))])
        sheet.column_dimensions[_column_letter(index)].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in chain(first, ([_xlsx_cell(v) for v in row] for row in rows)):
        sheet.append(row)
    workbook.save(path)
