"""The 766 service index (Quyết định 766/QĐ-TTg) computed from the dossier counts, as far as it can be backed.

The index is data (``data/index-766-2022.2.yaml``; version 1 kept beside it): groups, sub-indicators,
formulas, maximum points, proportional rules, each with its source and how sure we are of it. Points of a
sub-indicator are ``min(max, rate × max / full_at)`` (``full_at`` 100 unless the data says "đạt từ X% trở lên đạt điểm
tối đa"), to two decimals. A sub-indicator, group, total or grade whose maximum, rule or input is not
known is **N/A, never 0**; what *is* known is given as coverage (``covered_points`` of
``covered_max``). A figure computed from a rate that differs from the index's own definition
(``matches: differs``) or from a rule we inferred is marked ``provisional`` with the reason.

``compute_index(unit, period)`` is the one entry point for a unit (reports call it); ``rank_index``
ranks a scope's units with ties and the change on the previous period. Both read the pre-aggregated
counts through ``services.compute_many``; a current (post-1/7/2025) unit counts its predecessors'
dossiers (``unitmatch.covered_units``), so a merged commune's index before the reorganisation is
its predecessors' combined dossiers.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db.models import Q

from cds.catalog.formatting import format_points
from cds.catalog.services import CatalogNotLoaded, get_catalog
from cds.catalog.yaml_lines import read_yaml
from cds.lib.errors import InputError, Location
from cds.lib.periods import Period
from cds.lib.vn_numbers import format_number
from cds.units.models import Level, Unit
from cds.units.services import unit_order
from cds.values.rollup import Rollup

from .kpi import RATES, KpiRow, handled_on_time_rate

DATA_FILE = Path(__file__).parent / "data" / "index-766-2022.2.yaml"
# reported: read in a public text; observed: the national portal's own evaluation gives it (its
# maxima, and a rule reproducing its scores); unverified: only "as publicly described"; inferred: ours
STATUSES = ("reported", "observed", "unverified", "inferred")
COSTS = {
    # which dossiers cost points: (vi, en, count of dossiers that lost them)
    "late": ("hồ sơ quá hạn (đã hoặc đang giải quyết)", "dossiers overdue (resolved or still open)"),
    "offline": ("hồ sơ không nộp trực tuyến", "dossiers not submitted online"),
    "not_digitised": ("hồ sơ chưa số hóa khi tiếp nhận", "dossiers not digitised on receipt"),
    "paid_offline": ("hồ sơ có phí không thanh toán trực tuyến", "fee dossiers not paid online"),
}
_COST_PARTS = {
    "late": "dvc.on_time_rate",
    "offline": "dvc.online_dossier_rate",
    "not_digitised": "dvc.dossier_digitised_rate",
    "paid_offline": "dvc.online_payment_rate",
}
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    formula: str
    rate: str | None  # a kpi.RATES code, or None
    typed: str | None  # a catalog code typed in (not from dossiers), or None
    max: Decimal | None  # None: not found in any source read
    full_at: Decimal | None  # the rate from which the maximum is reached; None: rule not known
    differs: bool  # our rate is not exactly the index's
    note: str
    status: str
    rule_status: str
    sources: tuple[str, ...]
    costs: str | None
    # the rate also counts the dossiers still open at the period's end (2.1: ``kpi.handled_on_time_rate``)
    open_at_end: bool = False
    # a typed input's (vi, en) name in the catalog of the period (``with_catalog_names``); None: the index's own
    input_name: tuple[str, str] | None = None
    # what the indicator says whatever the unit (``_fixed_reasons``), set once here, not per unit
    fixed: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], bool] = field(
        init=False, compare=False, repr=False
    )
    # a typed indicator's result when nobody typed it (most communes): one shared, frozen result
    absent: IndicatorResult | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fixed", _fixed_reasons(self))
        object.__setattr__(self, "absent", _absent(self) if self.typed and not self.rate else None)


@dataclass(frozen=True)
class Group:
    code: str
    name_vi: str
    name_en: str
    max: Decimal
    status: str
    sources: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    # the group's result when none of its typed indicators has a value and it has no dossier part
    # (groups 1 and 5 for a commune nobody typed for): shared by every such unit, not rebuilt
    absent: GroupResult | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "absent", _absent_group(self))


@dataclass(frozen=True)
class IndexSpec:
    code: str
    version: int
    name_vi: str
    name_en: str
    scale: Decimal
    sources: dict[str, dict[str, str]]
    grades: tuple[tuple[Decimal, str, str], ...] | None  # (from points, vi, en), highest first
    groups: tuple[Group, ...]


def _fail(path: Path, where: str, vi: str, en: str, value: Any = None) -> InputError:
    return InputError(vi, en, Location(file=path.name, column=where, value=value))


def _number(path: Path, where: str, raw: Any) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _fail(path, where, "phải là một số", "must be a number", raw)
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        raise _fail(path, where, "phải là một số", "must be a number", raw) from None
    if value <= 0:
        raise _fail(path, where, "phải lớn hơn 0", "must be greater than 0", raw)
    return value


def _status(path: Path, where: str, raw: Any, default: str) -> str:
    status = raw or default
    if status not in STATUSES:
        raise _fail(
            path, where, f"phải là một trong {', '.join(STATUSES)}", f"must be one of {STATUSES}", raw
        )
    return status


def parse_spec(data: Any, path: Path) -> IndexSpec:
    """Check a parsed index file; every mistake is an ``InputError`` naming the key."""
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise _fail(path, "groups", "thiếu danh sách nhóm chỉ số", "the list of groups is missing")
    sources = data.get("sources") or {}
    groups = []
    for g_at, g in enumerate(data["groups"]):
        gw = f"groups[{g_at}]"
        indicators = []
        for i_at, raw in enumerate(g.get("indicators") or []):
            iw = f"{gw}.indicators[{i_at}]"
            given = raw.get("input") or {}
            rate, typed = given.get("rate"), given.get("typed")
            if given.get("open_at_end") and rate != "dvc.on_time_rate":
                raise _fail(path, f"{iw}.input.open_at_end", "chỉ áp dụng cho tỷ lệ đúng hạn (dvc.on_time_rate)",
                            "only for the on-time rate (dvc.on_time_rate)", rate)  # fmt: skip
            if rate is not None and rate not in RATES:
                raise _fail(
                    path, f"{iw}.input.rate", "không phải tỷ lệ tính từ hồ sơ", "not a dossier rate", rate
                )
            for src in raw.get("source") or []:
                if src not in sources:
                    raise _fail(path, f"{iw}.source", "nguồn không có trong «sources»", "unknown source", src)
            rule = raw.get("rule") or {}
            full_at = _number(path, f"{iw}.rule.full_at", rule.get("full_at"))
            if full_at is not None and full_at > 100:
                raise _fail(
                    path, f"{iw}.rule.full_at", "ngưỡng không quá 100%", "at most 100%", rule["full_at"]
                )
            indicators.append(
                Indicator(
                    code=str(raw["code"]),
                    name_vi=raw.get("name_vi", ""),
                    name_en=raw.get("name_en", ""),
                    formula=raw.get("formula", ""),
                    rate=rate,
                    typed=typed,
                    max=_number(path, f"{iw}.max", raw.get("max")),
                    full_at=full_at,
                    differs=raw.get("matches") == "differs",
                    note=raw.get("note", ""),
                    status=_status(path, f"{iw}.status", raw.get("status"), "unverified"),
                    rule_status=_status(path, f"{iw}.rule_status", raw.get("rule_status"), "reported"),
                    sources=tuple(raw.get("source") or ()),
                    costs=raw.get("costs"),
                    open_at_end=bool(given.get("open_at_end")),
                )
            )
        gmax = _number(path, f"{gw}.max", g.get("max"))
        if gmax is None:
            raise _fail(path, f"{gw}.max", "nhóm phải có điểm tối đa", "a group needs its maximum")
        known = sum((i.max for i in indicators if i.max is not None), Decimal(0))
        if known > gmax:
            raise _fail(path, f"{gw}.max", "tổng điểm chỉ số con vượt điểm tối đa của nhóm",
                        "the sub-indicators' maxima exceed the group's", str(known))  # fmt: skip
        groups.append(
            Group(
                code=str(g["code"]),
                name_vi=g.get("name_vi", ""),
                name_en=g.get("name_en", ""),
                max=gmax,
                status=_status(path, f"{gw}.status", g.get("status"), "unverified"),
                sources=tuple(g.get("source") or ()),
                indicators=tuple(indicators),
            )
        )
    scale = _number(path, "scale", data.get("scale", 100)) or Decimal(100)
    if sum((g.max for g in groups), Decimal(0)) > scale:
        raise _fail(path, "groups", "tổng điểm các nhóm vượt thang điểm", "the groups exceed the scale")
    grades = None
    if data.get("grades"):
        grades = tuple(
            sorted(
                (
                    (_number(path, "grades", b["from"]) or Decimal(0), b["vi"], b["en"])
                    for b in data["grades"]
                ),
                reverse=True,
            )
        )
    return IndexSpec(
        code=str(data.get("code", "")),
        version=int(data.get("version", 1)),
        name_vi=data.get("name_vi", ""),
        name_en=data.get("name_en", ""),
        scale=scale,
        sources=sources,
        grades=grades,
        groups=tuple(groups),
    )


@functools.cache
def load_spec(path: Path = DATA_FILE) -> IndexSpec:
    data, _ = read_yaml(path)
    return parse_spec(data, path)


def points(rate: Decimal, maximum: Decimal, full_at: Decimal) -> Decimal:
    """``rate × maximum / full_at``, capped at ``maximum``, two decimals (half up)."""
    if rate >= full_at:
        return maximum
    return (rate * maximum / full_at).quantize(_CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Typed:
    """A typed catalog value as the values API rolls it up for one unit: the rate (%) and how much of
    the unit it stands for — ``reported`` of ``expected`` reporting units have it, ``approved`` of
    them approved (``cds.values.rollup.Coverage``)."""

    value: Decimal | None
    reported: int = 1
    approved: int = 0
    expected: int = 1


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    name_vi: str
    name_en: str
    value: Decimal | None  # the rate (%), None when unknown
    points: Decimal | None
    max: Decimal | None
    provisional: bool
    reasons_vi: tuple[str, ...] = ()  # why N/A or provisional (shared tuples: no list per unit)
    reasons_en: tuple[str, ...] = ()
    coverage: Typed | None = None  # a typed indicator's coverage (None: computed from dossiers)


TypedValues = dict[str, "Typed | Decimal | None"]


@dataclass(frozen=True)
class GroupResult:
    code: str
    name_vi: str
    name_en: str
    max: Decimal
    points: Decimal | None  # None: some sub-indicator is N/A
    covered_points: Decimal  # the points of the sub-indicators that are known
    covered_max: Decimal  # … out of their maxima
    provisional: bool
    indicators: list[IndicatorResult]
    costs: dict[str, int]  # COSTS key → dossiers that lost points

    @property
    def gap(self) -> Decimal | None:
        return None if self.points is None else self.max - self.points


@dataclass
class IndexResult:
    unit_id: int
    period: str
    groups: list[GroupResult]
    total: Decimal | None
    covered_points: Decimal
    covered_max: Decimal
    grade: tuple[str, str] | None
    provisional: bool
    dossiers: int  # dossiers received in the period (0: nothing to score)

    def group(self, code: str) -> GroupResult:
        return next(g for g in self.groups if g.code == code)


_NAMED: dict[tuple[int, str], tuple[IndexSpec, IndexSpec]] = {}


def with_catalog_names(spec: IndexSpec, period: Period) -> IndexSpec:
    """``spec`` with each typed input named as the catalog in force on the period's first day names it
    (the catalog the typed values are read from, ``_typed_values_for``): a missing value is named as
    the entry form names it, never by its code. One copy per (spec, catalog version); the spec
    itself when no catalog is loaded."""
    try:
        catalog = get_catalog(period.start)
    except CatalogNotLoaded:
        return spec
    key = (id(spec), catalog.version)
    cached = _NAMED.get(key)
    if cached is None or cached[0] is not spec:
        groups = []
        for g in spec.groups:
            inds = []
            for i in g.indicators:
                found = catalog.get(i.typed) if i.typed else None
                inds.append(dataclasses.replace(i, input_name=(found.name_vi, found.name_en)) if found else i)
            groups.append(dataclasses.replace(g, indicators=tuple(inds)))
        cached = _NAMED[key] = (spec, dataclasses.replace(spec, groups=tuple(groups)))
    return cached[1]


def _fixed_reasons(
    ind: Indicator,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]:
    """What an indicator says whatever the unit: its reasons (vi, en) when its input is missing, those
    when it is known (maximum not verified, rate differs, rule inferred), and whether the latter
    make a computed figure provisional. Built once per indicator (``Indicator.fixed``), not once per
    unit: ``index_many`` evaluates 22 indicators for each of 3.321 communes."""
    if ind.rate:
        missing = (
            "tỷ lệ chưa tính được (không có hồ sơ hoặc thiếu cột)",
            "the rate is unknown (no dossiers or a missing column)",
        )
    elif ind.typed:
        why = f" — {ind.note}" if ind.note and not ind.differs else ""
        name_vi, name_en = ind.input_name or (ind.name_vi, ind.name_en)
        missing = (
            f"chưa có số liệu nhập cho chỉ tiêu «{name_vi}»{why}",
            f"no value entered for the indicator «{name_en}»",
        )
    else:
        missing = (
            f"không tính được từ hồ sơ: {ind.note}" if ind.note else "không tính được từ hồ sơ",
            "cannot be computed from dossier records",
        )
    vi: list[str] = []
    en: list[str] = []
    if ind.max is None:
        vi.append("chưa xác minh được điểm tối đa (phụ lục Quyết định 766 chưa đọc được)")
        en.append("maximum points not verified (the decision's appendix was not read)")
    provisional = False
    if ind.differs and ind.note:
        provisional = True
        vi.append(f"tạm tính: {ind.note}")
        en.append("provisional: our rate differs from the index's definition")
    if ind.rule_status == "inferred":
        provisional = True
        vi.append("tạm tính: cách cho điểm chưa đọc được, áp dụng điểm = tỷ lệ × điểm tối đa")
        en.append("provisional: scoring rule not read; points = rate × maximum")
    return (missing[0], *vi), (missing[1], *en), tuple(vi), tuple(en), provisional


_NOTHING_TYPED = Typed(None, reported=0, approved=0, expected=1)
_NO_COMMUNE_VALUE = _NOTHING_TYPED  # a commune is one reporting unit (``Coverage.expected`` 1)


def _as_typed(given: Typed | Decimal | None) -> Typed:
    if isinstance(given, Typed):
        return given
    return _NOTHING_TYPED if given is None else Typed(given)


def _absent(ind: Indicator) -> IndicatorResult:
    missing_vi, missing_en = ind.fixed[:2]
    return IndicatorResult(ind.code, ind.name_vi, ind.name_en, None, None, ind.max, False,
                           missing_vi, missing_en, _NOTHING_TYPED)  # fmt: skip


def _absent_group(group: Group) -> GroupResult | None:
    if not group.indicators or any(not i.typed or i.rate or i.costs for i in group.indicators):
        return None
    inds = [i.absent for i in group.indicators if i.absent is not None]  # all of them: typed, no rate
    return GroupResult(group.code, group.name_vi, group.name_en, group.max, None, Decimal(0), Decimal(0),
                       False, inds, {})  # fmt: skip


def _is_absent(given: Typed | Decimal | None) -> bool:
    return given is None or given is _NOTHING_TYPED


def _typed_in(typed: TypedValues, ind: Indicator) -> Typed | Decimal | None:
    """What was typed for ``ind`` (None: nothing, or the indicator is not a typed one)."""
    return typed.get(ind.typed) if ind.typed else None


def _indicator(ind: Indicator, row: KpiRow | None, typed: TypedValues) -> IndicatorResult:
    if ind.absent is not None:
        if _is_absent(_typed_in(typed, ind)):
            return ind.absent
    missing_vi, missing_en, vi, en, provisional = ind.fixed
    value: Decimal | None = None
    coverage = None
    if ind.rate and ind.open_at_end:
        value = handled_on_time_rate(row) if row is not None else None
    elif ind.rate:
        value = row.rate(ind.rate) if row is not None else None
    elif ind.typed:
        coverage = _as_typed(_typed_in(typed, ind))
        value = coverage.value
    pts = None
    if value is not None and ind.max is not None and ind.full_at is not None:
        pts = points(value, ind.max, ind.full_at)
    reasons_vi = vi if value is not None else missing_vi
    reasons_en = en if value is not None else missing_en
    return IndicatorResult(
        ind.code,
        ind.name_vi,
        ind.name_en,
        value,
        pts,
        ind.max,
        provisional and pts is not None,
        reasons_vi,
        reasons_en,
        coverage,
    )


def _costs(group: Group, row: KpiRow | None) -> dict[str, int]:
    out: dict[str, int] = {}
    if row is None:
        return out
    for ind in group.indicators:
        if ind.costs in _COST_PARTS:
            rate_code = _COST_PARTS[ind.costs]
            if row.is_unknown(rate_code):
                continue
            num, den = row.parts(rate_code)
            out[ind.costs] = max(den - num, 0)
            if ind.open_at_end and row.open is not None:  # and those still open past their deadline
                out[ind.costs] += row.open.overdue
    return out


def _total(known: Iterable[Decimal | None]) -> Decimal:
    """The sum of figures known to be there (a known sub-indicator has its points and maximum)."""
    return sum((v for v in known if v is not None), Decimal(0))


def evaluate(spec: IndexSpec, unit_id: int, period: str, row: KpiRow | None,
             typed: TypedValues | None = None) -> IndexResult:  # fmt: skip
    """The index of one (unit, period) from its counts row and typed values (a catalog code → its
    ``Typed`` roll-up, or a bare rate)."""
    typed = typed or {}
    groups = []
    for g in spec.groups:
        if g.absent is not None and all(_is_absent(_typed_in(typed, i)) for i in g.indicators):
            groups.append(g.absent)
            continue
        inds = [_indicator(i, row, typed) for i in g.indicators]
        known = [r for r in inds if r.points is not None]
        covered_points = _total(r.points for r in known)
        covered_max = _total(r.max for r in known)
        complete = bool(inds) and len(known) == len(inds) and covered_max == g.max
        groups.append(
            GroupResult(
                g.code,
                g.name_vi,
                g.name_en,
                g.max,
                covered_points if complete else None,
                covered_points,
                covered_max,
                any(r.provisional for r in known),
                inds,
                _costs(g, row),
            )
        )
    every = all(g.points is not None for g in groups)
    total = _total(g.points for g in groups) if every else None
    grade = None
    if total is not None and spec.grades:
        grade = next(((vi, en) for start, vi, en in spec.grades if total >= start), None)
    return IndexResult(
        unit_id=unit_id,
        period=period,
        groups=groups,
        total=total,
        covered_points=sum((g.covered_points for g in groups), Decimal(0)),
        covered_max=sum((g.covered_max for g in groups), Decimal(0)),
        grade=grade,
        provisional=any(g.provisional for g in groups),
        dossiers=row.counts.get("dvc.dossiers_total", 0) if row is not None else 0,
    )


def _typed_values(
    spec: IndexSpec, units: list[Unit], period: Period, root: Unit | None = None
) -> dict[int, TypedValues]:
    """Each unit's typed indicators through the one values API (``cds.values.rollup.Rollup``): the
    unit's own figure or its subtree's, per each indicator's scope, rates rebuilt from their parts,
    with coverage. One load for ``root``'s subtree (None: the whole country of the units' era)."""
    return _typed_values_for(spec, units, [period], root)[period.code]


def _typed_values_for(
    spec: IndexSpec, units: list[Unit], periods: list[Period], root: Unit | None = None
) -> dict[str, dict[int, TypedValues]]:
    """``_typed_values`` of several periods (``rank_index``: the month and the one before) from one
    load of the subtree (``Rollup.for_periods``), not one per period."""

    out: dict[str, dict[int, TypedValues]] = {p.code: {u.pk: {} for u in units} for p in periods}
    wanted: list[tuple[list[str], Period]] = []
    for period in periods:
        try:
            catalog = get_catalog(period.start)
        except CatalogNotLoaded:  # no catalog, no typed values: every typed indicator is N/A
            continue
        codes = sorted({i.typed for g in spec.groups for i in g.indicators if i.typed and i.typed in catalog})
        if codes and units:
            wanted.append((codes, period))
    if not wanted:
        return out
    for era in sorted({u.era for u in units}):
        engines = Rollup.for_periods(wanted, root if root is not None and root.era == era else None, era)
        # A commune with no value of these codes in its subtree has N/A for each, with coverage 0 of
        # 1 (a commune is one reporting unit): answered here, not by asking the engine 12 times for
        # each of 3.321 communes (``index_many``) when almost none has typed anything. The engines
        # share one load (``cells``), so the holders are those of every period asked.
        holders = {node for cells in engines[0].cells.values() for node, _ in cells}
        touched = {
            int(part)
            for path in Unit.objects.filter(pk__in=holders).values_list("path", flat=True)
            for part in path.strip("/").split("/")
        }
        for (codes, period), engine in zip(wanted, engines, strict=True):
            mine = out[period.code]
            for u in units:
                if u.era != era:
                    continue
                if u.level == Level.COMMUNE and u.pk not in touched:
                    mine[u.pk] = dict.fromkeys(codes, _NO_COMMUNE_VALUE)
                    continue
                for code in codes:
                    agg = engine.value(code, u.pk)
                    cov = agg.coverage
                    mine[u.pk][code] = Typed(agg.value, cov.reported, cov.approved, cov.expected)
    return out


def compute_index(
    unit: Unit, period: Period, store: Any = None, engine: str = "counts", spec: IndexSpec | None = None
) -> IndexResult:
    """The 766 index of ``unit``'s subtree over any period (month, quarter, half, year, NĐ 09 window)."""
    from . import services

    spec = with_catalog_names(spec or load_spec(), period)
    rows = services.compute_many(unit, [period], store=store, engine=engine, open_stock=True)[period.code]
    typed = _typed_values(spec, [unit], period, root=unit)[unit.pk]
    return evaluate(spec, unit.pk, period.code, rows[0] if rows else None, typed)


@dataclass
class RankRow:
    unit: Unit
    result: IndexResult
    score: Decimal | None  # what the rank is on: the total, or the covered points (see ``basis``)
    rank: int | None
    of: int
    previous_score: Decimal | None
    previous_rank: int | None

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (positive: moved up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


@dataclass
class Ranking:
    rows: list[RankRow]
    basis: str  # "total", or "covered": the points computable for every unit (``covered_max`` of them)
    covered_max: Decimal | None


def _covered_set(result: IndexResult) -> frozenset[str]:
    return frozenset(i.code for g in result.groups for i in g.indicators if i.points is not None)


def _scores(results: list[IndexResult]) -> tuple[str, Decimal | None, frozenset[str], list[Decimal | None]]:
    """Rank on the total if every unit with a computable part has one; else on the covered points of the
    largest set of sub-indicators computable for a unit, ranking only the units that have that same
    set (a unit with less computable is unranked, not scored low)."""
    scored = [r for r in results if r.covered_max > 0]  # units with something computable
    if scored and all(r.total is not None for r in scored):
        return "total", None, frozenset(), [r.total for r in results]
    sets: dict[frozenset[str], tuple[Decimal, int]] = {}
    for r in scored:
        _, n = sets.get(_covered_set(r), (r.covered_max, 0))
        sets[_covered_set(r)] = (r.covered_max, n + 1)
    if not sets:
        return "none", None, frozenset(), [None for _ in results]
    key = max(sets, key=lambda k: sets[k])
    return "covered", sets[key][0], key, [_on(r, key) for r in results]


def _on(result: IndexResult, key: frozenset[str]) -> Decimal | None:
    return result.covered_points if key and _covered_set(result) == key else None


def competition_ranks(scores: list[Decimal | None]) -> list[int | None]:
    """1, 1, 3: equal scores share a rank, the next rank skips; unknown scores are unranked."""
    known = sorted((s for s in scores if s is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for place, s in enumerate(known, start=1):
        first.setdefault(s, place)
    return [first[s] if s is not None else None for s in scores]


def rank_index(
    unit: Unit, period: Period, store: Any = None, engine: str = "counts", spec: IndexSpec | None = None
) -> Ranking:
    """Rank ``unit``'s direct children (a province's communes since 1/7/2025) on the index."""

    from . import services

    spec = spec or load_spec()
    before = period.previous()
    children = sorted(Unit.objects.filter(parent=unit, era=unit.era), key=unit_order)
    ids = [c.pk for c in children]
    many = services.compute_many(
        unit, [period, before], by="unit", store=store, engine=engine, open_stock=True
    )
    results = {}
    typed_by_period = _typed_values_for(spec, children, [period, before], root=unit)
    for p in (period, before):
        typed = typed_by_period[p.code]
        by_unit = {r.key["unit_id"]: r for r in many.get(p.code) or []}
        named = with_catalog_names(spec, p)
        results[p.code] = [evaluate(named, uid, p.code, by_unit.get(uid), typed[uid]) for uid in ids]
    basis, covered_max, key, now = _scores(results[period.code])
    _, _, _, prev = _scores(results[before.code])
    if basis == "covered":  # compare like with like: the previous period on the same covered points
        prev = [_on(r, key) for r in results[before.code]]
    ranks, prev_ranks = competition_ranks(now), competition_ranks(prev)
    of = sum(1 for s in now if s is not None)
    rows = [
        RankRow(child, res, s, r, of, ps, pr)
        for child, res, s, r, ps, pr in zip(
            children, results[period.code], now, ranks, prev, prev_ranks, strict=True
        )
    ]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0))
    return Ranking(rows, basis, covered_max)


def index_many(
    units: list[Unit],
    period: Period,
    store: Any = None,
    engine: str = "counts",
    spec: IndexSpec | None = None,
) -> dict[int, IndexResult]:
    """The index of many units (e.g. every commune of the country) from one stage-1 pass over the
    counts and one roll-up — not one counts question per unit. Each unit is counted over its own
    subtree, predecessors' dossiers included (``covered_units_many`` of the distinct roots)."""
    from . import services
    from .kpi import is_calendar, month_buckets, rollup_counts
    from .store import DossierStore
    from .unitmatch import covered_units_many

    spec = spec or load_spec()
    store = store or DossierStore()
    by_unit: dict[int, KpiRow] = {}
    stage, source = services.stage_one(engine, store, [period])
    con = services._connection()
    calendar = is_calendar(period)
    for era in sorted({u.era for u in units}):  # a legacy dossier counts under one unit of each era
        mine = {u.pk for u in units if u.era == era}
        roots = {int(u.path.strip("/").split("/")[0]) for u in units if u.era == era}
        root_units = list(Unit.objects.filter(pk__in=roots))
        unit_map = covered_units_many(root_units)
        under_roots = Q()
        for root in root_units:
            under_roots |= Q(path__startswith=root.path)
        groups: dict[int, list[int]] = {}
        # the units counted under (unit_map's values) are the roots' subtrees in this era
        for uid, path in Unit.objects.filter(under_roots, era=era).values_list("id", "path"):
            for ancestor in (int(p) for p in path.strip("/").split("/")):
                if ancestor in mine:
                    groups.setdefault(ancestor, []).append(uid)
        stage(con, source, unit_map, period.start, period.end, labels=False,
              **({} if calendar else {"bucket": "none"}))  # fmt: skip
        rows = rollup_counts(con, groups, {period.code: month_buckets(period) if calendar else [0]})
        listed = {period.code: list(rows.values())}
        services.attach_open(listed, groups, unit_map, [period], store, engine)  # may add open-only units
        by_unit.update({r.key["unit_id"]: r for r in listed[period.code]})
    typed = _typed_values(spec, units, period)
    named = with_catalog_names(spec, period)
    return {u.pk: evaluate(named, u.pk, period.code, by_unit.get(u.pk), typed[u.pk]) for u in units}


def _points(value: Any) -> Any:
    return float(value) if value is not None else None


def _coverage(typed: Typed) -> dict[str, Any]:
    """A typed indicator's coverage: «1/1 đơn vị có số liệu, 0 đã duyệt» — N/A when no unit has it."""
    return {
        "reported": typed.reported, "approved": typed.approved, "expected": typed.expected,
        "text": f"{format_number(typed.reported)}/{format_number(typed.expected)} đơn vị có số liệu, "
                f"{format_number(typed.approved)} đã duyệt",
        "text_en": f"{typed.reported}/{typed.expected} units with data, {typed.approved} approved",
    }  # fmt: skip


def as_record(result: IndexResult) -> dict[str, Any]:
    """One unit's index as the CLI (and API) give it: ``groups[].code|points|max``, ``total``, ``grade``."""
    groups = []
    for g in result.groups:
        notes = sorted(
            {n for i in g.indicators for n in i.reasons_vi if i.points is not None or g.points is None}
        )
        groups.append({
            "code": g.code, "name": g.name_vi, "name_en": g.name_en,
            "points": _points(g.points), "max": _points(g.max),
            "points_text": format_points(g.points, unknown="N/A"),
            "gap": _points(g.gap), "covered_points": _points(g.covered_points),
            "covered_max": _points(g.covered_max), "provisional": g.provisional,
            "costs": [{"kind": k, "dossiers": n, "text": f"{format_number(n)} {COSTS[k][0]}",
                       "text_en": f"{format_number(n)} {COSTS[k][1]}"}
                      for k, n in g.costs.items() if n],
            "indicators": [
                {"code": i.code, "name": i.name_vi, "name_en": i.name_en, "value": _points(i.value),
                 "points": _points(i.points), "max": _points(i.max), "provisional": i.provisional,
                 "notes": list(i.reasons_vi), "notes_en": list(i.reasons_en),
                 **({"coverage": _coverage(i.coverage)} if i.coverage is not None else {})}
                for i in g.indicators
            ],
            "notes": notes,
        })  # fmt: skip
    return {
        "groups": groups,
        "total": _points(result.total),
        "total_text": format_points(result.total, unknown="N/A"),
        "covered_points": _points(result.covered_points),
        "covered_max": _points(result.covered_max),
        "grade": result.grade[0] if result.grade else None,
        "provisional": result.provisional,
        "dossiers": result.dossiers,
    }


def rank_record(row: RankRow, ranking: Ranking) -> dict[str, Any]:
    record = as_record(row.result)
    out = {
        "unit": row.unit.name, "unit_code": row.unit.code, "rank": row.rank, "of": row.of,
        "score": _points(row.score), "basis": ranking.basis, "basis_max": _points(ranking.covered_max),
        "total": record["total"], "grade": record["grade"], "change": _points(row.change),
        "previous_rank": row.previous_rank, "rank_change": row.rank_change,
        "provisional": record["provisional"], "groups": record["groups"],
    }  # fmt: skip
    return out


def series(unit: Unit, periods: list[Period], store: Any = None, engine: str = "counts") -> list[IndexResult]:
    """The index of one unit over several periods (the trend chart) from one counts question."""
    from . import services

    spec = load_spec()
    many = services.compute_many(unit, periods, store=store, engine=engine, open_stock=True)
    out = []
    for p in periods:
        rows = many.get(p.code) or []
        out.append(
            evaluate(
                with_catalog_names(spec, p),
                unit.pk,
                p.code,
                rows[0] if rows else None,
                _typed_values(spec, [unit], p, root=unit)[unit.pk],
            )
        )
    return out
