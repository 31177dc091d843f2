"""Writing rows to ``.xlsx`` or ``.csv`` with text that a spreadsheet would run as a formula
neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from cds.lib.output import safe_cell_text
from cds.lib.vn_dates import local_time

from .cells import cell_text, column_letter


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


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal | dt.date | dt.time | dt.timedelta):
        return cell_text(value)
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
        sheet.column_dimensions[column_letter(index)].width = min(max(longest + 2, 8), 60)
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
