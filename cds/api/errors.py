"""Every failure as JSON with a Vietnamese and an English message, never a traceback.

- bad input (``InputError``, schema validation) → 400 ``{message_vi, message_en, field, value}``;
- a batch of bad values (``ValueWriteError``) → 400 with ``errors``; stale ``expected_version`` → 409;
- a busy database (a long import holds SQLite's write lock) → 503 with Retry-After;
- each operation declares the statuses it may answer with ``answers(...)`` (401 and 503 always);
- not logged in → 401; logged in but not allowed → 403; outside the caller's scope → 404, exactly
  as for a unit that does not exist, so the API never confirms what it will not show.
"""

from __future__ import annotations

from typing import Any

from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cds.accounts.audit import refused
from cds.lib.database import RETRY_AFTER_SECONDS, busy_error, is_busy
from cds.lib.errors import InputError
from cds.values.services import ConflictError, ValueWriteError

from .schemas import ErrorList

# What any call may get besides its own refusals: no valid key or session (401), and a busy
# database (503 with Retry-After) while a long import holds SQLite's write lock.
ANY_CALL = (401, 503)


def answers(*statuses: int) -> dict[int, Any]:
    """The refusals an operation documents in the OpenAPI schema: ``statuses`` and those of any call,
    each a bilingual ``ErrorList``. Every status the API can answer must be listed here for its
    operation (schemathesis' status_code_conformance check holds the API to it)."""
    return {status: ErrorList for status in sorted({*statuses, *ANY_CALL})}


class ApiError(Exception):
    """A refusal with a status and both messages (raised by the API's scope helpers)."""

    def __init__(self, status: int, vi: str, en: str, **extra: Any) -> None:
        super().__init__(en)
        self.status, self.vi, self.en, self.extra = status, vi, en, extra


_NOUNS_VI = {"unit": "đơn vị", "value": "giá trị", "indicator": "chỉ tiêu", "job": "việc", "team": "tổ"}


def not_found(what: str, value: Any) -> ApiError:
    return ApiError(
        404,
        f"Không tìm thấy {_NOUNS_VI.get(what, what)} «{value}» (hoặc bạn không có quyền xem).",
        f"No {what} '{value}' found (or you may not see it).",
        field=what,
        value=value,
    )


def input_error_body(err: InputError) -> dict[str, Any]:
    return {
        "message_vi": err.vi,
        "message_en": err.en,
        "field": err.where.column,
        "value": _plain(err.where.value),
    }


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        if exc.status in {401, 403, 404}:
            refused(request, exc.en, exc.status)
        body = {"message_vi": exc.vi, "message_en": exc.en, "field": None, "value": None}
        body.update({k: _plain(v) for k, v in exc.extra.items()})
        return respond(request, body, exc.status)

    @api.exception_handler(InputError)
    def _input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
        return respond(request, input_error_body(exc), 409 if isinstance(exc, ConflictError) else 400)

    @api.exception_handler(ValueWriteError)
    def _write_error(request: HttpRequest, exc: ValueWriteError) -> HttpResponse:
        conflict = any(isinstance(e, ConflictError) for e in exc.errors)
        body = {
            "message_vi": f"{len(exc.errors)} giá trị không ghi được; không có gì được lưu.",
            "message_en": f"{len(exc.errors)} value(s) could not be written; nothing was saved.",
            "field": "values",
            "value": None,
            "errors": [input_error_body(e) for e in exc.errors],
        }
        return respond(request, body, 409 if conflict else 400)

    @api.exception_handler(ValidationError)
    def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [_schema_error(e) for e in exc.errors]
        first = errors[0] if errors else {"field": None, "value": None, "message_vi": "", "message_en": ""}
        body = {
            "message_vi": f"Dữ liệu gửi lên không hợp lệ: {first['message_vi']}",
            "message_en": f"Invalid request: {first['message_en']}",
            "field": first["field"],
            "value": first["value"],
            "errors": errors,
        }
        return respond(request, body, 400)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        refused(request, "not authenticated", 401)
        body = {
            "message_vi": "Cần đăng nhập hoặc khoá API hợp lệ (Authorization: Bearer …).",
            "message_en": "Log in or send a valid API key (Authorization: Bearer …).",
            "field": "Authorization",
            "value": None,
        }
        return respond(request, body, 401)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403:
            refused(request, str(exc), 403)
            vi, en = "Yêu cầu bị từ chối (thiếu mã CSRF hoặc không có quyền).", f"Refused: {exc}."
        else:
            vi, en = f"Yêu cầu không thực hiện được ({exc.status_code}).", str(exc)
        return respond(
            request, {"message_vi": vi, "message_en": en, "field": None, "value": None}, exc.status_code
        )

    @api.exception_handler(OperationalError)
    def _database_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        if not is_busy(exc):
            raise exc
        problem = busy_error()
        body = {"message_vi": problem.vi, "message_en": problem.en, "field": None, "value": None}
        response = respond(request, body, 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        body = {"message_vi": "Không tìm thấy.", "message_en": "Not found.", "field": None, "value": None}
        return respond(request, body, 404)


_WHERE = {"query": "tham số", "body": "nội dung", "path": "đường dẫn"}


def _schema_error(error: dict[str, Any]) -> dict[str, Any]:
    loc = [str(part) for part in error.get("loc", ())]
    where, field = (loc[0], ".".join(loc[1:])) if loc and loc[0] in _WHERE else ("", ".".join(loc))
    value = _plain(error.get("input")) if "input" in error else None
    if isinstance(value, str) and len(value) > 200:
        value = value[:200] + "…"
    msg = error.get("msg", "")
    return {
        "field": field or None,
        "value": value,
        "message_vi": f"{_WHERE.get(where, 'trường')} «{field}» không hợp lệ ({msg}), giá trị «{value}»",
        "message_en": f"{where or 'field'} '{field}' is invalid ({msg}), value «{value}»",
    }
