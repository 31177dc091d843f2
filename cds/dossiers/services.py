"""The dossier KPI questions the CLI, the web pages and the demo ask: KPIs, hot spots, changes.

Each function runs the two counting stages of ``kpi`` on this thread's DuckDB connection — stage 1
from the counts each import pre-aggregates (``engine="counts"``) or from the dossiers themselves
(``engine="scan"``, the reference) — and returns plain dataclasses; nothing here renders.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import duckdb
from cachetools import LRUCache
from django.conf import settings
from django.core.cache import caches

from cds.catalog.formatting import format_change
from cds.catalog.services import get_catalog
from cds.lib.periods import Period
from cds.units.models import Unit, reference_version

from .display import format_kpi
from .kpi import (
    RATES,
    KpiRow,
    OpenStock,
    fine_counts,
    fine_from_counts,
    fine_from_counts_by_period,
    group_table,
    is_calendar,
    month_buckets,
    open_rollup_sql,
    rollup_counts,
    unit_map_table,
)
from .store import DossierStore, connect
from .unitmatch import covered_units

log = logging.getLogger(__name__)

BREAKDOWNS = ("procedure", "field", "unit", "authority")
# "counts": the pre-aggregated counts each import writes (the default: pages, API, CLI, publishing);
# "scan": the dossiers themselves, the reference the counts are tested and benchmarked against;
# "spark": the same scan on Apache Spark (``cds.dossiers.spark``, ``CDS_SPARK_MASTER``), the same results.
ENGINES = ("counts", "scan", "spark")


def _path_ids(path: str) -> list[int]:
    return [int(p) for p in path.strip("/").split("/")]


def compute_kpis(
    unit: Unit,
    period: Period,
    by: str | None = None,
    store: DossierStore | None = None,
    engine: str = "counts",
) -> list[KpiRow]:
    """Counts (and, through ``KpiRow.rate``, rates) of ``unit``'s subtree over ``period``.

    ``by``: None (one row), "procedure", "field", "unit" (one row per direct child) or "authority"
    (one row per thẩm quyền level: province / district / commune, None when the export had no such column).
    Any period works: calendar periods are summed from month buckets, other ranges (Nghị định 09
    windows, "từ ngày … đến ngày …") are summed from day buckets (or counted directly by the scan).
    ``engine``: "counts" (pre-aggregated by each import) or "scan" (the dossiers; the reference).
    """
    return compute_many(unit, [period], by, store, engine)[period.code]


_local = threading.local()


def _connection() -> duckdb.DuckDBPyConnection:
    """This thread's DuckDB connection, kept between questions: opening one costs ~16 ms of CPU,
    ~12% of a question answered from the counts (the temp tables are replaced by each question)."""
    con = getattr(_local, "con", None)
    if con is None:
        con = _local.con = connect()
    return con


def stage_one(engine: str, store: DossierStore, periods: list[Period]) -> tuple[Any, Any]:
    """The stage-1 function of an engine and the source it reads (partitions up to the last year)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    files = store.files_until(max(p.end.year for p in periods))
    if engine == "spark":
        from . import spark  # pyspark and its JVM only when asked for

        return spark.fine_counts, files
    if engine == "scan":
        return fine_counts, store.relation_sql(files)
    return fine_from_counts, store.counts_relation_sql(files)


def compute_many(
    unit: Unit,
    periods: list[Period],
    by: str | None = None,
    store: DossierStore | None = None,
    engine: str = "counts",
    open_stock: bool = False,
) -> dict[str, list[KpiRow]]:
    """``compute_kpis`` of several periods in one pass; ``open_stock``: also the dossiers open at
    each period's end (``KpiRow.open``, 2.1 of the 766 index; only without a breakdown or by unit)."""
    store = store or DossierStore()
    periods_asked = list(periods)
    unit_map = covered_units(unit)
    counted_ids = sorted(set(unit_map.values()))
    if by == "unit":
        paths = dict(Unit.objects.filter(pk__in=counted_ids).values_list("id", "path"))
        depth = len(_path_ids(unit.path))
        groups: dict[int, list[int]] = {}
        for counted, path in paths.items():
            ids = _path_ids(path)
            if len(ids) > depth:
                groups.setdefault(ids[depth], []).append(counted)
    else:
        groups = {unit.pk: counted_ids}
    out: dict[str, list[KpiRow]] = {}
    calendar = [p for p in periods if is_calendar(p)]
    stage, source = stage_one(engine, store, periods)
    con = _connection()
    try:
        if stage is fine_from_counts:  # every period one bucket, all in one pass over the counts
            codes = list(dict.fromkeys(p.code for p in periods))
            first = {p.code: p for p in periods}
            fine_from_counts_by_period(
                con,
                source,
                unit_map,
                [(first[c].start, first[c].end) for c in codes],
                labels=by in ("procedure", "field"),
                authority=by == "authority",
            )
            rows = rollup_counts(
                con, groups, {c: [i] for i, c in enumerate(codes)}, by if by != "unit" else None
            )
            for code in codes:
                out[code] = [r for r in rows.values() if r.key["period"] == code]
            calendar = periods = []  # all answered by that pass: nothing left for the paths below
        if calendar:
            stage(
                con,
                source,
                unit_map,
                min(p.start for p in calendar),
                max(p.end for p in calendar),
                labels=by in ("procedure", "field"),
                authority=by == "authority",
            )
            rows = rollup_counts(
                con, groups, {p.code: month_buckets(p) for p in calendar}, by if by != "unit" else None
            )
            for p in calendar:
                out[p.code] = [r for r in rows.values() if r.key["period"] == p.code]
        for p in periods:
            if p in calendar:
                continue
            stage(
                con,
                source,
                unit_map,
                p.start,
                p.end,
                bucket="none",
                labels=by in ("procedure", "field"),
                authority=by == "authority",
            )
            rows = rollup_counts(con, groups, {p.code: [0]}, by if by != "unit" else None)
            out[p.code] = list(rows.values())
    except BaseException:
        _local.__dict__.pop("con", None)  # a failed query may leave it unusable: the next call opens one
        con.close()
        raise
    for listed in out.values():
        listed.sort(key=lambda r: [str(v) for k, v in r.key.items() if k != "period"])
    if open_stock and by in (None, "unit"):
        attach_open(out, groups, unit_map, periods_asked, store, engine)
    return out


# The answers kept per process, bounded by their rows (a row is ≈ 4 KB: its key, 16 counts, 9
# rates; a province's page by procedure is ≈ 6.000 rows, three periods of ≈ 2.000 procedures), so
# that 20.000 rows keep ≈ 80 MB a process; the least recently asked questions leave first
_REMEMBERED_MAX_ROWS = 20_000
_remembered_lock = threading.Lock()
_remembered: LRUCache[Hashable, tuple[Hashable, dict[str, list[KpiRow]]]] = LRUCache(
    maxsize=_REMEMBERED_MAX_ROWS, getsizeof=lambda entry: max(1, _rows_of(entry[1]))
)


def _rows_of(answer: dict[str, list[KpiRow]]) -> int:
    return sum(len(rows) for rows in answer.values())


def remembered_many(
    unit: Unit,
    periods: list[Period],
    by: str | None = None,
    store: DossierStore | None = None,
    engine: str = "counts",
) -> dict[str, list[KpiRow]]:
    """``compute_many``, or what it answered last time in this process for the same unit, periods,
    breakdown and store if nothing it reads changed since: the stamp is the store's
    ``content_stamp`` of the partitions the question reads (any import that writes one of them
    changes it) and the units' reference version (``cds units`` reloads, which change which units
    a unit's counts cover). A few stats and one indexed lookup instead of the Parquet reads and
    DuckDB queries. The rows are shared between callers: read them, never change them. The
    catalog is not part of the answer (the callers apply the catalog in force to these counts).
    With ``CDS_DOSSIER_SHARED_CACHE`` (Redis) a process that has not asked yet takes the answer
    another one computed, under a key made of the question and the same stamp."""
    store = store or DossierStore()
    key = (
        str(store.root), engine, by, unit.pk, unit.path, unit.era,
        tuple((p.code, p.start, p.end) for p in periods),
    )  # fmt: skip
    files = store.files_until(max(p.end.year for p in periods))
    stamp = (store.content_stamp(files), reference_version("units"))
    with _remembered_lock:
        entry = _remembered.get(key)  # a hit makes it the most recently asked
        if entry is not None and entry[0] == stamp:
            return entry[1]
    shared = _shared_key(key, stamp) if settings.CDS_DOSSIER_SHARED_CACHE else None
    answer = _shared_get(shared) if shared else None
    if answer is None:
        answer = compute_many(unit, periods, by, store, engine)
        if shared:
            _shared_set(shared, answer)
    _remember(key, stamp, answer)
    return answer


def _remember(key: Hashable, stamp: Hashable, answer: dict[str, list[KpiRow]]) -> None:
    """Keep ``answer`` under ``key`` (an answer larger than the whole budget is not kept at all)."""
    with _remembered_lock:
        _remembered.pop(key, None)
        if max(1, _rows_of(answer)) <= _remembered.maxsize:
            _remembered[key] = (stamp, answer)


SHARED_SECONDS = 24 * 3600  # an entry no import made stale still leaves the shared cache within a day


def _shared_key(key: Hashable, stamp: Hashable) -> str:
    """The shared cache's key: the question and the stamp of what it read (an import or a units
    reload makes a new key; the old entry is never read again and expires)."""
    return "cds:dvc-counts:" + hashlib.sha256(repr((key, stamp)).encode()).hexdigest()


def _shared_get(key: str) -> dict[str, list[KpiRow]] | None:
    try:
        return caches["default"].get(key)
    except Exception:  # the shared cache down: the page counts, as without it
        log.warning("the shared cache could not be read; the dossier counts are computed", exc_info=True)
        return None


def _shared_set(key: str, answer: dict[str, list[KpiRow]]) -> None:
    try:
        caches["default"].set(key, answer, SHARED_SECONDS)
    except Exception:
        log.warning("the shared cache could not be written", exc_info=True)


def forget_remembered() -> None:
    with _remembered_lock:
        _remembered.clear()


def open_stocks(
    groups: dict[int, list[int]],
    unit_map: dict[int, int],
    periods: list[Period],
    store: DossierStore,
    engine: str = "counts",
) -> dict[str, dict[int, OpenStock]]:
    """The dossiers open at each period's end (``kpi.OpenStock``) per group (a unit → the counted
    units in it, as ``rollup_counts`` takes them): from the stock each import stores for the end days
    a period can have, or (``engine`` "scan"/"spark", or another end day) counted from the dossiers."""
    if not periods:
        return {}
    days = sorted({p.end for p in periods})
    files = store.files_until(max(d.year for d in days))
    source = store.open_relation_sql(files, days) if engine == "counts" else store.open_scan_sql(files, days)
    con = _connection()
    unit_map_table(con, unit_map)
    group_table(con, groups)
    try:
        found = con.execute(open_rollup_sql(source)).fetchall()
    except BaseException:
        _local.__dict__.pop("con", None)
        con.close()
        raise
    by_day: dict[Any, dict[int, OpenStock]] = {}
    for group_id, day, within, overdue, no_due, unknown in found:
        by_day.setdefault(day, {})[group_id] = OpenStock(within, overdue, no_due, unknown)
    return {p.code: {g: by_day.get(p.end, {}).get(g, OpenStock()) for g in groups} for p in periods}


def attach_open(
    rows: dict[str, list[KpiRow]],
    groups: dict[int, list[int]],
    unit_map: dict[int, int],
    periods: list[Period],
    store: DossierStore,
    engine: str = "counts",
) -> None:
    """Set each row's ``open`` (one row per unit and period: no breakdown but by unit). A unit with
    dossiers open at the period's end but none received or closing in it gets a row of zero counts
    with its stock: the portal scores its 2.1 on those dossiers alone."""
    stocks = open_stocks(groups, unit_map, periods, store, engine)
    for code, by_group in stocks.items():
        listed = rows.setdefault(code, [])
        seen = set()
        for row in listed:
            row.open = by_group.get(row.key["unit_id"], OpenStock())
            seen.add(row.key["unit_id"])
        for group, stock in by_group.items():
            if group not in seen and stock != OpenStock():
                listed.append(KpiRow({"unit_id": group, "period": code}, open=stock))
        listed.sort(key=lambda r: [str(v) for k, v in r.key.items() if k != "period"])


@dataclass
class Hotspot:
    procedure_code: str
    procedure_name: str
    field: str
    total: int
    online: int
    in_person: int

    @property
    def online_rate(self) -> Decimal | None:
        from .kpi import rate

        return rate(self.online, self.total)


def hotspots(
    unit: Unit, period: Period, limit: int = 10, store: DossierStore | None = None, engine: str = "counts"
) -> list[Hotspot]:
    """Procedures offered online (toàn trình or một phần) that got most of their dossiers in person.

    Sorted by how many dossiers came in person (trực tiếp or by post), largest first: the
    "tổng 717 hồ sơ, chỉ có 130 hồ sơ tiếp nhận trực tuyến" lines of a supervisor's report.
    """
    return _hotspots(compute_kpis(unit, period, by="procedure", store=store, engine=engine), limit)


def hotspots_with_total(
    unit: Unit, period: Period, limit: int = 10, store: DossierStore | None = None
) -> tuple[KpiRow | None, list[Hotspot]]:
    """The hot spots and the unit's one row (its totals) from the same scan: a report lists hot
    spots only when its own dossier counts are these (``cds.reports.known``)."""
    rows = compute_kpis(unit, period, by="procedure", store=store)
    return _total(unit, period, rows), _hotspots(rows, limit)


def hotspot_text(spot: Hotspot) -> str:
    """ "tổng 717 hồ sơ, chỉ có 130 hồ sơ tiếp nhận trực tuyến"; none online: "… không có hồ sơ nào …"."""
    total = format_kpi("dvc.dossiers_total", spot.total)
    if spot.online == 0:
        return f"tổng {total} hồ sơ, không có hồ sơ nào tiếp nhận trực tuyến"
    return f"tổng {total} hồ sơ, chỉ có {format_kpi('dvc.dossiers_online', spot.online)} hồ sơ tiếp nhận trực tuyến"


def _hotspots(procedure_rows: list[KpiRow], limit: int) -> list[Hotspot]:
    spots = []
    for row in procedure_rows:
        c = row.counts
        total, online = c["dvc.dossiers_total"], c["dvc.dossiers_online"]
        if c["dvc.services_with_dossiers"] == 0 or total - online <= online:
            continue
        spots.append(
            Hotspot(
                str(row.key["procedure_code"]),
                str(row.key["procedure_name"]),
                str(row.key.get("field") or ""),
                total,
                online,
                total - online,
            )
        )
    spots.sort(key=lambda s: (-s.in_person, s.procedure_code))
    return spots[:limit]


def _total(unit: Unit, period: Period, procedure_rows: list[KpiRow]) -> KpiRow | None:
    """The unit's one row from its rows by procedure: every count adds up over procedures (the
    service counts too: each (unit, procedure) pair lies in exactly one procedure's row)."""
    if not procedure_rows:
        return None
    return KpiRow.combine({"unit_id": unit.pk, "period": period.code}, procedure_rows)


@dataclass
class Change:
    code: str
    current: int | Decimal | None
    previous: int | Decimal | None
    previous_label_vi: str
    previous_label_en: str
    text_vi: str
    text_en: str


def describe_change(
    code: str,
    current: int | Decimal | None,
    previous: int | Decimal | None,
    label_vi: str,
    label_en: str,
    definition: Any = None,
) -> tuple[str, str]:
    """The report's words for a change (``format_change``), or why there is no comparison.
    ``definition``: the catalog's (of the period; today's catalog when not given)."""
    if current is None or previous is None:
        return (
            f"không so sánh được với {label_vi} (thiếu số liệu)",
            f"no comparison with {label_en} (no data)",
        )
    definition = (
        definition
        or get_catalog().get(code)
        or SimpleNamespace(code=code, kind="rate" if code in RATES else "count", decimals=2)
    )
    return (
        format_change(definition, current, previous, label_vi),
        format_change(definition, current, previous, label_en, lang="en"),
    )


def compare(
    unit: Unit, period: Period, store: DossierStore | None = None, engine: str = "counts"
) -> dict[str, tuple[Change, Change]]:
    """Each KPI against the previous period and the same period a year earlier."""
    before, last_year = period.previous(), period.same_period_last_year()
    results = compute_many(unit, [period, before, last_year], store=store, engine=engine)

    def single(p: Period) -> KpiRow | None:
        rows = results.get(p.code) or []
        return rows[0] if rows else None

    return _changes(period, single(period), single(before), single(last_year))


def _changes(
    period: Period, now: KpiRow | None, prev: KpiRow | None, ly: KpiRow | None
) -> dict[str, tuple[Change, Change]]:
    before, last_year = period.previous(), period.same_period_last_year()
    catalog = get_catalog(period.end)
    out = {}
    for code in ("dvc.dossiers_total", "dvc.dossiers_online", *RATES):
        value = now.value(code) if now else None
        pair = []
        for other, p in ((prev, before), (ly, last_year)):
            old = other.value(code) if other else None
            vi, en = describe_change(code, value, old, p.label_vi, p.label_en, catalog.get(code))
            pair.append(Change(code, value, old, p.label_vi, p.label_en, vi, en))
        out[code] = (pair[0], pair[1])
    return out


@dataclass
class Overview:
    """What the unit page shows: the period's row, its changes and its offline hot spots."""

    row: KpiRow | None
    changes: dict[str, tuple[Change, Change]]
    hotspots: list[Hotspot]


def overview(
    unit: Unit,
    period: Period,
    limit: int = 10,
    store: DossierStore | None = None,
    engine: str = "counts",
    remember: bool = False,
) -> Overview:
    """``compute_kpis`` + ``compare`` + ``hotspots`` from one scan of the store, not four.

    The three periods are counted by procedure in one pass; the unit's rows are their sums.
    ``remember``: reuse the counts of the same question asked before in this process while
    nothing they come from changed (``remembered_many``; the pages ask so, benchmarks do not).
    """
    before, last_year = period.previous(), period.same_period_last_year()
    ask = remembered_many if remember else compute_many
    results = ask(unit, [period, before, last_year], by="procedure", store=store, engine=engine)
    now, prev, ly = (_total(unit, p, results.get(p.code) or []) for p in (period, before, last_year))
    changes = _changes(period, now, prev, ly) if now else {}
    return Overview(now, changes, _hotspots(results.get(period.code) or [], limit))
