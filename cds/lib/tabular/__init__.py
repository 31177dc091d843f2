"""Read spreadsheets and CSV files safely; write them without formula injection.

``read_table`` is the one way an import reads a file. Before parsing it checks the size, the
real format (magic bytes, not the extension), the zip structure of workbooks (zip bombs) and
the text encoding of CSV files (legacy TCVN3/VNI, double-encoded UTF-8). It finds the header
row wherever it is (title rows, merged cells, aliases, accents) and returns NFC strings keyed
by canonical column name, numbered as the user sees the rows in Excel. Every problem with the
file becomes an ``InputError`` in both languages, never a traceback.

The package: ``safety`` (size, real format, zip checks), ``reading`` (header matching, CSV,
workbooks), ``cells`` (cell values as text, column letters), ``writing`` (``write_table``).
"""

from .reading import MAX_ROWS, Row, Table, header_texts, read_table
from .safety import (
    MAX_BYTES,
    MB,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_UNCOMPRESSED,
    Source,
    archive_kind,
    detect_format,
    load_bytes,
)
from .writing import write_table

__all__ = ["MAX_BYTES", "MAX_ROWS", "MB", "ZIP_MAX_MEMBERS", "ZIP_MAX_RATIO", "ZIP_MAX_UNCOMPRESSED", "Row",
           "Source", "Table", "archive_kind", "detect_format", "header_texts", "load_bytes", "read_table",
           "write_table"]  # fmt: skip
