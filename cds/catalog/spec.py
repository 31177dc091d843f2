"""Read and validate a catalog file (YAML) into plain data, without touching the database.

Everything a loader could trip over is checked here first, so a bad file never half-loads:
unknown fields, bad enum values, duplicate codes, rates without parts, references to codes that
do not exist, aggregation rules that make no sense for the kind, cycles among ``parts``. A file
may ``extends`` an earlier version and list only its differences. The format is documented in
``data/README.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from .models import Kind
from .spec_indicators import check_indicators
from .spec_types import (
    DEFAULTABLE,
    PILLAR_KEYS,
    PILLAR_RE,
    TOP_KEYS,
    VERSION_RE,
    CatalogSpec,
    FileContext,
    IndicatorSpec,
    PillarSpec,
    check_keys,
)
from .yaml_lines import Mapping, read_yaml

__all__ = [
    "BUILTIN_DIR",
    "CatalogSpec",
    "IndicatorSpec",
    "PillarSpec",
    "builtin_catalog_files",
    "read_catalog_file",
]

BUILTIN_DIR = Path(__file__).parent / "data"


def builtin_catalog_files() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("catalog-*.yaml"))


def read_catalog_file(path: Path | str, _seen: tuple[str, ...] = ()) -> CatalogSpec:
    """Parse and validate a catalog file (and the file it ``extends``); raise ``InputError``."""
    path = Path(path)
    document, raw = read_yaml(path)
    ctx = FileContext(path.name)
    if not isinstance(document, Mapping):
        raise ctx.error(
            "tệp danh mục phải là một bảng khóa: giá trị (version, title, …)",
            "a catalog file must be a mapping (version, title, …)",
        )
    check_keys(ctx, document, TOP_KEYS, "đầu tệp", "the top level")
    version = _version_code(ctx, document, "version")
    extends = _version_code(ctx, document, "extends") if document.get("extends") is not None else ""
    title = _text(ctx, document, "title", required=True)
    effective = _date(ctx, document, "effective_from")
    base = _base(ctx, path, document, version, extends, effective, _seen) if extends else None
    pillars = _pillars(ctx, document, base)
    defaults = _defaults(ctx, document, base)
    retired = _retired(ctx, document, base)
    indicators = check_indicators(ctx, document, base, defaults, retired, pillars)
    return CatalogSpec(
        version=version,
        title=title,
        effective_from=effective,
        file_name=path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        pillars=tuple(pillars.values()),
        indicators=indicators,
        extends=extends,
        base_sha256=base.sha256 if base else "",
        retired=retired,
        description=_text(ctx, document, "description", required=False),
        defaults=defaults,
    )


def _version_code(ctx: FileContext, doc: Mapping, key: str) -> str:
    value = doc.get(key)
    if isinstance(value, float | int) and not isinstance(value, bool):
        raise ctx.at(
            doc,
            key,
            f'mã phiên bản phải đặt trong dấu nháy, ví dụ {key}: "{value}" (2022.10 khác 2022.1)',
            f'quote the version code, e.g. {key}: "{value}" (2022.10 is not 2022.1)',
        )
    if not isinstance(value, str) or not VERSION_RE.match(value):
        raise ctx.at(
            doc,
            key,
            'mã phiên bản có dạng NĂM.SỐ, ví dụ "2025.1"',
            'a version code looks like YEAR.NUMBER, e.g. "2025.1"',
        )
    return value


def _text(ctx: FileContext, doc: Mapping, key: str, *, required: bool) -> str:
    value = doc.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ctx.at(doc, key, f"«{key}» phải là văn bản không rỗng", f"«{key}» must be non-empty text")
    return value.strip()


def _date(ctx: FileContext, doc: Mapping, key: str) -> dt.date:
    value = doc.get(key)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ctx.at(
            doc,
            key,
            "ngày hiệu lực có dạng NĂM-THÁNG-NGÀY, ví dụ 2025-07-01",
            "effective_from must be a date YYYY-MM-DD, e.g. 2025-07-01",
        )
    return value


def _base(
    ctx: FileContext,
    path: Path,
    doc: Mapping,
    version: str,
    extends: str,
    effective: dt.date,
    seen: tuple[str, ...],
) -> CatalogSpec:
    """The version this file amends: ``catalog-<code>.yaml`` next to this file, else the shipped one."""
    if extends == version or extends in seen:
        raise ctx.at(
            doc,
            "extends",
            f"phiên bản {version} không thể mở rộng chính nó (vòng lặp extends)",
            f"version {version} cannot extend itself (extends loop)",
        )
    found = [
        f / f"catalog-{extends}.yaml"
        for f in (path.parent, BUILTIN_DIR)
        if (f / f"catalog-{extends}.yaml").exists()
    ]
    if not found:
        raise ctx.at(
            doc,
            "extends",
            f"không tìm thấy tệp catalog-{extends}.yaml của phiên bản được mở rộng",
            f"cannot find catalog-{extends}.yaml for the extended version",
        )
    base = read_catalog_file(found[0], (*seen, version))
    if base.version != extends:
        raise ctx.at(
            doc,
            "extends",
            f"tệp của phiên bản {extends} lại khai báo phiên bản {base.version}",
            f"the file for version {extends} declares version {base.version}",
        )
    if base.effective_from >= effective:
        raise ctx.at(
            doc,
            "effective_from",
            f"phải sau ngày hiệu lực của phiên bản {extends} ({base.effective_from})",
            f"must be after that of version {extends} ({base.effective_from})",
            value=str(effective),
        )
    return base


def _pillars(ctx: FileContext, doc: Mapping, base: CatalogSpec | None) -> dict[str, PillarSpec]:
    inherited = {p.code: p for p in base.pillars} if base else {}
    pillars = dict(inherited)
    raw = doc.get("pillars", [] if base else None)
    if not isinstance(raw, list) or (not raw and not base):
        raise ctx.at(
            doc,
            "pillars",
            "«pillars» là danh sách trụ cột (code, name_vi, name_en)",
            "«pillars» must be a list of pillars (code, name_vi, name_en)",
            value=None,
        )
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise ctx.at(
                doc,
                "pillars",
                "mỗi trụ cột là một bảng code/name_vi/name_en",
                "each pillar is a code/name_vi/name_en mapping",
                value=entry,
            )
        check_keys(ctx, entry, PILLAR_KEYS, "trụ cột", "a pillar")
        code = entry.get("code")
        if not isinstance(code, str) or not PILLAR_RE.match(code):
            raise ctx.at(
                entry,
                "code",
                "mã trụ cột chỉ gồm chữ thường, số và dấu gạch dưới",
                "a pillar code is lowercase letters, digits and underscores",
            )
        names = (_text(ctx, entry, "name_vi", required=True), _text(ctx, entry, "name_en", required=True))
        if code in pillars and code not in inherited:
            raise ctx.at(
                entry, "code", f"trụ cột «{code}» khai báo hai lần", f"pillar «{code}» is declared twice"
            )
        if code in inherited and (inherited[code].name_vi, inherited[code].name_en) != names:
            raise ctx.at(
                entry,
                "name_vi",
                f"trụ cột «{code}» đã có tên khác ở phiên bản trước; tên trụ cột dùng "
                "chung cho mọi phiên bản, hãy đặt mã mới",
                f"pillar «{code}» has other names in the base "
                "version; pillar names are shared by all versions, use a new code",
            )
        pillars[code] = PillarSpec(
            code, *names, order=inherited[code].order if code in inherited else len(pillars)
        )
    return pillars


def _defaults(ctx: FileContext, doc: Mapping, base: CatalogSpec | None) -> dict[str, dict[str, Any]]:
    """Per-kind field values filled in for new indicators; a child file inherits and may override them."""
    merged = {kind: dict(values) for kind, values in (base.defaults if base else {}).items()}
    raw = doc.get("defaults", Mapping())
    if not isinstance(raw, Mapping):
        raise ctx.at(
            doc,
            "defaults",
            "«defaults» là bảng theo loại chỉ tiêu (count, rate, …)",
            "«defaults» must map indicator kinds (count, rate, …) to fields",
            value=None,
        )
    for kind, values in raw.items():
        if kind not in Kind.values or not isinstance(values, Mapping):
            raise ctx.at(
                raw,
                kind,
                f"«{kind}» phải là một loại chỉ tiêu ({', '.join(Kind.values)}) kèm một bảng",
                f"«{kind}» must be a kind ({', '.join(Kind.values)}) with a mapping",
                value=kind,
            )
        check_keys(ctx, values, DEFAULTABLE, f"giá trị mặc định của «{kind}»", f"the defaults for «{kind}»")
        merged.setdefault(kind, {}).update(values)
    return merged


def _retired(ctx: FileContext, doc: Mapping, base: CatalogSpec | None) -> tuple[str, ...]:
    raw = doc.get("retire", [])
    if raw and not base:
        raise ctx.at(
            doc,
            "retire",
            "«retire» chỉ dùng khi tệp mở rộng (extends) một phiên bản khác",
            "«retire» only makes sense in a file that extends another version",
            value=None,
        )
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw) or len(set(raw)) != len(raw):
        raise ctx.at(
            doc,
            "retire",
            "«retire» là danh sách mã chỉ tiêu, không lặp lại",
            "«retire» must be a list of distinct indicator codes",
            value=None,
        )
    for code in raw:
        if base is None or base.indicator(code) is None:
            raise ctx.at(
                doc,
                "retire",
                f"không thể bỏ «{code}»: mã này không có trong phiên bản {doc['extends']}",
                f"cannot retire «{code}»: it is not in version {doc['extends']}",
                value=code,
            )
    return tuple(raw)
