"""``uploads.SocketBody``: an upload's body read straight off gunicorn's socket gives exactly the
body, leaves a pipelined next request to gunicorn, and keeps gunicorn's count of what is left."""

from __future__ import annotations

import hashlib
import os
import socket
import threading
from typing import Any

import pytest
from gunicorn.http.body import Body, ChunkedReader, LengthReader
from gunicorn.http.unreader import SocketUnreader

from cds.jobs.uploads import socket_body

NEXT_REQUEST = b"GET /next HTTP/1.1\r\nHost: x\r\n\r\n"


def _connection(body: bytes, held_by_body: int, held_by_reader: int) -> tuple[Any, Any, threading.Thread]:
    """gunicorn's objects for one request whose body is split as gunicorn may hold it: the first
    bytes already in its ``Body`` buffer, the next in its socket reader's buffer (with, as on a
    kept-alive connection, nothing or the next request behind), the rest still on the socket."""
    client, server = socket.socketpair()
    unreader = SocketUnreader(server)
    reader = LengthReader(unreader, len(body) - held_by_body)
    wrapped = Body(reader)
    wrapped.buf.write(body[:held_by_body])
    unreader.buf.write(body[held_by_body : held_by_body + held_by_reader])
    rest = body[held_by_body + held_by_reader :] + NEXT_REQUEST

    def send() -> None:
        for i in range(0, len(rest), 100_000):
            client.sendall(rest[i : i + 100_000])

    sender = threading.Thread(target=send)
    sender.start()
    environ = {"wsgi.input": wrapped, "gunicorn.socket": server}
    return environ, unreader, sender


@pytest.mark.parametrize(("held_by_body", "held_by_reader"), [(0, 0), (700, 5000), (3, 8192)])
def test_the_body_read_off_the_socket_is_the_body_and_the_next_request_stays_with_gunicorn(
    held_by_body, held_by_reader
):
    body = os.urandom(3 * 2**20 + 17)
    environ, unreader, sender = _connection(body, held_by_body, held_by_reader)
    fast = socket_body(environ)
    assert fast is not None
    got, digest = 0, hashlib.sha256()
    while data := fast.read(65536):
        assert len(data) <= 65536
        digest.update(data)
        got += len(data)
    sender.join()
    assert got == len(body) and digest.hexdigest() == hashlib.sha256(body).hexdigest()
    assert environ["wsgi.input"].read(8192) == b""  # gunicorn sees the body as read
    assert unreader.read(len(NEXT_REQUEST)) == NEXT_REQUEST


def test_what_the_application_leaves_unread_gunicorn_still_skips_before_the_next_request():
    body = os.urandom(2**20)
    environ, unreader, sender = _connection(body, 100, 4000)
    fast = socket_body(environ)
    assert fast is not None
    first = fast.read(50_000) + fast.read(50_000)  # e.g. a refused file: the view stops reading
    rest = b""
    while data := environ["wsgi.input"].read(8192):  # gunicorn's drain before the next request
        rest += data
    sender.join()
    assert first + rest == body
    assert unreader.read(len(NEXT_REQUEST)) == NEXT_REQUEST


def test_reading_everything_at_once_gives_the_whole_body():
    body = os.urandom(300_000)
    environ, _unreader, sender = _connection(body, 10, 10)
    fast = socket_body(environ)
    assert fast is not None and fast.read() == body and fast.read(10) == b""
    sender.join()


def test_other_servers_and_chunked_bodies_keep_their_own_reader():
    import io

    assert socket_body({"wsgi.input": io.BytesIO(b"x")}) is None
    client, server = socket.socketpair()
    chunked = Body(ChunkedReader(None, SocketUnreader(server)))
    assert socket_body({"wsgi.input": chunked, "gunicorn.socket": server}) is None
    client.close()
    server.close()


def test_lines_are_read_up_to_their_newline_within_the_size_asked():
    body = b"first line\nsecond\n" + b"x" * 70_000 + b"\nend"
    environ, _unreader, sender = _connection(body, 5, 3)
    fast = socket_body(environ)
    assert fast is not None
    assert fast.readline() == b"first line\n"
    assert fast.readline(3) == b"sec" and fast.readline() == b"ond\n"
    assert fast.readline() == b"x" * 70_000 + b"\n"
    assert fast.readline() == b"end" and fast.readline() == b""
    sender.join()


def test_an_upload_view_under_gunicorn_gets_the_file_read_off_the_socket(tree, officer, places, settings):
    """The middleware as gunicorn calls it: a WSGI request whose body is gunicorn's, for the
    dossier upload page; the file the view gets is the one sent, hashed."""
    from django.core.handlers.wsgi import WSGIRequest

    from cds.jobs.uploads import SocketBody, StoredUpload, UploadHandlerMiddleware

    data = os.urandom(500_000)
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="province"\r\n\r\n1\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    environ, _unreader, sender = _connection(body, 0, 1000)
    environ |= {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/jobs/upload/dossiers/",
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }
    seen = {}

    def view(request: Any) -> Any:
        upload = request.FILES["file"]
        seen.update(kind=type(upload), sha256=upload.sha256, data=upload.path.read_bytes())
        seen["reader"] = type(request._stream._read.__self__)  # what Django's stream reads from
        upload.close()
        return None

    UploadHandlerMiddleware(view)(WSGIRequest(environ))
    sender.join()
    assert seen["reader"] is SocketBody and seen["kind"] is StoredUpload and seen["data"] == data
    assert seen["sha256"] == hashlib.sha256(data).hexdigest()
