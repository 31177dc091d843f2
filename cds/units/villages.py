"""A commune's thôn / tổ dân phố list, imported from a file: the villages a commune really has
(the denominator of «12/13 thôn»), never made up from a team's free text.

CSV/XLSX columns: ``name`` («Tên thôn», «Thôn, tổ dân phố», «Tên») and optionally ``commune``
(«Xã», «Đơn vị»: read by the one matcher of imports, inside ``within``), ``type`` («Loại»:
Thôn, Tổ dân phố, Ấp, Bản, …; else from the name, else Thôn) and ``code`` («Mã»). A village
already on the commune's list (same folded name) is left unchanged; all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from cds.lib.errors import InputError, Location
from cds.lib.tabular import read_table
from cds.units.models import Level, Unit
from cds.units.names import search_key
from cds.units.search import resolve_names, resolve_unit
from cds.units.services import add_village, village_name

ALIASES = {
    "name": ("tên thôn", "thôn", "tên", "thôn, tổ dân phố", "thôn/tổ dân phố", "tên thôn, tổ dân phố"),
    "commune": ("xã", "đơn vị", "xã, phường", "xã/phường", "tên xã"),
    "type": ("loại",),
    "code": ("mã", "mã thôn"),
}


@dataclass
class VillageImport:
    file_name: str
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_villages(
    path: Path | str,
    commune: Unit | str | None = None,
    within: str | None = None,
    era: str | None = None,
    dry_run: bool = False,
    file_name: str | None = None,
) -> VillageImport:
    """Add the file's villages under ``commune`` (every row), or under each row's ``commune``
    column read inside ``within`` on the map of ``era``. Never raises for bad content."""
    path = Path(path)
    name = file_name or path.name
    report = VillageImport(name, dry_run=dry_run)
    try:
        table = read_table(
            path, file_name=name, required=("name",), optional=("commune", "type", "code"), aliases=ALIASES
        )
        fixed = resolve_unit(commune, era=era, level=Level.COMMUNE) if isinstance(commune, str) else commune
    except InputError as err:
        report.errors.append(err.located(file=name))
        return report
    report.rows = len(table.rows)
    if fixed is None and "commune" not in table.columns:
        report.errors.append(
            InputError(
                "tệp không có cột xã; hãy thêm cột «Xã» hoặc chọn xã cho cả tệp (--commune)",
                "the file has no commune column; add a «Xã» column or give the commune of the whole file (--commune)",
                Location(file=name),
            )
        )
        return report
    try:
        communes = (
            {}
            if fixed is not None
            else resolve_names([r.values["commune"] for r in table.rows], within, era=era)
        )
    except InputError as err:  # ``within`` names no province or district
        report.errors.append(err.located(file=name))
        return report
    planned: list[tuple[Unit, str, str | None, str | None]] = []
    seen: set[tuple[int, str]] = set()
    for row in table.rows:
        where = Location(file=name, row=row.number)
        unit = fixed if fixed is not None else communes[row.values["commune"]]
        if isinstance(unit, InputError):
            report.errors.append(unit.located(file=name, row=row.number, column="commune"))
            continue
        if unit.level != Level.COMMUNE:
            report.errors.append(
                InputError(
                    f"«{unit.name}» không phải xã/phường; thôn, tổ dân phố phải thuộc một xã/phường",
                    f"«{unit.name}» is not a commune; villages belong to a commune",
                    Location(file=name, row=row.number, column="commune", value=row.values.get("commune")),
                )
            )
            continue
        text, unit_type = row.values["name"], row.values.get("type") or None
        try:
            village_type, short = village_name(text, unit_type)
        except InputError as err:
            column = "type" if unit_type and text.strip() else "name"
            report.errors.append(err.located(file=name, row=row.number, column=column, value=text))
            continue
        key = (unit.pk, search_key(f"{village_type} {short}"))
        if key in seen:
            report.errors.append(
                InputError(
                    f"«{text}» đã có ở một dòng trước của {unit.name}",
                    f"«{text}» already appears on an earlier row for {unit.name}",
                    Location(where.file, where.row, "name", text),
                )
            )
            continue
        seen.add(key)
        planned.append((unit, f"{village_type} {short}", unit_type, row.values.get("code") or None))
    if report.errors:
        return report
    with transaction.atomic():
        for unit, full, unit_type, code in planned:
            existing = {search_key(v.name) for v in unit.children.filter(level=Level.VILLAGE)}
            if search_key(full) in existing:
                report.unchanged += 1
                continue
            report.created += 1
            if not dry_run:
                add_village(unit, full, unit_type=unit_type, code=code)
        if dry_run:
            transaction.set_rollback(True)
    return report
