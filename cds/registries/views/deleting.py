"""Deleting a register entry entered by mistake: a confirmation page, then the deletion, logged.

Only entries the person may edit are found (the callers look them up through
``get_for_user_or_404(..., "edit")``), so another unit's entry is a 404 here as everywhere. The deletion is
the register's domain operation (``operations.delete_*``), which records what was deleted, by
whom and why. Counts already recorded into the catalog's values from the registers change the
next time they are recorded (``indicators.sync``, ``cds training counts --record``) — through
``record_values``, with their history — as after any other edit of a register.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cds.values.services import Actor

security = logging.getLogger("cds.security")


def confirm_delete(
    request: HttpRequest, entry: Model, what: str, back: str, delete: Callable[[Any, Actor, str], None]
) -> HttpResponse:
    """GET: what will be deleted, with a button; POST: ``delete(entry, actor, reason)``, log, go ``back``."""
    if request.method == "POST":
        security.info(
            "registry.deleted user=%r kind=%s id=%s what=%r",
            request.user.get_username(),
            entry._meta.model_name,
            entry.pk,
            what,
        )
        delete(entry, Actor.for_user(request.user), request.POST.get("reason", "").strip())
        messages.success(request, f"Đã xóa {what}. / Deleted.")
        return redirect(back)
    return render(request, "registries/confirm_delete.html", {"what": what, "back": back})
