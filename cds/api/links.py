"""OpenAPI links: which answer feeds which next call, so clients (and schemathesis' stateful
tests) can follow a report through its workflow — read the values, write them, submit, approve
exactly the versions read, reopen, read the history.

Data only: source operation → link name → the target operation and where its parameters and
body fields come from (OpenAPI runtime expressions). ``add_links`` puts them on the source's
200 answer in the generated schema (/api/openapi.json).
"""

from __future__ import annotations

import copy
from typing import Any

# A value read from GET /api/values (its first row), as the next call needs it.
_ROW = "$response.body#/items/0"
_READ_UNIT = {"unit": f"{_ROW}/unit_id", "period": f"{_ROW}/period"}
_READ_REVIEW = {
    **_READ_UNIT,
    "indicators": [f"{_ROW}/indicator"],
    "versions": {f"{_ROW}/indicator": f"{_ROW}/version"},
}
# The report a write or status change was about (from the request), and its first value (answer).
_SENT = {"unit": "$request.body#/unit", "period": "$request.body#/period"}
_CHANGED = "$response.body#/values/0"
_CHANGED_REVIEW = {
    **_SENT,
    "indicators": [f"{_CHANGED}/indicator"],
    "versions": {f"{_CHANGED}/indicator": f"{_CHANGED}/version"},
}
_REWRITE = {
    **_SENT,
    "values": [
        {
            "indicator": f"{_CHANGED}/indicator",
            "value": f"{_CHANGED}/raw",
            "expected_version": f"{_CHANGED}/version",
        }
    ],
}


def _to(operation: str, parameters: dict[str, str] | None = None, body: Any = None) -> dict[str, Any]:
    link: dict[str, Any] = {"operationId": operation}
    if parameters:
        link["parameters"] = parameters
    if body is not None:
        link["requestBody"] = body
    return link


LINKS: dict[str, dict[str, dict[str, Any]]] = {
    "units_list": {
        "Unit": _to("units_detail", {"unit_id": "$response.body#/items/0/id"}),
        "Children": _to("units_children", {"unit_id": "$response.body#/items/0/id"}),
        "Lineage": _to("units_lineage", {"unit_id": "$response.body#/items/0/id"}),
        "Values": _to("values_list", {"unit": "$response.body#/items/0/id"}),
    },
    "indicators_list": {
        "Indicator": _to("indicators_detail", {"code": "$response.body#/0/code"}),
    },
    "values_list": {
        "Value": _to("values_detail", {"value_id": f"{_ROW}/id"}),
        "History": _to("values_history", {"value_id": f"{_ROW}/id"}),
        "Unit": _to("units_detail", {"unit_id": f"{_ROW}/unit_id"}),
        "Rewrite": _to(
            "values_write",
            body={
                **_READ_UNIT,
                "values": [
                    {
                        "indicator": f"{_ROW}/indicator",
                        "value": f"{_ROW}/raw",
                        "expected_version": f"{_ROW}/version",
                    }
                ],
            },
        ),
        "Submit": _to("values_submit", body=_READ_UNIT),
        "Approve": _to("values_approve", body=_READ_REVIEW),
        "Return": _to("values_return", body={**_READ_REVIEW, "reason": "thiếu minh chứng"}),
        "Reopen": _to("values_reopen", body={**_READ_REVIEW, "reason": "sửa số liệu"}),
        "Withdraw": _to("values_withdraw", body={**_READ_REVIEW, "reason": "số liệu không còn đúng"}),
        "Validation": _to("validation_check", {"unit": f"{_ROW}/unit_id", "period": f"{_ROW}/period"}),
        "Targets": _to("targets_list", {"unit": f"{_ROW}/unit_id", "period": f"{_ROW}/period"}),
        "Rollup": _to(
            "rollups_get",
            {"unit": f"{_ROW}/unit_id", "period": f"{_ROW}/period", "indicator": f"{_ROW}/indicator"},
        ),
        "Completeness": _to("completeness_get", {"unit": f"{_ROW}/unit_id", "period": f"{_ROW}/period"}),
        "Deadline": _to("deadlines_get", {"unit": f"{_ROW}/unit_id", "period": f"{_ROW}/period"}),
        "SetDeadline": _to("deadlines_set", body=_READ_UNIT),
    },
    "values_write": {
        "Value": _to("values_detail", {"value_id": f"{_CHANGED}/id"}),
        "Submit": _to("values_submit", body=_SENT),
        "Values": _to("values_list", {"unit": "$request.body#/unit", "period": "$request.body#/period"}),
    },
    "values_submit": {
        "Approve": _to("values_approve", body=_CHANGED_REVIEW),
        "Return": _to("values_return", body={**_CHANGED_REVIEW, "reason": "thiếu minh chứng"}),
        "Values": _to("values_list", {"unit": "$request.body#/unit", "period": "$request.body#/period"}),
    },
    "values_approve": {
        "Reopen": _to("values_reopen", body={**_CHANGED_REVIEW, "reason": "sửa số liệu"}),
        "History": _to("values_history", {"value_id": f"{_CHANGED}/id"}),
    },
    "values_return": {
        "Rewrite": _to("values_write", body=_REWRITE),
        "Submit": _to("values_submit", body=_SENT),
    },
    "values_reopen": {
        "Rewrite": _to("values_write", body=_REWRITE),
        "Submit": _to("values_submit", body=_SENT),
        "History": _to("values_history", {"value_id": f"{_CHANGED}/id"}),
    },
    "deadlines_set": {
        "Deadline": _to("deadlines_get", {"unit": "$request.body#/unit", "period": "$request.body#/period"}),
        "Completeness": _to(
            "completeness_get", {"unit": "$request.body#/unit", "period": "$request.body#/period"}
        ),
    },
}


def add_links(schema: dict[str, Any]) -> dict[str, Any]:
    """Put ``LINKS`` on each source operation's 200 answer of a freshly generated ``schema``."""
    operations = {op["operationId"]: op for ops in schema["paths"].values() for op in ops.values()}
    known = set(operations)
    for source, links in LINKS.items():
        missing = {source} | {link["operationId"] for link in links.values()}
        if not missing <= known:
            raise KeyError(f"OpenAPI links name unknown operations: {sorted(missing - known)}")
        responses = operations[source]["responses"]
        answer = responses[200] if 200 in responses else responses["200"]
        answer["links"] = copy.deepcopy(links)
    return schema
