"""Saving a register entry from its form page through the register's domain operation.

The caller looks the parent up through ``get_for_user_or_404(..., "edit")`` (out of scope is a 404) and builds
the form; the parent is set on the entry here, never taken from the posted data. The form checks
the fields; ``operations.save_*`` checks the rules (dates, duplicates) and writes the history, and
its bilingual refusal is shown on the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.forms import BaseForm, ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cds.lib.errors import InputError
from cds.values.services import Actor


def refused(form: BaseForm, error: InputError) -> None:
    """Show a domain operation's refusal on the form, in both languages, at its field if it has one."""
    field = error.where.column if error.where and error.where.column in form.fields else None
    form.add_error(field, f"{error.message('vi')} / {error.message('en')}")


def save_form(request: HttpRequest, form: BaseForm, save: Callable[[Actor], Any]) -> bool:
    """POST with a valid form: ``save(actor)``; False (errors on the form) when it refused."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(Actor.for_user(request.user))
    except InputError as error:
        refused(form, error)
        return False
    return True


def edit_page(
    request: HttpRequest, form: ModelForm, save: Callable[[Actor], Any], title: str, shown_at: str
) -> HttpResponse:
    """A register entry's own form page: POST with a valid form saves it (``save_form``) and goes to
    the entry's page (the URL name ``shown_at``, by its pk); otherwise the form, with its errors."""
    if save_form(request, form, save):
        return redirect(shown_at, pk=form.instance.pk)
    return render(request, "registries/form.html", {"form": form, "title": title})


def edit_child(
    request: HttpRequest,
    form: ModelForm,
    parent: tuple[str, Model],
    back: str,
    title: str,
    delete_url: str | None,
    save: Callable[[Any, Actor], str],
) -> HttpResponse:
    """POST with a valid form: ``save(entry, actor)`` under ``parent`` (field name, object), go
    ``back``; otherwise the form page, with a delete link when the entry exists."""

    def under_parent(actor: Actor) -> str:
        setattr(form.instance, *parent)
        return save(form.instance, actor)

    if save_form(request, form, under_parent):
        return redirect(back)
    return render(request, "registries/form.html", {"form": form, "title": title, "delete_url": delete_url})
