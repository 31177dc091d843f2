"""Schemathesis over the whole OpenAPI schema as an authenticated supervisor: no 5xx, ever.

Each operation gets a bounded number of generated requests, valid and invalid, so the whole
run stays under a minute. (Schemathesis' own pytest plugin does not run under pytest 9 yet, so
the operations are parametrized here and each is driven with Hypothesis directly.)
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from cds.api.api import api

from .conftest import World

MAX_EXAMPLES = 15


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Keep the test's database connection open across WSGI requests, as Django's test client does.

    A WSGI handler closes the connection when a request finishes; on PostgreSQL that would close
    the test's transaction under it.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted((path, method) for path, ops in paths.items() for method in ops)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "method"), operations())
def test_no_generated_request_makes_the_api_fail(
    world: World, keep_connection: None, path: str, method: str
) -> None:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
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
        if response.status_code >= 400 and response.status_code not in {404, 405}:
            body = response.json()
            assert body["message_vi"] and body["message_en"], body

    call()
