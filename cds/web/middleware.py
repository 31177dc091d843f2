"""Vietnamese first: the language is Vietnamese unless the user chose another one.

Django's LocaleMiddleware follows the browser's Accept-Language, which on an English-language
Windows or phone would switch a commune officer's screens to English uninvited.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.allowed = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.allowed else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
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
