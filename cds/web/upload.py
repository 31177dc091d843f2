"""Reading an uploaded values workbook into a plan: the same checks as ``cds data import``.

Why not ``cds.values.io.import_values`` directly: a template downloaded from the web has a row
for every indicator, and rows a person left empty mean "not reported", not "empty value"; they
are skipped here. Everything else — period and unit resolution on the map in force, parsing,
conflicts, approved values — is the foundation's ``plan_values``, and the write is its
``apply_plans`` in one transaction with an ``ImportBatch``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cds.accounts.scope import units_for
from cds.lib.errors import InputError, Location
from cds.lib.periods import parse_period
from cds.lib.tabular import read_table
from cds.units.models import REORGANISATION_DATE, Unit
from cds.units.services import resolve_unit
from cds.values.io import ALIASES, COLUMNS
from cds.values.models import ImportBatch
from cds.values.services import (
    Actor,
    PlannedChange,
    ValueInput,
    apply_plans,
    plan_then_write,
    plan_values,
    summarise,
)


@dataclass
class UploadPlan:
    file_name: str
    rows: int = 0
    skipped: int = 0
    errors: list[InputError] = field(default_factory=list)
    changes: list[PlannedChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        result = summarise(self.changes)
        return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


def plan_upload(path: Path, display_name: str, user: Any) -> UploadPlan:
    """Read and check the file; every error names file, row, column and value. Writes nothing."""
    plan = UploadPlan(display_name)
    try:
        table = read_table(
            path.read_bytes(),
            file_name=display_name,
            required=COLUMNS[:4],
            optional=COLUMNS[4:],
            aliases=ALIASES,
        )
    except InputError as err:
        plan.errors.append(err.located(file=display_name))
        return plan
    plan.rows = len(table.rows)
    inputs: list[ValueInput] = []
    units: dict[tuple[str, bool], Unit | InputError] = {}
    for row in table.rows:
        cells = row.values
        if not str(cells.get("value", "")).strip():
            plan.skipped += 1
            continue
        where = {"file": display_name, "row": row.number}
        try:
            period = parse_period(cells.get("period", ""))
        except InputError as err:
            plan.errors.append(err.located(**where, column="period", value=cells.get("period", "")))
            continue
        key = (cells.get("unit", ""), period.end < REORGANISATION_DATE)
        if key not in units:
            try:
                units[key] = resolve_unit(key[0], as_of=period.end)
            except InputError as err:
                units[key] = err
        unit = units[key]
        if isinstance(unit, InputError):
            plan.errors.append(unit.located(**where, column="unit", value=key[0]))
            continue
        inputs.append(
            ValueInput(
                unit=unit,
                indicator_code=cells.get("indicator", "").strip(),
                period=period,
                raw=cells.get("value", ""),
                note=cells.get("note", ""),
                source_ref=f"{display_name} dòng {row.number}",
                where=Location(
                    file=display_name, row=row.number, column="value", value=cells.get("value", "")
                ),
            )
        )
    plans, errors = plan_values(inputs)
    plan.errors.extend(errors)
    plan.errors.extend(_out_of_scope(plans, user))
    plan.errors.sort(key=lambda e: (e.where.row or 0, e.where.column or ""))
    plan.changes = plans
    return plan


def _out_of_scope(plans: list[PlannedChange], user: Any) -> list[InputError]:
    units = {p.unit.pk: p.unit for p in plans}
    allowed = set(units_for(user, "edit").filter(pk__in=units).values_list("pk", flat=True))
    return [
        InputError(
            f"Bạn không có quyền nhập số liệu cho {u.name} ({u.code}).",
            f"You may not enter values for {u.name} ({u.code}).",
            Location(column="unit", value=u.code),
        )
        for pk, u in units.items()
        if pk not in allowed
    ]


def commit_upload(path: Path, display_name: str, user: Any) -> UploadPlan:
    """Check again (values may have changed since the preview) and write all or nothing: checked
    outside the write lock, written in one short transaction that re-checks what the check saw."""
    checked: list[UploadPlan] = []

    def plan() -> tuple[list[PlannedChange], list[InputError]]:
        checked.append(plan_upload(path, display_name, user))
        return checked[-1].changes, checked[-1].errors

    def write(plans: list[PlannedChange]) -> None:
        counts = checked[-1].counts
        if counts["created"] or counts["updated"]:
            batch = ImportBatch.objects.create(
                file_name=display_name[:255],
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                created_by=user,
                actor=user.get_username(),
                rows_total=checked[-1].rows,
                rows_created=counts["created"],
                rows_updated=counts["updated"],
                rows_unchanged=counts["unchanged"],
            )
            apply_plans(plans, Actor.for_user(user, "import"), f"Tải lên tệp {display_name} trên web", batch)

    _plans, errors = plan_then_write(plan, write, Location(file=display_name))
    result = checked[-1]
    if errors and not result.errors:
        result.errors.extend(errors)
    return result
