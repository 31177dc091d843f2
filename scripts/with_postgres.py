#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server started just for it.

Used by ``make test`` so the suite runs against a real PostgreSQL as well as SQLite. The server
lives in a temporary directory, listens on a Unix socket only (no TCP port to collide with), and
is stopped afterwards. If it cannot start, this exits non-zero: nothing is skipped silently.

Debian's ``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile


def _pg_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        sys.exit(f"with_postgres: '{name}' not found — install Debian's postgresql package")
    return found


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit("usage: with_postgres.py COMMAND [ARGS...]")
    as_root = os.geteuid() == 0
    run_as: list[str] = ["runuser", "-u", "postgres", "--"] if as_root else []
    tmp = tempfile.mkdtemp(prefix="cds-pg-")
    data, sock = os.path.join(tmp, "data"), os.path.join(tmp, "sock")
    os.makedirs(sock)
    if as_root:
        pw = pwd.getpwnam("postgres")
        for path in (tmp, sock):
            os.chown(path, pw.pw_uid, pw.pw_gid)
    log = os.path.join(tmp, "server.log")
    try:
        subprocess.run(
            [
                *run_as,
                _pg_bin("initdb"),
                "-D",
                data,
                "-U",
                "cds",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={sock} -c fsync=off -c full_page_writes=off"
        )
        subprocess.run(
            [*run_as, _pg_bin("pg_ctl"), "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        if os.path.exists(log):
            sys.stderr.write(open(log, encoding="utf-8", errors="replace").read())
        sys.exit(f"with_postgres: could not start PostgreSQL ({exc})")
    env = dict(os.environ, CDS_DATABASE_URL=f"postgres://cds@/postgres?host={sock}")
    print(f"with_postgres: PostgreSQL running on socket {sock}", flush=True)
    try:
        return subprocess.call(argv, env=env)
    finally:
        subprocess.run(
            [*run_as, _pg_bin("pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL
        )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
