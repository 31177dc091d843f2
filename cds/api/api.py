"""The REST API: one NinjaAPI, thin routers over the domain services, scope on every operation.

Interactive docs at /api/docs use the Swagger UI files shipped inside django-ninja (``ninja`` is
an installed app, so they are served as local static files — no CDN); they and the schema ask for a
login outside debug mode.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from . import errors
from .auth import AUTH
from .links import add_links
from .routers import dvc, indicators, jobs, periods, ranks, registries, supervision, units, values


def docs_for_people_logged_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The interactive docs and the schema ask for a login, except in debug mode: they list every
    operation and field, which is nobody's business outside the people who use the API."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.DEBUG or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapped


class CdsApi(NinjaAPI):
    """The schema carries OpenAPI links between operations (``links.LINKS``)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        return add_links(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = CdsApi(
    title="CĐS Hub API",
    version="1",
    description=(
        "Số liệu chuyển đổi số của đơn vị hành chính: đơn vị, kỳ báo cáo, chỉ tiêu, số liệu, kiểm tra, "
        "chỉ tiêu giao, tổng hợp, tình hình nộp báo cáo. / Local-government digital transformation data. "
        "Auth: `Authorization: Bearer <key>` (cds accounts token create) or the browser session with CSRF."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_decorator=docs_for_people_logged_in,
)
errors.install(api)
for module in (units, periods, indicators, values, supervision, jobs, dvc, registries, ranks):
    api.add_router("", module.router)
