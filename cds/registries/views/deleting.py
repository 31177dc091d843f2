"""Deleting a register entry entered by mistake: a confirmation page, then the deletion, logged.

Only entries the person may edit are found (the callers look them up through
``scoped(..., "edit")``), so another unit's entry is a 404 here as everywhere. Counts already
recorded into the catalog's values from the registers change the next time they are recorded
(``indicators.sync``, ``cds training counts --record``) — through ``record_values``, with their
history — as after any other edit of a register.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

security = logging.getLogger("cds.security")


def confirm_delete(request: HttpRequest, entry: Model, what: str, back: str) -> HttpResponse:
    """GET: what will be deleted, with a button; POST: delete it, log who and what, go ``back``."""
    if request.method == "POST":
        security.info(
            "registry.deleted user=%r kind=%s id=%s what=%r",
            request.user.get_username(),
            entry._meta.model_name,
            entry.pk,
            what,
        )
        entry.delete()
        messages.success(request, f"Đã xóa {what}. / Deleted.")
        return redirect(back)
    return render(request, "registries/confirm_delete.html", {"what": what, "back": back})
