"""An upload read beside page renderers in one gunicorn gthread process: the interpreter lock's
switch interval (issue 17, «the page answers at once»).

A thread reading a request body releases the lock at every socket read (gunicorn reads 8 KB at a
time) and must win it back from threads running Python; with Python's default 5 ms interval each
read can wait a renderer's whole slice. The app below is a stand-in with no Django: ``/cpu`` runs
≈ 60 ms of Python (a page render), ``/up`` reads the body in 64 KB chunks (Django's multipart
parser's size). For each interval it starts gunicorn (``--threads 4``), keeps ``--renderers``
clients calling ``/cpu``, posts ``--mb`` MB and reports the upload's wall time, median of
``--repeat``, and the renderers' requests per second in the same window; then the same upload with
no renderers. ``cds.wsgi`` sets 1 ms (``GIL_SWITCH_SECONDS``).

    python bench/gil_switch.py [--mb 100] [--renderers 3] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import load_average

APP = """
import sys
sys.setswitchinterval({interval})


def app(environ, start):
    if environ["PATH_INFO"] == "/cpu":
        total = 0
        for i in range(2_000_000):
            total += i
        start("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    stream, read = environ["wsgi.input"], 0
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        read += len(chunk)
    start("200 OK", [("Content-Type", "text/plain")])
    return [str(read).encode()]
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(interval: float, args: argparse.Namespace, folder: Path) -> dict[str, float]:
    (folder / f"app_{int(interval * 1e6)}.py").write_text(APP.format(interval=interval))
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), f"app_{int(interval * 1e6)}:app", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
        cwd=folder,
    )  # fmt: skip
    base, body = f"http://127.0.0.1:{port}", b"x" * (args.mb * 2**20)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/cpu").read()
                break
            except OSError:
                time.sleep(0.1)

        def upload() -> float:
            started = time.perf_counter()
            urllib.request.urlopen(urllib.request.Request(base + "/up", data=body)).read()
            return time.perf_counter() - started

        alone = statistics.median(upload() for _ in range(args.repeat))
        stop, done = threading.Event(), [0]

        def render() -> None:
            while not stop.is_set():
                urllib.request.urlopen(base + "/cpu").read()
                done[0] += 1

        threads = [threading.Thread(target=render) for _ in range(args.renderers)]
        for t in threads:
            t.start()
        time.sleep(1)
        started, before = time.perf_counter(), done[0]
        beside = statistics.median(upload() for _ in range(args.repeat))
        rate = (done[0] - before) / (time.perf_counter() - started)
        stop.set()
        for t in threads:
            t.join()
        return {"alone": alone, "beside": beside, "renders_per_s": rate}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--renderers", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; load {load_average()}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        for interval in (0.005, 0.001):
            row = measure(interval, args, Path(scratch))
            print(
                f"switch {interval * 1000:g} ms: {args.mb} MB upload alone {row['alone']:.2f} s, beside "
                f"{args.renderers} renderers {row['beside']:.2f} s ({row['beside'] / row['alone']:.1f}×); "
                f"renderers {row['renders_per_s']:.1f} req/s; load {load_average()}",
                flush=True,
            )


if __name__ == "__main__":
    main()
