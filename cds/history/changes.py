"""Write a change record in the caller's transaction, and save or delete a model with one.

Every domain function that changes a register, an assessment or a role ends in ``record`` (or
``save_with_history`` / ``delete_with_history``, which do the usual save-compare-record), so
the function stays short and the history cannot be forgotten by one caller: web, API, CLI and
admin call the same function. Bulk paths build records with ``build`` and ``bulk_create`` them
next to their own bulk writes (signals would not fire there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from cds.lib.errors import InputError

from .context import request_id
from .models import ChangeAction, ChangeRecord

_PARENTS = ("team", "plan", "course", "assessment", "item")


class ActorLike(Protocol):
    """``cds.values.services.Actor``: who writes (a user, or a named process)."""

    @property
    def label(self) -> str: ...

    @property
    def source_kind(self) -> str: ...

    @property
    def user(self) -> Any: ...


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, **extra: Any) -> dict[str, Any]:
    """The object's stored fields as JSON (foreign keys by id, many-to-many as sorted ids),
    without the automatic timestamps; ``extra`` adds what belongs to it (a course's participants)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        data[f.attname] = _plain(getattr(obj, f.attname))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    data.update({k: _plain(v) for k, v in extra.items()})
    return data


def unit_id_of(obj: models.Model) -> int | None:
    """The unit whose history the object is part of: its own, or its team's, plan's, course's …"""
    if hasattr(obj, "unit_id"):
        return obj.unit_id
    for name in _PARENTS:
        parent = getattr(obj, name, None)
        if isinstance(parent, models.Model):
            return unit_id_of(parent)
    return None


def build(
    actor: ActorLike,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> ChangeRecord:
    """An unsaved record (for ``bulk_create``); ``record`` saves one."""
    user = actor.user if getattr(actor.user, "pk", None) is not None else None
    return ChangeRecord(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk if obj.pk is not None else (before or {}).get("id", "")),
        object_repr=str(obj)[:200],
        action=action,
        before=before,
        after=after,
        unit_id=unit_id_of(obj),
        actor=actor.label[:150],
        source_kind=str(actor.source_kind)[:16],
        user=user,
        request_id=request_id(),
        reason=reason,
    )


def record(
    actor: ActorLike,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> ChangeRecord:
    """Write one change record; call it inside the transaction of the change it records."""
    change = build(actor, action, obj, before, after, reason)
    change.save()
    return change


def _duplicate(obj: models.Model, message: tuple[str, str] | None) -> InputError:
    name = str(obj._meta.verbose_name)
    vi, en = message or (f"Đã có một mục «{obj}» như vậy.", f"Such an entry ({name} «{obj}») already exists.")
    return InputError(vi, en)


def check_constraints(obj: models.Model, duplicate: tuple[str, str] | None = None) -> None:
    """The model's unique and check constraints, as bilingual errors before the database sees them."""
    try:
        obj.validate_constraints()
    except ValidationError as err:
        errors = err.error_dict.get(NON_FIELD_ERRORS, []) if hasattr(err, "error_dict") else err.error_list
        if any(e.code in {"unique", "unique_together"} for e in errors) or not errors:
            raise _duplicate(obj, duplicate) from None
        text = "; ".join(str(m) for e in errors for m in e.messages)
        raise InputError(f"Dữ liệu không hợp lệ: {text}", f"Invalid data: {text}") from None


def save_with_history(
    obj: models.Model,
    actor: ActorLike,
    reason: str = "",
    *,
    duplicate: tuple[str, str] | None = None,
    m2m: dict[str, Iterable[models.Model]] | None = None,
    after_save: Any = None,
) -> str:
    """Save ``obj`` (create or update) with its constraints checked and a change record
    written in the same transaction; returns "create", "update" or "unchanged" (nothing written).

    ``m2m`` sets many-to-many fields; ``after_save(obj)`` saves what belongs to the object and
    returns extra snapshot fields (``dict``), compared like the object's own.
    """
    model = type(obj)
    with transaction.atomic():
        old = model._default_manager.select_for_update().filter(pk=obj.pk).first() if obj.pk else None
        before = snapshot(old, **(_extra_of(old, after_save))) if old is not None else None
        check_constraints(obj, duplicate)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:  # a concurrent writer got there between the check and the save
            raise _duplicate(obj, duplicate) from None
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(list(values))
        extra = after_save.save(obj) if after_save is not None else {}
        after = snapshot(obj, **extra)
        if before == after:
            return "unchanged"
        action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
        record(actor, action, obj, before, after, reason)
        return str(action)


def _extra_of(obj: models.Model, after_save: Any) -> dict[str, Any]:
    return after_save.describe(obj) if after_save is not None else {}


def delete_with_history(obj: models.Model, actor: ActorLike, reason: str = "", **extra: Any) -> None:
    """Delete ``obj`` and record what it was, in one transaction."""
    with transaction.atomic():
        before = snapshot(obj, **extra)
        pk = obj.pk
        change = build(actor, ChangeAction.DELETE, obj, before, None, reason)
        change.object_id = str(pk)
        obj.delete()
        change.save()


def history_of(obj: models.Model) -> models.QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
