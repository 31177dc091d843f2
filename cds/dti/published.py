"""Import published DTI results of past years (from decisions), so comparisons work from day one.

CSV/XLSX columns: ``unit, year, total`` and optionally ``rank, ranked_of, max_total, level, note``
and one column per pillar (codes such as ``nhan_thuc_so`` or the Vietnamese pillar names).
Without a ``level`` column a unit's level is what its name says («Huyện Ba Tơ», «Thị xã Đức Phổ»)
or, for a bare name, the level of the table's other units (``cds.units.services.resolve_names``);
``within`` (``--in``/``--province``) scopes the names to one province or district.
All-or-nothing: every bad row is listed (file, row, column, value, reason) and nothing is written;
the same file twice changes nothing; ``dry_run`` reports without writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from cds.history.changes import ActorLike
from cds.history.rows import ImportReport as FileImport
from cds.lib.errors import InputError, Location
from cds.lib.tabular import read_table
from cds.lib.text import fold_words
from cds.lib.vn_numbers import Kind as NumberKind
from cds.lib.vn_numbers import parse_number
from cds.units.models import Unit
from cds.units.services import resolve_names, resolve_scope
from cds.values.services import Actor

from .decisions import ancestors, find_document, link_decision
from .framework import LEVELS
from .models import Result, ResultSource, ResultStatus
from .scoring import era_for_year, scope_units, year_day

PILLARS = {
    "nhan_thuc_so": ("nhận thức số",),
    "the_che_so": ("thể chế số",),
    "ha_tang_so": ("hạ tầng số",),
    "nhan_luc_so": ("nhân lực số",),
    "attt": ("an toàn thông tin mạng", "an toàn thông tin"),
    "chinh_quyen_so": ("hoạt động chính quyền số", "chính quyền số"),
    "kinh_te_so": ("kinh tế số",),
    "xa_hoi_so": ("xã hội số",),
}
ALIASES = {
    "unit": ("đơn vị", "tên đơn vị", "mã đơn vị"),
    "year": ("năm",),
    "total": ("tổng điểm", "điểm", "score"),
    "rank": ("xếp hạng", "thứ hạng", "hạng"),
    "ranked_of": ("số đơn vị xếp hạng", "trên tổng số"),
    "max_total": ("điểm tối đa",),
    "level": ("cấp",),
    "status": ("trạng thái", "tình trạng", "tự đánh giá"),
    "note": ("ghi chú", "nguồn", "source"),
    **PILLARS,
}


@dataclass
class ImportReport(FileImport):
    """A file's import, with the DTI-only counts."""

    not_assessed: int = 0  # rows of units listed without a score (did not self-assess)
    absent: list[str] = field(default_factory=list)  # units of the ``within`` scope missing from the file


def _number(
    text: str, column: str, row: int, kind: NumberKind = "count", maximum: Decimal | None = None
) -> Decimal | None:
    if not text.strip():
        return None
    try:
        parsed = parse_number(text, kind, maximum=maximum)
    except InputError as err:
        raise err.located(row=row, column=column, value=text) from None
    return parsed.value


def import_results(
    path: Path | str,
    dry_run: bool = False,
    file_name: str | None = None,
    decision: str | None = None,
    actor: ActorLike | None = None,
    within: str | None = None,
    complete: bool = False,
) -> ImportReport:
    """``within``: a province or district (name or code) whose units alone the file's names may
    mean, on the map of each row's year; its units of the file's levels that the file lacks are
    listed in ``absent`` and, when ``complete`` (the file is the scope's full published list),
    recorded as not assessed. A unit listed without a score, or with a ``status`` saying it did
    not self-assess, is recorded as not assessed (never ranked). ``decision``: the registered decision that published the
    file's results ("Quyết định số 1335/QĐ-UBND ngày 29/12/2023", "1335/QĐ-UBND"), linked to the result
    set of the file's year and level (``cds.dti.decisions``); the file must then hold one year."""
    path = Path(path)
    name = file_name or path.name
    report = ImportReport(name, dry_run=dry_run)
    try:
        table = read_table(
            path,
            file_name=name,
            required=("unit", "year", "total"),
            optional=("rank", "ranked_of", "max_total", "level", "status", "note", *PILLARS),
            aliases=ALIASES,
        )
    except InputError as err:
        report.errors.append(err)
        return report
    try:
        units = _units(table.rows, within)
    except InputError as err:
        report.errors.append(err.located(file=name))
        return report
    planned: dict[tuple[int, int], dict[str, object]] = {}
    for row in table.rows:
        try:
            key, fields = _row(row.number, row.values, units)
        except InputError as err:
            report.errors.append(err.located(file=name))
            continue
        if key in planned:
            report.errors.append(
                InputError(
                    "đơn vị và năm này đã có ở một dòng trước",
                    "this unit and year already appear on an earlier row",
                    Location(file=name, row=row.number, column="unit", value=row.values["unit"]),
                )
            )
        planned[key] = fields
    report.rows = len(table.rows)
    if report.errors:
        return report
    if within:
        _absent(planned, within, name, complete, report)
    report.not_assessed = sum(1 for f in planned.values() if f["status"] == ResultStatus.NOT_ASSESSED)
    links = _decision_links(planned, decision, name, report) if decision else []
    if report.errors:
        return report
    with transaction.atomic():
        if not dry_run:
            for unit, year, level in links:
                link_decision(
                    unit, year, level, decision or "", actor or Actor("dti: import-results", "import")
                )
        for (unit_id, year), fields in planned.items():
            existing = Result.objects.filter(
                unit_id=unit_id, year=year, source=ResultSource.PUBLISHED
            ).first()
            if existing is None:
                report.created += 1
                if not dry_run:
                    Result.objects.create(unit_id=unit_id, year=year, source=ResultSource.PUBLISHED, **fields)
            elif all(getattr(existing, k) == v for k, v in fields.items()):
                report.unchanged += 1
            else:
                report.updated += 1
                if not dry_run:
                    for k, v in fields.items():
                        setattr(existing, k, v)
                    existing.save()
    return report


def _absent(
    planned: dict[tuple[int, int], dict[str, object]],
    within: str,
    name: str,
    complete: bool,
    report: ImportReport,
) -> None:
    """The scope's units of each (year, level) of the file that the file lacks: listed, and
    planned as not assessed when the file is the scope's complete list."""
    sets: dict[tuple[int, str], set[int]] = {}
    for (unit_id, year), fields in planned.items():
        sets.setdefault((year, str(fields["level"])), set()).add(unit_id)
    for (year, level), listed in sorted(sets.items()):
        scope = resolve_scope(within, as_of=year_day(year), era=era_for_year(year))
        for unit in scope_units(scope, level, era_for_year(year), year):
            if unit.pk in listed:
                continue
            report.absent.append(unit.name)
            if complete:
                planned[(unit.pk, year)] = _not_assessed_fields(
                    level, f"không có trong danh sách công bố {name}"
                )


def _not_assessed_fields(level: str, note: str = "") -> dict[str, object]:
    return {
        "level": level,
        "status": ResultStatus.NOT_ASSESSED,
        "total": None,
        "max_total": None,
        "pillar_scores": {},
        "published_rank": None,
        "published_of": None,
        "note": note[:255],
    }


_NOT_ASSESSED_WORDS = (
    "khong tu danh gia",
    "chua tu danh gia",
    "khong danh gia",
    "chua danh gia",
    "not assessed",
)
_ASSESSED_WORDS = (
    "da danh gia",
    "da tu danh gia",
    "xep hang",
    "da cong bo",
    "assessed",
    "ranked",
    "published",
)


def _assessed(number: int, values: dict[str, str]) -> bool:
    """Whether the row's unit was assessed: its ``status`` says so, else it has a score."""
    text = values.get("status", "").strip()
    folded = fold_words(text)
    if not folded:
        return bool(values["total"].strip())
    if folded in _NOT_ASSESSED_WORDS:
        if values["total"].strip():
            raise InputError(
                "đơn vị không tự đánh giá thì không có tổng điểm; hãy xóa điểm hoặc sửa trạng thái",
                "a unit that did not self-assess has no total; remove the score or change the status",
                Location(row=number, column="status", value=text),
            )
        return False
    if folded in _ASSESSED_WORDS:
        return True
    raise InputError(
        "trạng thái phải là «Đã đánh giá» hoặc «Không tự đánh giá» (hoặc để trống: có điểm là đã đánh giá)",
        "the status must be «Đã đánh giá» or «Không tự đánh giá» (or empty: a score means assessed)",
        Location(row=number, column="status", value=text),
    )


def _decision_links(
    planned: dict[tuple[int, int], dict[str, object]], decision: str, name: str, report: ImportReport
) -> list[tuple[Unit, int, str]]:
    """(a unit, year, level) per result set of the file that ``decision`` published: found among
    the registered documents of the units above them, and covering every unit of the set."""
    years = sorted({year for _, year in planned})
    if len(years) != 1:
        report.errors.append(
            InputError(
                f"một quyết định công bố kết quả một năm; tệp có {len(years)} năm: {', '.join(map(str, years))}",
                f"one decision publishes one year's results; the file has {len(years)} years",
                Location(file=name, column="year"),
            )
        )
        return []
    units = Unit.objects.in_bulk([unit_id for unit_id, _ in planned])
    sets: dict[str, list[Unit]] = {}
    for (unit_id, _), fields in planned.items():
        sets.setdefault(str(fields["level"]), []).append(units[unit_id])
    links = []
    for level, members in sets.items():
        try:
            document = find_document(decision, ancestors(members[0]))
        except InputError as err:
            report.errors.append(err.located(file=name))
            continue
        outside = [u.name for u in members if not u.path.startswith(document.unit.path)]
        if outside:
            report.errors.append(
                InputError(
                    f"{len(outside)} đơn vị không thuộc {document.unit.name}, cơ quan ban hành quyết định: "
                    + ", ".join(outside[:5]),
                    f"{len(outside)} units are outside {document.unit.name}, which issued the decision",
                    Location(file=name, column="unit", value=outside[0]),
                )
            )
            continue
        links.append((members[0], years[0], level))
    return links


def _year(number: int, values: dict[str, str]) -> int:
    year_text = values["year"].strip()
    if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
        raise InputError(
            "năm phải là số có 4 chữ số",
            "the year must be a 4-digit number",
            Location(row=number, column="year", value=year_text),
        )
    return int(year_text)


def _level(number: int, values: dict[str, str]) -> str | None:
    """The ``level`` column's level, or None when the file has none (the names decide)."""
    level = values.get("level", "").strip()
    if level and level not in LEVELS:
        raise InputError(
            f"cấp phải là một trong {', '.join(LEVELS)}",
            f"level must be one of {', '.join(LEVELS)}",
            Location(row=number, column="level", value=level),
        )
    return level or None


def _units(rows: list, within: str | None) -> dict[int, Unit | InputError]:
    """Row number → its unit (or why not): the names of one year and one stated level are read
    together, so the table's own levels decide a bare name, inside ``within`` if given, on the
    map at the year's close (``year_day``: a commune that ceased in 2024 or earlier is not on a
    2024 map, one that ceased on 1/7/2025 is on it and not on a 2025 map)."""
    groups: dict[tuple[int, str | None], list[tuple[int, str]]] = {}
    for row in rows:
        try:
            year, level = _year(row.number, row.values), _level(row.number, row.values)
        except InputError:
            continue  # the row's own check reports it
        groups.setdefault((year, level), []).append((row.number, row.values["unit"]))
    out: dict[int, Unit | InputError] = {}
    for (year, level), named in groups.items():
        found = resolve_names(
            [text for _, text in named],
            within=within,
            as_of=year_day(year),
            era=era_for_year(year),
            level=level or LEVELS,
        )
        for number, text in named:
            out[number] = found[text]
    return out


def _row(
    number: int, values: dict[str, str], units: dict[int, Unit | InputError]
) -> tuple[tuple[int, int], dict[str, object]]:
    year = _year(number, values)
    _level(number, values)
    unit = units[number]
    if isinstance(unit, InputError):
        raise unit.located(row=number, column="unit", value=values["unit"])
    level = unit.level
    if not _assessed(number, values):
        return (unit.pk, year), _not_assessed_fields(level, values.get("note", ""))
    # the maximum first: it decides a score written "512.250" (512,25 of at most 1.000 points);
    # a maximum is a whole number of points ("1.000", "100"), read like a count
    maximum = _number(values.get("max_total", ""), "max_total", number, "count")
    total = _number(values["total"], "total", number, "number", maximum)
    if total is None or total < 0:
        raise InputError(
            "thiếu tổng điểm", "the total score is missing", Location(row=number, column="total")
        )
    rank = _number(values.get("rank", ""), "rank", number)
    of = _number(values.get("ranked_of", ""), "ranked_of", number)
    if rank is not None and of is not None and rank > of:
        raise InputError(
            f"thứ hạng {rank} lớn hơn số đơn vị xếp hạng {of}",
            f"rank {rank} exceeds ranked_of {of}",
            Location(row=number, column="rank", value=values.get("rank")),
        )
    if maximum is not None and total > maximum:
        raise InputError(
            "tổng điểm lớn hơn điểm tối đa",
            "the total exceeds the maximum",
            Location(row=number, column="total", value=values["total"]),
        )
    pillars = {}
    for code in PILLARS:
        value = _number(values.get(code, ""), code, number, "number", maximum)
        if value is not None:
            pillars[code] = str(value.quantize(Decimal("0.01")))
    fields: dict[str, object] = {
        "level": level,
        "status": ResultStatus.PUBLISHED,
        "total": total.quantize(Decimal("0.01")),
        "max_total": maximum,
        "pillar_scores": pillars,
        "published_rank": int(rank) if rank is not None else None,
        "published_of": int(of) if of is not None else None,
        "note": values.get("note", "")[:255],
    }
    return (unit.pk, year), fields
