"""Import and export of values as CSV/XLSX (columns: unit, period, indicator, value, note).

An import is all-or-nothing: every row is read and checked first, and every bad row is reported
with file, row, column, value and a reason in Vietnamese and English; only a clean file is
written, in one transaction. Re-importing the same file changes nothing; ``dry_run`` shows what
would change without writing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError
from django.db.models import QuerySet

from cds.catalog.services import get_catalog
from cds.lib.errors import InputError, Location
from cds.lib.output import fields_of
from cds.lib.periods import Period, parse_period
from cds.lib.tabular import Row, read_table, write_table
from cds.lib.text import fold
from cds.units.models import Unit, subtree_q
from cds.units.services import era_on, resolve_names

from .models import DataValue, ImportBatch
from .services import (
    Actor,
    PlannedChange,
    ValueInput,
    apply_plans,
    plan_then_write,
    plan_values,
    summarise,
)
from .staging import Staged

COLUMNS = ("unit", "period", "indicator", "value", "note")
# Header texts people write for each column (matched ignoring case, tone marks, spaces and
# «(…)» notes, so each is listed once, with its marks). Earlier ones win when a file has two
# for one column: a code column over a name column («Mã đơn vị» over «Tên đơn vị»).
ALIASES = {
    "unit": ("Mã đơn vị", "Mã ĐVHC", "Mã đơn vị hành chính", "Unit code", "unit_code", "Đơn vị",
             "Đơn vị hành chính", "ĐVHC", "Tên đơn vị", "Tên đơn vị hành chính", "Tên ĐVHC", "Unit name"),
    "period": ("Kỳ", "Kỳ báo cáo", "Kỳ số liệu", "Kỳ dữ liệu", "Thời kỳ", "Period code", "Reporting period"),
    "indicator": ("Mã chỉ tiêu", "Indicator code", "indicator_code", "Code", "Chỉ tiêu", "Tên chỉ tiêu",
                  "Nội dung chỉ tiêu", "Indicator name"),
    "value": ("Giá trị", "Số liệu", "Giá trị thực hiện", "Số liệu thực hiện", "Kết quả", "Kết quả thực hiện",
              "Số lượng"),
    "note": ("Ghi chú", "Notes", "Remarks", "Chú thích", "Nguồn", "Nguồn số liệu", "Source"),
}  # fmt: skip


def aliases_with(columns: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The import's header aliases with a mapping's header texts first for their column (and taken
    from any other column whose built-in alias they are)."""
    if not columns:
        return dict(ALIASES)
    taken = {fold(header) for header in columns}
    out = {name: tuple(a for a in aliases if fold(a) not in taken) for name, aliases in ALIASES.items()}
    for header, column in columns.items():
        out[column] = (header, *out.get(column, ()))
    return out


@dataclass
class ImportReport:
    file_name: str
    rows: int = 0
    skipped: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    batch_id: int | None = None
    errors: list[InputError] = field(default_factory=list)
    changes: list[PlannedChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            **fields_of(self, "rows", "skipped", "created", "updated", "unchanged", "dry_run"),
            "batch": self.batch_id,
            "ok": self.ok,
            "errors": [e.as_dict() for e in self.errors],
            "changes": [
                {
                    "action": c.action,
                    "unit": c.unit.code,
                    "unit_name": c.unit.name,
                    "period": c.period.code,
                    "indicator": c.indicator_code,
                    "old": c.old.raw if c.old else None,
                    "new": c.new.raw,
                }
                for c in self.changes
                if c.action != "unchanged"
            ],
        }


def import_values(
    path: Path | str,
    actor: Actor,
    dry_run: bool = False,
    reason: str = "",
    *,
    file_name: str | None = None,
    skip_empty: bool = False,
    editable: QuerySet[Unit] | None = None,
    within: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> ImportReport:
    """Read, check and (unless ``dry_run``) write a values file. Never raises for bad content.

    The web upload uses the same pipeline: ``file_name`` is the name the person knows the file
    by (the file itself is stored under a server name), ``skip_empty`` passes over rows whose
    value is empty (a downloaded template has a row for every indicator; an empty one means "not
    reported"), and ``editable`` is the units the person may write (any other is an error).
    ``within`` (a province or district, name or code) scopes the file's unit names. ``columns``
    (header as written → column, a source's saved mapping: ``cds.values.mapping``) reads those
    headers first.
    """
    path = Path(path)
    name = file_name or path.name
    report = ImportReport(file_name=name, dry_run=dry_run)
    try:
        data = path.read_bytes()
        table = read_table(
            data, file_name=name, required=COLUMNS[:4], optional=COLUMNS[4:], aliases=aliases_with(columns)
        )
    except InputError as err:
        report.errors.append(err.located(file=name))
        return report
    except OSError as err:
        report.errors.append(
            InputError(
                f"Không đọc được tệp: {err.strerror}.",
                f"Cannot read the file: {err.strerror}.",
                Location(file=name),
            )
        )
        return report
    report.rows = len(table.rows)
    inputs: list[ValueInput] = []
    units = _units(table.rows, within, skip_empty)
    for row in table.rows:
        where = {"file": name, "row": row.number}
        cells = row.values
        if skip_empty and not str(cells.get("value", "")).strip():
            report.skipped += 1
            continue
        try:
            period = parse_period(cells.get("period", ""))
        except InputError as err:
            report.errors.append(err.located(**where, column="period", value=cells.get("period", "")))
            continue
        unit_text = cells.get("unit", "")
        unit = units[row.number]
        if isinstance(unit, InputError):
            report.errors.append(unit.located(**where, column="unit", value=unit_text))
            continue
        inputs.append(
            ValueInput(
                unit=unit,
                indicator_code=_indicator_code(cells.get("indicator", ""), period),
                period=period,
                raw=cells.get("value", ""),
                note=cells.get("note", ""),
                source_ref=f"{name} dòng {row.number}",
                where=Location(file=name, row=row.number, column="value", value=cells.get("value", "")),
            )
        )
    if editable is not None:
        report.errors.extend(_out_of_scope(inputs, editable))
    try:
        _plan_and_write(name, data, inputs, actor, dry_run, reason, report)
    except IntegrityError:  # someone created one of these values between the check and the write
        report.errors.append(
            InputError(
                "Có người vừa nhập một số giá trị của tệp này cùng lúc; hãy nhập lại tệp.",
                "Someone saved some of these values at the same moment; import the file again.",
                Location(file=name),
            )
        )
    return report


def _units(rows: list[Row], within: str | None, skip_empty: bool) -> dict[int, Unit | InputError]:
    """Row number → its unit or why not, through the one matcher of imports (``resolve_names``):
    the period says which map a unit belongs to (one ending before 1/7/2025 uses the 63-province
    units), the first day of the file's periods on that map which former names held («Thừa Thiên
    Huế» until 1/1/2025, ``units.history``); ``within`` (``--in``/``--province``) the province or
    district it lies in."""
    by_era: dict[str, list[Row]] = {}
    first_day: dict[str, dt.date] = {}
    for row in rows:
        if skip_empty and not str(row.values.get("value", "")).strip():
            continue
        try:
            period = parse_period(row.values.get("period", ""))
        except InputError:
            continue  # the row's own check reports it
        era = era_on(period.end)
        by_era.setdefault(era, []).append(row)
        first_day[era] = min(first_day.get(era, period.start), period.start)
    out: dict[int, Unit | InputError] = {}
    for era, era_rows in by_era.items():
        texts = [row.values.get("unit", "") for row in era_rows]
        try:  # read together (the table is the context), on the first day of the file's periods
            found = resolve_names(texts, within=within, as_of=first_day[era], era=era)
        except InputError as err:  # ``within`` names no province or district
            out.update((row.number, err.located(column="unit")) for row in era_rows)
            continue
        out.update((row.number, found[row.values.get("unit", "")]) for row in era_rows)
    return out


def _indicator_code(text: str, period: Period) -> str:
    """The code a cell means: a code as written, else the indicator whose name or alias it is (the
    catalog in force at the period's start); an unknown text is kept so the writer names it."""
    found = get_catalog(period.start).find(text)
    return found.code if found is not None else text.strip()


def _out_of_scope(inputs: list[ValueInput], editable: QuerySet[Unit]) -> list[InputError]:
    """One error per row whose unit the person may not write."""
    units = {i.unit.pk for i in inputs}
    allowed = set(editable.filter(pk__in=units).values_list("pk", flat=True))
    return [
        InputError(
            f"Bạn không có quyền nhập số liệu cho {i.unit.name} ({i.unit.code}).",
            f"You may not enter values for {i.unit.name} ({i.unit.code}).",
            Location(i.where.file, i.where.row, "unit", i.unit.code),
        )
        for i in inputs
        if i.unit.pk not in allowed
    ]


def _plan_and_write(
    name: str,
    data: bytes,
    inputs: list[ValueInput],
    actor: Actor,
    dry_run: bool,
    reason: str,
    report: ImportReport,
) -> None:
    """Planned outside the write lock, written in one short transaction that first re-checks the
    versions the plan saw (``plan_then_write``): a value approved or edited meanwhile is never
    overwritten unseen, and users' saves are not held up while a large file is checked."""
    if report.errors:  # rows that could not even be read: check the rest to report everything at once
        _plans, value_errors = plan_values(inputs)
        report.errors.extend(value_errors)
        report.errors.sort(key=lambda e: (e.where.row or 0, e.where.column or ""))
        return

    def write(plans: list[PlannedChange], staged: Staged) -> None:
        result = summarise(plans)
        if dry_run or not result.changed:
            return
        batch = ImportBatch.objects.create(
            file_name=name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            created_by=actor.user,
            actor=actor.label,
            rows_total=report.rows,
            rows_created=result.created,
            rows_updated=result.updated,
            rows_unchanged=result.unchanged,
        )
        import_actor = Actor(actor.label, "import", actor.user)
        apply_plans(plans, import_actor, reason or f"Nhập từ tệp {name}", batch, staged=staged)
        report.batch_id = batch.pk

    if dry_run:
        plans, errors = plan_values(inputs)
    else:
        plans, errors = plan_then_write(lambda: plan_values(inputs), write, Location(file=name))
    if errors:
        report.errors.extend(errors)
        report.errors.sort(key=lambda e: (e.where.row or 0, e.where.column or ""))
        return
    result = summarise(plans)
    report.created, report.updated, report.unchanged = result.created, result.updated, result.unchanged
    report.changes = result.changes


def export_values(
    path: Path | str,
    unit: Unit | None = None,
    period: str | None = None,
    indicators: list[str] | None = None,
) -> int:
    """Write values (of ``unit``'s subtree, a period, some indicators) in the import format."""
    qs = DataValue.objects.select_related("unit", "indicator").order_by(
        "unit__path", "period", "indicator__code"
    )
    if unit is not None:
        qs = qs.filter(subtree_q(unit.path, "unit__path"))
    if period:
        qs = qs.filter(period=parse_period(period).code)
    if indicators:
        qs = qs.filter(indicator__code__in=indicators)
    rows = [
        [
            v.unit.code,
            v.period,
            v.indicator.code,
            v.raw or (str(v.number) if v.number is not None else v.text),
            v.note,
        ]
        for v in qs.iterator()
    ]
    write_table(Path(path), list(COLUMNS), rows, sheet_title="values")
    return len(rows)
