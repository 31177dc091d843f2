"""Checking staged dossier rows: one aggregation per province counts good and bad rows, distinct
codes and years; only when a row is bad does one query (a CASE per check) list every problem with
its column."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from .mapping import CODED_COLUMNS, COLUMNS, DATE_COLUMNS, Mapping
from .sqltext import one_row
from .staging import date_text
from .unitmatch import MapEpochs

REASONS: dict[str, tuple[str, str]] = {
    "blank": ("ô trống nhưng bắt buộc", "required cell is blank"),
    "date": (
        "không đọc được ngày (dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc số ngày Excel)",
        "not a date (dd/mm/yyyy, dd/mm/yyyy HH:MM or an Excel serial number)",
    ),
    "code": ("giá trị không có trong bảng ánh xạ", "value not in the column mapping"),
    "unit": (
        "không khớp được đơn vị tiếp nhận với danh mục đơn vị",
        "receiving unit not found in the unit list",
    ),
    "finished_before": ("ngày hoàn thành trước ngày tiếp nhận", "finished before it was received"),
    "resolved_no_date": (
        "trạng thái đã giải quyết nhưng thiếu ngày hoàn thành",
        "resolved but no finish date",
    ),
    "days": ("số ngày phải là số nguyên không âm", "days must be a whole number ≥ 0"),
    "paid_no_fee": ("thanh toán trực tuyến nhưng không có phí, lệ phí", "paid online but no fee is required"),
    "year2": (
        "năm chỉ có 2 chữ số (ví dụ 22/05/25): hãy ghi đủ 4 chữ số của năm (22/05/2025)",
        "two-digit year (e.g. 22/05/25): write the year with 4 digits (22/05/2025)",
    ),
}


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason_vi: str
    reason_en: str

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


def row_checks(
    mapping: Mapping, provided: frozenset[str] = frozenset(COLUMNS), epochs: MapEpochs | None = None
) -> tuple[str, str, str]:
    """(FROM clause joining ``parsed`` to the lookups, "row is bad" condition, problems list SQL).

    ``provided``: the columns the file has; a rule about a column the file lacks is not applied
    (a file without finish dates is not "resolved but no finish date" on every row: its resolved
    counts are unknown instead). ``epochs``: the map epochs ``lk_unit`` was built on (a row joins
    the match of its reception day's epoch).
    """
    epoch = (epochs or MapEpochs.load()).sql("r.d_received")
    joins = "\n".join(f"LEFT JOIN lk_{c} ON lk_{c}.raw = coalesce(r.{c}, '')" for c in CODED_COLUMNS)
    checks: list[tuple[str, str, str, str]] = []  # (condition, column, value, reason)
    dates = {"received_at": "received", "due_at": "due", "finished_at": "finished"}
    for column in mapping.required:
        if column in dates:
            blank = f"r.{dates[column]}_text_bad IS NULL AND r.d_{dates[column]} IS NULL"
        elif column in CODED_COLUMNS:
            blank = f"lk_{column}.blank"
        else:
            blank = f"r.{column if column != 'supplement_days' else 'days_text'} IS NULL"
        checks.append((blank, column, "''", "blank"))
    for column in DATE_COLUMNS:
        raw = f"r.{dates[column]}_text_bad"
        checks.append((f"{raw} IS NOT NULL AND NOT r.{dates[column]}_year2", column, raw, "date"))
        checks.append((f"r.{dates[column]}_year2", column, raw, "year2"))
    for column in CODED_COLUMNS:
        checks.append((f"NOT lk_{column}.blank AND lk_{column}.code IS NULL", column, f"r.{column}", "code"))
    checks += [
        (
            "r.unit IS NOT NULL AND r.d_received IS NOT NULL AND u.unit_id IS NULL",
            "unit",
            "r.unit",
            "coalesce('unit|' || u.reason_vi || '|' || u.reason_en, 'unit')",  # what became of it
        ),
        ("r.d_finished < r.d_received", "finished_at", date_text("r.d_finished"), "finished_before"),
        (
            "lk_status.code = 'resolved' AND r.d_finished IS NULL AND r.finished_text_bad IS NULL"
            if "finished_at" in provided
            else "false",
            "finished_at",
            "''",
            "resolved_no_date",
        ),
        (
            "r.days_text IS NOT NULL AND (r.days IS NULL OR r.days < 0)",
            "supplement_days",
            "r.days_text",
            "days",
        ),
    ]
    bad = " OR ".join(f"coalesce({cond}, false)" for cond, *_ in checks)
    source = f"parsed r {joins}\nLEFT JOIN lk_unit u ON u.raw = r.unit AND u.epoch = {epoch}"
    problems = ", ".join(
        f"CASE WHEN {cond} THEN {{'c': '{column}', 'v': {value}, 'k': {_kind_sql(kind)}}} END"
        for cond, column, value, kind in checks
    )
    return source, bad, problems


@dataclass
class Province:
    """What one pass over the checked rows says of a province: rows kept, rejected, codes, years."""

    code: str | None
    accepted: int
    rejected: int
    codes: int
    years: list[int]
    # the years the accepted rows close in (finished, else received): the KPIs a first import owes
    closing_years: list[int] = field(default_factory=list)

    @property
    def known_code(self) -> str:
        """``code`` of a province the import writes (rows without a province are never written)."""
        if self.code is None:
            raise ValueError("rows without a province are never written")
        return self.code


def summarise(con: duckdb.DuckDBPyConnection, checks: tuple[str, str, str]) -> list[Province]:
    """One aggregation: per province, the good and bad rows, distinct dossier codes and years.

    Rejected rows have no province when their unit is unknown; they are counted all the same.
    Distinct codes are counted on their 64-bit hashes (an eighth of the memory of the strings at
    10M rows): as many distinct hashes as rows proves there are no duplicates; fewer (duplicates,
    or a collision) is checked again on the codes themselves, so the count is exact.
    """
    source, bad, _ = checks
    rows = con.execute(
        f"""SELECT province, count(*) FILTER (NOT bad), count(*) FILTER (bad),
                   count(DISTINCT code_hash) FILTER (NOT bad), list(DISTINCT year) FILTER (NOT bad),
                   list(DISTINCT closing_year) FILTER (NOT bad)
            FROM (SELECT u.province, ({bad}) AS bad, hash(r.dossier_code) AS code_hash,
                         year(r.d_received) AS year,
                         year(coalesce(r.d_finished, r.d_received)) AS closing_year FROM {source})
            GROUP BY province ORDER BY province NULLS LAST"""
    ).fetchall()
    provinces = [
        Province(p, ok, rejected, codes, sorted(years or []), sorted(y for y in closing or [] if y))
        for p, ok, rejected, codes, years, closing in rows
    ]
    for province in provinces:
        if province.code is not None and province.codes < province.accepted:
            province.codes = one_row(
                con.execute(
                    f"SELECT count(DISTINCT r.dossier_code) FROM {source} WHERE u.province = ? AND NOT ({bad})",
                    [province.code],
                )
            )[0]
    return provinces


def collect_errors(con: duckdb.DuckDBPyConnection, checks: tuple[str, str, str]) -> list[RowError]:
    """Every problem of every rejected row (row, column, value, reason), found by one query."""
    source, bad, problems = checks
    rows = con.execute(
        f"""SELECT source_row, p.c, p.v, p.k FROM (
                SELECT r.source_row, unnest(list_filter([{problems}], x -> x IS NOT NULL)) AS p
                FROM {source} WHERE {bad})
            ORDER BY source_row"""
    ).fetchall()
    return [
        RowError(row, col, unicodedata.normalize("NFC", value or ""), *_reason(kind))
        for row, col, value, kind in rows
    ]


def _kind_sql(kind: str) -> str:
    """A check's kind as SQL: a name, or the expression that builds it (the unit's own reason)."""
    return kind if kind.startswith("coalesce(") else f"'{kind}'"


def _reason(kind: str) -> tuple[str, str]:
    """A check's reason; a unit the matcher refused with its own words (a ceased unit: what it went
    into, and since when) keeps them after the generic one."""
    if kind.startswith("unit|"):
        _, vi, en = kind.split("|", 2)
        return f"{REASONS['unit'][0]}: {vi}", f"{REASONS['unit'][1]}: {en}"
    return REASONS[kind]
