"""The CSRF failure page: Django's own is in English, without the site's navigation
(settings.CSRF_FAILURE_VIEW). The 400/403/404/500 pages are templates (cds/web/templates); the 403
and 404 ones say a view's reason (``cds.lib.refusals``), through ``cds.web.middleware``'s handlers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (most often: the page was open too long, or
    cookies are off) — said in the reader's language, with a way back and home."""
    return render(request, "403_csrf.html", {"back": request.path}, status=403)
