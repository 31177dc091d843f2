"""Benchmark: what the dossier upload costs the request that receives it, in CPU, with no other
thread in the process (issue 17, «the page answers at once»).

    CDS_JOB_DIR=/tmp/cds-bench-upload/jobs .venv/bin/python bench/upload_parse.py \\
        --file /tmp/cds-bench-dvc/dossiers-1000000.csv [--repeat 3]

The browser's multipart body for the file is built once in memory and parsed by Django's
``MultiPartParser`` from a ``LimitedStream``, as the WSGI handler does, in two ways, alternating:

* **copy**: Django's default handlers (the file spooled to a temporary file in
  ``FILE_UPLOAD_TEMP_DIR``), then the view's old ``services.save_upload`` reading it again to copy it
  under the job root while hashing it (the code before session 12);
* **stream**: ``cds.jobs.uploads.StoreUploadHandler`` (written under the job root and hashed while
  the parser hands it over; what the page does now).

Each run reports CPU (user + system of this process) and wall time, medians of ``--repeat``; the
stored files' SHA-256 are asserted equal to the source's. Then what comes before either in a real
server: gunicorn reading the body off the socket for Django (``gunicorn_read``), against
``cds.jobs.uploads.SocketBody`` reading the same bytes off the same gunicorn objects. The wall time of the whole page under
load is bench/upload.py's.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import load_average, median  # bench/timing.py

ROOT = Path(__file__).resolve().parents[1]


def body_for(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="province"\r\n\r\n1\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), boundary


def parse(body: bytes, boundary: str, handlers: list) -> tuple:
    from django.core.handlers.wsgi import LimitedStream
    from django.http.multipartparser import MultiPartParser

    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={boundary}", "CONTENT_LENGTH": str(len(body))}
    return MultiPartParser(meta, LimitedStream(io.BytesIO(body), len(body)), handlers).parse()


def copy_way(body: bytes, boundary: str) -> tuple[Path, str]:
    from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

    from cds.jobs.services import save_upload

    _, files = parse(body, boundary, [MemoryFileUploadHandler(), TemporaryFileUploadHandler()])
    upload = files["file"]
    try:
        return save_upload(upload.chunks())
    finally:
        upload.close()


def stream_way(body: bytes, boundary: str) -> tuple[Path, str]:
    from cds.jobs.uploads import StoreUploadHandler

    _, files = parse(body, boundary, [StoreUploadHandler(limit=len(body))])
    upload = files["file"]
    kept = upload.path.with_name(upload.path.name + ".kept")
    os.replace(upload.path, kept)  # as services.start moves it into the job's folder
    upload.close()
    return kept, upload.sha256


def gunicorn_read(size: int) -> tuple[float, float]:
    """CPU seconds of reading a ``size``-byte body from a socket as Django asks for it (64 KB
    reads of ``wsgi.input``), a thread sending it: through gunicorn's ``Body`` over a
    ``LengthReader`` (what Django gets from gunicorn), then through ``cds.jobs.uploads.SocketBody``
    over the same gunicorn objects (what the upload views get now)."""
    import socket
    import threading

    from gunicorn.http.body import Body, LengthReader
    from gunicorn.http.unreader import SocketUnreader

    from cds.jobs.uploads import socket_body

    block = b"x" * (4 * 2**20)
    out = []
    for way in ("gunicorn", "SocketBody"):
        sender, receiver = socket.socketpair()

        def send(sender: socket.socket = sender) -> None:
            left = size
            while left:
                n = min(left, len(block))
                sender.sendall(block[:n])
                left -= n

        thread = threading.Thread(target=send)
        thread.start()
        cpu, got = time.process_time(), 0
        body = Body(LengthReader(SocketUnreader(receiver), size))
        stream = body if way == "gunicorn" else socket_body({"wsgi.input": body, "gunicorn.socket": receiver})
        assert stream is not None
        while data := stream.read(65536):
            got += len(data)
        out.append(time.process_time() - cpu)
        thread.join()
        sender.close()
        receiver.close()
        assert got == size
    return out[0], out[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    import django

    django.setup()
    expected = hashlib.sha256(args.file.read_bytes()).hexdigest()
    body, boundary = body_for(args.file)
    print(f"{args.file.name}: {len(body) / 2**20:.0f} MB body; {os.cpu_count()} cores; load {load_average()}")
    runs: dict[str, dict[str, list[float]]] = {
        "copy": {"cpu": [], "wall": []},
        "stream": {"cpu": [], "wall": []},
    }
    for _ in range(args.repeat):
        for name, way in (("copy", copy_way), ("stream", stream_way)):
            cpu, wall = time.process_time(), time.perf_counter()
            path, digest = way(body, boundary)
            runs[name]["cpu"].append(time.process_time() - cpu)
            runs[name]["wall"].append(time.perf_counter() - wall)
            assert digest == expected and path.stat().st_size == args.file.stat().st_size, name
            path.unlink()
            print(
                f"  {name}: {runs[name]['cpu'][-1]:.2f} s CPU, {runs[name]['wall'][-1]:.2f} s wall",
                flush=True,
            )
    for name, run in runs.items():
        print(f"{name}: CPU median {median(run['cpu']):.2f} s, wall median {median(run['wall']):.2f} s")
    reads = [gunicorn_read(len(body)) for _ in range(args.repeat)]
    print(
        f"reading the body from a socket (before either): gunicorn's Body {median([r[0] for r in reads]):.2f} s CPU, "
        f"SocketBody {median([r[1] for r in reads]):.2f} s CPU (medians of {args.repeat}; the sender's CPU included)"
    )
    print(
        f"stream / copy: CPU {median(runs['stream']['cpu']) / median(runs['copy']['cpu']):.2f}×, "
        f"wall {median(runs['stream']['wall']) / median(runs['copy']['wall']):.2f}×; load {load_average()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
