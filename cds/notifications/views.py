"""The person's notifications: newest first, unread marked; «Đánh dấu đã đọc» for one or all."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cds.accounts.scope import signed_in

from .models import Notification
from .services import mark_read


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(user=signed_in(request)).select_related("unit")[:200])
    return render(request, "notifications/list.html", {"items": items})


@login_required
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    """Mark read: one notification (``id``, then follow its link) or all of the person's."""
    raw = request.POST.get("id", "")
    if raw.isdigit():
        mark_read(request.user, [int(raw)])
        note = Notification.objects.filter(user=signed_in(request), pk=int(raw)).first()
        if note and note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts=None):
            return redirect(note.link)
    else:
        mark_read(request.user)
    return redirect("notifications:inbox")
