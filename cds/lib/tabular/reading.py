"""Reading a CSV file or a workbook into rows keyed by canonical column name: the header found
wherever it is (title rows, merged cells, aliases, accents), CSV encodings (legacy TCVN3/VNI,
double-encoded UTF-8) recognised, every problem a bilingual ``InputError``."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, NamedTuple

from cds.lib.errors import InputError, Location
from cds.lib.text import fold, nfc

from .cells import cell_text, column_letter
from .safety import MAX_BYTES, Source, detect_format, load_bytes

MAX_ROWS = 1_000_000
HEADER_SEARCH_ROWS = 20  # the header must be among the first 20 non-blank rows
_DELIMITERS = (",", ";", "\t")
_SAVE_AS_CSV_UTF8 = (
    "trong Excel chọn Tệp → Lưu thành → «CSV UTF-8 (Comma delimited)»",
    "in Excel use File → Save As → 'CSV UTF-8 (Comma delimited)'",
)


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
    fill_merged: bool = False,
) -> Table:
    """Read a CSV or workbook into rows keyed by canonical column name.

    ``file_name`` is the name the user knows the file by: it appears in messages and its
    extension is a hint only. ``aliases`` maps a canonical name to other header texts that mean
    it; matching ignores case, accents, spaces, "(…)" notes and "*". Blank rows are
    skipped but never renumbered; columns not asked for are listed in ``ignored_columns``.
    ``fill_merged``: a data cell merged down over several rows gives its text to every row it
    covers (a framework's pillar written once beside its criteria); workbooks read by calamine only.
    """
    spec = _ColumnSpec(required, optional, aliases or {})
    try:
        data = load_bytes(source, max_bytes)
        kind = detect_format(data, file_name)
        if kind == "csv":
            return _read_csv(data, spec, max_rows)
        return _read_workbook(data, kind, spec, sheet, max_rows, fill_merged)
    except InputError as error:
        raise error.located(file=file_name) from None


def header_texts(source: Source, *, file_name: str) -> list[str]:
    """The texts of a file's first non-blank row (its first sheet's): a sample's headers before any
    of them is known to mean a column (a column mapping is made from them)."""
    try:
        data = load_bytes(source, MAX_BYTES)
        if detect_format(data, file_name) == "csv":
            _encoding, text = _decode(data)
            delimiter = _choose_delimiter(text[: 256 * 1024], _ColumnSpec((), (), {}))
            records = _csv_records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            cells: list[str] = next((list(map(nfc, c)) for _n, c in records if any(x.strip() for x in c)), [])
        else:
            book = _calamine_book(data)
            rows, _merges = book.load((book.preferred or book.names)[0])
            cells = next(
                ([cell_text(c) for c in row] for _n, row in rows if any(cell_text(c) for c in row)), []
            )
    except InputError as error:
        raise error.located(file=file_name) from None
    return [c.strip() for c in cells if c.strip()]


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
            where = ", ".join(column_letter(c) for c in ties)
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
    merges: Sequence[Merge] = (),
) -> list[Row]:
    absent = {name: "" for name in spec.optional if name not in header.positions}
    positions = list(header.positions.items())
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # (row, column) → the merge's top-left cell
    for top, left, bottom, _right in merges:
        if top >= header.data_from:
            covered.update({(n, left): (top, left) for n in range(top + 1, bottom + 1)})
    tops = set(covered.values())
    top_texts: dict[tuple[int, int], str] = {}
    result: list[Row] = []
    for number, cells in rows:
        if number < header.data_from:
            continue
        width = len(cells)
        values = {name: to_text(cells[column]) if column < width else "" for name, column in positions}
        if covered:
            for name, column in positions:
                if (number, column) in tops:
                    top_texts[(number, column)] = values[name]
                elif not values[name] and (number, column) in covered:
                    values[name] = top_texts.get(covered[(number, column)], "")
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


def _read_workbook(
    data: bytes, kind: str, spec: _ColumnSpec, sheet: str | None, max_rows: int, fill_merged: bool = False
) -> Table:
    """Read with python-calamine; fall back to openpyxl only when calamine fails on an xlsx."""
    try:
        return _read_book(_calamine_book(data), kind, spec, sheet, max_rows, fill_merged)
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


def _read_book(
    book: _Book, kind: str, spec: _ColumnSpec, sheet: str | None, max_rows: int, fill_merged: bool = False
) -> Table:
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
        header, seen = _find_header(rows, spec, merges, cell_text)
        if isinstance(header, _Header):
            table_rows = _collect(
                header, chain(seen, rows), spec, cell_text, max_rows, merges if fill_merged else ()
            )
            sample = "\n".join(chain(header.ignored, *(r.values.values() for r in table_rows[:2000])))
            problem = _encoding_problem(sample)
            if problem:
                raise _encoding_error(problem, csv_file=False)
            return Table(list(header.positions), table_rows, header.ignored, None, kind, name, header.row)
        if header.found > best.found:
            best = header
            best.sheet = name if len(book.names) > 1 else None
    raise _missing_columns(best, spec)
