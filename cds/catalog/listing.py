"""The catalog as a list people read and download: the ``/catalog/`` page, its CSV and its JSON.

One row per indicator, in pillar order, with what a province needs to build its own forms: name,
unit, kind, scope, formula (a rate's numerator and denominator by name, a total's parts, a count
of units from the registry), the levels that fill it, its legal basis and source, and the other
phrasings reports use for it (aliases). Search ignores accents and case and matches name, code
and aliases: «ty le ho so truc tuyen» finds «Tỷ lệ hồ sơ trực tuyến».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cds.lib.text import fold_words

from .formatting import display_unit
from .models import Kind, PeriodAggregation, Scope, UnitAggregation
from .services import Catalog, Definition

KIND_EN = {"count": "count", "amount": "amount of money", "rate": "rate", "boolean": "yes/no",
           "text": "text", "number": "measure", "date": "date"}  # fmt: skip
SCOPE_EN = {"own": "the body's own", "territory": "in the area (summed from the units below)"}
LEVEL_WORDS = {
    "vi": {"province": "tỉnh", "district": "huyện", "commune": "xã", "village": "thôn"},
    "en": {"province": "province", "district": "district", "commune": "commune", "village": "village"},
}
AGGREGATION_EN = {"sum": "sum", "recompute": "recomputed from its parts", "all": "all", "any": "any",
                  "none": "not aggregated", "latest": "latest", "max": "largest"}  # fmt: skip

# (key, Vietnamese header, English header) of the downloads, in order.
COLUMNS = (
    ("code", "Mã", "Code"),
    ("pillar", "Trụ cột", "Pillar"),
    ("name", "Tên chỉ tiêu", "Indicator"),
    ("name_other", "Tên tiếng Anh", "Vietnamese name"),
    ("unit", "Đơn vị tính", "Unit"),
    ("kind", "Loại", "Kind"),
    ("scope", "Phạm vi", "Scope"),
    ("aggregation", "Cách cộng dồn (đơn vị; kỳ)", "Aggregation (units; periods)"),
    ("formula", "Công thức", "Formula"),
    ("levels", "Cấp điền số liệu", "Filled by"),
    ("basis", "Căn cứ (văn bản, điều khoản)", "Legal basis (document, item)"),
    (
        "source",
        "Ghi chú nội bộ của nhóm xây dựng danh mục (nơi đã gặp chỉ tiêu; không phải căn cứ)",
        "Catalog builders' internal note (where the indicator was seen; not a legal basis)",
    ),
    ("aliases", "Tên gọi khác", "Other phrasings"),
)


@dataclass(frozen=True)
class CatalogRow:
    definition: Definition
    values: dict[str, str]  # COLUMNS key → text in the chosen language
    pillar_name: str


def aliases_of(definition: Definition) -> tuple[str, ...]:
    return tuple(definition.aliases)


def _name(definition: Definition | None, lang: str) -> str:
    if definition is None:
        return ""
    return definition.name_en if lang == "en" else definition.name_vi


def formula(definition: Definition, catalog: Catalog, lang: str = "vi") -> str:
    """How the figure is made, in words: a rate's parts by name, a total's parts, a registry count."""
    en = lang == "en"
    if definition.problem_vi:  # set aside by the catalog (services._set_aside): what is wrong instead
        return definition.problem(lang)
    if definition.kind == Kind.RATE:
        num, den = catalog.get(definition.numerator or ""), catalog.get(definition.denominator or "")
        top = f"{_name(num, lang)} ({definition.numerator})"
        bottom = f"{_name(den, lang)} ({definition.denominator})"
        if en:
            return f"{top} ÷ {bottom} × {definition.scale}"
        return f"Tử số: {top} ÷ Mẫu số: {bottom} × {definition.scale}"
    if definition.parts:
        parts = " + ".join(f"{_name(catalog.get(p), lang)} ({p})" for p in definition.parts)
        return f"= {parts}"
    if definition.counts_units:
        word = LEVEL_WORDS[lang][definition.counts_units]
        if en:
            return f"counted from the units registry: {word} units existing on the period's last day"
        return f"Đếm từ danh mục đơn vị hành chính: số {word} có hiệu lực vào ngày cuối kỳ (không nhập tay)"
    return ""


def _levels(definition: Definition, lang: str) -> str:
    words = LEVEL_WORDS[lang]
    levels = definition.filled_by
    return ", ".join(words[level] for level in levels)


def _unit(definition: Definition, lang: str) -> str:
    if definition.kind == Kind.AMOUNT:
        return display_unit(definition, lang)
    return definition.unit_en if lang == "en" else definition.unit_vi


# Remarks the catalog's builders wrote beside a citation for each other (how far a text was read,
# which summary it was read from): true, but not the document and item an official cites.
_BUILDERS_REMARK = re.compile(
    r"\s*\((?:[^()]*?(?:tài liệu mô tả|bản tóm tắt|chỉ đọc|đọc qua|chưa đọc|chưa công bố|"
    r"issue \d|BRIEF|\.md\b|corpus)[^()]*)\)",
    re.IGNORECASE,
)
_FOR_BUILDERS = re.compile(r"issue \d|BRIEF|\.md\b|corpus|kho báo cáo", re.IGNORECASE)
_FIELD = re.compile(r"Lĩnh vực có văn bản quy định \((?P<docs>.+?)\) nhưng")


def official_basis(definition: Definition, lang: str = "vi") -> str:
    """The «Căn cứ» an official reads: each document and its item as recorded, without the
    builders' own remarks; with no text cited, one plain sentence of what the figure rests on."""
    en = lang == "en"
    if definition.basis:
        return "; ".join(_BUILDERS_REMARK.sub("", c.text()).strip() for c in definition.basis)
    note = definition.basis_none
    field = _FIELD.search(note)
    if field:
        docs = field.group("docs")
        if en:
            return (
                f"Governed in general by {docs}; the article or item defining this indicator is not cited yet"
            )
        return f"Lĩnh vực do {docs} quy định; chưa trích dẫn điều, khoản định nghĩa riêng chỉ tiêu này"
    if note.startswith("Số liệu tự thống kê"):
        if en:
            return "No legal text defines this indicator yet: the unit's own count"
        return "Chưa có văn bản quy định riêng chỉ tiêu này: số liệu do đơn vị tự thống kê"
    if note:
        if en:
            return "No legal text cited yet"
        if _FOR_BUILDERS.search(note):
            return "Chưa trích dẫn văn bản quy định"
        return f"Chưa trích dẫn văn bản quy định ({_BUILDERS_REMARK.sub('', note).strip()})"
    return "not stated" if en else "chưa ghi"


# a Vietnamese legal document's title, cited by its kind and number («Nghị định 42/2022/NĐ-CP»,
# «Quyết định 766/QĐ-TTg»): kept in Vietnamese on an English page, marked as such
_DOCUMENT_TITLE = re.compile(
    r"(?:Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Công văn|Kế hoạch|Luật)\s+(?:số\s+)?"
    r"[\w.]+/(?:\d{4}/)?[\w\-Đđ]+"
)


def language_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """``text`` as runs of (words, language): on an English page the Vietnamese document titles a
    sentence cites are their own runs in «vi», so the page can mark them (``lang="vi"``)."""
    if lang != "en":
        return [(text, lang)] if text else []
    runs: list[tuple[str, str]] = []
    at = 0
    for m in _DOCUMENT_TITLE.finditer(text):
        if m.start() > at:
            runs.append((text[at : m.start()], "en"))
        runs.append((m.group(0), "vi"))
        at = m.end()
    if at < len(text):
        runs.append((text[at:], "en"))
    return runs


def internal_note(definition: Definition) -> str:
    """Where the catalog's builders found the indicator and why no text is cited — for a
    province building its own forms, in the export only, under a header that says what it is."""
    return " · ".join(part for part in (definition.source, definition.basis_none) if part)


def row_values(definition: Definition, catalog: Catalog, lang: str = "vi") -> dict[str, str]:
    en = lang == "en"
    kind = KIND_EN.get(definition.kind, definition.kind) if en else Kind(definition.kind).label
    scope = SCOPE_EN.get(definition.scope, definition.scope) if en else Scope(definition.scope).label
    if en:
        aggregation = "; ".join(
            AGGREGATION_EN.get(rule, rule)
            for rule in (definition.aggregate_units, definition.aggregate_periods)
        )
    else:
        aggregation = (
            f"{UnitAggregation(definition.aggregate_units).label}; "
            f"{PeriodAggregation(definition.aggregate_periods).label}"
        )
    return {
        "code": definition.code,
        "pillar": definition.pillar_name_en if en else definition.pillar_name_vi,
        "name": _name(definition, lang),
        "name_other": definition.name_vi if en else definition.name_en,
        "unit": _unit(definition, lang),
        "kind": kind,
        "scope": scope,
        "aggregation": aggregation,
        "formula": formula(definition, catalog, lang),
        "levels": _levels(definition, lang),
        "basis": official_basis(definition, lang),
        "source": internal_note(definition),
        "aliases": "; ".join(aliases_of(definition)),
    }


def search_key(definition: Definition) -> str:
    """What a search is matched against: names in both languages, code and aliases, without accents."""
    return fold_words(
        " ".join([definition.code, definition.name_vi, definition.name_en, *aliases_of(definition)])
    )


def matches(definition: Definition, query: str) -> bool:
    """Every word of the query (accents and case ignored) is a word of the name, the code or an
    alias — whole words, so «thon» (thôn) does not find «thông tin»."""
    words = set(search_key(definition).split())
    return all(word in words for word in fold_words(query).split())


def catalog_rows(catalog: Catalog, query: str = "", lang: str = "vi") -> list[CatalogRow]:
    """The rows of ``catalog`` matching ``query`` (all when empty), in pillar and catalog order."""
    rows = []
    for definition in catalog.definitions():
        if query.strip() and not matches(definition, query):
            continue
        rows.append(
            CatalogRow(
                definition,
                row_values(definition, catalog, lang),
                definition.pillar_name_en if lang == "en" else definition.pillar_name_vi,
            )
        )
    return rows


def as_json(catalog: Catalog, rows: list[CatalogRow]) -> dict[str, Any]:
    """The catalog for provinces that build their own forms: every field, codes not words."""
    return {
        "version": catalog.version,
        "title": catalog.title,
        "effective_from": catalog.effective_from.isoformat(),
        "indicators": [
            {
                "code": d.code,
                "name_vi": d.name_vi,
                "name_en": d.name_en,
                "pillar": d.pillar,
                "pillar_name_vi": d.pillar_name_vi,
                "kind": d.kind,
                "unit_vi": d.unit_vi,
                "unit_en": d.unit_en,
                "display_unit": d.display_unit,
                "scope": d.scope,
                "aggregate_units": d.aggregate_units,
                "aggregate_periods": d.aggregate_periods,
                "numerator": d.numerator,
                "denominator": d.denominator,
                "scale": d.scale if d.kind == Kind.RATE else None,
                "parts": list(d.parts),
                "counts_units": d.counts_units or None,
                "levels": list(d.filled_by),
                "formula_vi": formula(d, catalog, "vi"),
                "formula_en": formula(d, catalog, "en"),
                "basis": [c.as_dict() for c in d.basis],
                "basis_none": d.basis_none,
                "source": d.source,
                "aliases": list(aliases_of(d)),
                "description": d.description,
            }
            for row in rows
            for d in [row.definition]
        ],
    }
