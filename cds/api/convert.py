"""Domain objects → the dictionaries the schemas describe (one place, so every endpoint agrees)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cds.catalog.formatting import format_value
from cds.catalog.services import Definition, get_catalog
from cds.lib.output import fields_of
from cds.lib.periods import Period
from cds.units.models import Unit
from cds.units.services import unit_fields
from cds.values.models import DataValue
from cds.values.rollup import Aggregate
from cds.values.validation import TargetLine, Violation


def num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def unit_out(unit: Unit) -> dict[str, Any]:
    return {
        **unit_fields(unit),
        "parent_id": unit.parent_id,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


def period_out(period: Period) -> dict[str, Any]:
    return fields_of(period, "code", "kind", "year", "index", "start", "end", "label_vi", "label_en")


# A definition's own attributes, as the API names them; the rest of ``definition_out`` is derived.
_DEFINITION_FIELDS = (
    "code name_vi name_en pillar pillar_name_vi pillar_name_en unit_vi unit_en kind numerator denominator "
    "scale aggregate_units aggregate_periods direction"
).split()


def definition_out(d: Definition) -> dict[str, Any]:
    return {
        **fields_of(d, *_DEFINITION_FIELDS),
        "levels": list(d.filled_by),
        "counts_units": d.counts_units or None,
        "decimals": d.decimals,
        "parts": list(d.parts),
        "version": d.version,
        "problem_vi": d.problem_vi or None,
        "problem_en": d.problem_en or None,
    }


def value_out(value: DataValue) -> dict[str, Any]:
    definition = get_catalog(value.period_start).get(value.indicator.code)
    return {
        "id": value.pk,
        "unit_id": value.unit_id,
        "unit_code": value.unit.code,
        "unit_name": value.unit.name,
        "indicator": value.indicator.code,
        "period": value.period,
        "period_start": value.period_start,
        "period_end": value.period_end,
        "number": num(value.number),
        "text": value.text,
        "qualifier": value.qualifier,
        "raw": value.raw,
        "display": format_value(definition, value.number, value.qualifier, text=value.text),
        "note": value.note,
        "status": value.status,
        "version": value.version,
        "source_kind": value.source_kind,
        "updated_at": value.updated_at,
        "updated_by": value.updated_by.get_username() if value.updated_by else None,
    }


def aggregate_out(agg: Aggregate, definition: Definition | None) -> dict[str, Any]:
    return {
        "value": num(agg.value),
        "display": format_value(definition, agg.value),
        "numerator": num(agg.numerator),
        "denominator": num(agg.denominator),
        "approximate": agg.approximate,
        "contributors": agg.contributors,
        "source": agg.source,
        "notes": list(agg.notes),
        "scope": agg.scope,
        "coverage": agg.coverage.as_dict(),
        "approved": agg.approved,
        "own_value": num(agg.own_value),
        "children_value": num(agg.children_value),
        "children_coverage": agg.children_coverage.as_dict() if agg.children_coverage else None,
    }


def violation_out(v: Violation) -> dict[str, Any]:
    return fields_of(v, "rule", "severity", "indicator", "message_vi", "message_en")


def target_line_out(t: TargetLine) -> dict[str, Any]:
    return {
        "indicator": t.indicator,
        "name_vi": t.name_vi,
        "value": num(t.value),
        "comparator": t.comparator,
        "target": float(t.target),
        "met": t.met,
        "gap": num(t.gap),
        "text_vi": t.text_vi,
        "text_en": t.text_en,
        "coverage": t.coverage.as_dict() if t.coverage else None,
        "share": num(t.share),
    }
