"""«Not found» and «not allowed» told to the person, in their language.

``NotFound`` and ``Refused`` are Django's ``Http404`` and ``PermissionDenied`` with a message written
for the person reading the page (a ``gettext`` text, Vietnamese first, English in the catalog): the
404 and 403 pages show it (``cds.web.middleware.page_not_found`` / ``permission_denied``). Django's
own messages («No Unit matches the given query.», a resolver's tried patterns) are English developer
texts and are never shown: those pages say the general sentence instead.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NotFound(Http404):
    """A 404 whose message (translated) the page shows."""


class Refused(PermissionDenied):
    """A 403 whose message (translated) the page shows."""
