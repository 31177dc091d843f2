"""Vietnamese first: the language is Vietnamese unless the user chose another one.

Django's LocaleMiddleware follows the browser's Accept-Language, which on an English-language
Windows or phone would switch a commune officer's screens to English uninvited.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.html import escape
from django.views import defaults

from cds.lib.database import RETRY_AFTER_SECONDS, busy_error, is_busy
from cds.lib.refusals import NotFound, Refused

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.allowed = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.allowed else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # The choice ends with the request: a process (a test run, a worker thread) must not stay in
        # one reader's language for code that formats words outside a request (file exports, jobs).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulBytesMiddleware:
    """Refuse any request whose parameters or JSON body carry a NUL character, with a clear 400.

    No person types NUL; it only arrives from broken or hostile clients, and PostgreSQL cannot
    store it in text, so it would otherwise surface as a database error deep in a query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            return JsonResponse(
                {
                    "message_vi": "Yêu cầu chứa ký tự NUL (\\u0000), không hợp lệ.",
                    "message_en": "The request contains a NUL character (\\u0000) and is not valid.",
                },
                status=400,
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return True
        content_type = request.content_type or ""
        if content_type.startswith("application/json"):
            return b"\\u0000" in request.body or b"\x00" in request.body
        if request.method == "POST" and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/")
        ):
            return any("\x00" in v for values in request.POST.lists() for v in values[1])
        return False


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After and the busy message: JSON under /api/, a short page elsewhere.

    Built without the database (templates with context processors would read the session or user).
    """
    problem = busy_error()
    if request.path.startswith("/api/"):
        body = {"message_vi": problem.vi, "message_en": problem.en, "field": None, "value": None}
        response: HttpResponse = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        english = getattr(request, "LANGUAGE_CODE", "vi").startswith("en")
        first, second = (problem.en, problem.vi) if english else (problem.vi, problem.en)
        page = (
            f'<!doctype html><html lang="{"en" if english else "vi"}"><meta charset="utf-8">'
            f"<title>CĐS Hub</title><h1>{escape(first)}</h1><p>{escape(second)}</p>"
            '<p><a href="">↻</a></p></html>'
        )
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """A page or API call that meets a busy database (a long import on SQLite) answers 503 with
    Retry-After and a clear message in both languages, not a 500. Other errors pass through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError) and is_busy(exception):
            logger.warning("database busy: %s %s answered 503", request.method, request.path)
            return busy_response(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the busy answer for a busy database met outside a view (in a middleware, such
    as saving the session), Django's plain 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError) and is_busy(error):
        return busy_response(request)
    return defaults.server_error(request)


class RefusalMiddleware:
    """A view's ``NotFound`` / ``Refused`` is its reason told to the person: the 404 / 403 page says
    it even when ``CDS_DEBUG`` is on, where Django would show its English technical page instead
    of ``handler404`` / ``handler403``. Django's own ``Http404`` still gets its debug page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return page_not_found(request, exception)
        if isinstance(exception, Refused):
            return permission_denied(request, exception)
        return None


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the 404 page with the reason a view gave the person (``NotFound``, translated);
    Django's own English messages (``get_object_or_404``, the resolver) give the general sentence."""
    reason = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: the 403 page with the reason a view gave the person (``Refused``, translated)."""
    reason = str(exception) if isinstance(exception, Refused) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CDS_CONTENT_SECURITY_POLICY`` on every response that has none.

    Our pages need no inline script or style (behaviour lives in ``web/static/web/*.js``), so an
    injected ``<script>`` or ``onclick=`` never runs even if escaping failed somewhere. Django's
    admin sets some ``style`` attributes, so under ``/admin/`` inline styles (never scripts) pass.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = settings.CDS_CONTENT_SECURITY_POLICY
        self.admin_policy = self.policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response.headers:
            admin = request.path.startswith("/admin/")
            response.headers["Content-Security-Policy"] = self.admin_policy if admin else self.policy
        return response
