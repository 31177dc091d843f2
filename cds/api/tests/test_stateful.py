"""Schemathesis, stateful: sequences of calls that follow the schema's OpenAPI links, as an
officer and as a supervisor. A value read from GET /api/values is rewritten, submitted,
approved or returned with the versions read, reopened, its history read; every answer must be
no server error and a status the operation documents (``errors.answers``).

Each scenario starts from the same small world (a savepoint rolled back after it). Steps and
scenarios are bounded so a role takes well under two minutes on a shared two-core machine.
(Schemathesis' pytest plugin does not run under pytest 9; the state machine is run by
Hypothesis directly.)
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from cds.api.api import api
from cds.lib.periods import parse_period
from cds.values.models import DataValue, ValueChange
from cds.values.services import Actor, ValueInput, change_status, record_values

from .conftest import CODE, World

ONLINE = "dvc.dossiers_online"
SCENARIOS = 80
STEPS = 8
# Reports of the world's communes in each state a workflow step starts from (period → action).
REPORTS = {"2024Q1": None, "2024Q2": "submit", "2024Q3": "approve", "2024Q4": "return"}

# For the run to count, each role must have got past authentication and scope into the workflow
# operations: a write or submit, and for the supervisor also a review, answered something other
# than 401/403/404 (200, or a refusal of its input or versions: 400/409/422) — not only refused at
# the first generated request. Which of those it gets depends on the draw (unit ids differ between
# databases), so the guard does not ask for a particular success.
PAST_SCOPE = {200, 400, 409, 422}
REACHED = {
    "officer": [{"POST /api/values", "POST /api/values/submit"}],
    "supervisor": [
        {"POST /api/values", "POST /api/values/submit"},
        {f"POST /api/values/{step}" for step in ("approve", "return", "reopen")},
    ],
}


def _schema(world: World) -> Any:
    # through JSON, as clients read /api/openapi.json (status codes become strings)
    document = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    schema = schemathesis.openapi.from_dict(_in_this_world(document, world))
    schema.app = get_wsgi_application()
    return schema


def _in_this_world(document: dict[str, Any], world: World) -> dict[str, Any]:
    """Draw units, periods and indicators the way people send them: the world's units (in scope,
    out of scope, missing), periods written several ways (and some out of the data years), known
    and unknown indicator codes. Random integers and strings would be refused at the first call
    of nearly every scenario; test_fuzz.py keeps sending those, operation by operation."""
    units = [*sorted(u.pk for u in world.units.values()), 987654]
    choices = {
        "unit": units,
        "unit_id": units,
        "parent": units,
        "period": [*REPORTS, "2024", "quý III/2024", "năm 2024", "6 tháng đầu năm 2024", "1999", "9999"],
        "indicator": [CODE, ONLINE, "khong.co"],
        "value": ["120", "1.463", "99999", "khoảng 4000", "abc", "999999999999999999999999999", ""],
        "reason": ["", "sửa số liệu", '\x01=HYPERLINK("http://x")', "a" * 2000],
        "note": ["", "theo sổ một cửa", "=1+1"],
    }

    def narrow(node: Any, name: str | None = None) -> None:
        if isinstance(node, dict):
            if name in choices and node.get("type") in {"integer", "string"} | {None}:
                node.pop("anyOf", None)
                node.pop("maxLength", None)
                node["type"] = "integer" if name in {"unit", "unit_id", "parent"} else "string"
                node["enum"] = choices[name]
                return
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False  # the server ignores unknown fields
            if name in {"values", "indicators"} and node.get("type") == "array":
                node["maxItems"] = 2
            for key, value in node.items():
                if key == "properties":
                    for field, spec in value.items():
                        narrow(spec, field)
                elif key == "parameters" and isinstance(value, list):
                    for parameter in value:
                        narrow(parameter.get("schema"), parameter.get("name"))
                else:
                    narrow(value)
        elif isinstance(node, list):
            for item in node:
                narrow(item)

    narrow(document)
    # The workflow starts from a list of the communes' values, filtered by period and commune only,
    # so that it is seldom empty (the other filters are fuzzed by test_fuzz.py and the read tests).
    listing = document["paths"]["/api/values"]["get"]
    listing["parameters"] = [p for p in listing["parameters"] if p["name"] in {"unit", "period", "limit"}]
    for parameter in listing["parameters"]:
        if parameter["name"] == "unit":
            parameter["schema"]["enum"] = [world.units["a"].pk, world.units["b"].pk]
    return document


def test_the_schema_links_the_value_workflow() -> None:
    schema = api.get_openapi_schema()
    links = {
        (op["operationId"], link["operationId"])
        for ops in schema["paths"].values()
        for op in ops.values()
        for answer in op["responses"].values()
        for link in answer.get("links", {}).values()
    }
    for step in [
        ("values_list", "values_write"),
        ("values_write", "values_submit"),
        ("values_submit", "values_approve"),
        ("values_submit", "values_return"),
        ("values_approve", "values_reopen"),
        ("values_return", "values_write"),
        ("values_reopen", "values_history"),
    ]:
        assert step in links, step


def test_every_operation_documents_the_refusals_any_call_can_get() -> None:
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            assert {401, 503} <= set(op["responses"]), (method, path)
            if op.get("parameters") or op.get("requestBody"):
                assert 400 in op["responses"], (method, path)
            if method == "post":
                assert {403, 404} <= set(op["responses"]), (method, path)


def _reports_in_every_state(world: World) -> None:
    actor = Actor("test")
    for code, action in REPORTS.items():
        period = parse_period(code)
        for unit in (world.units["a"], world.units["b"]):
            record_values([ValueInput(unit, CODE, period, "120")], actor)
            values = DataValue.objects.filter(unit=unit, period=period.code)
            if action:
                change_status(values, "submit", actor)
            if action in {"approve", "return"}:
                change_status(DataValue.objects.filter(unit=unit, period=period.code), action, actor, "thiếu")


@pytest.mark.slow
@pytest.mark.parametrize("role", ["officer", "supervisor"])
def test_linked_calls_never_fail_and_answer_only_documented_statuses(
    world: World, keep_connection: None, role: str
) -> None:
    _reports_in_every_state(world)
    headers = {"Authorization": f"Bearer {world.keys[role]}"}
    answered: Counter[tuple[str, int]] = Counter()

    machine: Any = _schema(world).as_state_machine()  # a class made at run time from the schema

    class Workflow(machine):
        def setup(self) -> None:
            self.savepoint = transaction.savepoint()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kw: Any
        ) -> None:
            answered[(case.operation.label, response.status_code)] += 1
            case.validate_response(
                response,
                checks=[not_a_server_error, status_code_conformance],
                transport_kwargs=kw or None,
                recorder=self.recorder,
            )

    changes_before = ValueChange.objects.count()
    Workflow.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
    )
    print(sorted(answered.items()))
    reached = {label for label, status in answered if status in PAST_SCOPE}
    for group in REACHED[role]:
        assert group & reached, sorted(answered.items())
    assert ValueChange.objects.count() == changes_before  # each scenario was rolled back
