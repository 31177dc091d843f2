"""The REST API: one NinjaAPI, thin routers over the domain services, scope on every operation.

Interactive docs at /api/docs use the Swagger UI files shipped inside django-ninja (``ninja`` is
an installed app, so they are served as local static files — no CDN).
"""

from __future__ import annotations

from ninja import NinjaAPI

from . import errors
from .auth import AUTH
from .routers import indicators, periods, supervision, units, values

api = NinjaAPI(
    title="CĐS Hub API",
    version="1",
    description=(
        "Số liệu chuyển đổi số của đơn vị hành chính: đơn vị, kỳ báo cáo, chỉ tiêu, số liệu, kiểm tra, "
        "chỉ tiêu giao, tổng hợp, tình hình nộp báo cáo. / Local-government digital transformation data. "
        "Auth: `Authorization: Bearer <key>` (cds accounts token create) or the browser session with CSRF."
    ),
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)
for module in (units, periods, indicators, values, supervision):
    api.add_router("", module.router)
