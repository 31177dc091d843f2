"""DTI points in templates, through the one formatter (``cds.catalog.formatting.format_points``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from cds.catalog.formatting import format_points

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
