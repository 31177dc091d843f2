"""Targets (chỉ tiêu): which one applies to a unit and period, and whether a value meets it.

Reports must say, for each target, met or not and by how much ("75,6%, chưa đạt chỉ tiêu 80%
(thiếu 4,4 điểm phần trăm)"); this module finds the target and writes that sentence.

Which target applies: one set for the unit itself beats one set for its level; among those,
the closest period wins — the period itself, then the month, quarter, half-year and year that
contain it. A date range counts for the year whose annual reporting window (15/12 of the year
before → end of the year, Nghị định 09/2019/NĐ-CP) holds it, so Sơn Nham's 15/12/2023–31/10/2024
figures meet the 2024 targets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from cds.lib.errors import InputError
from cds.lib.periods import Period, parse_period
from cds.lib.vn_numbers import format_number

from .coverage import QUOTA_KINDS
from .formatting import display_unit, format_value
from .models import Comparator, Kind, Target
from .services import CatalogNotLoaded, Definition, get_catalog
from .target_files import TargetLoadResult, load_targets_file

__all__ = [
    "TargetLoadResult",
    "TargetResult",
    "enclosing_period_codes",
    "evaluate",
    "find_target",
    "load_targets_file",
    "share_of_target",
    "share_text",
    "targets_for",
]

_SIZES = {"range": 0, "month": 1, "quarter": 3, "half": 6, "year": 12}


@dataclass(frozen=True)
class TargetResult:
    met: bool | None  # None when there is no value to judge
    gap: Decimal | None  # value − target, in the indicator's unit (negative = short of a ≥ target)
    text_vi: str
    text_en: str


def enclosing_period_codes(period: Period | str) -> list[str]:
    """The period's code, then the codes of the calendar periods containing it, closest first."""
    if isinstance(period, str):
        period = parse_period(period)
    codes = [period.code]
    for kind in ("month", "quarter", "half", "year"):
        if _SIZES[kind] <= _SIZES[period.kind]:
            continue
        container = Period.containing(period.start, kind)
        if container.end >= period.end:
            codes.append(container.code)
    if period.kind == "range" and str(period.year) not in codes:
        window_start = dt.date(period.year - 1, 12, 15)
        if period.start >= window_start and period.end.year == period.year:
            codes.append(str(period.year))
    return codes


def find_target(
    indicator_code: str, unit: Any, period_code: str, *, level: str | None = None
) -> Target | None:
    """The target for ``indicator_code`` that applies to ``unit`` (a units.Unit, or None with ``level``)."""
    chosen = _best(_candidates(unit, period_code, level, [indicator_code]), unit, period_code)
    return chosen.get(indicator_code)


def targets_for(unit: Any, period_code: str, *, level: str | None = None) -> dict[str, Target]:
    """Every applicable target for ``unit`` and period, by indicator code (one query)."""
    return _best(_candidates(unit, period_code, level, None), unit, period_code)


def _candidates(unit: Any, period_code: str, level: str | None, codes: Iterable[str] | None) -> list[Target]:
    periods = enclosing_period_codes(period_code)
    level = level or getattr(unit, "level", None)
    scope = Q(unit__isnull=True, level=level) if level else Q(pk__in=[])
    if unit is not None:
        scope |= Q(unit=unit)
    qs = Target.objects.filter(scope, period__in=periods).select_related("indicator")
    if codes is not None:
        qs = qs.filter(indicator__code__in=list(codes))
    return list(qs)


def _best(targets: list[Target], unit: Any, period_code: str) -> dict[str, Target]:
    periods = enclosing_period_codes(period_code)
    unit_pk = getattr(unit, "pk", None)
    best: dict[str, tuple[tuple[int, int], Target]] = {}
    for target in targets:
        rank = (0 if unit_pk is not None and target.unit_id == unit_pk else 1, periods.index(target.period))
        code = target.indicator.code
        if code not in best or rank < best[code][0]:
            best[code] = (rank, target)
    return {code: target for code, (_, target) in best.items()}


# --- wording ----------------------------------------------------------------------------------


def evaluate(target: Target, value: Decimal | None) -> TargetResult:
    """Met or not, the gap, and a sentence for the report in Vietnamese and English."""
    definition = _definition(target)
    goal = Decimal(target.value)
    shown_goal_vi, shown_goal_en = _goal(target.comparator, goal, definition)
    if value is None:
        return TargetResult(
            None, None, f"chưa có số liệu (chỉ tiêu {shown_goal_vi})", f"no data (target {shown_goal_en})"
        )
    value = Decimal(value)
    met = _compare(target.comparator, value, goal)
    gap = value - goal
    if definition is not None and definition.kind == Kind.BOOLEAN:
        return _boolean_result(met, gap, value, goal)
    v_vi, v_en = _show(value, definition, "vi"), _show(value, definition, "en")
    g_vi, g_en = _gap_unit(definition)
    size_vi, size_en = _number(abs(gap), definition, "vi"), _number(abs(gap), definition, "en")
    comparator = target.comparator

    def missed(verb_en: str, gap_vi: str, gap_en: str) -> tuple[str, str]:
        """«chưa đạt chỉ tiêu …», with the gap in words when there is one (``{}`` = the amount)."""
        tail_vi = f" ({gap_vi.format(f'{size_vi} {g_vi}')})" if gap else ""
        tail_en = f" ({gap_en.format(f'{size_en} {g_en}')})" if gap else ""
        return (
            f"{v_vi}, chưa đạt chỉ tiêu {shown_goal_vi}{tail_vi}",
            f"{v_en}, {verb_en} the target of {shown_goal_en}{tail_en}",
        )

    # One sentence per case, in both languages; the result is built once below.
    if comparator in (Comparator.GE, Comparator.GT):
        if met and gap > 0:
            vi = f"đạt {v_vi}, vượt chỉ tiêu {shown_goal_vi}"
            en = f"{v_en}, above the target of {shown_goal_en}"
        elif met:
            vi = f"đạt {v_vi}, đạt chỉ tiêu {shown_goal_vi}"
            en = f"{v_en}, meets the target of {shown_goal_en}"
        else:
            vi, en = missed("below", "thiếu {}", "{} short")
    elif comparator in (Comparator.LE, Comparator.LT):
        if met:
            vi = f"{v_vi}, đạt chỉ tiêu {shown_goal_vi}"
            en = f"{v_en}, within the target of {shown_goal_en}"
        else:
            vi, en = missed("above", "vượt {}", "{} over")
    elif met:
        vi = f"đạt {v_vi}, đúng chỉ tiêu {shown_goal_vi}"
        en = f"{v_en}, meets the target of {shown_goal_en}"
    else:  # «exactly»: missed means a gap
        vi, en = missed("misses", "chênh {}", "off by {}")
    return TargetResult(met, gap, vi, en)


def share_of_target(target: Target, value: Decimal | None) -> Decimal | None:
    """How much of a quota (chỉ tiêu giao) a value reached, in per cent: value ÷ target × 100 —
    «đạt 73,3% so với chỉ tiêu», xã Hà Đông's 109 of 2.068 → 5,27… («5,3%»).

    A derived figure, never stored: the value and the target are the one source of each (issue
    21, session 13). Only for a quota — an «at least» or «exactly» target of a count, an amount or
    a measure: a rate's target is compared in points («thiếu 4,4 điểm phần trăm», ``evaluate``),
    a ceiling («không quá 5 ngày») has no share reached, and a zero quota none either (None)."""
    if value is None:
        return None
    definition = _definition(target)
    if definition is None or definition.kind not in QUOTA_KINDS:
        return None
    if target.comparator not in (Comparator.GE, Comparator.GT, Comparator.EQ):
        return None
    goal = Decimal(target.value)
    if goal <= 0:
        return None
    return Decimal(value) / goal * 100


def share_text(target: Target, value: Decimal | None, lang: str = "vi") -> str:
    """The share of a quota reached as a page prints it beside the value and the target: «đạt
    73,3% chỉ tiêu» / "73.3% of target", one decimal rounded half up, a trailing zero dropped
    ("đạt 100% chỉ tiêu"). "" whenever ``share_of_target`` has none (a rate, a ceiling, a yes/no,
    a zero quota, no value) — never "0%" for what was not computed."""
    share = share_of_target(target, value)
    if share is None:
        return ""
    rounded = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if lang == "vi":
        text = format_number(rounded, 1)
        text = text.rstrip("0").rstrip(",") if "," in text else text
        return f"đạt {text}% chỉ tiêu"
    text = f"{rounded:,.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text}% of target"


def goal_text(target: Target, lang: str = "vi") -> str:
    """The target itself as a table cell shows it: "80%", "không quá 5 ngày", "100 triệu đồng"."""
    vi, en = _goal(target.comparator, Decimal(target.value), _definition(target))
    return vi if lang == "vi" else en


def _definition(target: Target) -> Definition | None:
    try:
        start = parse_period(target.period).start
        return get_catalog(start).get(target.indicator.code) or get_catalog().get(target.indicator.code)
    except (CatalogNotLoaded, InputError):
        return None


def _compare(comparator: str, value: Decimal, goal: Decimal) -> bool:
    return {
        Comparator.GE: value >= goal,
        Comparator.GT: value > goal,
        Comparator.LE: value <= goal,
        Comparator.LT: value < goal,
        Comparator.EQ: value == goal,
    }[Comparator(comparator)]


def _boolean_result(met: bool, gap: Decimal, value: Decimal, goal: Decimal) -> TargetResult:
    said_vi, said_en = ("có", "yes") if value else ("không", "no")
    want_vi, want_en = ("có", "yes") if goal else ("không", "no")
    if met:
        return TargetResult(True, gap, f"{said_vi}, đạt chỉ tiêu", f"{said_en}, target met")
    return TargetResult(
        False,
        gap,
        f"{said_vi}, chưa đạt chỉ tiêu (yêu cầu: {want_vi})",
        f"{said_en}, target not met (required: {want_en})",
    )


def _decimals(definition: Definition | None) -> int:
    return definition.decimals if definition is not None else 2


def _number(value: Decimal, definition: Definition | None, lang: str) -> str:
    """Rounded to the indicator's decimals, trailing zeros dropped: 75,60 → 75,6; 80,00 → 80."""
    if definition is not None and definition.kind == Kind.AMOUNT:  # in its display unit, every digit
        return format_value(definition, value, lang=lang, with_unit=False)
    decimals = _decimals(definition)
    if lang == "vi":
        text = format_number(value, decimals)
        return text.rstrip("0").rstrip(",") if "," in text else text
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_percent(definition: Definition | None) -> bool:
    return definition is None or (definition.kind == Kind.RATE and definition.unit_vi.strip() == "%")


def _show(value: Decimal, definition: Definition | None, lang: str) -> str:
    if definition is not None and definition.kind == Kind.AMOUNT:
        return format_value(definition, value, lang=lang)
    number = _number(value, definition, lang)
    if _is_percent(definition):
        return number + "%"
    unit = (definition.unit_vi if lang == "vi" else definition.unit_en) if definition else ""
    return f"{number} {unit}".strip()


def _gap_unit(definition: Definition | None) -> tuple[str, str]:
    if _is_percent(definition):
        return "điểm phần trăm", "percentage points"
    assert definition is not None
    if definition.kind == Kind.AMOUNT:
        return display_unit(definition, "vi"), display_unit(definition, "en")
    return definition.unit_vi, definition.unit_en


def _goal(comparator: str, goal: Decimal, definition: Definition | None) -> tuple[str, str]:
    if definition is not None and definition.kind == Kind.BOOLEAN:
        return ("có", "yes") if goal else ("không", "no")
    vi, en = _show(goal, definition, "vi"), _show(goal, definition, "en")
    words = {
        Comparator.GE: ("", ""),
        Comparator.EQ: ("", "exactly "),
        Comparator.GT: ("trên ", "more than "),
        Comparator.LE: ("không quá ", "at most "),
        Comparator.LT: ("dưới ", "less than "),
    }[Comparator(comparator)]
    return words[0] + vi, words[1] + en
