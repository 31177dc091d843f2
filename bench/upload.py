"""Benchmark: a 1M-row dossier file uploaded through the real page while other users browse (#17).

    CDS_DATABASE_URL=sqlite:////tmp/cds-bench-upload/db.sqlite3 \\
        .venv/bin/python bench/upload.py --file /tmp/cds-bench-dvc/dossiers-1000000.csv \\
        [--users 20] [--think 1-3] [--quiet-seconds 60] [--scratch /tmp/cds-bench-upload]

The goal: "a web upload of a 1M-row dossier file: the page answers at once, the progress bar
moves, other users' pages stay within their p95". In one run, against gunicorn (``--workers`` ×
``--threads``, as bench/web.py) and one ``cds worker`` process, both started here:

1. **without the upload**: ``--users`` logged-in users (the demo supervisor) open dashboards,
   boards, comparisons and entry pages with ``--think`` seconds between clicks for
   ``--quiet-seconds``: their p50/p95;
2. **with the upload**: the same users again, and the data officer posts the file to
   ``/jobs/upload/dossiers/`` (multipart, the form's fields): the time until the page answers
   (a redirect to the job's page), then the job's page read every second — status and the
   ``<progress value>`` the person sees — until the job ends; the users' p50/p95 over the same
   span. The load average is printed with each phase (a shared machine: wall figures are under
   load; the two phases are compared in one run).

With ``--upload-workers N`` the file is posted to a second gunicorn pool of N sync workers on
the same code and database (docs/deployment.md: the proxy sends ``/jobs/upload/`` there), so the
upload shares no process with page renderers; the job page is read from the pages' pool.

The file must name units of the legacy province of Quảng Ngãi (bench/dvc.py's synthetic exports
do); the store is ``--scratch``/store, emptied first so the import is a first import.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web  # bench/web.py: database set-up, sessions, percentiles
from timing import load_average  # bench/timing.py

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def multipart(fields: dict[str, str], file_field: str, path: Path) -> tuple[bytes, str]:
    """The body a browser sends for the upload form (one file, text fields)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
    )
    parts.append(path.read_bytes())
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def browse(base: str, sessions: list, communes: list[int], province: int, think, stop: threading.Event):
    """Users opening pages until ``stop``: (seconds, path, status) of every request."""
    out: list[tuple[float, str, int]] = []
    lock = threading.Lock()

    def user(index: int) -> None:
        import random

        local = random.Random(index)
        session = sessions[index]
        while not stop.is_set():
            time.sleep(local.uniform(*think))
            if stop.is_set():
                return
            unit = local.choice(communes)
            path = local.choice(web.browsing_pages(unit, province))
            start = time.perf_counter()
            status, _ = session.request(path)
            with lock:
                out.append((time.perf_counter() - start, path.split("?")[0], status))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(len(sessions))]
    for t in threads:
        t.start()
    return out, threads


def summary(name: str, results: list[tuple[float, str, int]], seconds: float) -> dict:
    times = [r[0] for r in results]
    errors = [r for r in results if r[2] != 200]
    row = {
        "phase": name,
        "requests": len(times),
        "seconds": round(seconds, 1),
        "p50_ms": round(web.percentile(times, 50) * 1000) if times else None,
        "p95_ms": round(web.percentile(times, 95) * 1000) if times else None,
        "p99_ms": round(web.percentile(times, 99) * 1000) if times else None,
        "errors": len(errors),
        "load": load_average(),
    }
    print(
        f"{name}: {row['requests']} page requests in {row['seconds']} s, p50 {row['p50_ms']} ms, "
        f"p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms, errors {row['errors']}, load {row['load']}",
        flush=True,
    )
    for e in errors[:10]:
        print("ERROR", e)
    return row


def run(args: argparse.Namespace) -> int:
    store = args.scratch / "store"
    shutil.rmtree(store, ignore_errors=True)
    jobs = args.scratch / "jobs"
    env = dict(
        os.environ,
        CDS_DEBUG="False",
        CDS_SECRET_KEY=os.environ.get("CDS_SECRET_KEY") or secrets.token_urlsafe(50),
        CDS_DOSSIER_STORE=str(store),
        CDS_JOB_DIR=str(jobs),
        CDS_MAX_DOSSIER_UPLOAD_BYTES=str(4 * 1024**3),
    )
    os.environ.update(env)
    communes, province = web.setup_database()
    from cds.units.models import Unit

    legacy = Unit.objects.get(code="51", era="legacy", level="province")
    port = web.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "cds.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
         "--log-level", "warning", "--timeout", "300"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    worker = subprocess.Popen([sys.executable, "-m", "cds.cli", "worker"], cwd=ROOT, env=env)
    uploads, upload_base = None, base
    if args.upload_workers:  # docs/deployment.md: the proxy sends /jobs/upload/ to a pool of its own
        upload_port = web.free_port()
        upload_base = f"http://127.0.0.1:{upload_port}"
        uploads = subprocess.Popen(
            [str(BIN / "gunicorn"), "cds.wsgi:application", "--bind", f"127.0.0.1:{upload_port}",
             "--workers", str(args.upload_workers), "--worker-class", "sync", "--log-level", "warning",
             "--timeout", "300"],
            cwd=ROOT, env=env,
        )  # fmt: skip
    try:
        web.wait_for(base, server)
        if uploads is not None:
            web.wait_for(upload_base, uploads)
        sessions = []
        for _ in range(args.users):
            session = web.Session(base)
            session.login(*web.SUPERVISOR)
            sessions.append(session)
        officer = web.Session(base)
        officer.login(*web.SUPERVISOR)
        status, page = officer.request("/jobs/upload/dossiers/")
        if status != 200 or f'value="{legacy.pk}"'.encode() not in page:
            raise SystemExit(f"the upload page does not offer {legacy.name} (#{legacy.pk}): HTTP {status}")
        rows = {}

        # 1. without the upload
        print(f"machine: {os.cpu_count()} cores; load {load_average()}", flush=True)
        stop = threading.Event()
        started = time.perf_counter()
        results, threads = browse(base, sessions, communes, province, args.think, stop)
        time.sleep(args.quiet_seconds)
        stop.set()
        for t in threads:
            t.join()
        rows["without"] = summary("without the upload", results, time.perf_counter() - started)

        # 2. with the upload
        body, content_type = multipart(
            {"province": str(legacy.pk), "csrfmiddlewaretoken": officer.csrf()}, "file", args.file
        )
        stop = threading.Event()
        started = time.perf_counter()
        results, threads = browse(base, sessions, communes, province, args.think, stop)
        time.sleep(args.think[1])  # the users are browsing when the file arrives
        request = urllib.request.Request(upload_base + "/jobs/upload/dossiers/", data=body)
        request.add_header("Content-Type", content_type)
        request.add_header("X-CSRFToken", officer.csrf())
        request.add_header("Referer", base + "/jobs/upload/dossiers/")
        sent = time.perf_counter()
        try:
            with officer.opener.open(request, timeout=300) as response:
                answer_status, location = response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as err:
            answer_status, location = err.code, err.headers.get("Location", "")
        answered = time.perf_counter() - sent
        print(
            f"upload of {args.file.name} ({args.file.stat().st_size / 2**20:.0f} MB) to "
            f"{'its own pool' if uploads else 'the pages pool'}: HTTP {answer_status} "
            f"→ {location} in {answered * 1000:.0f} ms (load {load_average()})",
            flush=True,
        )
        if answer_status != 302 or "/jobs/" not in location:
            stop.set()
            raise SystemExit("the upload was not accepted")
        readings = []
        while True:
            status, page = officer.request(location)
            value = re.search(rb'<progress max="100" value="(\d+)"', page)
            state = re.search(rb"<p><strong>([^<]+)</strong></p>", page)
            reading = (
                round(time.perf_counter() - sent, 1),
                int(value.group(1)) if value else None,
                state.group(1).decode() if state else "?",
            )
            readings.append(reading)
            print(f"  t={reading[0]:6.1f} s  progress {reading[1]}%  {reading[2]}", flush=True)
            if b"data-refresh" not in page or time.perf_counter() - sent > args.timeout:
                break
            time.sleep(1)
        took = time.perf_counter() - sent
        stop.set()
        for t in threads:
            t.join()
        rows["with"] = summary("with the upload", results, time.perf_counter() - started)
        summary_text = re.search(rb'<pre class="summary">(.*?)</pre>', page, re.S)
        print("job outcome:", summary_text.group(1).decode()[:400] if summary_text else readings[-1][2])
        distinct = sorted({r[1] for r in readings if r[1] is not None})
        print(
            f"\nupload answered in {answered * 1000:.0f} ms; job done in {took:.0f} s; "
            f"{len(readings)} readings of the job page, {len(distinct)} distinct progress values {distinct}; "
            f"users' p95 {rows['without']['p95_ms']} ms without → {rows['with']['p95_ms']} ms during "
            f"(errors {rows['without']['errors']} / {rows['with']['errors']})"
        )
        return 1 if rows["with"]["errors"] or rows["without"]["errors"] else 0
    finally:
        worker.terminate()
        server.terminate()
        if uploads is not None:
            uploads.terminate()
            uploads.wait(timeout=30)
        worker.wait(timeout=60)
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, required=True, help="the dossier CSV (bench/dvc.py's synthetic)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", type=web.think_range, default=(1.0, 3.0))
    parser.add_argument("--quiet-seconds", type=float, default=60, help="the phase without the upload")
    parser.add_argument("--timeout", type=float, default=900, help="give up reading the job after this")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--upload-workers",
        type=int,
        default=0,
        help="post the file to a second gunicorn pool of this many sync workers (the deployment guide's "
        "upload pool); 0: to the pages' pool",
    )
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/cds-bench-upload"))
    args = parser.parse_args()
    args.scratch.mkdir(parents=True, exist_ok=True)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
