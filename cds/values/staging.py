"""Set-based writing of planned values: rows prepared before the transaction, copied inside it.

A 100.000-row import used to build its model objects and history rows and send them row by row
inside its write transaction; on SQLite that transaction holds the database's only write lock,
so every user's save waited (≈ 60 s). Here the plans are first copied into a TEMP table of the
connection (``stage``), which takes no lock on the database, and the transaction (``Staged.write``)
is a handful of set-based statements: re-check the versions the plan saw, write the history of
the updates (it reads the old values), update, insert, write the history of the creations.

The TEMP table belongs to the connection (SQLite and PostgreSQL alike) and is emptied by each
``stage``; it is not a second place where values live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from cds.catalog.models import Indicator
from cds.history.context import request_id
from cds.lib.text import nfc

from .models import DataValue, ImportBatch, Status, ValueChange

if TYPE_CHECKING:
    from .services import Actor, PlannedChange

TABLE = "cds_staged_values"
# (column, DataValue field whose type it takes, or a type)
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "integer"),
    ("action", "varchar(10)"),
    ("unit_id", "unit"),
    ("indicator_id", "indicator"),
    ("period", "period"),
    ("period_start", "period_start"),
    ("period_end", "period_end"),
    ("seen_version", "integer"),
    ("number", "number"),
    ("text", "text"),
    ("qualifier", "qualifier"),
    ("raw", "raw"),
    ("note", "note"),
    ("source_ref", "source_ref"),
)
_KEY = "v.unit_id = s.unit_id AND v.indicator_id = s.indicator_id AND v.period = s.period"


@dataclass
class Staged:
    """Plans copied into the connection's staging table, ready for ``write`` in a transaction."""

    plans: list[PlannedChange]
    creates: int
    updates: int

    def stale(self) -> list[PlannedChange]:
        """The plans whose stored value was created, changed or deleted since the plan was made.

        Inside the write's transaction the rows are locked first (PostgreSQL), and SQLite's
        IMMEDIATE transaction holds the write lock, so nothing changes between this and ``write``.
        """
        connection = transaction.get_connection()
        values = _q(DataValue._meta.db_table)
        with connection.cursor() as cursor:
            if connection.in_atomic_block and connection.features.has_select_for_update_of:
                cursor.execute(f"SELECT v.id FROM {values} v JOIN {TABLE} s ON {_KEY} FOR UPDATE OF v")
            cursor.execute(
                f"SELECT s.seq FROM {TABLE} s LEFT JOIN {values} v ON {_KEY} "
                "WHERE (v.id IS NULL AND s.seen_version IS NOT NULL) "
                "OR (v.id IS NOT NULL AND (s.seen_version IS NULL OR v.version <> s.seen_version)) "
                "ORDER BY s.seq"
            )
            return [self.plans[seq] for (seq,) in cursor.fetchall()]

    def write(self, actor: Actor, reason: str, batch: ImportBatch | None) -> None:
        """Write the staged creations and updates with one history row each (call in a transaction)."""
        connection = transaction.get_connection()
        assert connection.in_atomic_block, "a staged write runs inside the caller's transaction"
        now = _prep(DataValue._meta.get_field("updated_at"), dt.datetime.now(dt.UTC))
        user_id = actor.user.pk if actor.user is not None else None
        batch_id = batch.pk if batch is not None else None
        rid = request_id()  # one id for the whole batch
        constants = (actor.source_kind, batch_id, rid)
        values, changes = _q(DataValue._meta.db_table), _q(ValueChange._meta.db_table)
        history_columns = (
            "value_id, changed_at, changed_by_id, actor, action, old_number, new_number, old_text, new_text, "
            "old_raw, new_raw, old_note, new_note, old_status, new_status, reason, source_kind, source_ref, "
            "import_batch_id, request_id"
        )
        with connection.cursor() as cursor:
            if self.updates:
                # The history first: it reads the old number, text, note and status from the row.
                cursor.execute(
                    f"INSERT INTO {changes} ({history_columns}) "
                    "SELECT v.id, %s, %s, %s, 'update', v.number, s.number, v.text, s.text, v.raw, s.raw, v.note, "
                    "CASE WHEN s.note <> '' THEN s.note ELSE v.note END, '', "
                    "CASE WHEN v.status IN (%s, %s) THEN %s ELSE v.status END, %s, %s, s.source_ref, %s, %s "
                    f"FROM {TABLE} s JOIN {values} v ON {_KEY} WHERE s.action = 'update' ORDER BY s.seq",
                    [
                        now,
                        user_id,
                        actor.label,
                        Status.SUBMITTED,
                        Status.WITHDRAWN,
                        Status.DRAFT,
                        reason,
                        *constants,
                    ],
                )
                # A changed submission must be submitted again, a withdrawn value comes back: → draft.
                cursor.execute(
                    f"UPDATE {values} SET number = s.number, text = s.text, qualifier = s.qualifier, "
                    f"raw = s.raw, note = CASE WHEN s.note <> '' THEN s.note ELSE {values}.note END, "
                    f"version = {values}.version + 1, source_kind = %s, source_ref = s.source_ref, "
                    "import_batch_id = %s, updated_by_id = %s, updated_at = %s, "
                    f"status = CASE WHEN {values}.status IN (%s, %s) THEN %s ELSE {values}.status END "
                    f"FROM {TABLE} s WHERE s.action = 'update' AND {values}.unit_id = s.unit_id "
                    f"AND {values}.indicator_id = s.indicator_id AND {values}.period = s.period",
                    [
                        actor.source_kind,
                        batch_id,
                        user_id,
                        now,
                        Status.SUBMITTED,
                        Status.WITHDRAWN,
                        Status.DRAFT,
                    ],
                )
            if self.creates:
                create = (
                    f"INSERT INTO {values} (unit_id, indicator_id, period, period_start, period_end, number, "
                    "text, qualifier, raw, note, status, version, source_kind, source_ref, import_batch_id, "
                    "updated_at, updated_by_id) "
                    "SELECT unit_id, indicator_id, period, period_start, period_end, number, text, qualifier, "
                    "raw, note, %s, 1, %s, source_ref, %s, %s, %s "
                    f"FROM {TABLE} WHERE action = 'create' ORDER BY seq"
                )
                create_params = [Status.DRAFT, actor.source_kind, batch_id, now, user_id]
                if connection.vendor == "postgresql":
                    # The history of the rows just inserted, from what the insert returns: no join of
                    # the staged rows back to the values. Inside the load's transaction the planner
                    # still has the values table's statistics from before it (a demo or a first import
                    # into an empty table: «0 rows»), and joined 50.000 new rows by nested sequential
                    # scans — minutes for one statement (the PostgreSQL demo test, session 13).
                    cursor.execute(
                        f"WITH created AS ({create} RETURNING id, number, text, raw, note, status, source_ref) "
                        f"INSERT INTO {changes} ({history_columns}) "
                        "SELECT id, %s, %s, %s, 'create', NULL, number, '', text, '', raw, '', note, '', "
                        "status, %s, %s, source_ref, %s, %s FROM created ORDER BY id",
                        [*create_params, now, user_id, actor.label, reason, *constants],
                    )
                else:
                    # SQLite cannot take the statement above: its WITH holds only a SELECT, and its
                    # RETURNING (3.35+) only ends a top-level statement, never a CTE or a subquery
                    # («near "INSERT": syntax error» on 3.40.1); Django 5.2 also runs on SQLite 3.31,
                    # which has no RETURNING at all. Reading RETURNING back into Python to insert the
                    # history would send every created row through Python again. SQLite's planner has
                    # no stale statistics to stumble on here: the join back by the unique key is an
                    # index lookup per staged row.
                    cursor.execute(create, create_params)
                    cursor.execute(
                        f"INSERT INTO {changes} ({history_columns}) "
                        "SELECT v.id, %s, %s, %s, 'create', NULL, v.number, '', v.text, '', v.raw, '', v.note, "
                        "'', v.status, %s, %s, v.source_ref, %s, %s "
                        f"FROM {TABLE} s JOIN {values} v ON {_KEY} WHERE s.action = 'create' ORDER BY s.seq",
                        [now, user_id, actor.label, reason, *constants],
                    )


# From how many staged rows a write on PostgreSQL refreshes the values table's statistics first.
BULK_ROWS = 1000


def stage(plans: Sequence[PlannedChange]) -> Staged:
    """Copy ``plans`` into the connection's staging table; no lock is taken on the database.

    Call it before the write's transaction opens (or inside it, for a small batch).
    """
    plans = list(plans)
    connection = transaction.get_connection()
    meta = DataValue._meta
    ids = dict(Indicator.objects.filter(code__in={p.indicator_code for p in plans}).values_list("code", "pk"))
    types = ", ".join(f"{column} {_type(kind, connection)}" for column, kind in _COLUMNS)
    dates: dict[str, tuple[Any, Any]] = {}
    number = meta.get_field("number")
    raw, source_ref = DataValue._meta.get_field("raw"), DataValue._meta.get_field("source_ref")
    raw_max, ref_max = int(getattr(raw, "max_length", 255)), int(getattr(source_ref, "max_length", 255))
    start, end = meta.get_field("period_start"), meta.get_field("period_end")
    rows = []
    for seq, p in enumerate(plans):
        if p.period.code not in dates:
            dates[p.period.code] = (_prep(start, p.period.start), _prep(end, p.period.end))
        key = [p.unit.pk, ids[p.indicator_code], p.period.code, *dates[p.period.code], p.seen_version]
        if p.action == "unchanged":  # only its version is checked
            rows.append([seq, p.action, *key, None, "", "", "", "", ""])
            continue
        new = p.new
        cells = [new.raw[:raw_max], nfc(p.note), p.source_ref[:ref_max]]
        rows.append([seq, p.action, *key, _prep(number, new.number), new.text, new.qualifier, *cells])
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TABLE} ({types})")
        cursor.execute(f"DELETE FROM {TABLE}")
        if rows:
            placeholders = ", ".join(["%s"] * len(_COLUMNS))
            cursor.executemany(f"INSERT INTO {TABLE} VALUES ({placeholders})", rows)
        if connection.vendor == "postgresql":
            # Autovacuum never analyses temporary tables: without statistics the planner joined the
            # staged rows to the values by a nested loop of sequential scans (30 s a statement for
            # a dossier import's counts in the kill test) instead of a hash or index join.
            cursor.execute(f"ANALYZE {TABLE}")
            if len(rows) >= BULK_ROWS:
                # A bulk write also joins the staged rows to the values (the version check, the
                # updates): the values' statistics may date from before a load in this same
                # transaction or from an empty table («0 rows»), and the planner then joins by nested
                # sequential scans — one statement ran for minutes in the PostgreSQL demo test
                # (session 13). A form's save stays below this and pays nothing.
                cursor.execute(f"ANALYZE {_q(DataValue._meta.db_table)}")
    return Staged(
        plans,
        creates=sum(p.action == "create" for p in plans),
        updates=sum(p.action == "update" for p in plans),
    )


def _type(kind: str, connection: Any) -> str:
    """A column's SQL type: that of the DataValue field it stages, or the type written."""
    try:
        return str(DataValue._meta.get_field(kind).db_type(connection))
    except FieldDoesNotExist:  # a plain SQL type such as "integer"
        return kind


def _prep(field: Any, value: Any) -> Any:
    return None if value is None else field.get_db_prep_save(value, transaction.get_connection())


def _q(name: str) -> str:
    return transaction.get_connection().ops.quote_name(name)
