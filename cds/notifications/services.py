"""Telling people what happened to their reports: in the app, and by e-mail when mail is set up.

``notify`` is the one writer of ``Notification``; the workflow (``cds.values.workflow``) calls it
on a return and an approval, ``cds.values.reminders`` on lateness and reminders. E-mail goes
through Django's mail settings (``CDS_EMAIL_HOST`` for SMTP; the console backend otherwise, which
prints the message in the demo's terminal) to people who have an address; a failing mail server
never undoes the event — the in-app notice is kept and the failure logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone

from cds.accounts.models import Role, RoleAssignment
from cds.units.models import Unit

from .models import Notification

log = logging.getLogger(__name__)


def officers_of(unit: Unit) -> QuerySet[Any]:
    """The active people with the officer role on ``unit`` (who enter and submit its reports)."""
    ids = RoleAssignment.objects.filter(role=Role.OFFICER, unit=unit).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


def supervisors_of(unit: Unit) -> QuerySet[Any]:
    """The active supervisors of ``unit``: those whose unit is one of its ancestors (not itself)."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/")[:-1] if pk]
    ids = RoleAssignment.objects.filter(role=Role.SUPERVISOR, unit_id__in=ancestors).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


def notify(
    users: Iterable[Any],
    kind: str,
    text_vi: str,
    text_en: str,
    unit: Unit | None = None,
    period: str = "",
    link: str = "",
    key: str = "",
) -> list[Notification]:
    """One notification per person (none twice for the same ``key``), and an e-mail to each address."""
    users = list(users)
    if key:
        already = set(Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
        users = [u for u in users if u.pk not in already]
    made = Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                kind=kind,
                unit=unit,
                period=period,
                text_vi=text_vi,
                text_en=text_en,
                link=link,
                key=key,
            )
            for u in users
        ]
    )
    sent = [
        n.pk for n, u in zip(made, users, strict=True) if u.email and _mail(u.email, text_vi, text_en, link)
    ]
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed=True)
    return made


def _mail(address: str, text_vi: str, text_en: str, link: str) -> bool:
    subject = f"[CĐS Hub] {text_vi}"[:150]
    where = f"\n\n{settings.CDS_SITE_URL.rstrip('/')}{link}" if link and settings.CDS_SITE_URL else ""
    try:
        send_mail(subject, f"{text_vi}\n\n({text_en}){where}", None, [address])
    except Exception:  # the mail server is outside our control: keep the in-app notice, log the failure
        log.exception("notification e-mail to %s failed", address)
        return False
    return True


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications read (only theirs; ``ids`` None: all of them)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def unit_contacts(unit_ids: Iterable[int]) -> dict[int, list[dict[str, str]]]:
    """unit id → its officers' name, phone and e-mail (one query), for the completeness board."""
    rows = (
        RoleAssignment.objects.filter(role=Role.OFFICER, unit_id__in=list(unit_ids), user__is_active=True)
        .select_related("user", "user__contact")
        .order_by("unit_id", "user__username")
    )
    out: dict[int, list[dict[str, str]]] = {}
    for a in rows:
        if a.unit_id is None:  # never: the query asks for these units
            continue
        contact = getattr(a.user, "contact", None)
        out.setdefault(a.unit_id, []).append(
            {
                "name": a.user.get_full_name() or a.user.get_username(),
                "phone": contact.phone if contact else "",
                "email": a.user.email,
            }
        )
    return out
