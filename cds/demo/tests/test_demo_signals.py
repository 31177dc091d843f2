"""s14: the demo's background worker outlived the demo when the demo was stopped by SIGTERM
(``kill <pid>``): Python's default SIGTERM ends the process without running the ``finally`` that
stops the worker. ``serve_with_worker`` turns SIGTERM into SystemExit; Ctrl+C (SIGINT) already
raised KeyboardInterrupt. Each test runs a process like the demo (a stand-in worker, a server that
blocks until signalled), signals it once it has said its worker's pid, waits for it to exit and
looks whether the worker is still there — no sleeps, no timings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

DEMO_LIKE = """
import signal, subprocess, sys
import django
django.setup()
from cds.demo.management.commands.demo import serve_with_worker

def start():
    return subprocess.Popen([sys.executable, "-c", "import time\\nwhile True: time.sleep(1)"])

def started(pid):
    print(pid, flush=True)

# Ctrl+C as in a terminal: a job started in the background by a non-interactive shell (a CI runner)
# inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler of its own
signal.signal(signal.SIGINT, signal.default_int_handler)
serve_with_worker(start, signal.pause, started)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_demo_by_a_signal_stops_its_background_worker(signum):
    env = os.environ | {"PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "cds.settings"}
    demo = subprocess.Popen(
        [sys.executable, "-c", DEMO_LIKE], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert demo.stdout is not None
    worker = int(demo.stdout.readline())  # the worker is running
    try:
        demo.send_signal(signum)
        demo.wait(timeout=120)  # a bound against a hang, not a timing assertion
        assert not _alive(worker), "the worker outlived the demo"
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
        demo.kill()
