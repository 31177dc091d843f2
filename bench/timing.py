"""What every benchmark script shares: timing a call, medians, the machine's load, and running one
step in a child process of its own (so each step's peak memory and imports are its own).

A script's child steps print one line ``RESULT {json}``; ``run_child`` starts the script with
``--child --step NAME --scratch DIR`` and the options, and returns that JSON.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Run ``fn`` ``repeat`` times: each run's wall seconds and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(values: list[float]) -> str:
    """The median of seconds as whole milliseconds, Vietnamese thousands ("1.234")."""
    return f"{statistics.median(values) * 1000:,.0f}".replace(",", ".")


def load_average() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(script: str | Path, scratch: Path, step: str, **options: Any) -> dict:
    """Run ``script``'s step ``step`` in a new process; ``True`` options are flags, ``False`` ones left out."""
    command = [sys.executable, str(script), "--child", "--step", step, "--scratch", str(scratch)]
    for key, value in options.items():
        if value is True:
            command.append(f"--{key.replace('_', '-')}")
        elif value is not False:
            command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{done.stdout}\n{done.stderr}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def report_result(result: dict) -> None:
    """A child step's last words: its result and its peak memory, on the line ``run_child`` reads."""
    result["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(result), flush=True)
