"""The safety checks before any parser sees an uploaded file: its size, its real format (magic
bytes, not the extension) and the structure of zip archives (xlsx, xlsb, ods: zip bombs)."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from cds.lib.errors import InputError

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

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO


# --- the file as bytes: size and real format -------------------------------------------------


def load_bytes(source: Source, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        try:
            size = os.stat(source).st_size
            if size > max_bytes:
                raise too_large(size, max_bytes)
            with open(source, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError("Không mở được tệp.", "The file could not be opened.") from error
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    if not data:
        raise InputError("Tệp rỗng.", "The file is empty.")
    return data


def too_large(size: int, limit: int) -> InputError:
    vi_size, vi_limit = (f"{n / MB:.1f}".replace(".", ",") for n in (size, limit))
    return InputError(
        f"Tệp quá lớn ({vi_size} MB, tối đa {vi_limit} MB). Hãy tách thành nhiều tệp nhỏ hơn.",
        f"The file is too large ({size / MB:.1f} MB, at most {limit / MB:.1f} MB). "
        "Split it into smaller files.",
    )


def detect_format(data: bytes, file_name: str, max_uncompressed: int | None = None) -> str:
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
