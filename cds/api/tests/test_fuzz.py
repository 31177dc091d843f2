"""Schemathesis over the whole OpenAPI schema as an authenticated supervisor: no 5xx, ever, and
only statuses the operation documents (test_stateful.py follows the links between operations).

Each operation gets a bounded number of generated requests, valid and invalid, so the whole
run stays under a minute. (Schemathesis' own pytest plugin does not run under pytest 9 yet, so
the operations are parametrized here and each is driven with Hypothesis directly.)
"""

import json
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import status_code_conformance

from cds.api.api import api

from .conftest import World

MAX_EXAMPLES = 15


def operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted((path, method) for path, ops in paths.items() for method in ops)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "method"), operations())
def test_no_generated_request_makes_the_api_fail(
    world: World, keep_connection: None, path: str, method: str
) -> None:
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema(), default=str)))
    schema.app = get_wsgi_application()
    operation = schema[path][method.upper()]
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )
    headers = {"Authorization": f"Bearer {world.keys['supervisor']}"}

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def call(case: Any) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"
        case.validate_response(response, checks=[status_code_conformance])
        if response.status_code >= 400 and response.status_code not in {404, 405}:
            body = response.json()
            assert body["message_vi"] and body["message_en"], body

    call()
