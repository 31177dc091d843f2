"""The change history of the registers and DTI assessments of the units a person may see.

Records come from ``cds.history`` (written by the domain operations). Personal data of team
members (phone, e-mail, birth year) is shown only to people who may edit the record's unit, as
on the team page; role changes are not shown here (administrators see them in /admin/).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cds.accounts.scope import get_for_user_or_404
from cds.history.models import ChangeRecord
from cds.lib.vn_dates import format_date
from cds.units.models import Unit

from ..models import Member

SHOWN_APPS = ("registries", "dti")
HIDDEN = "(ẩn / hidden)"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value: Any) -> Any:
    """A stored ISO day as Vietnamese write it (14/3/2023); anything else as it is."""
    return (
        format_date(dt.date.fromisoformat(value))
        if isinstance(value, str) and _ISO_DAY.match(value)
        else value
    )


def _lines(change: ChangeRecord, personal: bool) -> list[tuple[str, Any, Any]]:
    """(field, old, new) of what changed; for a new or deleted entry its filled-in fields only."""
    before, after = change.before or {}, change.after or {}
    lines = []
    for name in change.changed_fields:
        old, new = before.get(name), after.get(name)
        empty = old in (None, "", []) and new in (None, "", [])
        if name == "id" or (empty and (change.before is None or change.after is None)):
            continue
        if name in Member.PERSONAL_FIELDS and not personal:
            old, new = (HIDDEN if old else old), (HIDDEN if new else new)
        lines.append((name, _shown(old), _shown(new)))
    return lines


@login_required
def history(request: HttpRequest) -> HttpResponse:
    """``?in=<unit id>``: one unit's changes (404 outside the person's scope); else all in scope."""
    visible = Unit.objects.for_user(request.user, "view")
    records = ChangeRecord.objects.filter(content_type__app_label__in=SHOWN_APPS)
    unit = None
    if request.GET.get("in"):
        unit = get_for_user_or_404(Unit, request.user, "view", pk=request.GET["in"])
        records = records.filter(unit=unit)
    else:
        records = records.filter(unit__in=visible.values("pk"))
    shown = list(records.select_related("content_type", "unit")[:300])
    editable = set(
        Unit.objects.for_user(request.user, "edit")
        .filter(pk__in={r.unit_id for r in shown})
        .values_list("pk", flat=True)
    )
    rows = [{"change": r, "lines": _lines(r, r.unit_id in editable)} for r in shown]
    return render(request, "registries/history.html", {"rows": rows, "unit": unit})
