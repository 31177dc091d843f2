"""The DuckDB path agrees with a tiny pure-Python reference on random dossiers (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.dossiers import kpi
from cds.dossiers.kpi import COUNTS, fine_counts, month_buckets, rollup_counts
from cds.dossiers.mapping import BOOLEAN_COLUMNS, COLUMNS, fields_mask
from cds.dossiers.store import SCHEMA, connect
from cds.lib.periods import Period
from cds.lib.testing import examples

DAY0 = dt.datetime(2023, 1, 1)
QUARTERS = [Period.of("quarter", 2023, q) for q in (1, 2, 3, 4)]

dossier = st.fixed_dictionaries(
    {
        "unit_id": st.sampled_from([1, 2, 3]),
        "procedure_code": st.sampled_from(["P1", "P2", "P3"]),
        "received": st.integers(0, 364 * 24),
        "took": st.one_of(st.none(), st.integers(0, 60 * 24)),
        "due_days": st.one_of(st.none(), st.integers(0, 30)),
        "supplement_days": st.integers(0, 5),
        "channel": st.sampled_from(["online", "direct", "postal"]),
        "service_level": st.sampled_from(["full", "partial", "none"]),
        "fee_required": st.booleans(),
        "paid_online": st.booleans(),
        "dossier_digitised": st.booleans(),
        "result_digitised": st.booleans(),
        "cancelled": st.booleans(),
        "rating": st.sampled_from([None, "satisfied", "neutral", "unsatisfied"]),
    }
)
dossiers = st.lists(dossier, max_size=60)


def times(d: dict) -> tuple[dt.datetime, dt.datetime | None]:
    """A drawn dossier's received and finished moments (hours after ``DAY0``; not finished: None)."""
    received = DAY0 + dt.timedelta(hours=d["received"])
    return received, received + dt.timedelta(hours=d["took"]) if d["took"] is not None else None


def reference(rows: list[dict], period: Period, units: set[int]) -> dict[str, int]:
    """The formulas of ``cds.dossiers.kpi``, one dossier at a time."""
    out = dict.fromkeys(COUNTS, 0)
    pairs, online_pairs = set(), set()
    for d in rows:
        if d["unit_id"] not in units:
            continue
        received, finished = times(d)
        if period.contains(received.date()):
            online = d["channel"] == "online"
            out["dvc.dossiers_total"] += 1
            out["dvc.dossiers_online"] += online
            out["dvc.dossiers_full"] += d["service_level"] == "full"
            out["dvc.dossiers_partial"] += d["service_level"] == "partial"
            out["dvc.dossiers_online_full"] += online and d["service_level"] == "full"
            out["dvc.dossiers_online_partial"] += online and d["service_level"] == "partial"
            out["dvc.dossiers_digitised"] += d["dossier_digitised"]
            if d["service_level"] != "none":
                pairs.add((d["unit_id"], d["procedure_code"]))
                if online:
                    online_pairs.add((d["unit_id"], d["procedure_code"]))
        if finished and not d["cancelled"] and period.contains(finished.date()):
            due = received.date() + dt.timedelta(days=d["due_days"]) if d["due_days"] is not None else None
            # no due date: neither on time nor late (unknown)
            on_time = due is not None and (finished - dt.timedelta(days=d["supplement_days"])).date() <= due
            out["dvc.dossiers_resolved"] += 1
            out["dvc.dossiers_resolved_on_time"] += on_time
            out["dvc.results_digitised"] += d["result_digitised"]
            out["dvc.fee_dossiers"] += d["fee_required"]
            out["dvc.online_paid_dossiers"] += d["fee_required"] and d["paid_online"]
        if d["rating"] and period.contains((finished or received).date()):
            out["dvc.ratings_total"] += 1
            out["dvc.satisfied_ratings"] += d["rating"] == "satisfied"
    out["dvc.services_with_dossiers"] = len(pairs)
    out["dvc.services_with_online_dossiers"] = len(online_pairs)
    return out


# A drawn dossier's fields that go to the store as they are.
STORED_AS_DRAWN = (
    "unit_id",
    "procedure_code",
    "channel",
    "service_level",
    *BOOLEAN_COLUMNS,
    "rating",
    "supplement_days",
)


def as_parquet(rows: list[dict], path) -> None:
    columns: dict[str, list] = {c: [] for c in SCHEMA}
    for i, d in enumerate(rows):
        received, finished = times(d)
        values = {
            **{k: d[k] for k in STORED_AS_DRAWN},
            "dossier_code": f"D{i}",
            "procedure_name": d["procedure_code"],
            "field": "F",
            "received_at": received,
            "finished_at": finished,
            "due_at": received + dt.timedelta(days=d["due_days"]) if d["due_days"] is not None else None,
            "status": "cancelled" if d["cancelled"] else ("resolved" if finished else "in_progress"),
            "import_id": 1,
            "source_row": i + 2,
            "authority": None,
            "fields": fields_mask(set(COLUMNS)),
        }
        for c in SCHEMA:
            columns[c].append(values[c])
    types = {
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "BOOLEAN": pa.bool_(),
        "TIMESTAMP": pa.timestamp("us"),
    }
    pq.write_table(pa.table({c: pa.array(v, types[SCHEMA[c]]) for c, v in columns.items()}), path)


def assert_agrees_with_reference(rows: list[dict], tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("ref") / "data.parquet"
    as_parquet(rows, path)
    con = connect()
    fine_counts(con, f"read_parquet('{path}')", {1: 1, 2: 2, 3: 3}, dt.date(2023, 1, 1), dt.date(2024, 3, 31))
    groups = {1: [1], 12: [1, 2], 123: [1, 2, 3]}
    result = rollup_counts(con, groups, {p.code: month_buckets(p) for p in QUARTERS})
    for group, members in groups.items():
        for period in QUARTERS:
            expected = reference(rows, period, set(members))
            row = result.get((group, period.code))
            got = row.counts if row else dict.fromkeys(COUNTS, 0)
            assert got == expected, (group, period.code)


@settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=dossiers)
def test_duckdb_counts_agree_with_the_pure_python_reference(rows, tmp_path_factory):
    assert_agrees_with_reference(rows, tmp_path_factory)


def test_forty_dossiers_of_one_unit_procedure_and_month_are_counted_exactly(tmp_path_factory):
    rows = [
        {
            "unit_id": 1,
            "procedure_code": "P1",
            "received": 24 * 40 + i % 5,
            "took": None if i % 7 == 0 else 24 * (i % 3),
            "due_days": None if i % 4 == 0 else 1,
            "supplement_days": i % 2,
            "channel": ("online", "direct", "postal")[i % 3],
            "service_level": ("full", "partial", "none")[i % 3 - 1],
            "fee_required": i % 2 == 0,
            "paid_online": i % 4 == 0,
            "dossier_digitised": i % 3 == 0,
            "result_digitised": i % 5 == 0,
            "cancelled": i % 11 == 0,
            "rating": (None, "satisfied", "neutral")[i % 3],
        }
        for i in range(40)
    ]
    assert_agrees_with_reference(rows, tmp_path_factory)


# --- columns a file did not have: each count over the dossiers whose file had its columns ------

OPTIONAL = sorted({f for fields in kpi.NEEDS.values() for f in fields})
_STORED_AS = {  # what the importer stores for a column the file lacked
    "service_level": ("service_level", None),
    "fee_required": ("fee_required", None),
    "paid_online": ("paid_online", None),
    "dossier_digitised": ("dossier_digitised", None),
    "result_digitised": ("result_digitised", None),
    "rating": ("rating", None),
    "due_at": ("due_days", None),
    "finished_at": ("took", None),
}

_BOOLEAN = set(BOOLEAN_COLUMNS)
masked_dossiers = st.lists(
    st.tuples(dossier, st.sets(st.sampled_from(OPTIONAL), max_size=3)).map(
        lambda pair: {
            **pair[0],
            **{_STORED_AS[f][0]: _STORED_AS[f][1] for f in pair[1]},
            "missing": frozenset(pair[1]),
        }
    ),
    max_size=50,
)


def masked_reference(rows: list[dict], period: Period, units: set[int]) -> tuple[dict, dict, dict]:
    """(counts, known, missing) one dossier at a time: a dossier whose file lacked a column a count
    needs is left out of that count and counted in its population's ``missing`` instead."""
    counts = dict.fromkeys(COUNTS, 0)
    known, missing = dict.fromkeys(COUNTS, 0), dict.fromkeys(COUNTS, 0)
    pairs, online_pairs = set(), set()
    for d in rows:
        if d["unit_id"] not in units:
            continue
        received, finished = times(d)
        plain = {k: (False if v is None and k in _BOOLEAN else v) for k, v in d.items()}
        plain["service_level"] = plain["service_level"] or "none"
        single = reference([{**plain, "unit_id": 0}], period, {0})  # this dossier's contribution
        in_received = period.contains(received.date())
        in_closing = period.contains((finished or received).date())
        resolved = finished is not None and not d["cancelled"] and period.contains(finished.date())
        for code in COUNTS:
            population = in_received if code in kpi._RECEIVED_CODES else in_closing
            if set(kpi.NEEDS[code]) & d["missing"]:
                missing[code] += population
                continue
            if code == "dvc.dossiers_resolved_on_time" and d["due_days"] is None:
                missing[code] += resolved  # a blank due date: this dossier cannot be judged
            elif code == "dvc.dossiers_resolved_on_time":
                known[code] += resolved
            else:
                known[code] += population
            if not code.startswith("dvc.services_"):
                counts[code] += single[code]
        if in_received and "service_level" not in d["missing"] and d["service_level"] != "none":
            pairs.add((d["unit_id"], d["procedure_code"]))
            if d["channel"] == "online":
                online_pairs.add((d["unit_id"], d["procedure_code"]))
    counts["dvc.services_with_dossiers"] = len(pairs)
    counts["dvc.services_with_online_dossiers"] = len(online_pairs)
    return counts, known, missing


def as_masked_parquet(rows: list[dict], path) -> None:
    as_parquet(rows, path)
    table = pq.read_table(path)
    every = fields_mask(set(COLUMNS))
    masks = [every - fields_mask(set(d["missing"])) for d in rows]
    table = table.set_column(table.schema.get_field_index("fields"), "fields", pa.array(masks, pa.int32()))
    pq.write_table(table, path)


@settings(
    max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=masked_dossiers)
def test_counts_over_files_without_some_columns_agree_with_the_reference(rows, tmp_path_factory):
    path = tmp_path_factory.mktemp("masked") / "data.parquet"
    as_masked_parquet(rows, path)
    con = connect()
    fine_counts(con, f"read_parquet('{path}')", {1: 1, 2: 2, 3: 3}, dt.date(2023, 1, 1), dt.date(2024, 3, 31))
    groups = {1: [1], 123: [1, 2, 3]}
    result = rollup_counts(con, groups, {p.code: month_buckets(p) for p in QUARTERS})
    for group, members in groups.items():
        for period in QUARTERS:
            counts, known, missing = masked_reference(rows, period, set(members))
            row = result.get((group, period.code))
            if row is None:
                assert not any(counts.values()) and not any(known.values()) and not any(missing.values())
                continue
            assert row.counts == counts, (group, period.code)
            assert {c: row.known[c] for c in COUNTS} == known
            assert {c: row.missing[c] for c in COUNTS} == missing
            for code in kpi.RATES:  # never 0 or 100 from absence: unknown is None
                if row.known.get(code, 0) == 0 and row.missing.get(code, 0) > 0:
                    assert row.rate(code) is None
