"""Editing an entry that belongs to another (a plan's task, a team's activity) on the shared form page.

The caller looks the parent up through ``scoped(..., "edit")`` (out of scope is a 404) and builds
the form; the parent is set on the entry here, never taken from the posted data.
"""

from __future__ import annotations

from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def edit_child(
    request: HttpRequest,
    form: ModelForm,
    parent: tuple[str, Model],
    back: str,
    title: str,
    delete_url: str | None,
) -> HttpResponse:
    """POST with a valid form: save the entry under ``parent`` (field name, object), go ``back``;
    otherwise the form page, with a delete link when the entry exists."""
    if request.method == "POST" and form.is_valid():
        setattr(form.instance, *parent)
        form.save()
        return redirect(back)
    return render(request, "registries/form.html", {"form": form, "title": title, "delete_url": delete_url})
