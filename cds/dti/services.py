"""DTI operations the CLI, the web and the tests call: load frameworks, score, store results.

Assessments and evidence live in ``assessments.py``; published results in ``published.py``;
rankings in ``ranking.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from cds.catalog.services import get_catalog
from cds.catalog.yaml_lines import parse_yaml  # the catalog's line-aware, duplicate-refusing reader
from cds.history.changes import record, snapshot
from cds.history.models import ChangeAction
from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.units.models import Unit

from .framework import Framework, build_framework, builtin_frameworks, read_framework
from .models import FrameworkVersion, Result, ResultSource
from .rules import CENT
from .scoring import check_codes, score_units
from .tables import TableFramework, TableRequest, read_framework_table
from .unitscore import UnitScore

_parsed: dict[str, Framework] = {}


def load_framework(path: Path | str, actor: Any = None) -> tuple[FrameworkVersion, bool]:
    """Store a framework file; the same file again changes nothing, a changed file needs a new version."""
    path = Path(path)
    framework = read_framework(path)
    return store_framework(framework, path.read_text(encoding="utf-8-sig"), path.name, actor)


def store_framework(
    framework: Framework, raw: str, file_name: str, actor: Any = None
) -> tuple[FrameworkVersion, bool]:
    """The one way a checked framework is stored: unchanged if already loaded from the same text,
    refused if its version was loaded from other text, else created with a change record."""
    for year in framework.years:
        check_codes(framework, year)
    existing = FrameworkVersion.objects.filter(code=framework.code, version=framework.version).first()
    if existing is not None:
        if existing.sha256 == framework.sha256:
            return existing, False
        raise InputError(
            f"khung {framework.key} đã được nạp từ một tệp khác; khung đã dùng để chấm điểm không được sửa — "
            "hãy đặt phiên bản mới (version)",
            f"framework {framework.key} was loaded from a different file; a framework used for scoring is not "
            "edited — give it a new version",
        ).located(file=file_name)
    with transaction.atomic():
        row = FrameworkVersion.objects.create(
            code=framework.code,
            version=framework.version,
            title=framework.title,
            level=framework.level,
            years=list(framework.years),
            total=framework.total,
            template=framework.template,
            file_name=file_name,
            sha256=framework.sha256,
            spec={"raw": raw},
        )
        if actor is not None:
            after = snapshot(row)
            after.pop("spec", None)  # the text is on the row itself; the record says who loaded what
            record(actor, ChangeAction.CREATE, row, None, after, reason=f"nạp khung từ {file_name}")
    _parsed[row.sha256] = framework
    return row, True


def load_framework_table(
    path: Path | str,
    request: TableRequest,
    *,
    file_name: str | None = None,
    dry_run: bool = False,
    actor: Any = None,
) -> tuple[TableFramework, FrameworkVersion | None, bool]:
    """Read a published framework table (``tables.py``) and store it as a framework version.

    Returns the reading (framework, generated YAML, mapping report), the stored row (None on a dry
    run) and whether it was created. The same table loaded again is unchanged; a dry run checks
    everything, catalog codes included, and writes nothing.
    """
    name = file_name or Path(path).name
    reading = read_framework_table(path, request, file_name=name)
    _check_table_codes(reading)
    if dry_run:
        return reading, None, False
    row, created = store_framework(reading.framework, reading.yaml_text, name, actor)
    return reading, row, created


def _check_table_codes(reading: TableFramework) -> None:
    """Catalog codes of «Mã chỉ tiêu» that the catalog of a year lacks, named by their table row."""
    rows = {line.code: line.row for line in reading.report if line.kind == "item"}
    for year in reading.framework.years:
        catalog = get_catalog(Period.of("year", year, 0).start)
        for item in reading.framework.items():
            unknown = [c for c in item.rule.codes() if c not in catalog]
            if unknown:
                sheet_vi = f"trang «{reading.sheet}»: " if reading.sheet else ""
                sheet_en = f"sheet «{reading.sheet}»: " if reading.sheet else ""
                raise InputError(
                    f"{sheet_vi}mã chỉ tiêu không có trong danh mục {catalog.version} (năm {year})",
                    f"{sheet_en}catalog code missing from catalog {catalog.version} (year {year})",
                    Location(reading.file_name, rows.get(item.code), "Mã chỉ tiêu", ", ".join(unknown)),
                )


def load_builtin_frameworks() -> list[tuple[FrameworkVersion, bool]]:
    return [load_framework(path) for path in builtin_frameworks()]


def framework_of(row: FrameworkVersion) -> Framework:
    """The parsed framework of a stored version (parsed once per process)."""
    if row.sha256 not in _parsed:
        document = parse_yaml(row.spec["raw"])
        _parsed[row.sha256] = build_framework(document, row.spec["raw"].encode(), row.file_name)
    return _parsed[row.sha256]


def find_framework(name: str, year: int | None = None) -> FrameworkVersion:
    """A stored framework by "code@version", by code (the latest version valid for ``year``), or by file."""
    if name.endswith((".yaml", ".yml")):
        return load_framework(name)[0]
    code, _, version = name.partition("@")
    rows = FrameworkVersion.objects.filter(code=code)
    if version:
        rows = rows.filter(version=version)
    candidates = [r for r in rows.order_by("-version") if year is None or year in r.years]
    if not candidates:
        known = ", ".join(
            f"{r.code}@{r.version} ({', '.join(map(str, r.years))})" for r in FrameworkVersion.objects.all()
        )
        raise InputError(
            f"không có khung đánh giá «{name}»{f' cho năm {year}' if year else ''}; đã nạp: {known or 'chưa có'}",
            f"no framework «{name}»{f' for {year}' if year else ''}; loaded: {known or 'none'}",
        )
    return candidates[0]


def frameworks_for_year(year: int, level: str | None = None) -> list[FrameworkVersion]:
    rows = [r for r in FrameworkVersion.objects.order_by("code", "-version") if year in r.years]
    return [r for r in rows if level is None or r.level == level]


def score_and_store(
    row: FrameworkVersion, year: int, scope: Unit | None, user: Any = None
) -> list[UnitScore]:
    """Score the scope and replace its computed results for the year, all in one transaction."""
    framework = framework_of(row)
    scores = score_units(framework, year, scope, framework_id=row.pk)
    with transaction.atomic():
        Result.objects.filter(
            year=year, source=ResultSource.COMPUTED, unit_id__in=[s.unit.pk for s in scores]
        ).delete()
        Result.objects.bulk_create(
            [
                Result(
                    unit=s.unit,
                    year=year,
                    level=framework.level,
                    source=ResultSource.COMPUTED,
                    framework=row,
                    status=s.status,
                    total=s.total.quantize(CENT),
                    max_total=s.max_total,
                    pillar_scores={k: str(v.quantize(CENT)) for k, v in s.pillars.items()},
                    item_points={k: str(v.points) for k, v in s.items.items()},
                    missing_items=s.missing,
                    updated_by=user if getattr(user, "is_authenticated", False) else None,
                )
                for s in scores
            ],
            batch_size=500,
        )
    return scores
