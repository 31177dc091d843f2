"""A document's file (the signed PDF, the DOCX or XLSX it was drafted in): checked, stored, read back.

An upload is refused unless it is at most ``settings.CDS_MAX_UPLOAD_BYTES`` and really is a
PDF, a DOCX or an XLSX by its first bytes — the extension is never trusted. DOCX and XLSX are
zip archives: their structure (member count, uncompressed size, compression ratio, declared
sizes, passwords) is checked by ``cds.lib.tabular.archive_kind``, the one place those zip-bomb
checks live, before anything else opens them. Files are stored under
``VAR_DIR/registry-files/`` with a generated name; the user's file name is kept only to offer
it back on download.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction

from cds.history.changes import ActorLike, record, snapshot
from cds.history.models import ChangeAction
from cds.lib.errors import InputError, Location
from cds.lib.tabular import archive_kind
from cds.lib.text import nfc

from .models import Document

KINDS = {"pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"


def files_dir() -> Path:
    return Path(settings.VAR_DIR) / "registry-files"


def _too_large(size: int, limit: int) -> InputError:
    mb = 1024 * 1024
    vi_size, vi_limit = (f"{n / mb:.1f}".replace(".", ",") for n in (size, limit))
    return InputError(
        f"Tệp quá lớn ({vi_size} MB, tối đa {vi_limit} MB).",
        f"The file is too large ({size / mb:.1f} MB, at most {limit / mb:.1f} MB).",
    )


def _refused() -> InputError:
    return InputError(
        "Chỉ nhận tệp PDF, Word (.docx) hoặc Excel (.xlsx); nội dung tệp không phải các loại này.",
        "Only PDF, Word (.docx) or Excel (.xlsx) files are accepted; this file's content is none of them.",
    )


def _archive_kind(data: bytes) -> str:
    """Word or Excel, after the shared zip-bomb and structure checks of cds.lib.tabular."""
    try:
        kind = archive_kind(data)
    except InputError as error:
        raise InputError(error.vi, error.en) from None
    if kind not in {"docx", "xlsx"}:
        raise _refused()
    return kind


def check_file(data: bytes) -> str:
    """The kind of an uploaded file ("pdf", "docx", "xlsx"), or InputError saying why not."""
    limit = settings.CDS_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if not data:
        raise InputError("Tệp rỗng.", "The file is empty.")
    if data.startswith(_PDF_MAGIC):
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _archive_kind(data)
    raise _refused()


def _display_name(name: str, kind: str) -> str:
    """The user's name for the file, reduced to a safe base name with the right extension."""
    base = nfc(os.path.basename(name.replace("\\", "/"))).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*')[:150]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or 'van-ban'}.{kind}"


def attach(
    document: Document, upload: IO[bytes], name: str, size: int | None = None, *, actor: ActorLike
) -> Document:
    """Check ``upload`` and store it as ``document``'s file, replacing any earlier one; the
    change (old and new file name, size, key) is recorded for ``actor``."""
    limit = settings.CDS_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise _too_large(size, limit).located(file=name)
    data = upload.read(limit + 1)
    try:
        kind = check_file(data)
    except InputError as error:
        raise InputError(error.vi, error.en, Location(file=name)) from None
    folder = files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key = f"{uuid.uuid4().hex}.{kind}"
    partial = folder / f".{key}.part"
    partial.write_bytes(data)
    os.replace(partial, folder / key)
    old_key = document.file_key
    fields = ["file_key", "file_kind", "file_size", "file_name"]
    with transaction.atomic():
        before = {f: v for f, v in snapshot(document).items() if f in fields}
        document.file_key, document.file_kind, document.file_size = key, kind, len(data)
        document.file_name = _display_name(name, kind)
        document.save(update_fields=[*fields, "updated_at"])
        after = {f: v for f, v in snapshot(document).items() if f in fields}
        record(actor, ChangeAction.ATTACH, document, before, after, reason=document.file_name)
    if old_key and old_key != key:
        (folder / old_key).unlink(missing_ok=True)
    return document


def stored_path(document: Document) -> Path | None:
    """Where the document's file is, or None; the key is ours, but check it is a plain name."""
    key = document.file_key
    if not key or Path(key).name != key or key.startswith("."):
        return None
    path = files_dir() / key
    return path if path.is_file() else None
