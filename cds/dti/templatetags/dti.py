"""DTI points in templates, through the one formatter (``cds.catalog.formatting.format_points``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from cds.catalog.formatting import format_points
from cds.dti.ranking import NOT_COMPARABLE, change_text_en

register = template.Library()


@register.filter
def points(value: Decimal | int | None) -> str:
    """Points as the DTI report and decisions print them ("569,8", "36"); empty for no value."""
    return "" if value is None or value == "" else format_points(Decimal(value))


@register.filter
def get(mapping: dict, key: str):
    return mapping.get(key) if mapping else None


@register.filter
def name(thing: object) -> str:
    """A pillar's or criterion's name in the reader's language (the Vietnamese one when the
    framework has no English name)."""
    from django.utils import translation

    english = getattr(thing, "name_en", "") if translation.get_language() == "en" else ""
    return english or getattr(thing, "name_vi", "")


@register.filter
def rank_change(entry: Any) -> str:
    """An entry's change of rank (a ranking ``Entry`` or its ``as_dict``) in the reader's language:
    the English page read «tụt 64 bậc», «không so sánh được» beside English headings."""
    from django.utils import translation

    english = (translation.get_language() or "vi").startswith("en")
    if not isinstance(entry, dict):
        return entry.change_text_en if english else entry.change_text
    text = entry.get("rank_change_text") or ""
    if not english:
        return text
    delta, rank = entry.get("rank_change"), entry.get("rank")
    if delta is not None and rank is not None:
        return change_text_en(rank + delta, rank)
    return {NOT_COMPARABLE: "not comparable", "không xếp hạng": "not ranked"}.get(text, "no rank last year")
