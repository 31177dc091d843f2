"""Print rows as a table, JSON or CSV — the ``--format`` option shared by every data command.

JSON goes to stdout alone (no banners, no colour) so scripts can read it; CSV cells are
neutralised against formula injection.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from io import TextIOBase
from typing import IO, Any, cast

from cds.lib.vn_dates import VIETNAM, local_time

FORMATS = ("table", "json", "csv")
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters a spreadsheet drops (XML 1.0 cannot carry them): removed *before* the formula
# check, or "\x01=HYPERLINK(…)" would pass the check and become a live formula once the \x01 is gone.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Spaces and invisible marks a spreadsheet may skip before it reads a leading "=".
_INVISIBLE_LEAD = " \u00a0\u2007\u202f\ufeff\u200b\u200c\u200d\u2060"


def add_format_argument(parser: Any) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table", help="table (default), json or csv")


def fields_of(obj: object, *names: str) -> dict[str, Any]:
    """The named attributes of ``obj`` under their own names, in that order: one output row."""
    return {name: getattr(obj, name) for name in names}


def safe_cell_text(text: str) -> str:
    """The one neutraliser for every CSV/XLSX cell holding text.

    Normalises first (NFC, line ends as "\\n", control characters removed), then prefixes an apostrophe when the
    text — past any leading spaces or invisible marks — starts like a formula (OWASP ASVS 1.2.10).
    Plain numbers such as "-7" stay as they are.
    """
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n"))
    if text.lstrip(_INVISIBLE_LEAD).startswith(_FORMULA_PREFIXES):
        try:
            float(text.replace(",", "."))
        except ValueError:
            return "'" + text
    return text


def neutralise_formula(value: Any) -> Any:
    """``safe_cell_text`` for text; other values (numbers, dates, None) unchanged."""
    return safe_cell_text(value) if isinstance(value, str) else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(VIETNAM).isoformat(timespec="seconds")  # "…+07:00"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit(
    rows: Iterable[dict[str, Any]] | dict[str, Any],
    fmt: str,
    stream: IO[str] | TextIOBase,  # a file, or a management command's stdout (OutputWrapper)
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    if fmt == "json":
        payload = rows if isinstance(rows, dict) else list(rows)
        stream.write(json.dumps(payload, ensure_ascii=False, indent=2, default=_jsonable) + "\n")
        return
    row_list = [rows] if isinstance(rows, dict) else list(rows)
    cols = list(columns or (row_list[0].keys() if row_list else []))
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(cols)
        for row in row_list:
            writer.writerow([neutralise_formula(_cell(row.get(c))) for c in cols])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in cols:
        table.add_column(col)
    for row in row_list:
        table.add_row(*[_cell(row.get(c)) for c in cols])
    Console(file=cast(IO[str], stream), width=160, highlight=False).print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_jsonable)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value else str(value)
    if isinstance(value, dt.datetime):
        return local_time(value).isoformat(sep=" ", timespec="seconds")
    return str(value)
