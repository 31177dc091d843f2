"""Vietnamese number formatting for DTI templates."""

from __future__ import annotations

from decimal import Decimal

from django import template

from cds.lib.vn_numbers import format_number

register = template.Library()


@register.filter
def vn2(value: Decimal | int | None) -> str:
    """Points with two decimals the Vietnamese way ("569,80"); empty for no value."""
    return "" if value is None or value == "" else format_number(value, 2)


@register.filter
def get(mapping: dict, key: str):
    return mapping.get(key) if mapping else None
