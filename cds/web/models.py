"""What the web layer keeps of its own: reporting deadlines per period.

Values, their status and their history live in ``cds.values``; the only thing the completeness
board needs beyond them is when a period's reports are due.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from cds.lib.periods import Period

DEFAULT_GRACE_DAYS = 15


class Deadline(models.Model):
    """When reports for a period are due; without a row, ``DEFAULT_GRACE_DAYS`` after the period ends."""

    period = models.CharField(max_length=32, unique=True, help_text="canonical period code, e.g. 2025Q2")
    due = models.DateField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.period}: {self.due}"


def deadline_for(period: Period) -> dt.date:
    row = Deadline.objects.filter(period=period.code).values_list("due", flat=True).first()
    return row or period.end + dt.timedelta(days=DEFAULT_GRACE_DAYS)
