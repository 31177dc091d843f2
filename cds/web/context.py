"""What every page of a logged-in person shows besides its own content."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.http import HttpRequest

from cds.catalog.services import CatalogNotLoaded, problems

log = logging.getLogger(__name__)

# the failures already logged by this process (type and message): a catalog that cannot be read
# fails on every request until it is reloaded, and the log says so once, not once per page
_logged: set[tuple[str, str]] = set()
_logged_lock = threading.Lock()


def _log_once(failure: Exception) -> None:
    key = (type(failure).__name__, str(failure))
    with _logged_lock:
        if key in _logged:
            return
        _logged.add(key)
    log.error("the catalog's set-aside definitions could not be read for the banner", exc_info=failure)


def catalog_problems(request: HttpRequest) -> dict[str, Any]:
    """The indicator definitions the catalog set aside (``cds.catalog.services.problems``): every
    page names them, so a figure missing for that reason is never a silent «chưa có số liệu».

    The banner is never the reason a page fails: when a catalog version cannot be built (a row an
    older tree wrote, a hand edit the loader never saw), the page renders with a banner saying the
    catalog could not be read, instead of the list, and the failure is logged once per process."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        found = problems()
    except CatalogNotLoaded:
        return {}
    except Exception as failure:  # any failure: the page itself must still render
        _log_once(failure)
        return {"catalog_unreadable": True}
    return {"catalog_problems": found} if found else {}
