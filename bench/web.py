"""Load test of the web pages on loopback: concurrent simulated users against gunicorn.

    CDS_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/web.py --think 1-3
    .venv/bin/python scripts/with_postgres.py .venv/bin/python bench/web.py --think 1-3   # PostgreSQL
    CDS_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/web.py   # closed loop
    CDS_DOSSIER_STORE=/tmp/cds-bench-dvc/store-10000000 CDS_DATABASE_URL=… bench/web.py --think 1-3 --dvc 2024Q2

With ``--think 1-3`` each user pauses 1–3 s before each request, as people do (the model the
goal is judged on, docs/benchmarks/web.md); without it each user sends its next request the
moment the last one answers (a closed loop: capacity, 50 requests always in flight).

Loads the demo data first if the database is empty (``cds demo --no-serve``), starts gunicorn
(``--workers`` processes × ``--threads`` threads, gthread) on a free loopback port, logs
``--users`` simulated users in (the demo supervisor, who may see and edit every commune of
Quảng Ngãi) and lets them run a mix of dashboard views, form saves and API reads until
``--requests`` are done or ``--seconds`` pass (both bounded). Each save user writes to its own
commune (no conflicts by design). Prints the load average, throughput, p50/p95/p99 per kind and
every error; exits non-zero if any request failed. With ``--rounds N`` the measured phase runs N
times against the same gunicorn processes (round 1 cold; later rounds find what each process kept,
e.g. the /dvc/ page's counts), each round printed on its own.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PERIOD = "2025Q2"
SUPERVISOR = ("sokhcn.quangngai", "cds-Tinh-2025")
# Saves write a count the communes type themselves: the demo's 2025Q2 dossier KPIs are approved
# (locked), and a save of a locked field writes nothing — it would measure a no-op.
SAVE_CODE = "docs.issued_total"


def setup_database() -> tuple[list[int], int]:
    """Demo data present (loaded if not); returns commune ids of the demo province and its id."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from cds.values.models import DataValue

    call_command("migrate", verbosity=0)
    if not DataValue.objects.exists():
        print("loading the demo data (cds demo --no-serve)…", flush=True)
        subprocess.run([str(BIN / "cds"), "demo", "--no-serve"], check=True, stdout=subprocess.DEVNULL)
    from cds.units.services import resolve_unit

    province = resolve_unit("tỉnh Quảng Ngãi", era="legacy")
    communes = list(
        province.__class__.objects.subtree(province).filter(level="commune").values_list("pk", flat=True)
    )
    print(f"{DataValue.objects.count():,} values; {len(communes)} legacy communes of Quảng Ngãi", flush=True)
    return communes, province.pk


def saved_versions() -> int:
    from django.db.models import Sum

    from cds.values.models import DataValue

    rows = DataValue.objects.filter(indicator__code=SAVE_CODE, period=PERIOD)
    return rows.aggregate(n=Sum("version"))["n"] or 0


def server_cpu_seconds(master: int) -> float:
    """CPU time (user + system) of gunicorn and its workers so far: on a shared machine this,
    per request, says what a page costs whatever the other processes do to the latencies."""
    pids = [master]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def wait_for(base: str, server: subprocess.Popen, seconds: float = 300) -> None:
    """Until the server answers (its start takes tens of seconds on a loaded machine)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base + "/login/", timeout=5)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server at {base} did not start") from None
            time.sleep(0.5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            req.add_header("X-CSRFToken", self.csrf())
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def login(self, username: str, password: str) -> None:
        status, page = self.request("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, _ = self.request(
            "/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        if status != 302:
            raise SystemExit(f"login failed for {username}: HTTP {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def browsing_pages(unit: int, province: int) -> list[str]:
    """The pages a user reads between writes (a commune's dashboard and entry form, the province's
    board and comparison), one of them picked per request by the load benches."""
    return [
        f"/units/{unit}/dashboard/?period={PERIOD}",
        f"/board/?in={province}&period={PERIOD}",
        f"/compare/?in={province}&period={PERIOD}",
        f"/units/{unit}/entry/?period={PERIOD}",
    ]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> int:
    communes, province = setup_database()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "cds.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread" if args.threads > 1 else "sync",
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=dict(
            os.environ,
            CDS_DEBUG="False",
            CDS_SECRET_KEY=os.environ.get("CDS_SECRET_KEY") or secrets.token_urlsafe(50),
        ),
    )
    try:
        wait_for(base, server)
        print("load average before: " + " / ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
        written = saved_versions()
        status = 0
        for round_ in range(
            1, args.rounds + 1
        ):  # the same server: round 2 on finds the processes' caches warm
            if args.rounds > 1:
                print(f"\n--- round {round_} of {args.rounds} (same gunicorn processes)", flush=True)
            status |= _load(args, base, communes, province, server.pid)
        print(f"values written by the saves (sum of version bumps): {saved_versions() - written}")
        return status
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load(args: argparse.Namespace, base: str, communes: list[int], province: int, server: int) -> int:
    rng = random.Random(7)
    sessions = []
    for _ in range(args.users):
        session = Session(base)
        session.login(*SUPERVISOR)
        sessions.append(session)
    api_ok = sessions[0].request(f"/api/values?unit={communes[0]}&period={PERIOD}")[0] == 200
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    remaining = [args.requests]
    deadline = time.monotonic() + args.seconds
    targets = rng.sample(communes, min(len(communes), args.users))
    think = args.think

    def user(index: int) -> None:
        session, own = sessions[index], targets[index % len(targets)]
        local = random.Random(index)
        while time.monotonic() < deadline:
            if think[1] > 0:  # a person reads the page before the next click
                time.sleep(local.uniform(*think))
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            roll = local.random()
            unit = local.choice(communes)
            if args.dvc:  # the dossier KPI page of a commune (most), the province or a NĐ 09 window
                kind, data, ok = "dvc", None, {200}
                target = province if roll < 0.1 else unit
                path = f"/dvc/unit/{target}/?period={args.dvc}" + ("&window=1" if roll > 0.8 else "")
            elif roll < 0.20:
                kind, path, data, ok = (
                    "save",
                    f"/units/{own}/entry/?period={PERIOD}",
                    {"action": "save", f"v:{SAVE_CODE}": str(local.randint(1, 5000))},
                    {302},
                )
            elif roll < 0.30 and api_ok:
                kind, path, data, ok = "api", f"/api/values?unit={unit}&period={PERIOD}", None, {200}
            else:
                kind, data, ok = "dashboard", None, {200}
                path = local.choice(browsing_pages(unit, province))
            start = time.perf_counter()
            status, _body = session.request(path, data)
            elapsed = time.perf_counter() - start
            with lock:
                times[kind].append(elapsed)
                times[path.split("?")[0].split("/")[1] + ":" + kind].append(elapsed)
                if status not in ok:
                    errors.append(f"{kind} {path} → HTTP {status}")

    threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
    cpu, client_cpu = server_cpu_seconds(server), time.process_time()  # after the logins
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    cpu, client_cpu = server_cpu_seconds(server) - cpu, time.process_time() - client_cpu
    total = sum(len(v) for k, v in times.items() if ":" not in k)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\n{args.users} users, think time {args.think[0]:g}–{args.think[1]:g} s, "
        f"{args.workers} gunicorn workers × {args.threads} threads, {vendor()}, "
        f"load average {load}; {total} requests in {wall:.1f} s "
        f"= {total / wall:.1f} req/s; errors: {len(errors)}; API reads: {'yes' if api_ok else 'no API'}"
    )
    print("| kind | requests | p50 ms | p95 ms | p99 ms | mean ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in sorted(times, key=lambda k: (":" in k, k)):
        values = times[kind]
        print(
            f"| {kind} | {len(values)} | {percentile(values, 50) * 1000:.0f} | {percentile(values, 95) * 1000:.0f} "
            f"| {percentile(values, 99) * 1000:.0f} | {statistics.mean(values) * 1000:.0f} |"
        )
    for error in errors[:20]:
        print("ERROR", error)
    print(
        f"server CPU {cpu:.1f} s = {cpu / max(total, 1) * 1000:.1f} ms per request; "
        f"load generator CPU {client_cpu / max(total, 1) * 1000:.1f} ms per request"
    )
    return 1 if errors else 0


def think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000, help="stop after this many requests")
    parser.add_argument("--seconds", type=float, default=120, help="stop after this long")
    parser.add_argument(
        "--think",
        type=think_range,
        default=(0.0, 0.0),
        help="seconds each user pauses before each request, uniform in MIN-MAX (e.g. 1-3); 0 = closed loop",
    )
    parser.add_argument(
        "--dvc",
        metavar="PERIOD",
        help="only the dossier KPI page /dvc/unit/<id>/?period=PERIOD (communes, 10%% the province, 20%% its "
        "NĐ 09 window) over the store in CDS_DOSSIER_STORE (e.g. bench/dvc.py's synthetic Quảng Ngãi 2024)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measured rounds against the same server, each up to --seconds/--requests (round 1 cold, later ones "
        "find what the processes keep, e.g. the /dvc/ page's counts)",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes (2 cores: 3)")
    parser.add_argument("--threads", type=int, default=4, help="threads per process (gthread); 1 = sync")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
