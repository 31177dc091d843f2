"""Load catalog files into the database: validated first, written atomically, never changed after.

A catalog version is a published definition of the indicators; values recorded under it must
keep meaning what they meant, so a loaded version is immutable. Loading the same file again
changes nothing; a different file with the same version code is refused — publish a new version
instead — unless it differs only in descriptive fields (``spec_types.AMENDABLE``: scope,
description, source, display_unit, basis, aliases), which are then amended in place and recorded as a ``CatalogAmendment``.
The shipped files are loaded after every ``migrate`` (``load_after_migrate``, wired to
``post_migrate`` in ``apps.py``) with the migrated state's app registry, so this module only uses
models obtained from ``apps``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, NamedTuple

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, transaction

from cds.lib.errors import InputError, Location

from .spec import CatalogSpec, builtin_catalog_files, read_catalog_file
from .spec_types import AMENDABLE, IndicatorSpec

# What a recorded value is: a file that changes any of these for a loaded version is refused.
# What shipped errata may change in a loaded version (see ``_amend``).
# ``counts_units`` too: a database migrated before the field existed stored "" for the shipped
# counts of units, which the shipped file then corrects.
CORRECTABLE = ("numerator", "denominator", "counts_units")
_MEANING = ("name_vi", "name_en", "pillar", "kind", "unit_vi", "unit_en", "numerator", "denominator", "scale",
            "aggregate_units", "aggregate_periods", "direction", "decimals", "parts",
            "counts_units")  # fmt: skip


class LoadOutcome(NamedTuple):
    version: Any  # a CatalogVersion (possibly a historical model inside a migration)
    created: bool
    amended: int = 0  # descriptive fields changed in an already loaded version


def load_catalog_file(path: Path | str, apps: Any = None) -> Any:
    """Load one catalog file and return its ``CatalogVersion`` (the existing one if unchanged)."""
    return load_catalog(path, apps).version


def load_catalog(path: Path | str, apps: Any = None) -> LoadOutcome:
    """Like ``load_catalog_file`` but also says whether anything was written."""
    return store_spec(read_catalog_file(path), apps)


def load_builtin_catalogs(apps: Any = None, using: str = DEFAULT_DB_ALIAS) -> list[LoadOutcome]:
    """Load every shipped ``data/catalog-*.yaml`` in order of effective date."""
    specs = sorted((read_catalog_file(p) for p in builtin_catalog_files()), key=lambda s: s.effective_from)
    return [store_spec(spec, apps, corrections=True, using=using) for spec in specs]


def load_after_migrate(
    plan: list[Any] | None = None,
    apps: Any = None,
    stdout: Any = None,
    using: str = DEFAULT_DB_ALIAS,
    **_: Any,
) -> None:
    """``post_migrate``: the shipped catalogs as the files say now, after every ``migrate``.

    This replaces the data migrations that reloaded the files each time they changed (catalog
    0003–0020): a changed file is picked up by the next ``migrate`` without a migration. ``flush``
    sends the signal too, without a ``plan``: a flushed database stays empty, as before. When no
    migration ran and every shipped file's sha256 is already a stored version's, nothing can have
    changed and the files are not even parsed (a test database copied from a migrated template
    pays one query, not ≈ 0,5 s); after any migration the files are loaded again, since a new
    field may need them. They go into the database migrated (the signal's ``using``: ``migrate
    --database other`` fills that one, never the default), each file in its own transaction there.
    """
    if plan is None:
        return
    registry = apps or global_apps
    try:
        Version = registry.get_model("catalog", "CatalogVersion")
    except LookupError:  # ``migrate catalog zero``: no catalog tables to load into
        return
    if not plan and _shipped_files_stored(Version, using):
        return
    outcomes = load_builtin_catalogs(registry, using)
    changed = [o.version.code for o in outcomes if o.created or o.amended]
    if changed and stdout is not None:
        stdout.write(
            f"Danh mục chỉ tiêu: đã nạp các tệp kèm theo ({', '.join(changed)}) / "
            f"Indicator catalogs: loaded the shipped files ({', '.join(changed)})\n"
        )


def _shipped_files_stored(Version: Any, using: str) -> bool:
    stored = set(Version.objects.db_manager(using).values_list("sha256", flat=True))
    return all(hashlib.sha256(p.read_bytes()).hexdigest() in stored for p in builtin_catalog_files())


def store_spec(
    spec: CatalogSpec, apps: Any = None, corrections: bool = False, using: str = DEFAULT_DB_ALIAS
) -> LoadOutcome:
    registry = apps or global_apps
    models = {
        name: registry.get_model("catalog", name)
        for name in ("Pillar", "CatalogVersion", "Indicator", "IndicatorDefinition")
    }
    Version = models["CatalogVersion"]
    existing = Version.objects.db_manager(using).filter(code=spec.version).first()
    if existing is not None:
        return _amend(spec, existing, models, registry, corrections, using)
    _check_against_database(spec, models, using)
    with transaction.atomic(using=using):
        version = _write(spec, models, using)
        _check_stored(spec, version, models, using)
    _invalidate_cache_on_commit(using)
    return LoadOutcome(version, True)


def _amend(
    spec: CatalogSpec,
    existing: Any,
    models: dict[str, Any],
    registry: Any,
    corrections: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> LoadOutcome:
    """The file of a loaded version again: nothing, descriptive fields amended (with history), or refused.

    The stored definitions are compared even when the sha256 matches, because a version that
    ``extends`` another inherits the base file's fields: amending 2022.1 amends what 2025.1 says.

    ``corrections`` (only for the files shipped with CĐS Hub, loaded by migrations): errata against
    the official definitions may also add indicators and rebuild a rate on other parts
    (``CORRECTABLE``) — e.g. the full-process online-dossier rate, whose denominator Quyết định
    766/QĐ-TTg sets to the dossiers of full-process services, not all dossiers. Each correction is
    recorded in the ``CatalogAmendment``; a file a user loads can never change a loaded version.
    """
    stored = {
        d.indicator.code: d
        for d in models["IndicatorDefinition"]
        .objects.db_manager(using)
        .filter(version=existing)
        .select_related("indicator", "numerator", "denominator", "pillar")
    }
    amendable = [f for f in AMENDABLE if _has_field(models["IndicatorDefinition"], f)]
    meaning = [f for f in _MEANING if f in _LINKED or _has_field(models["IndicatorDefinition"], f)]
    added = [i for i in spec.indicators if i.code not in stored]
    removed = set(stored) - {i.code for i in spec.indicators}
    altered = [
        i
        for i in spec.indicators
        if i.code in stored and _meaning(i, meaning) != _stored_meaning(stored[i.code], meaning)
    ]
    corrected = {
        i.code: [
            f
            for f, new, old in zip(
                meaning, _meaning(i, meaning), _stored_meaning(stored[i.code], meaning), strict=True
            )
            if new != old
        ]
        for i in altered
    }
    only_corrections = corrections and all(set(fields) <= set(CORRECTABLE) for fields in corrected.values())
    meaning_changed = (
        existing.effective_from != spec.effective_from
        or existing.extends != spec.extends
        or bool(removed)
        or ((added or altered) and not only_corrections)
    )
    if meaning_changed:
        raise _refuse(
            spec,
            f"phiên bản {spec.version} đã được nạp từ một tệp khác (sha256 {existing.sha256[:12]}…); "
            "phiên bản "
            "đã nạp không được sửa — hãy tạo phiên bản mới (ví dụ tăng số sau dấu chấm) với «extends»",
            f"version {spec.version} was loaded from a different file (sha256 {existing.sha256[:12]}…); a "
            "loaded version never changes — publish a new version (e.g. bump the number) that «extends» it",
            "version",
        )
    changes = [
        {"code": i.code, "field": f, "old": getattr(stored[i.code], f), "new": _descriptive(i, f)}
        for i in spec.indicators
        if i.code in stored
        for f in amendable
        if getattr(stored[i.code], f) != _descriptive(i, f)
    ]
    fixes = [{"code": i.code, "field": "added", "old": None, "new": i.name_vi} for i in added] + [
        {
            "code": code,
            "field": f,
            "old": _stored_meaning(stored[code], meaning)[meaning.index(f)],
            "new": getattr(spec_of, f),
        }
        for code, fields in corrected.items()
        for spec_of in [next(i for i in altered if i.code == code)]
        for f in fields
    ]
    if not changes and not fixes and existing.sha256 == spec.sha256:
        return LoadOutcome(existing, False)
    with transaction.atomic(using=using):
        if fixes:
            _correct(spec, existing, models, stored, added, altered, corrected, using)
        for change in changes:
            setattr(stored[change["code"]], change["field"], change["new"])
        if changes:
            amended_rows = [stored[code] for code in dict.fromkeys(c["code"] for c in changes)]
            models["IndicatorDefinition"].objects.db_manager(using).bulk_update(amended_rows, amendable)
        registry.get_model("catalog", "CatalogAmendment").objects.db_manager(using).create(
            version=existing,
            source_file=spec.file_name,
            old_sha256=existing.sha256,
            new_sha256=spec.sha256,
            changes=changes + fixes,
        )
        existing.sha256 = spec.sha256
        existing.save(update_fields=["sha256"])
        if fixes:
            _check_stored(spec, existing, models, using)
    _invalidate_cache_on_commit(using)
    return LoadOutcome(existing, False, len(changes) + len(fixes))


def _correct(
    spec: CatalogSpec,
    version: Any,
    models: dict[str, Any],
    stored: dict,
    added: list,
    altered: list,
    corrected: dict[str, list[str]],
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Apply shipped errata: add the new indicators' definitions, rebuild corrected rates."""
    Indicator, Definition, Pillar = models["Indicator"], models["IndicatorDefinition"], models["Pillar"]
    # the parts of added rates too: a new rate over an indicator already stored (a new «xã có wifi
    # công cộng» share over units.communes) must find its denominator, not store none
    codes = [i.code for i in added] + [
        c for i in (*added, *altered) for c in (i.numerator, i.denominator) if c
    ]
    known = set(Indicator.objects.db_manager(using).filter(code__in=codes).values_list("code", flat=True))
    Indicator.objects.db_manager(using).bulk_create(
        [Indicator(code=c) for c in dict.fromkeys(codes) if c not in known]
    )
    indicators = {i.code: i for i in Indicator.objects.db_manager(using).filter(code__in=codes)}
    pillars = {p.code: p for p in Pillar.objects.db_manager(using).all()}
    Definition.objects.db_manager(using).bulk_create(
        [_definition(Definition, i, version, pillars, indicators) for i in added]
    )
    for i in altered:
        row = stored[i.code]
        row.numerator = indicators.get(i.numerator or "")
        row.denominator = indicators.get(i.denominator or "")
        fields = ["numerator", "denominator"]
        if "counts_units" in corrected.get(i.code, ()):
            row.counts_units = i.counts_units
            fields.append("counts_units")
        row.save(update_fields=fields)


def _check_stored(spec: CatalogSpec, version: Any, models: dict[str, Any], using: str) -> None:
    """The version as written, read back before the transaction commits: every rate has the
    numerator and denominator the file gives it, every total parts the version defines — else the
    whole load is refused (and rolled back), never left for the pages to trip over.

    The file itself was checked when read (``spec``); this catches the writing code — the errata
    path once stored a new rate without the denominator it named (session 12: 58 of 109 page
    requests answered 500)."""
    rows = (
        models["IndicatorDefinition"]
        .objects.db_manager(using)
        .filter(version=version)
        .select_related("indicator", "numerator", "denominator")
    )
    stored = {r.indicator.code: r for r in rows}
    wanted = {i.code: i for i in spec.indicators}
    for code, row in stored.items():
        want = wanted.get(code)
        got = (
            row.numerator.code if row.numerator else None,
            row.denominator.code if row.denominator else None,
        )
        if want is not None and got != (want.numerator, want.denominator):
            raise _refuse(
                spec,
                f"chỉ tiêu {code}: đã ghi tử số/mẫu số {got[0] or '(không có)'}/{got[1] or '(không có)'} "
                f"thay vì {want.numerator or '(không có)'}/{want.denominator or '(không có)'} như tệp ghi; "
                "không nạp gì (lỗi của chương trình nạp danh mục, báo nhóm phát triển)",
                f"indicator {code}: stored numerator/denominator {got[0] or '(none)'}/{got[1] or '(none)'} "
                f"instead of the file's {want.numerator or '(none)'}/{want.denominator or '(none)'}; "
                "nothing was loaded (a fault of the catalog loader: report it)",
                "version",
            )
        if row.kind == "rate" and (got[0] not in stored or got[1] not in stored):
            raise _refuse(
                spec,
                f"tỷ lệ {code} cần tử số và mẫu số là chỉ tiêu của phiên bản {spec.version}; "
                f"đã ghi {got[0] or '(không có)'}/{got[1] or '(không có)'}; không nạp gì",
                f"the rate {code} needs a numerator and a denominator defined in version {spec.version}; "
                f"stored {got[0] or '(none)'}/{got[1] or '(none)'}; nothing was loaded",
                "version",
            )
        missing = [p for p in row.parts or () if p not in stored]
        if missing:
            raise _refuse(
                spec,
                f"chỉ tiêu {code}: thành phần {', '.join(missing)} không có trong phiên bản {spec.version}; "
                "không nạp gì",
                f"indicator {code}: part(s) {', '.join(missing)} not in version {spec.version}; "
                "nothing was loaded",
                "version",
            )


def _descriptive(spec: IndicatorSpec, field: str) -> Any:
    """A descriptive field as the database stores it (citations as JSON objects)."""
    if field == "basis":
        return [c.as_dict() for c in spec.basis]
    if field == "levels":
        return list(spec.levels)
    if field == "aliases":
        return list(spec.aliases)
    return getattr(spec, field)


_LINKED = ("pillar", "numerator", "denominator", "parts")


def _meaning(spec: IndicatorSpec, fields: list[str] | tuple[str, ...] = _MEANING) -> tuple[Any, ...]:
    return tuple(list(v) if isinstance(v, tuple) else v for v in (getattr(spec, f) for f in fields))


def _stored_meaning(row: Any, fields: list[str] | tuple[str, ...] = _MEANING) -> tuple[Any, ...]:
    linked = {
        "pillar": row.pillar.code,
        "numerator": row.numerator.code if row.numerator else None,
        "denominator": row.denominator.code if row.denominator else None,
        "parts": list(row.parts or []),
    }
    return tuple(linked[f] if f in linked else getattr(row, f) for f in fields)


def _has_field(model: Any, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _refuse(spec: CatalogSpec, vi: str, en: str, field: str) -> InputError:
    return InputError(vi, en, Location(file=spec.file_name, column=field, value=getattr(spec, field, None)))


def _check_against_database(spec: CatalogSpec, models: dict[str, Any], using: str) -> None:
    """What the file cannot know by itself: other versions and shared pillar names."""
    Version, Pillar = models["CatalogVersion"], models["Pillar"]
    same_day = Version.objects.db_manager(using).filter(effective_from=spec.effective_from).first()
    if same_day is not None:
        raise _refuse(
            spec,
            f"phiên bản {same_day.code} đã có hiệu lực từ cùng ngày {spec.effective_from}",
            f"version {same_day.code} already takes effect on {spec.effective_from}",
            "effective_from",
        )
    if spec.extends:
        base = Version.objects.db_manager(using).filter(code=spec.extends).first()
        if base is not None and base.sha256 != spec.base_sha256:
            raise _refuse(
                spec,
                f"tệp catalog-{spec.extends}.yaml khác với phiên bản {spec.extends} đã nạp; không "
                "thể mở rộng một bản đã bị sửa",
                f"catalog-{spec.extends}.yaml differs from the loaded "
                f"version {spec.extends}; cannot extend an edited copy",
                "extends",
            )
    stored = {
        p.code: p for p in Pillar.objects.db_manager(using).filter(code__in=[p.code for p in spec.pillars])
    }
    for pillar in spec.pillars:
        old = stored.get(pillar.code)
        if old is not None and (old.name_vi, old.name_en) != (pillar.name_vi, pillar.name_en):
            raise InputError(
                f"trụ cột «{pillar.code}» đã có tên «{old.name_vi}»; "
                "tên trụ cột dùng chung cho mọi phiên bản",
                f"pillar «{pillar.code}» is already named «{old.name_en}»; "
                "pillar names are shared by all versions",
                Location(file=spec.file_name, column="pillars", value=pillar.name_vi),
            )


def _write(spec: CatalogSpec, models: dict[str, Any], using: str) -> Any:
    Pillar, Version = models["Pillar"], models["CatalogVersion"]
    Indicator, Definition = models["Indicator"], models["IndicatorDefinition"]
    pillars = {p.code: p for p in Pillar.objects.db_manager(using).all()}
    for pillar in spec.pillars:
        if pillar.code not in pillars:
            pillars[pillar.code] = Pillar.objects.db_manager(using).create(
                code=pillar.code, name_vi=pillar.name_vi, name_en=pillar.name_en, order=pillar.order
            )
    codes = [i.code for i in spec.indicators]
    known = set(Indicator.objects.db_manager(using).filter(code__in=codes).values_list("code", flat=True))
    Indicator.objects.db_manager(using).bulk_create([Indicator(code=c) for c in codes if c not in known])
    indicators = {i.code: i for i in Indicator.objects.db_manager(using).filter(code__in=codes)}
    version = Version.objects.db_manager(using).create(
        code=spec.version,
        title=spec.title,
        effective_from=spec.effective_from,
        source_file=spec.file_name,
        sha256=spec.sha256,
        **_existing_fields(Version, extends=spec.extends),
    )
    Definition.objects.db_manager(using).bulk_create(
        [_definition(Definition, i, version, pillars, indicators) for i in spec.indicators]
    )
    return version


def _definition(Definition: Any, i: IndicatorSpec, version: Any, pillars: dict, indicators: dict) -> Any:
    return Definition(
        indicator=indicators[i.code],
        version=version,
        pillar=pillars[i.pillar],
        numerator=indicators.get(i.numerator or ""),
        denominator=indicators.get(i.denominator or ""),
        **_existing_fields(
            Definition,
            name_vi=i.name_vi,
            name_en=i.name_en,
            unit_vi=i.unit_vi,
            unit_en=i.unit_en,
            kind=i.kind,
            scale=i.scale,
            aggregate_units=i.aggregate_units,
            aggregate_periods=i.aggregate_periods,
            direction=i.direction,
            decimals=i.decimals,
            parts=list(i.parts),
            description=i.description,
            source=i.source,
            scope=i.scope,
            display_unit=i.display_unit,
            basis=_descriptive(i, "basis"),
            basis_none=i.basis_none,
            levels=_descriptive(i, "levels"),
            counts_units=i.counts_units,
            aliases=_descriptive(i, "aliases"),
        ),
    )


def _existing_fields(model: Any, **values: Any) -> dict[str, Any]:
    """Only the fields the (possibly historical) model has, so old migrations keep working."""
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


def _invalidate_cache_on_commit(using: str) -> None:
    from .services import invalidate_cache

    invalidate_cache()
    transaction.on_commit(invalidate_cache, using=using)
