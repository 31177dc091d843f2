"""The SQLite test database as a template: migrate once, copy for every test process.

Migrating from nothing costs ~4 s of CPU (the schema, then the shipped catalogs loaded once after
``migrate``), paid by every ``pytest`` run and by each of its pytest-xdist workers. Instead the root
``conftest.py`` asks ``worker_copy(migrated_template(...))`` for a file of its own: the template
is built once (``manage.py migrate`` in a child process) under ``<var>/test-db/`` and named by a
hash of everything that decides its content — the migrations, the catalog code and files
``migrate`` loads, the helpers they use, Django's version — so a change to any of them builds
a new template. One process builds it while the others wait on a file lock; each then copies it
(a file copy, milliseconds) and Django's ``keepdb`` finds every migration applied.

PostgreSQL is not touched: pytest-django creates its databases as before.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import django

# What the migrated database's content depends on (globs under the repository root).
TEMPLATE_INPUTS = (
    "cds/*/migrations/*.py",
    "cds/catalog/*.py",
    "cds/catalog/data/*",
    "cds/lib/*.py",
    "cds/settings.py",
    "requirements.txt",  # the third-party apps' migrations
)
_SIDE_FILES = ("-wal", "-shm", "-journal")


def template_key(root: Path, patterns: Iterable[str] = TEMPLATE_INPUTS) -> str:
    """A short hash of the template's inputs: their paths and bytes, and Django's version."""
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file()}):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def migrated_template(folder: Path, root: Path) -> Path:
    """The migrated template for the code as it is now, built if it does not exist yet."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"template-{template_key(root)}.sqlite3"
    if path.exists():
        return path
    with open(folder / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building it: wait, then look again
        if path.exists():
            return path
        building = folder / f"building-{os.getpid()}.sqlite3"
        _remove(building)
        env = {**os.environ, "CDS_DATABASE_URL": f"sqlite:///{building}"}
        done = subprocess.run(
            [sys.executable, str(root / "manage.py"), "migrate", "--no-input", "--verbosity", "0"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            _remove(building)
            raise RuntimeError(f"migrating the test database template failed:\n{done.stdout}\n{done.stderr}")
        with sqlite3.connect(building) as con:  # one self-contained file: no WAL beside it
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("PRAGMA journal_mode=DELETE")
        con.close()
        os.replace(building, path)
        for old in folder.glob("template-*.sqlite3"):
            if old != path:
                _remove(old)
    return path


def worker_copy(template: Path, name: str) -> Path:
    """A fresh copy of ``template`` for one test process, beside it (``<name>.sqlite3``)."""
    copy = template.parent / f"{name}.sqlite3"
    _remove(copy)
    shutil.copyfile(template, copy)
    return copy


def _remove(database: Path) -> None:
    """A database file and its journal files, if any."""
    for suffix in ("", *_SIDE_FILES):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def remove_copy(copy: Path) -> None:
    _remove(copy)
