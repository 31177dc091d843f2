"""An upload written once, where the job will read it, and hashed while it arrives.

Django's default handlers keep a large upload in a temporary file (``FILE_UPLOAD_TEMP_DIR``) that
the view then read again to copy it under the job root and hash it: two writes and a whole-file
read in the request. ``StoreUploadHandler`` writes each chunk the multipart parser hands it into a
file under the job root (the same filesystem as the job's folder, so ``services.start`` only
renames it) and feeds the same chunk to SHA-256; when the body has arrived, the digest (the key
that makes two uploads of one file the same job) is ready. A file over the limit is not kept: its
bytes are counted and dropped, and the view refuses it by its size with the usual bilingual error.

A view asks for it with ``accepts_upload``; ``UploadHandlerMiddleware``, placed before any
middleware that reads ``request.POST`` (the NUL check, the CSRF check), installs it.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from .outcome import job_root

V = TypeVar("V", bound=Callable[..., Any])

# The attribute ``accepts_upload`` sets on a view and the middleware reads (a function's own attribute).
UPLOAD_LIMIT = "upload_limit"


class StoredUpload(UploadedFile):
    """A file already in its place under the job root: ``path``, ``sha256`` and ``size``. Closing it
    (Django closes request files when the response is done) removes the file unless the job took it."""

    def __init__(self, path: Path | None, sha256: str, name: str, content_type: str, size: int) -> None:
        super().__init__(open(path, "rb") if path else None, name=name, content_type=content_type, size=size)
        self.path = path
        self.sha256 = sha256

    def close(self) -> None:
        try:
            if self.file is not None:
                self.file.close()
        finally:
            if self.path is not None:
                self.path.unlink(missing_ok=True)  # moved into a job's folder: nothing to remove


class StoreUploadHandler(FileUploadHandler):
    """Streams each uploaded file to the job root, hashing it on the way (at most ``limit`` bytes kept)."""

    # chunk_size: Django's 64 KB. Larger reads cost more CPU in the multipart parser (240 MB body,
    # bench/upload_parse.py: 64 KB 0,34 s; 256 KB–1 MB 0,30–0,64 s; 4 MB 0,92–0,94 s)

    def __init__(self, request: HttpRequest | None = None, limit: int = 0) -> None:
        super().__init__(request)
        self.limit = limit
        self._out: Any = None
        self._path: Path | None = None
        self._digest: Any = None
        self._size = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        root = job_root()
        root.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".upload-", dir=root)
        self._out, self._path = os.fdopen(handle, "wb"), Path(name)
        self._digest, self._size = hashlib.sha256(), 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._size += len(raw_data)
        if self._out is None:  # over the limit: counted, not kept
            return None
        if self.limit and self._size > self.limit:
            self._discard()
            return None
        self._out.write(raw_data)
        self._digest.update(raw_data)
        return None

    def file_complete(self, file_size: int) -> StoredUpload:
        path = self._path
        if self._out is not None:
            self._out.close()
            self._out = None
        self._path = None
        return StoredUpload(
            path,
            self._digest.hexdigest() if path else "",
            self.file_name or "",
            self.content_type or "",
            self._size,
        )

    def upload_interrupted(self) -> None:
        self._discard()

    def _discard(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None


def accepts_upload(limit: Callable[[], int]) -> Callable[[V], V]:
    """Mark a view whose uploaded files go through ``StoreUploadHandler``, ``limit()`` bytes at most
    (``UploadHandlerMiddleware`` installs it)."""

    def mark(view: V) -> V:
        setattr(view, UPLOAD_LIMIT, limit)
        return view

    return mark


class SocketBody:
    """A request body read straight off gunicorn's socket, as much as the parser asks for at once.

    gunicorn 23's ``Body.read`` gathers a read from 1 KB pieces, each copying the 8 KB the socket
    gave and putting the rest back: for a 240 MB upload 0,51 s of CPU, more than the multipart
    parse, write and hash together (0,33 s); ``recv`` of the same bytes costs 0,04 s
    (``bench/upload_parse.py``). This takes over a ``Content-Length`` body: first the bytes gunicorn
    already holds for it (its ``Body`` buffer, then its socket reader's, whose bytes past this body
    — a pipelined next request — stay there), then the socket. gunicorn's own count of what is
    left of the body (``LengthReader.length``) is kept true, so what the application does not read
    gunicorn still skips before the next request on the connection."""

    def __init__(self, body: Any) -> None:
        self._reader = body.reader
        self._unreader = self._reader.unreader
        self._sock = self._unreader.sock
        held = self._unreader.buf.getvalue()
        taken = held[: self._reader.length]
        self._unreader.buf = io.BytesIO()
        self._unreader.buf.write(held[len(taken) :])
        self._reader.length -= len(taken)
        self._pending = body.buf.getvalue() + taken
        body.buf = io.BytesIO()

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all that is left for None or -1); fewer when that is what one
        ``recv`` gave, b"" at the body's end."""
        if size is None or size < 0:
            out, self._pending = self._pending, b""
            while data := self._recv(1 << 20):
                out += data
            return out
        if self._pending:
            out, self._pending = self._pending[:size], self._pending[size:]
            return out
        return self._recv(size)

    def readline(self, size: int | None = -1) -> bytes:
        """Up to and including the next newline (at most ``size`` bytes): Django's
        ``LimitedStream`` offers it, the multipart parser does not use it."""
        out = b""
        while size is None or size < 0 or len(out) < size:
            if not self._pending:
                self._pending = self._recv(65536)
                if not self._pending:
                    break
            room = (
                len(self._pending) if size is None or size < 0 else min(len(self._pending), size - len(out))
            )
            newline = self._pending.find(b"\n", 0, room)
            end = newline + 1 if newline >= 0 else room
            out, self._pending = out + self._pending[:end], self._pending[end:]
            if newline >= 0:
                break
        return out

    def _recv(self, size: int) -> bytes:
        if size <= 0 or self._reader.length <= 0:
            return b""
        data: bytes = self._sock.recv(min(size, self._reader.length))
        self._reader.length -= len(data)
        return data


def socket_body(environ: dict[str, Any]) -> SocketBody | None:
    """A ``SocketBody`` for a gunicorn request with a ``Content-Length`` body, else None (another
    server, a chunked body, a gunicorn whose reader classes are not the ones this knows)."""
    try:
        from gunicorn.http.body import Body, LengthReader
        from gunicorn.http.unreader import SocketUnreader
    except ImportError:
        return None
    body = environ.get("wsgi.input")
    reader = getattr(body, "reader", None)
    unreader = getattr(reader, "unreader", None)
    if type(body) is not Body or type(reader) is not LengthReader or type(unreader) is not SocketUnreader:
        return None
    if getattr(unreader, "sock", None) is not environ.get("gunicorn.socket"):
        return None
    return SocketBody(body)


class UploadHandlerMiddleware:
    """Before anything reads a multipart body (``RejectNulBytesMiddleware`` looks for NUL in every
    field, the CSRF check reads the token), give a view marked with ``accepts_upload`` its handler,
    and under gunicorn read its body with ``SocketBody``. Other requests keep Django's handlers and
    gunicorn's reader; only a multipart POST pays a URL resolution."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and (request.content_type or "").startswith("multipart/"):
            try:
                view = resolve(request.path_info).func
            except Resolver404:
                view = None
            limit = getattr(view, UPLOAD_LIMIT, None)
            if limit is not None:
                handler = StoreUploadHandler(request, limit=limit())
                request.upload_handlers = [handler]
                fast = socket_body(request.META)
                if fast is not None and not getattr(request, "_read_started", False):
                    length = int(request.META.get("CONTENT_LENGTH") or 0)
                    # django-stubs types the stream as BytesIO and request._stream as BinaryIO; both
                    # only need read() and readline(), which LimitedStream gives over SocketBody
                    stream = LimitedStream(cast(io.BytesIO, fast), length)
                    request._stream = cast(BinaryIO, stream)
                try:
                    return self.get_response(request)
                finally:
                    # a body that broke off (the connection dropped, the disk full) leaves the parser
                    # without calling upload_interrupted: the file being written is removed here (a
                    # finished file has handed its path on and is not touched)
                    handler.upload_interrupted()
        return self.get_response(request)
