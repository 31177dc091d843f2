"""What a database error means for the person who met it, in Vietnamese and English.

A busy database (SQLite's single writer during a large import, a PostgreSQL lock wait that timed
out) is a moment to wait, not a fault: the web answers 503 with ``Retry-After``, the API the same
as JSON, the CLI a clear message. Only a missing table means the database was never set up.
Messages never carry the server's file paths. Pure text matching, so it works for either backend
without importing Django.
"""

from __future__ import annotations

import logging
import re

from cds.lib.errors import InputError

logger = logging.getLogger(__name__)
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
    for patterns, vi, en in _KNOWN:
        if any(pattern in text for pattern in patterns):
            return InputError(vi, en)
    # Anything else: the database's own words stay in the log (paths removed), not in the message.
    logger.error("database error: %s", without_paths(str(error).splitlines()[0] if str(error) else ""))
    return InputError(
        f"Lỗi cơ sở dữ liệu ({type(error).__name__}); chi tiết đã ghi vào nhật ký máy chủ. "
        "Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống.",
        f"Database error ({type(error).__name__}); the details are in the server log. "
        "Try again; if it persists, tell the system administrator.",
    )


# Errors a person can act on, recognised by the database's own words (SQLite, PostgreSQL).
_KNOWN: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("file is not a database", "database disk image is malformed"),
        "Tệp cơ sở dữ liệu bị hỏng hoặc không phải cơ sở dữ liệu của CĐS Hub; hãy khôi phục từ bản sao lưu.",
        "The database file is damaged or is not a CĐS Hub database; restore it from a backup.",
    ),
    (
        ("readonly database", "read-only", "permission denied"),
        "Không có quyền ghi vào cơ sở dữ liệu; hãy kiểm tra quyền của tệp hoặc tài khoản cơ sở dữ liệu.",
        "The database cannot be written (permissions); check the file's or the database account's rights.",
    ),
    (
        ("disk i/o error",),
        "Lỗi đọc/ghi đĩa của cơ sở dữ liệu (disk I/O error); hãy kiểm tra ổ đĩa và thử lại.",
        "The database's disk could not be read or written (disk I/O error); check the disk and try again.",
    ),
    (
        ("disk is full", "no space left"),
        "Ổ đĩa của cơ sở dữ liệu đã đầy; hãy giải phóng dung lượng rồi thử lại.",
        "The database's disk is full; free some space and try again.",
    ),
    (
        ("could not connect", "connection refused", "authentication failed", "could not translate host"),
        "Không kết nối được máy chủ cơ sở dữ liệu; hãy kiểm tra CDS_DATABASE_URL và máy chủ.",
        "Cannot connect to the database server; check CDS_DATABASE_URL and the server.",
    ),
)
