"""The request or operation id every change record carries.

A web request gets one from ``RequestIdMiddleware`` (sent back as ``X-Request-ID``), a ``cds``
command run one from ``cds.cli``; code that runs outside both (a test, a shell) gets a fresh id
per ``operation()`` block or, failing that, per change.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("cds_request_id", default=None)


def new_id(prefix: str = "op") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def current_request_id() -> str | None:
    return _current.get()


def request_id() -> str:
    """The id of the request or operation under way, or a new one when none is."""
    return _current.get() or new_id()


@contextmanager
def operation(prefix: str = "op", keep: bool = True) -> Iterator[str]:
    """Run a block under one id: the one already set (``keep``) or a new one."""
    existing = _current.get()
    if keep and existing:
        yield existing
        return
    token = _current.set(new_id(prefix))
    try:
        yield _current.get() or ""
    finally:
        _current.reset(token)


class RequestIdMiddleware:
    """One id per web request, for the change records it writes and for the logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with operation("req", keep=False) as rid:
            response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", rid)
        return response
