"""The catalog as plain, immutable Python objects, cached in memory.

Every value, roll-up, check and report asks "what does this code mean?" many times per request;
a frozen ``Definition`` per code, built once per catalog version, answers without a query.
The cache is dropped whenever a version is loaded or deleted (``invalidate_cache``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace

from cds.lib.text import fold_words
from cds.units.models import REORGANISATION_DATE

from .models import CatalogVersion, IndicatorDefinition, Kind
from .spec_types import LEVELS, Citation, IndicatorSpec

log = logging.getLogger(__name__)


class CatalogNotLoaded(LookupError):
    """No catalog version is in the database (run ``migrate`` or ``cds catalog load``)."""


@dataclass(frozen=True, kw_only=True)
class Definition(IndicatorSpec):
    """An indicator as a stored catalog version defines it: its file's fields (``IndicatorSpec``,
    declared once there) with the version and its pillar's names."""

    pillar_name_vi: str
    pillar_name_en: str
    version: str
    # What is wrong with a stored definition the catalog cannot use as it stands (Vietnamese,
    # English); "" when it is sound. Set by ``Catalog`` only (see ``_unusable``).
    problem_vi: str = ""
    problem_en: str = ""

    def problem(self, lang: str = "vi") -> str:
        return self.problem_en if lang == "en" else self.problem_vi

    @property
    def filled_by(self) -> tuple[str, ...]:
        """The levels whose units fill it, every level spelled out (as the page, export and API show)."""
        return self.levels or LEVELS

    def fills(self, level: str) -> bool:
        """Whether units of ``level`` fill this indicator (it is in their data set)."""
        return not self.levels or level in self.levels

    def basis_text(self, lang: str = "vi") -> str:
        """«Căn cứ: …» as users read it under an indicator (``lang``: vi or en)."""
        label = "Căn cứ" if lang == "vi" else "Legal basis"
        if self.basis:
            return f"{label}: " + "; ".join(c.text() for c in self.basis)
        if self.basis_none:
            none = "chưa trích dẫn văn bản nào" if lang == "vi" else "no legal text cited"
            return f"{label}: {none} ({self.basis_none})"
        return f"{label}: " + ("chưa ghi" if lang == "vi" else "not stated")

    @property
    def unit(self) -> str:
        return self.unit_vi

    @property
    def is_rate(self) -> bool:
        return self.kind == Kind.RATE

    @property
    def rate_codes(self) -> tuple[str, str]:
        """A rate's numerator and denominator codes (the catalog loader refuses a rate without both)."""
        if self.numerator is None or self.denominator is None:
            raise ValueError(f"{self.code} is not a rate with a numerator and a denominator")
        return self.numerator, self.denominator

    @property
    def is_typed(self) -> bool:
        """Whether people type its value (a rate is computed; a count of units comes from the registry)."""
        return self.kind != Kind.RATE and not self.counts_units


class Catalog:
    """All definitions of one catalog version, by code, with the reverse links precomputed."""

    def __init__(
        self, version: str, title: str, effective_from: dt.date, definitions: list[Definition]
    ) -> None:
        self.version = version
        self.title = title
        self.effective_from = effective_from
        definitions = _set_aside(version, definitions)
        self._by_code = {d.code: d for d in definitions}
        rates_using: dict[str, list[Definition]] = {}
        totals_using: dict[str, list[Definition]] = {}
        for d in definitions:
            for ref in (d.numerator, d.denominator):
                if ref:
                    rates_using.setdefault(ref, []).append(d)
            for part in d.parts:
                totals_using.setdefault(part, []).append(d)
        self._rates_using = {k: tuple(v) for k, v in rates_using.items()}
        self._totals_using = {k: tuple(v) for k, v in totals_using.items()}
        # Names and aliases, accents and case ignored: the loader keeps each phrasing to one indicator.
        self._by_phrase: dict[str, Definition] = {}
        for d in definitions:
            for phrase in (*d.aliases, d.name_vi):
                self._by_phrase.setdefault(fold_words(phrase), d)

    def __repr__(self) -> str:
        return f"<Catalog {self.version}: {len(self)} indicators>"

    def __getitem__(self, code: str) -> Definition:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Definition | None:
        return self._by_code.get(code)

    def find(self, text: str) -> Definition | None:
        """The indicator a person means by ``text``: its code, its Vietnamese name or one of its aliases."""
        text = text.strip()
        return self._by_code.get(text) or self._by_phrase.get(fold_words(text)) if text else None

    def codes(self) -> list[str]:
        return list(self._by_code)

    def definitions(self) -> list[Definition]:
        return list(self._by_code.values())

    def dataset(self, level: str) -> list[Definition]:
        """The indicators units of ``level`` fill (commune, district, province), in catalog order.
        A village fills none; a district fills the district set only before 1/7/2025 (no current
        district exists after it)."""
        if level not in LEVELS or (level == "district" and self.effective_from >= REORGANISATION_DATE):
            return []
        return [d for d in self._by_code.values() if d.fills(level)]

    def by_pillar(self, pillar: str) -> list[Definition]:
        return [d for d in self._by_code.values() if d.pillar == pillar]

    def rates(self) -> list[Definition]:
        return [d for d in self._by_code.values() if d.kind == Kind.RATE]

    def totals(self) -> list[Definition]:
        """Indicators whose ``parts`` must add up to them."""
        return [d for d in self._by_code.values() if d.parts]

    def rate_parts(self, code: str) -> tuple[str, str] | None:
        """(numerator, denominator) of a rate; None for any other kind. KeyError for an unknown code."""
        d = self._by_code[code]
        return (d.numerator, d.denominator) if d.numerator and d.denominator else None

    def rates_using(self, code: str) -> tuple[Definition, ...]:
        """Rates that have ``code`` as numerator or denominator (to recompute when it changes)."""
        return self._rates_using.get(code, ())

    def totals_using(self, code: str) -> tuple[Definition, ...]:
        """Totals that list ``code`` among their ``parts``."""
        return self._totals_using.get(code, ())

    def problems(self) -> list[Definition]:
        """The definitions set aside as unusable (``Definition.problem_vi``), in catalog order."""
        return [d for d in self._by_code.values() if d.problem_vi]


def _set_aside(version: str, definitions: list[Definition]) -> list[Definition]:
    """``definitions`` with each unusable one made harmless: a rate without both parts (or with a
    part this version does not define) keeps its place but loses its parts, so it is never
    computed — pages show «chưa có số liệu» and the problem, never a figure it cannot back nor a
    500; a total whose parts name an undefined code loses its parts (no sum check on half of them).

    The loader refuses such definitions; this is for a database that holds one anyway (an older
    tree's errata, a hand edit). Each is logged once, when the version's catalog is built.
    """
    codes = {d.code for d in definitions}
    out = []
    for d in definitions:
        problem = _unusable(d, codes)
        if problem is not None:
            vi, en = problem
            log.error("catalog %s: %s is set aside: %s", version, d.code, en)
            fields = {"numerator": None, "denominator": None} if d.kind == Kind.RATE else {"parts": ()}
            d = replace(d, problem_vi=vi, problem_en=en, **fields)
        out.append(d)
    return out


def _unusable(d: Definition, codes: set[str]) -> tuple[str, str] | None:
    """What makes ``d`` unusable among the ``codes`` of its version (Vietnamese, English), or None."""
    if d.kind == Kind.RATE:
        for key, vi in (("numerator", "tử số"), ("denominator", "mẫu số")):
            ref = getattr(d, key)
            if not ref:
                return (
                    f"tỷ lệ «{d.name_vi}» ({d.code}) không có {vi} trong danh mục {d.version}",
                    f"the rate «{d.name_en}» ({d.code}) has no {key} in catalog {d.version}",
                )
            if ref not in codes:
                return (
                    f"{vi} {ref} của tỷ lệ «{d.name_vi}» ({d.code}) không có trong danh mục {d.version}",
                    f"the {key} {ref} of the rate «{d.name_en}» ({d.code}) is not in catalog {d.version}",
                )
    missing = [p for p in d.parts if p not in codes]
    if missing:
        return (
            f"thành phần {', '.join(missing)} của «{d.name_vi}» ({d.code}) không có trong danh mục {d.version}",
            f"the part(s) {', '.join(missing)} of «{d.name_en}» ({d.code}) are not in catalog {d.version}",
        )
    return None


_lock = threading.Lock()
_versions: list[tuple[dt.date, str]] | None = None
_catalogs: dict[str, Catalog] = {}


def invalidate_cache() -> None:
    global _versions
    with _lock:
        _versions = None
        _catalogs.clear()


def _version_dates() -> list[tuple[dt.date, str]]:
    """(effective_from, code) of every loaded version, oldest first: one query per process until
    ``invalidate_cache``."""
    global _versions
    with _lock:
        if _versions is None:
            _versions = list(
                CatalogVersion.objects.order_by("effective_from").values_list("effective_from", "code")
            )
        return _versions


def version_in_force(on: dt.date | None = None) -> str:
    """Code of the version in force on ``on`` (today if None); before the first one, the first one."""
    if isinstance(on, dt.datetime):
        on = on.date()
    day = on or dt.date.today()
    versions = _version_dates()
    if not versions:
        raise CatalogNotLoaded("Chưa nạp danh mục chỉ tiêu (chạy migrate) / no indicator catalog is loaded")
    in_force = [code for start, code in versions if start <= day]
    return in_force[-1] if in_force else versions[0][1]


def loaded_versions() -> list[str]:
    """The codes of every loaded catalog version, oldest first."""
    return [code for _, code in _version_dates()]


def problems() -> list[Definition]:
    """The definitions set aside in any loaded version (``Catalog.problems``), one per code and problem."""
    seen: dict[tuple[str, str], Definition] = {}
    for code in loaded_versions():
        for d in get_catalog(version=code).problems():
            seen.setdefault((d.code, d.problem_en.replace(f"catalog {code}", "")), d)
    return list(seen.values())


def get_catalog(on: dt.date | None = None, version: str | None = None) -> Catalog:
    """The catalog in force on ``on`` (today if None), or the named ``version``."""
    code = version or version_in_force(on)
    with _lock:
        cached = _catalogs.get(code)
    if cached is not None:
        return cached
    catalog = _build(code)
    with _lock:
        _catalogs[code] = catalog
    return catalog


def _build(code: str) -> Catalog:
    try:
        version = CatalogVersion.objects.get(code=code)
    except CatalogVersion.DoesNotExist:
        raise CatalogNotLoaded(f"Không có phiên bản danh mục {code} / no catalog version {code}") from None
    rows = (
        IndicatorDefinition.objects.filter(version=version)
        .select_related("indicator", "pillar", "numerator", "denominator")
        .order_by("pillar__order", "id")
    )
    definitions = [
        Definition(
            code=row.indicator.code,
            name_vi=row.name_vi,
            name_en=row.name_en,
            pillar=row.pillar.code,
            pillar_name_vi=row.pillar.name_vi,
            pillar_name_en=row.pillar.name_en,
            unit_vi=row.unit_vi,
            unit_en=row.unit_en,
            kind=row.kind,
            numerator=row.numerator.code if row.numerator else None,
            denominator=row.denominator.code if row.denominator else None,
            scale=row.scale,
            aggregate_units=row.aggregate_units,
            aggregate_periods=row.aggregate_periods,
            direction=row.direction,
            decimals=row.decimals,
            parts=tuple(row.parts or ()),
            description=row.description,
            source=row.source,
            version=version.code,
            scope=row.scope,
            display_unit=row.display_unit,
            basis=tuple(Citation(**c) for c in row.basis or ()),
            basis_none=row.basis_none,
            aliases=tuple(row.aliases or ()),
            levels=tuple(row.levels or ()),
            counts_units=row.counts_units,
        )
        for row in rows
    ]
    return Catalog(version.code, version.title, version.effective_from, definitions)


def rate_parts(code: str, on: dt.date | None = None) -> tuple[str, str] | None:
    """(numerator, denominator) codes of the rate ``code``; None if it is not a rate."""
    return get_catalog(on).rate_parts(code)


def rates_using(code: str, on: dt.date | None = None) -> tuple[Definition, ...]:
    """The rates that depend on the count ``code``."""
    return get_catalog(on).rates_using(code)
