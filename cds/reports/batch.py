"""One report per commune of a scope, zipped: shared roll-ups, worker processes, optional PDF.

Every worker roots one roll-up ``Source`` at the scope and reuses it for all the communes it
builds, so the figures of a whole province come from a few queries per period instead of a dozen
per report. Workers are forked processes (``workers`` > 1) handed chunks of communes; each keeps
its own LibreOffice profile and converts its chunk's DOCX in one ``soffice`` call.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cds.lib.errors import InputError
from cds.lib.periods import Period, PeriodSet
from cds.units.models import Unit
from cds.units.services import descendants, map_day

from . import data as report_data
from .availability import EmptyPeriod
from .kinds import ReportOptions, build_report, shared_source
from .pdf import to_pdf_many

CHUNK = 8  # communes per task: small enough for a live progress bar, large enough to amortise


@dataclass
class BatchResult:
    written: list[str] = field(default_factory=list)  # names inside the zip
    failed: list[str] = field(default_factory=list)  # "unit: vi / en"
    skipped: list[str] = field(default_factory=list)  # units without values: "unit: vi / en"
    total: int = 0

    @property
    def reports(self) -> int:
        return sum(1 for name in self.written if name.endswith(".docx"))


@dataclass
class _Job:
    kind: str
    scope_id: int
    period: Period | PeriodSet
    options: ReportOptions
    out_dir: str
    pdf: bool


# per worker process: the shared source of the batch it serves and its LibreOffice profile
_worker_sources: dict[tuple[str, int, str], report_data.Source | None] = {}


def batch_units(scope: Unit, period: Period | PeriodSet) -> list[Unit]:
    """The communes of ``scope`` on the map of ``period``'s start (the scope itself when it is a
    commune): a commune that ceased before the period is not one of them (units.history)."""
    communes = descendants(scope, level="commune").as_of(map_day(scope.era, period.start))
    return list(communes.order_by("path")) or [scope]


def file_name(unit: Unit) -> str:
    return f"{unit.code}-{unit.short_name}.docx".replace("/", "-")


def _source(job: _Job, scope: Unit) -> report_data.Source | None:
    key = (job.kind, job.scope_id, job.period.code)
    if key not in _worker_sources:
        _worker_sources.clear()
        _worker_sources[key] = shared_source(job.kind, scope, job.options)
    return _worker_sources[key]


def _build_chunk(job: _Job, unit_ids: Sequence[int]) -> tuple[list[str], list[str], list[str]]:
    """Build (and convert) one chunk; returns (file names written, failures, units skipped for
    having no values)."""
    scope = Unit.objects.get(pk=job.scope_id)
    source = _source(job, scope)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).select_related("parent")}
    written: list[str] = []
    failed: list[str] = []
    skipped: list[str] = []
    paths: list[Path] = []
    for pk in unit_ids:
        unit = units[pk]
        try:
            built = build_report(job.kind, unit, job.period, job.options, source=source)
        except EmptyPeriod as err:
            skipped.append(f"{unit.name}: {err.vi} / {err.en}")
            continue
        except InputError as err:
            failed.append(f"{unit.name}: {err.vi} / {err.en}")
            continue
        path = Path(job.out_dir) / file_name(unit)
        written.extend(f.name for f in built.save(path))  # with its provenance apart when asked
        paths.append(path)
    if job.pdf and paths:
        profile = Path(job.out_dir).parent / f"lo-profile-{os.getpid()}"
        pdfs, errors = to_pdf_many(paths, Path(job.out_dir), profile)
        written.extend(p.name for p in pdfs)
        failed.extend(errors)
    return written, failed, skipped


def _init_worker() -> None:
    from django.db import connections

    # The parent closed its connections before forking; should one survive, drop it without
    # closing (closing would end the parent's session on the server) and open a fresh one.
    for conn in connections.all(initialized_only=True):
        conn.connection = None
    _worker_sources.clear()


def build_batch(
    kind: str,
    scope: Unit,
    period: Period | PeriodSet,
    options: ReportOptions,
    out: Path,
    *,
    workers: int = 2,
    pdf: bool = False,
    advance: Callable[[int], None] | None = None,
) -> BatchResult:
    """Build one report per commune of ``scope`` into the zip ``out``.

    ``workers`` 1 builds in this process (what the tests use: a forked worker cannot see an open
    test transaction); ``advance(n)`` is called as communes finish (a progress bar)."""
    units = batch_units(scope, period)
    result = BatchResult(total=len(units))
    chunks = [[u.pk for u in units[i : i + CHUNK]] for i in range(0, len(units), CHUNK)]
    with tempfile.TemporaryDirectory(prefix="cds-batch-") as tmp:
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        job = _Job(kind, scope.pk, period, options, str(out_dir), pdf)
        if workers <= 1 or len(chunks) == 1:
            outcomes = (_build_chunk(job, chunk) for chunk in chunks)
            _collect(outcomes, chunks, result, advance)
        else:
            from django.db import connections

            connections.close_all()  # the children open their own
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
                _collect(pool.map(_build_chunk, [job] * len(chunks), chunks), chunks, result, advance)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(result.written):
                zf.write(out_dir / name, name)
    return result


def _collect(outcomes, chunks, result: BatchResult, advance) -> None:
    for chunk, (written, failed, skipped) in zip(chunks, outcomes, strict=True):
        result.written.extend(written)
        result.failed.extend(failed)
        result.skipped.extend(skipped)
        if advance is not None:
            advance(len(chunk))
