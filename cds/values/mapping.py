"""Per-source column mappings of the values import: a unit says once how its spreadsheet's headers
map to the import's columns, and every later import that names the source reads them so.

A mapping is data (``ColumnMapping``: the unit, the source's name, {header as written → column});
``save_mapping`` is its one write. ``import_values(..., columns=)`` and ``preview`` take the
header texts as aliases placed before the built-in ones (``io.ALIASES``), so «Tên xã» may mean
the unit column for one province and nothing for another. ``find_mapping`` finds a source's
mapping saved by the importing unit or a unit above it (a province's mapping serves its
communes). ``preview`` reads a file with a mapping and shows which header fills each column, the
headers left out and the first rows with the units' and indicators' names, so a person checks the
mapping before saving it or importing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from cds.catalog.services import get_catalog
from cds.lib.errors import InputError, Location
from cds.lib.periods import parse_period
from cds.lib.tabular import read_table
from cds.lib.text import fold, nfc
from cds.units.models import Unit

from .io import COLUMNS, _units, aliases_with
from .models import ColumnMapping
from .services import Actor

PREVIEW_ROWS = 5
_COLUMN_NAMES = {
    "unit": ("đơn vị", "unit"),
    "period": ("kỳ", "period"),
    "indicator": ("chỉ tiêu", "indicator"),
    "value": ("giá trị", "value"),
    "note": ("ghi chú", "note"),
}


def check_columns(columns: Mapping[str, str]) -> dict[str, str]:
    """The mapping as saved (NFC header texts), or an ``InputError`` naming what is wrong."""
    clean: dict[str, str] = {}
    for header, column in columns.items():
        text = nfc(header).strip()
        if not text:
            raise InputError("tên cột trong tệp bị trống", "a header text is empty", Location(value=header))
        if column not in COLUMNS:
            raise InputError(
                f"«{column}» không phải là cột của tệp nhập số liệu; các cột là: {', '.join(COLUMNS)}",
                f"«{column}» is not a column of the values import; the columns are: {', '.join(COLUMNS)}",
                Location(column=text, value=column),
            )
        if column in clean.values():
            raise InputError(
                f"cột «{column}» được gán cho hai tiêu đề; mỗi cột chỉ lấy từ một tiêu đề",
                f"column «{column}» is given two headers; each column comes from one header",
                Location(column=text, value=column),
            )
        if fold(text) in {fold(h) for h in clean}:
            raise InputError(
                f"tiêu đề «{text}» được ghi hai lần",
                f"header «{text}» is listed twice",
                Location(column=text),
            )
        clean[text] = column
    if not clean:
        raise InputError("chưa gán cột nào", "no column is mapped", Location())
    return clean


def save_mapping(unit: Unit, source: str, columns: Mapping[str, str], actor: Actor) -> ColumnMapping:
    """Save (or replace) ``unit``'s mapping for ``source``: the one write of mappings."""
    name = nfc(source).strip()
    if not name or len(name) > 64:
        raise InputError(
            "tên nguồn phải có từ 1 đến 64 ký tự",
            "the source name must have 1 to 64 characters",
            Location(value=source),
        )
    clean = check_columns(columns)
    with transaction.atomic():
        mapping, _created = ColumnMapping.objects.update_or_create(
            unit=unit, source=name, defaults={"columns": clean, "updated_by": actor.label[:128]}
        )
    return mapping


def find_mapping(source: str, unit: Unit | None = None) -> ColumnMapping:
    """The mapping of ``source`` saved by ``unit`` or the nearest unit above it; without a unit,
    the only mapping of that name. An ``InputError`` lists the sources there are when none fits."""
    name = nfc(source).strip()
    found = ColumnMapping.objects.filter(source=name).select_related("unit")
    if unit is not None:
        chain = [int(i) for i in unit.path.strip("/").split("/") if i]
        by_unit = {m.unit_id: m for m in found.filter(unit_id__in=chain)}
        for unit_id in reversed(chain):  # the unit itself first, then up
            if unit_id in by_unit:
                return by_unit[unit_id]
        candidates: list[ColumnMapping] = []
    else:
        candidates = list(found[:2])
        if len(candidates) == 1:
            return candidates[0]
    known = sorted(set(ColumnMapping.objects.values_list("source", flat=True)))
    listed = ", ".join(known) or "chưa có / none"
    if len(candidates) > 1:
        raise InputError(
            f"nhiều đơn vị đã lưu nguồn «{name}»; hãy ghi đơn vị (--in)",
            f"several units saved a source «{name}»; name the unit (--in)",
            Location(value=name),
        )
    raise InputError(
        f"chưa lưu cách đọc cột cho nguồn «{name}» (các nguồn đã lưu: {listed})",
        f"no column mapping is saved for source «{name}» (saved sources: {listed})",
        Location(value=name),
    )


@dataclass
class PreviewRow:
    number: int
    unit: str  # the unit's name with its parents, or why it is not found
    period: str
    indicator: str  # the indicator's name, or the text as written
    value: str


@dataclass
class MappingPreview:
    file_name: str
    filled: dict[str, str] = field(default_factory=dict)  # our column → header (or "" when built in)
    missing: list[str] = field(default_factory=list)  # required columns no header fills
    ignored: list[str] = field(default_factory=list)  # headers of the file nothing reads
    rows: list[PreviewRow] = field(default_factory=list)
    total_rows: int = 0
    error: InputError | None = None


def preview(
    path: Path | str,
    columns: Mapping[str, str] | None = None,
    within: str | None = None,
    file_name: str | None = None,
) -> MappingPreview:
    """What an import of ``path`` with ``columns`` would read: each column's header, the headers left
    out and the first rows with names (units with their parents, indicators by name), never codes."""
    path = Path(path)
    name = file_name or path.name
    out = MappingPreview(file_name=name)
    clean = check_columns(columns) if columns else {}
    try:
        table = read_table(
            path.read_bytes(), file_name=name, required=(), optional=COLUMNS, aliases=aliases_with(clean)
        )
    except InputError as err:
        out.error = err.located(file=name)
        return out
    by_column = {column: header for header, column in clean.items()}
    out.filled = {c: by_column.get(c, "") for c in table.columns}
    out.missing = [c for c in COLUMNS[:4] if c not in table.columns]
    out.ignored = list(table.ignored_columns)
    out.total_rows = len(table.rows)
    shown = table.rows[:PREVIEW_ROWS]
    units = _units(shown, within, skip_empty=False) if "unit" in table.columns else {}
    for row in shown:
        cells = row.values
        unit = units.get(row.number)
        unit_text = _unit_text(unit) if unit is not None else cells.get("unit", "")
        period_text, indicator_text = cells.get("period", ""), cells.get("indicator", "")
        try:
            period = parse_period(period_text)
            period_text = period.label_vi
            found = get_catalog(period.start).find(indicator_text)
            indicator_text = (
                found.name_vi if found is not None else f"{indicator_text} (không có trong danh mục)"
            )
        except InputError as err:
            period_text = f"{period_text} ({err.vi})"
        out.rows.append(
            PreviewRow(row.number, unit_text, period_text, indicator_text, cells.get("value", ""))
        )
    return out


def _unit_text(unit: Unit | InputError) -> str:
    if isinstance(unit, InputError):
        return f"không tìm thấy: {unit.vi}"
    parent = unit.parent.name if unit.parent is not None else ""
    return f"{unit.name}, {parent}" if parent else unit.name


def column_label(column: str, lang: str = "vi") -> str:
    """«đơn vị» / «unit»: an import column as a person reads it."""
    vi, en = _COLUMN_NAMES.get(column, (column, column))
    return en if lang == "en" else vi
