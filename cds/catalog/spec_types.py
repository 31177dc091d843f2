"""The plain data a catalog file becomes, the rules it must follow, and error locating.

Kept apart from the reading code so the loader, the checks and the tests share one vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from cds.lib.errors import InputError, Location

from .models import Kind
from .yaml_lines import Mapping

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
PILLAR_RE = re.compile(r"^[a-z][a-z0-9_]*$")
VERSION_RE = re.compile(r"^\d{4}\.\d+$")

TOP_KEYS = ("version", "title", "effective_from", "extends", "description", "pillars", "defaults",
            "indicators", "retire")  # fmt: skip
PILLAR_KEYS = ("code", "name_vi", "name_en")
FIELDS = ("code", "name_vi", "name_en", "pillar", "kind", "unit_vi", "unit_en", "numerator", "denominator",
          "scale", "aggregate_units", "aggregate_periods", "direction", "decimals", "parts", "description",
          "source", "scope", "display_unit", "basis", "aliases", "levels", "counts_units")  # fmt: skip
DEFAULTABLE = ("unit_vi", "unit_en", "scale", "aggregate_units", "aggregate_periods", "direction", "decimals")
REQUIRED = ("name_vi", "name_en", "pillar", "kind", "aggregate_units", "aggregate_periods", "source", "scope")
# Fields that say what an indicator is about without changing what a recorded value is: a loaded
# version may be amended in these by loading its file again (recorded in ``CatalogAmendment``).
AMENDABLE = ("scope", "display_unit", "description", "source", "basis", "basis_none", "aliases", "levels")
MAX_LENGTH = {"alias": 255, "code": 64, "name_vi": 255, "name_en": 255, "unit_vi": 64, "unit_en": 64}

# Which aggregation rules make sense for each kind: (over units, over periods).
ALLOWED_AGGREGATION: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Kind.RATE: (("recompute",), ("recompute",)),
    Kind.COUNT: (("sum", "none"), ("sum", "latest", "max", "none")),
    Kind.AMOUNT: (("sum", "none"), ("sum", "latest", "max", "none")),
    Kind.NUMBER: (("sum", "none"), ("sum", "latest", "max", "none")),
    Kind.BOOLEAN: (("all", "any", "none"), ("latest", "max", "none")),
    Kind.TEXT: (("none",), ("latest", "none")),
    Kind.DATE: (("none",), ("latest", "none")),
}
# The levels a data set is for, top down; ``counts_units`` may also count villages.
LEVELS = ("province", "district", "commune")
COUNTABLE_LEVELS = ("district", "commune", "village")
# Kinds that can be a rate's numerator or denominator, or a total with parts.
NUMERIC_KINDS = (Kind.COUNT, Kind.AMOUNT, Kind.NUMBER)


@dataclass(frozen=True)
class PillarSpec:
    code: str
    name_vi: str
    name_en: str
    order: int


@dataclass(frozen=True)
class Citation:
    """One legal text an indicator rests on: the document, the part of it, where it can be read."""

    doc: str  # "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ"
    part: str = ""  # "Nhóm chỉ số «Số hóa hồ sơ»", "Điều 3 khoản 2", "Phụ lục I, mục 4.3"
    url: str = ""  # a public page with the text; the excerpt is kept in docs/sources/

    def as_dict(self) -> dict[str, str]:
        return {"doc": self.doc, "part": self.part, "url": self.url}

    def text(self) -> str:
        return f"{self.doc}, {self.part}" if self.part else self.doc


CITATION_KEYS = ("doc", "part", "url")
MAX_CITATION = {"doc": 500, "part": 500, "url": 500}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    name_en: str
    pillar: str
    unit_vi: str
    unit_en: str
    kind: str
    numerator: str | None
    denominator: str | None
    scale: int
    aggregate_units: str
    aggregate_periods: str
    direction: str
    decimals: int
    parts: tuple[str, ...]
    description: str
    source: str
    scope: str = "territory"
    display_unit: str = ""  # amounts: the unit officials read it in ("triệu đồng"); "" = đồng
    basis: tuple[Citation, ...] = ()  # the legal texts that define or require it
    basis_none: str = ""  # why no legal text is cited (then ``basis`` is empty); "" = not stated
    aliases: tuple[str, ...] = ()  # other Vietnamese phrasings reports use for it (search, imports)
    levels: tuple[str, ...] = ()  # the levels whose units fill it (data sets); () = every level
    counts_units: str = ""  # a level: the value is the number of such units under the unit (registry)


@dataclass(frozen=True)
class CatalogSpec:
    version: str
    title: str
    effective_from: dt.date
    file_name: str
    sha256: str
    pillars: tuple[PillarSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    extends: str = ""
    base_sha256: str = ""
    retired: tuple[str, ...] = ()
    description: str = ""
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)

    def indicator(self, code: str) -> IndicatorSpec | None:
        return next((i for i in self.indicators if i.code == code), None)


_FROM_ENTRY = object()


class FileContext:
    """The file being read, so every error names file, line, field and (when known) the indicator."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name

    def error(
        self,
        vi: str,
        en: str,
        *,
        line: int | None = None,
        field: str | None = None,
        code: str | None = None,
        value: Any = None,
    ) -> InputError:
        if code:
            vi, en = f"chỉ tiêu «{code}»: {vi}", f"indicator «{code}»: {en}"
        return InputError(vi, en, Location(file=self.file_name, row=line, column=field, value=value))

    def at(
        self, entry: Mapping, key: str, vi: str, en: str, *, code: str | None = None, value: Any = _FROM_ENTRY
    ) -> InputError:
        """An error about ``entry[key]``: its line, the key as field, its value unless given."""
        shown = entry.get(key) if value is _FROM_ENTRY else value
        return self.error(vi, en, line=entry.line_of(key), field=key, code=code, value=shown)


def check_keys(
    ctx: FileContext,
    entry: Mapping,
    allowed: tuple[str, ...],
    where_vi: str,
    where_en: str,
    code: str | None = None,
) -> None:
    """Refuse unknown keys, so a typo (``numerater``) is an error instead of a silently missing field."""
    for key in entry:
        if key not in allowed:
            raise ctx.at(
                entry,
                str(key),
                f"trường «{key}» không được hỗ trợ ở {where_vi}; các trường: {', '.join(allowed)}",
                f"unknown field «{key}» in {where_en}; allowed: {', '.join(allowed)}",
                code=code,
                value=None,
            )
