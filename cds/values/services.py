"""Writing data values: the one code path that changes a value, and always records why.

``record_values`` is used by forms, the API, imports, the demo loader and KPI computation. It
parses the written value with the indicator's kind, compares with what is stored, and writes
new values, changed values and their ``ValueChange`` history rows in bulk inside one
transaction. Unchanged values are left alone, so re-importing a file changes nothing; approved
values are refused until reopened with a reason; a stale ``expected_version`` is a conflict,
not a lost update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import F, Field

from cds.catalog.models import Indicator
from cds.catalog.services import Definition, get_catalog
from cds.history.context import request_id
from cds.lib.errors import InputError, Location
from cds.lib.output import neutralise_formula
from cds.lib.periods import Period, check_data_period, data_years
from cds.lib.text import fold, nfc
from cds.lib.vn_dates import DATE_NUMBER_RANGE, date_number, format_date, local_time, parse_date
from cds.lib.vn_numbers import BOUNDS, Kind, check_bounds, parse_number
from cds.units.models import Unit

from .models import DataValue, ImportBatch, SourceKind, Status, ValueChange
from .staging import Staged, stage

TRUE_WORDS = {"co", "x", "yes", "true", "1", "dat", "da co", "roi"}
FALSE_WORDS = {"khong", "no", "false", "0", "chua", "khong co", "chua co"}


@dataclass(frozen=True)
class Actor:
    """Who is changing values: a user, or a named process (import, demo, KPI computation)."""

    label: str
    source_kind: str = SourceKind.MANUAL
    user: Any = None

    @classmethod
    def for_user(cls, user: Any, source_kind: str = SourceKind.MANUAL) -> Actor:
        return cls(label=user.get_username(), source_kind=source_kind, user=user)


@dataclass(frozen=True)
class ValueInput:
    unit: Unit
    indicator_code: str
    period: Period
    raw: str | int | Decimal | bool | None
    note: str = ""
    source_ref: str = ""
    expected_version: int | None = None
    where: Location = field(default_factory=Location)


@dataclass(frozen=True)
class ParsedValue:
    number: Decimal | None
    text: str
    qualifier: str
    raw: str
    denominator: Decimal | None = None


@dataclass
class PlannedChange:
    action: str  # create / update / unchanged
    unit: Unit
    indicator_code: str
    period: Period
    old: ParsedValue | None
    new: ParsedValue
    source_ref: str = ""
    note: str = ""
    seen_version: int | None = None  # the stored version the plan was made against (None: no value yet)


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[PlannedChange] = field(default_factory=list)
    batch: ImportBatch | None = None

    @property
    def changed(self) -> int:
        return self.created + self.updated


class ConflictError(InputError):
    """Someone else changed the value since it was read (optimistic locking)."""


# A typed rate above 100% is kept (a report's wrong "164%" is recorded, then flagged by the
# ``rate_range`` check), but not beyond this: more is a slip, not a figure to discuss. Rates the
# rules exempt from 0–100% (e.g. per 100 residents) may go up to the parser's bound.
RATE_CEILING = Decimal(1000)


def _ceiling(definition: Definition) -> Decimal | None:
    if definition.kind != "rate":
        return None
    from .validation import load_rules  # validation reads values: imported late

    exempt = load_rules().get("rate_range", {}).get("exempt", []) or []
    return None if definition.code in exempt else RATE_CEILING


def _numeric_kind(definition: Definition) -> Kind:
    """The number kind a value is read as (BOUNDS has the numeric kinds' names)."""
    return cast(Kind, definition.kind) if definition.kind in BOUNDS else "number"


def parse_value(definition: Definition, raw: Any) -> ParsedValue:
    """Read a written value with its indicator's kind: numbers Vietnamese style, yes/no, text.

    Every number, typed as text or sent as a number (API, Excel cells), is checked against the
    bounds of its kind here, so nothing the database cannot hold (or a page cannot show) is stored.
    A date (``kind: date``) is read day first («14/3/2023», an Excel date) and stored as YYYYMMDD.
    A count of units (``counts_units``) comes from the units registry and is never typed.
    """
    if definition.counts_units:
        raise InputError(
            f"«{definition.name_vi}» được tính từ danh sách đơn vị hành chính, không nhập tay.",
            f"'{definition.name_en}' is counted from the units registry; it is not typed.",
            Location(value=raw),
        )
    if definition.kind == "date":
        return _parse_date_value(definition, raw)
    if isinstance(raw, bool):
        return ParsedValue(Decimal(int(raw)), "", "", "có" if raw else "không")
    numeric = definition.kind in BOUNDS or definition.kind == "number"
    if isinstance(raw, int | Decimal) or (isinstance(raw, float) and numeric):
        # a JSON or Excel number is never thousands-grouped text: 1.463 is one and a bit
        number = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
        if definition.kind in BOUNDS or definition.kind == "number":
            check_bounds(number, _numeric_kind(definition), raw, _ceiling(definition))
        return ParsedValue(number, "", "", str(raw))
    text = nfc(str(raw or ""))
    if not text:
        raise InputError("Giá trị trống.", "The value is empty.", Location(value=raw))
    kind = definition.kind
    if kind == "text":
        return ParsedValue(None, text, "", text)
    if kind == "boolean":
        key = " ".join(fold(word) for word in text.split())
        if key in TRUE_WORDS:
            return ParsedValue(Decimal(1), "", "", text)
        if key in FALSE_WORDS:
            return ParsedValue(Decimal(0), "", "", text)
        raise InputError(
            f"Chỉ tiêu «{definition.name_vi}» nhận giá trị Có/Không, không đọc được «{text}».",
            f"Indicator '{definition.name_en}' takes yes/no; cannot read '{text}'.",
            Location(value=text),
        )
    ceiling = _ceiling(definition)
    parsed = parse_number(text, kind=_numeric_kind(definition), maximum=ceiling)
    check_bounds(parsed.value, _numeric_kind(definition), text, ceiling)
    return ParsedValue(parsed.value, "", parsed.qualifier, text, parsed.denominator)


def _parse_date_value(definition: Definition, raw: Any) -> ParsedValue:
    text = nfc(str(raw)).strip() if isinstance(raw, str) else raw
    if text in ("", None):
        raise InputError("Giá trị trống.", "The value is empty.", Location(value=raw))
    try:
        day = parse_date(text)
    except InputError as err:
        raise InputError(
            f"Chỉ tiêu «{definition.name_vi}» nhận một ngày, ví dụ 14/3/2023: {err.vi}",
            f"Indicator '{definition.name_en}' takes a date, e.g. 14/3/2023: {err.en}",
            Location(value=raw),
        ) from None
    low, high = DATE_NUMBER_RANGE
    if not low <= day <= high:
        raise InputError(
            f"Ngày {format_date(day)} nằm ngoài khoảng {format_date(low)}–{format_date(high)}.",
            f"The date {day.isoformat()} is outside {low.isoformat()}–{high.isoformat()}.",
            Location(value=raw),
        )
    written = text if isinstance(text, str) else format_date(day)
    return ParsedValue(date_number(day), "", "", written)


def _same(old: DataValue, new: ParsedValue) -> bool:
    return old.number == new.number and old.text == new.text and old.qualifier == new.qualifier


def _as_parsed(value: DataValue) -> ParsedValue:
    return ParsedValue(value.number, value.text, value.qualifier, value.raw)


def _expand_fractions(inputs: Sequence[ValueInput]) -> list[ValueInput]:
    """ "08/09 máy" for a rate's numerator also states the denominator: record both.

    The denominator is added only when the same batch does not state it itself.
    """
    stated = {(i.unit.pk, i.indicator_code, i.period.code) for i in inputs}
    extra: list[ValueInput] = []
    for item in inputs:
        catalog = get_catalog(item.period.start)
        definition = catalog.get(item.indicator_code)
        if definition is None or definition.kind not in {"count", "amount"} or not isinstance(item.raw, str):
            continue
        if "/" not in item.raw:
            continue
        rates = [r for r in catalog.rates_using(item.indicator_code) if r.numerator == item.indicator_code]
        if len(rates) != 1:
            continue
        denominator_code = rates[0].denominator
        if denominator_code is None:  # a rate always has both parts; the catalog loader checks it
            continue
        if (item.unit.pk, denominator_code, item.period.code) in stated:
            continue
        try:
            parsed = parse_number(item.raw, kind="count")
        except InputError:
            continue
        if parsed.denominator is not None:
            extra.append(
                ValueInput(
                    unit=item.unit,
                    indicator_code=denominator_code,
                    period=item.period,
                    raw=parsed.denominator,
                    note=item.note,
                    source_ref=f"{item.source_ref} (mẫu số của «{item.raw}»)".strip(),
                    where=item.where,
                )
            )
            stated.add((item.unit.pk, denominator_code, item.period.code))
    return [*inputs, *extra]


def allowed_years() -> range:
    """The years values may be recorded for (``CDS_DATA_FIRST_YEAR`` to ``CDS_DATA_LAST_YEAR``)."""
    return data_years(settings.CDS_DATA_FIRST_YEAR, settings.CDS_DATA_LAST_YEAR)


def plan_values(inputs: Sequence[ValueInput]) -> tuple[list[PlannedChange], list[InputError]]:
    """Parse and compare every input with what is stored; no writes. Collects all errors.

    Each value is read with the catalog version in force at the start of its period.
    """
    inputs = _expand_fractions(inputs)
    errors: list[InputError] = []
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={x.indicator_code for x in inputs})}
    existing = _existing_values(inputs, indicators)
    plans: list[PlannedChange] = []
    seen: dict[tuple[int, str, str], ValueInput] = {}
    years = allowed_years()
    for item in inputs:
        try:
            check_data_period(item.period, years)
        except InputError as err:
            errors.append(err.located(**vars(item.where)))
            continue
        definition = get_catalog(item.period.start).get(item.indicator_code)
        if definition is None or item.indicator_code not in indicators:
            errors.append(unknown_indicator(item.indicator_code, item.where))
            continue
        key = (item.unit.pk, item.indicator_code, item.period.code)
        if key in seen:
            errors.append(_duplicate(seen[key], item))
            continue
        seen[key] = item
        try:
            new = parse_value(definition, item.raw)
        except InputError as err:
            errors.append(err.located(**vars(item.where)))
            continue
        old = existing.get(key)
        if old is None:
            plans.append(
                PlannedChange(
                    "create",
                    item.unit,
                    item.indicator_code,
                    item.period,
                    None,
                    new,
                    item.source_ref,
                    item.note,
                )
            )
            continue
        if item.expected_version is not None and item.expected_version != old.version:
            errors.append(_conflict(old, item))
            continue
        if _same(old, new) and not _note_changed(old, item.note):
            plans.append(
                PlannedChange(
                    "unchanged",
                    item.unit,
                    item.indicator_code,
                    item.period,
                    _as_parsed(old),
                    new,
                    seen_version=old.version,
                )
            )
            continue
        if old.status == Status.APPROVED:
            errors.append(
                InputError(
                    f"Giá trị «{old.raw}» của {item.unit.name}, {item.period.label_vi} đã được duyệt; "
                    "cần mở lại (có lý do) trước khi sửa.",
                    f"Value '{old.raw}' for {item.unit.name}, {item.period.label_en} is approved; "
                    "reopen it (with a reason) before changing it.",
                    item.where,
                )
            )
            continue
        plans.append(
            PlannedChange(
                "update",
                item.unit,
                item.indicator_code,
                item.period,
                _as_parsed(old),
                new,
                item.source_ref,
                item.note,
                seen_version=old.version,
            )
        )
    return plans, errors


def _note_changed(old: DataValue, note: str) -> bool:
    """A note sent (an explanation, a source) that differs from the stored one is a change;
    an input without a note (a file without the column) leaves the stored note alone, and so
    does the stored note as our own exports write it (formula-like text behind an apostrophe)."""
    return bool(note) and nfc(note) not in {old.note, neutralise_formula(old.note)}


def unknown_indicator(code: str, where: Location) -> InputError:
    """A code the period's catalog does not have, refused where it was read."""
    return InputError(
        f"Không có chỉ tiêu mã «{code}» trong danh mục.",
        f"No indicator with code '{code}' in the catalog.",
        where,
    ).located(value=code)


def _duplicate(first: ValueInput, again: ValueInput) -> InputError:
    """The same unit, indicator and period twice in one batch: refused, naming both places, in
    the dry run as in the import (two rows would otherwise both plan a creation)."""
    places_vi = list(filter(None, [_place_vi(first.where), _place_vi(again.where)]))
    places_en = list(filter(None, [_place_en(first.where), _place_en(again.where)]))
    at_vi = "có ở " + " và ".join(places_vi) if len(places_vi) == 2 else "có hai lần"
    at_en = "appears at " + " and ".join(places_en) if len(places_en) == 2 else "appears twice"
    unit, period = again.unit, again.period
    return InputError(
        f"Trùng dòng: {unit.name} ({unit.code}), chỉ tiêu «{again.indicator_code}», {period.label_vi} "
        f"{at_vi}; mỗi giá trị chỉ ghi một dòng.",
        f"Duplicate rows: {unit.name} ({unit.code}), indicator '{again.indicator_code}', {period.label_en} "
        f"{at_en}; write each value on one row only.",
        Location(again.where.file, again.where.row, "indicator", again.indicator_code),
    )


def _place_vi(where: Location) -> str:
    if where.row is not None:
        return f"dòng {where.row}" + (f" tệp {where.file}" if where.file else "")
    return f"ô {where.column}" if where.column else ""


def _place_en(where: Location) -> str:
    if where.row is not None:
        return f"row {where.row}" + (f" of {where.file}" if where.file else "")
    return f"field {where.column}" if where.column else ""


def _conflict(old: DataValue, item: ValueInput) -> ConflictError:
    who = old.updated_by.get_username() if old.updated_by else "hệ thống"
    at = local_time(old.updated_at)  # stored in UTC, read in Việt Nam
    return ConflictError(
        f"Giá trị đã được {who} sửa thành «{old.raw}» lúc {at:%H:%M} ngày {at.day}/{at.month}/{at.year} sau khi bạn "
        "mở biểu mẫu; hãy xem lại rồi lưu lại.",
        f"The value was changed to '{old.raw}' by {who} at {at:%H:%M} on {at:%d/%m/%Y} after you opened the form; "
        "review it and save again.",
        item.where,
    )


def _existing_values(
    inputs: Sequence[ValueInput], indicators: dict[str, Indicator]
) -> dict[tuple[int, str, str], DataValue]:
    if not inputs:
        return {}
    unit_ids = {i.unit.pk for i in inputs}
    periods = {i.period.code for i in inputs}
    rows = DataValue.all_objects.filter(  # a withdrawn value too: a new write brings it back
        unit_id__in=unit_ids, period__in=periods, indicator__in=list(indicators.values())
    ).select_related("indicator", "updated_by")
    if transaction.get_connection().in_atomic_block:
        # Lock the rows being checked against their expected versions until the write commits, or
        # two saves at the same moment both pass the check (PostgreSQL reads committed data).
        # SQLite ignores this: its IMMEDIATE transactions already serialise every writer.
        rows = rows.select_for_update(of=("self",))
    return {(v.unit_id, v.indicator.code, v.period): v for v in rows}


@transaction.atomic
def record_values(
    inputs: Sequence[ValueInput],
    actor: Actor,
    reason: str = "",
    batch: ImportBatch | None = None,
    dry_run: bool = False,
) -> WriteResult:
    """Validate, then write all inputs or none (raises every error found, together)."""
    plans, errors = plan_values(inputs)
    if errors:
        raise ValueWriteError(errors)
    result = summarise(plans, batch)
    if not dry_run and result.changed:
        apply_plans(plans, actor, reason, batch)
    return result


PLAN_ATTEMPTS = 3


def plan_then_write(
    plan: Callable[[], tuple[list[PlannedChange], list[InputError]]],
    write: Callable[[list[PlannedChange], Staged], None],
    where: Location | None = None,
) -> tuple[list[PlannedChange], list[InputError]]:
    """Plan a large batch outside the write lock, then write it in one short transaction.

    Planning a 100k-row file takes seconds; inside a transaction it held SQLite's only write lock
    all that time, so every user's save waited and failed. Here ``plan()`` reads without a lock and
    the plans are staged (``staging.stage``: the rows prepared in a TEMP table, no lock either);
    the transaction only re-checks the versions the plan saw (``Staged.stale``) and calls
    ``write(plans, staged)``, which writes set-based. If someone changed one of those values
    meanwhile, the batch is planned again (up to ``PLAN_ATTEMPTS`` times), so nobody's change is
    overwritten unseen. Returns the plans and the errors; nothing is written when there are errors.
    """
    stale: list[PlannedChange] = []
    for _attempt in range(PLAN_ATTEMPTS):
        plans, errors = plan()
        if errors:
            return plans, errors
        staged = stage(plans)
        with transaction.atomic():
            stale = staged.stale()
            if not stale:
                write(plans, staged)
                return plans, []
    listed = ", ".join(f"{p.unit.code} {p.indicator_code} {p.period.code}" for p in stale[:10])
    return plans, [
        InputError(
            f"Một số giá trị đang được người khác sửa liên tục ({listed}); hãy thử lại sau ít phút.",
            f"Some values keep being changed by someone else ({listed}); try again in a few minutes.",
            where or Location(),
        )
    ]


def summarise(plans: list[PlannedChange], batch: ImportBatch | None = None) -> WriteResult:
    result = WriteResult(changes=plans, batch=batch)
    result.created = sum(p.action == "create" for p in plans)
    result.updated = sum(p.action == "update" for p in plans)
    result.unchanged = sum(p.action == "unchanged" for p in plans)
    return result


class ValueWriteError(Exception):
    """All the problems found in one batch; nothing was written."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors[:20]))


@transaction.atomic
def apply_plans(
    plans: list[PlannedChange],
    actor: Actor,
    reason: str,
    batch: ImportBatch | None,
    staged: Staged | None = None,
) -> None:
    """Write planned creates and updates with their history (plans come from ``plan_values``),
    set-based from the staging table (``staged``: staged before the transaction; else staged here)."""
    if staged is None:
        staged = stage(plans)
    staged.write(actor, reason, batch)


@dataclass(frozen=True)
class ValueRef:
    """Which value: a unit, an indicator, a period (what ``withdraw_values`` takes)."""

    unit: Unit
    indicator_code: str
    period: Period
    expected_version: int | None = None
    where: Location = field(default_factory=Location)


@dataclass
class WithdrawResult:
    withdrawn: list[DataValue] = field(default_factory=list)
    absent: int = 0  # nothing recorded (or already withdrawn): nothing to do


UNKNOWN = ParsedValue(None, "", "", "")


@transaction.atomic
def withdraw_values(
    refs: Sequence[ValueRef], actor: Actor, reason: str, dry_run: bool = False
) -> WithdrawResult:
    """Make recorded values unknown again — "chưa có số liệu", as if never entered — keeping their
    history: a ``withdraw`` change with the old value, who, when and why. A later write of the same
    value brings it back as a draft.

    The rules of a change: a reason is required; an approved value is refused until it is reopened
    (with a reason), like any change to it; a stale ``expected_version`` is a conflict. All refs or
    none: every error is raised together (``ValueWriteError``). Values not recorded count as absent.
    """
    errors: list[InputError] = []
    if not reason.strip():
        errors.append(
            InputError("Cần ghi lý do khi rút số liệu.", "A reason is required to withdraw values.")
        )
    years = allowed_years()
    valid: list[ValueRef] = []
    for ref in refs:
        try:
            check_data_period(ref.period, years)
        except InputError as err:
            errors.append(err.located(**vars(ref.where)))
            continue
        if get_catalog(ref.period.start).get(ref.indicator_code) is None:
            errors.append(unknown_indicator(ref.indicator_code, ref.where))
            continue
        valid.append(ref)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.indicator_code for r in valid})}
    existing = _existing_values(
        [ValueInput(r.unit, r.indicator_code, r.period, None) for r in valid], indicators
    )
    result = WithdrawResult()
    for ref in valid:
        value = existing.get((ref.unit.pk, ref.indicator_code, ref.period.code))
        if value is None or value.status == Status.WITHDRAWN:
            result.absent += 1
            continue
        if ref.expected_version is not None and ref.expected_version != value.version:
            errors.append(
                _conflict(value, ValueInput(ref.unit, ref.indicator_code, ref.period, None, where=ref.where))
            )
            continue
        if value.status == Status.APPROVED:
            errors.append(
                InputError(
                    f"Giá trị «{value.raw}» của {ref.unit.name}, {ref.period.label_vi} đã được duyệt; "
                    "cần mở lại (có lý do) trước khi rút.",
                    f"Value '{value.raw}' for {ref.unit.name}, {ref.period.label_en} is approved; "
                    "reopen it (with a reason) before withdrawing it.",
                    ref.where,
                ).located(value=ref.indicator_code)
            )
            continue
        result.withdrawn.append(value)
    if errors:
        raise ValueWriteError(errors)
    if dry_run or not result.withdrawn:
        return result
    now = dt.datetime.now(dt.UTC)
    history = []
    for value in result.withdrawn:
        old, old_status = _as_parsed(value), value.status
        value.number, value.text, value.qualifier, value.raw = None, "", "", ""
        value.status, value.version = Status.WITHDRAWN, value.version + 1
        value.source_kind, value.import_batch = actor.source_kind, None
        value.updated_by, value.updated_at = actor.user, now
        change = _change(value, "withdraw", old, UNKNOWN, actor, reason, None, value.source_ref, old_status)
        change.old_note = change.new_note = value.note
        history.append(change)
    _update_rows(
        result.withdrawn,
        [
            "number",
            "text",
            "qualifier",
            "raw",
            "status",
            "version",
            "source_kind",
            "import_batch",
            "updated_by",
            "updated_at",
        ],
    )
    _insert_rows(history)
    return result


def _db_value(field: Any, value: Any, connection: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value  # what get_db_prep_save returns for them, without its cost per cell
    return field.get_db_prep_save(value, connection)


def _insert_rows(objects: Sequence[Any]) -> None:
    """INSERT model instances as one prepared statement sent as a batch (``executemany``).

    ``bulk_create`` compiles SQL for every batch and prepares every cell through the ORM: for
    100.000 values and their history that was most of an import's write transaction, the time
    every user's save waits. Ids are not read back (the caller does when it needs them).
    """
    if not objects:
        return
    meta = type(objects[0])._meta
    connection = transaction.get_connection()
    now = dt.datetime.now(dt.UTC)
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objects:
        for f in stamped:
            setattr(obj, f.attname, now)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [[_db_value(f, getattr(obj, f.attname), connection) for f in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _update_rows(values: list[DataValue], fields: list[str]) -> None:
    """Save ``fields`` of ``values``: one prepared UPDATE by id, sent as one batch (``executemany``).

    Django's ``bulk_update`` builds a CASE expression per field and row; for 20.000 changed
    values that took minutes, all of it inside the write transaction, while every user's save waited.
    """
    if not values:
        return
    connection = transaction.get_connection()
    meta = DataValue._meta
    columns = [field for name in fields if isinstance(field := meta.get_field(name), Field)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [[_db_value(f, getattr(v, f.attname), connection) for f in columns] + [v.pk] for v in values]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _change(
    value: DataValue,
    action: str,
    old: ParsedValue | None,
    new: ParsedValue,
    actor: Actor,
    reason: str,
    batch: ImportBatch | None,
    source_ref: str,
    old_status: str = "",
    new_status: str = "",
    rid: str = "",
) -> ValueChange:
    return ValueChange(
        value=value,
        changed_by=actor.user,
        actor=actor.label,
        action=action,
        old_number=old.number if old else None,
        new_number=new.number,
        old_text=old.text if old else "",
        new_text=new.text,
        old_raw=(old.raw if old else "")[:255],
        new_raw=new.raw[:255],
        old_status=old_status,
        new_status=new_status or value.status,
        reason=reason,
        source_kind=actor.source_kind,
        source_ref=source_ref[:255],
        import_batch=batch,
        request_id=rid or request_id(),
    )


TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "submit": ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
    "approve": ({Status.SUBMITTED}, Status.APPROVED),
    "return": ({Status.SUBMITTED}, Status.RETURNED),
    "reopen": ({Status.APPROVED}, Status.DRAFT),
    "recall": ({Status.SUBMITTED}, Status.DRAFT),  # the submitter takes a submission back to change it
}


ACTION_VI = {
    "submit": "gửi",
    "approve": "duyệt",
    "return": "trả lại",
    "reopen": "mở lại",
    "recall": "rút lại",
}


@transaction.atomic
def change_status(values: Iterable[DataValue], action: str, actor: Actor, reason: str = "") -> int:
    """Move values through draft → submitted → approved (or returned); reopening needs a reason."""
    allowed_from, target = TRANSITIONS[action]
    if action in {"reopen", "return"} and not reason.strip():
        raise InputError(
            "Cần ghi lý do khi mở lại hoặc trả lại số liệu.",
            "A reason is required to reopen or return values.",
        )
    values = list(values)
    # Lock the rows and compare with what the caller read: a value saved or moved by someone else
    # since then must not be approved (or submitted) unseen, nor its newer version overwritten.
    stored: dict[int, int] = {}
    for start in range(0, len(values), 2000):  # bounded IN lists (the demo moves thousands at once)
        chunk = [v.pk for v in values[start : start + 2000]]
        locked = DataValue.objects.select_for_update(of=("self",)).filter(pk__in=chunk)
        stored.update(locked.values_list("pk", "version"))
    stale = [v for v in values if stored.get(v.pk) != v.version]
    if stale:
        raise ConflictError(
            f"{len(stale)} giá trị vừa được người khác thay đổi; hãy tải lại trang và xem lại trước khi "
            f"{ACTION_VI[action]}.",
            f"{len(stale)} value(s) were just changed by someone else; reload and review them before you {action}.",
        )
    bad = [v for v in values if v.status not in allowed_from]
    if bad:
        raise InputError(
            f"Không thể {ACTION_VI[action]} {len(bad)} giá trị đang ở trạng thái {bad[0].get_status_display()}.",
            f"Cannot {action} {len(bad)} value(s) whose status is {bad[0].status}.",
        )
    history = []
    now = dt.datetime.now(dt.UTC)
    rid = request_id()  # one id for every row of this change (the request's or command's if any)
    for value in values:
        old_status, value.status = value.status, target
        value.updated_at = now
        value.version += 1
        value.updated_by = actor.user
        parsed = _as_parsed(value)
        history.append(
            _change(
                value, action, parsed, parsed, actor, reason, None, value.source_ref, old_status, target, rid
            )
        )
    # One UPDATE per chunk (every value gets the same status, actor and time; the versions were
    # checked above, so +1 in SQL is the version set on each object): bulk_update's CASE per
    # row made approving the demo's ~60.000 values most of its build time.
    pks = [v.pk for v in values]
    for start in range(0, len(pks), 2000):
        DataValue.objects.filter(pk__in=pks[start : start + 2000]).update(
            status=target, version=F("version") + 1, updated_by=actor.user, updated_at=now
        )
    _insert_rows(history)
    return len(values)
