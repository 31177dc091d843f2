"""Scoring rules: how one framework item turns a measured value into points.

Pure Python, no database: a rule gets a ``Measure`` (what the collected values say for one unit)
and returns an ``ItemScore``. Rules come from the framework YAML (see ``framework.py``); the
shapes seen in published DTI sets are all here:

- ``proportional``: "Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa", with ``full_at`` (full points at or
  above a rate, else rate × max / full_at) and ``floor`` (below it, nothing);
- ``steps``: thresholds, e.g. steering-committee meetings 4 → 20, 3 → 15, 2 → 10, 1 → 5;
- ``yes_no``: full points for yes (``points_no`` for no);
- ``per_population``: a count per ``per`` residents, full points at ``full_at``;
- ``per_item``: ``points_each`` per counted item, capped at the maximum;
- ``manual``: points given by the unit and verified by the supervisor (``choices`` for
  role-based items such as "head of committee is the chairman → full, a deputy → half").

Points are Decimals rounded to two places, never above the item's maximum, never below zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cds.catalog.formatting import format_points
from cds.lib.vn_numbers import format_number, format_percent

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

RULE_TYPES = ("proportional", "steps", "yes_no", "per_population", "per_item", "manual")

# Item outcome: ok (scored from data), missing (no data: 0 points), zero_denominator (rate N/A),
# manual (points from the assessment), unscored (manual item nobody gave points to).
OK, MISSING, ZERO_DENOMINATOR, MANUAL, UNSCORED = "ok", "missing", "zero_denominator", "manual", "unscored"


@dataclass(frozen=True)
class Rule:
    type: str
    indicator: str | None = None  # catalog code read for the item (rate, count, yes/no)
    numerator: str | None = None  # proportional to a ratio that is not itself a catalog rate
    denominator: str | None = None
    population: str = "pop.population"
    per: Decimal = HUNDRED
    full_at: Decimal | None = None  # percent (proportional) or count per ``per`` (per_population)
    floor: Decimal = ZERO
    zero_denominator: str = "zero"  # zero | full
    steps: tuple[tuple[Decimal, Decimal], ...] = ()  # (at least, points), highest first
    points_each: Decimal = ZERO
    points_no: Decimal = ZERO
    choices: tuple[tuple[str, Decimal], ...] = ()

    def codes(self) -> list[str]:
        """Catalog codes this rule reads (empty for manual items)."""
        if self.type == "manual":
            return []
        codes = [c for c in (self.indicator, self.numerator, self.denominator) if c]
        if self.type == "per_population":
            codes.append(self.population)
        return codes


@dataclass(frozen=True)
class Measure:
    """What the data says for one item and unit. Rates are in percent; ratios carry their parts."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    approximate: bool = False


@dataclass(frozen=True)
class ItemScore:
    points: Decimal
    status: str
    value_text: str = ""  # the measured value as a report writes it ("60,87% (14/23)")
    hint_vi: str = ""  # what it takes to reach full points, when it can be said in numbers
    hint_en: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def clamp(points: Decimal, maximum: Decimal) -> Decimal:
    return min(max(points, ZERO), maximum).quantize(CENT, rounding=ROUND_HALF_UP)


def score(rule: Rule, maximum: Decimal, measure: Measure | None, detail: bool = True) -> ItemScore:
    """Points for one item from one measure (``None`` or an empty measure means no data).

    ``detail=False`` skips the value text and the hint (formatting costs more than scoring when a
    whole country is scored; pages ask for one unit with detail).
    """
    if rule.type == "manual":
        raise ValueError("manual items are scored from the assessment, not from data")
    if rule.type == "proportional":
        return _proportional(rule, maximum, measure, detail)
    if measure is None or measure.value is None:
        return ItemScore(ZERO, MISSING, "chưa có số liệu")
    value = measure.value
    if not detail and rule.type != "per_population":
        return ItemScore(_fast_points(rule, maximum, value), OK)
    if rule.type == "steps":
        return _steps(rule, maximum, value)
    if rule.type == "yes_no":
        yes = value != 0
        return ItemScore(clamp(maximum if yes else rule.points_no, maximum), OK, "có" if yes else "không")
    if rule.type == "per_item":
        points = clamp(value * rule.points_each, maximum)
        needed = math.ceil(maximum / rule.points_each) if rule.points_each else 0
        hint = _more(needed - value) if points < maximum and rule.points_each else ("", "")
        return ItemScore(points, OK, format_number(value), *hint)
    if rule.type == "per_population":
        return _per_population(rule, maximum, measure, detail)
    raise ValueError(f"unknown rule type {rule.type}")


def _fast_points(rule: Rule, maximum: Decimal, value: Decimal) -> Decimal:
    if rule.type == "steps":
        return clamp(next((pts for at, pts in rule.steps if value >= at), ZERO), maximum)
    if rule.type == "yes_no":
        return clamp(maximum if value != 0 else rule.points_no, maximum)
    if rule.type == "per_item":
        return clamp(value * rule.points_each, maximum)
    raise ValueError(f"unknown rule type {rule.type}")


def _ratio_percent(measure: Measure) -> Decimal | None:
    if measure.numerator is not None and measure.denominator:
        return measure.numerator / measure.denominator * HUNDRED
    return measure.value


def _proportional(rule: Rule, maximum: Decimal, measure: Measure | None, detail: bool = True) -> ItemScore:
    if measure is not None and measure.denominator is not None and measure.denominator == 0:
        points = maximum if rule.zero_denominator == "full" else ZERO
        return ItemScore(clamp(points, maximum), ZERO_DENOMINATOR, "N/A (mẫu số bằng 0)")
    rate = _ratio_percent(measure) if measure is not None else None
    if rate is None:
        return ItemScore(ZERO, MISSING, "chưa có số liệu")
    full_at = rule.full_at or HUNDRED
    if not detail:
        return ItemScore(
            ZERO if rate < rule.floor else clamp(maximum * min(rate, full_at) / full_at, maximum), OK
        )
    text = format_percent(rate)
    if measure is not None and measure.numerator is not None and measure.denominator:
        text += f" ({format_number(measure.numerator)}/{format_number(measure.denominator)})"
    if rate < rule.floor:
        points = ZERO
    else:
        points = clamp(maximum * min(rate, full_at) / full_at, maximum)
    hint: tuple[str, str] = ("", "")
    if points < maximum:
        hint = (f"cần đạt {format_percent(full_at)}", f"needs {format_percent(full_at).replace(',', '.')}")
        if measure is not None and measure.denominator:
            more = math.ceil(full_at * measure.denominator / HUNDRED - (measure.numerator or ZERO))
            if more > 0:
                hint = _more(Decimal(more), f" (để đạt {format_percent(full_at)})")
    return ItemScore(points, OK, text, *hint)


def _steps(rule: Rule, maximum: Decimal, value: Decimal) -> ItemScore:
    reached = next(((at, pts) for at, pts in rule.steps if value >= at), None)
    points = clamp(reached[1] if reached else ZERO, maximum)
    higher = [at for at, pts in rule.steps if pts > points]
    hint: tuple[str, str] = ("", "")
    if higher:
        nxt = min(higher)
        hint = (f"bậc tiếp theo: đạt {format_number(nxt)}", f"next step at {nxt.normalize():f}")
    return ItemScore(points, OK, format_number(value), *hint)


def _per_population(rule: Rule, maximum: Decimal, measure: Measure, detail: bool = True) -> ItemScore:
    if measure.denominator is None:
        return ItemScore(ZERO, MISSING, "chưa có số liệu dân số")
    if measure.denominator == 0:
        return ItemScore(ZERO, ZERO_DENOMINATOR, "N/A (dân số bằng 0)")
    count = measure.value or ZERO
    density = count / measure.denominator * rule.per
    full_at = rule.full_at or Decimal(1)
    points = clamp(maximum * min(density, full_at) / full_at, maximum)
    if not detail:
        return ItemScore(points, OK)
    text = f"{format_number(density, 2)}/{format_number(rule.per)} dân ({format_number(count)})"
    hint: tuple[str, str] = ("", "")
    if points < maximum:
        more = math.ceil(full_at * measure.denominator / rule.per - count)
        hint = _more(Decimal(max(more, 1)))
    return ItemScore(points, OK, text, *hint)


def _more(amount: Decimal, suffix: str = "") -> tuple[str, str]:
    return f"cần thêm {format_number(amount)}{suffix}", f"needs {amount.normalize():f} more"


def manual_score(maximum: Decimal, points: Decimal | None) -> ItemScore:
    """A manual item: the assessment's points (capped), or nothing yet."""
    if points is None:
        return ItemScore(ZERO, UNSCORED, "chưa chấm")
    return ItemScore(clamp(points, maximum), MANUAL, format_points(points))
