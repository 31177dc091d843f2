"""What every page of a logged-in person shows besides its own content."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cds.catalog.services import CatalogNotLoaded, problems


def catalog_problems(request: HttpRequest) -> dict[str, Any]:
    """The indicator definitions the catalog set aside (``cds.catalog.services.problems``): every
    page names them, so a figure missing for that reason is never a silent «chưa có số liệu»."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        found = problems()
    except CatalogNotLoaded:
        return {}
    return {"catalog_problems": found} if found else {}
