"""What a database error means for the person who met it, in Vietnamese and English.

A busy database (SQLite's single writer during a large import, a PostgreSQL lock wait that timed
out) is a moment to wait, not a fault: the web answers 503 with ``Retry-After``, the API the same
as JSON, the CLI a clear message. Only a missing table means the database was never set up.
Messages never carry the server's file paths. Pure text matching, so it works for either backend
without importing Django.
"""

from __future__ import annotations

import re

from cds.lib.errors import InputError

RETRY_AFTER_SECONDS = 5

_BUSY = (
    "database is locked",  # SQLite: another connection holds the write lock past busy_timeout
    "database table is locked",  # SQLite shared cache
    "database is busy",
    "lock timeout",  # PostgreSQL: canceling statement due to lock timeout
    "could not obtain lock",  # PostgreSQL: NOWAIT
    "deadlock detected",  # PostgreSQL: one of the two is rolled back; trying again succeeds
)
_NOT_SET_UP = (
    re.compile(r"no such table"),  # SQLite
    re.compile(r"relation \S+ does not exist"),  # PostgreSQL
    re.compile(r"unable to open database file"),  # SQLite: var/ missing
)
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.\-+@]+){2,}")


def busy_error() -> InputError:
    return InputError(
        "Đang có người nhập dữ liệu, vui lòng thử lại sau ít giây.",
        "Someone is importing data; please try again in a few seconds.",
    )


def is_busy(error: BaseException) -> bool:
    """True when the error only says the database is busy with someone else's write."""
    text = str(error).lower()
    return any(marker in text for marker in _BUSY)


def without_paths(text: str) -> str:
    """The text with file-system paths replaced by «…» (no server layout in messages)."""
    return _PATH.sub("«…»", text)


def explain(error: BaseException) -> InputError:
    """The one diagnosis of a database error for a person: busy, never set up, or other."""
    if is_busy(error):
        return busy_error()
    text = str(error).lower()
    if any(pattern.search(text) for pattern in _NOT_SET_UP):
        return InputError(
            "Cơ sở dữ liệu chưa được tạo hoặc chưa cập nhật. Chạy `cds migrate` (hoặc `make demo`).",
            "The database has not been set up or is out of date. Run `cds migrate` (or `make demo`).",
        )
    detail = without_paths(str(error).splitlines()[0] if str(error) else type(error).__name__)
    return InputError(f"Lỗi cơ sở dữ liệu: {detail}.", f"Database error: {detail}.")
