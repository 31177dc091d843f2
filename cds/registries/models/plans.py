"""A unit's yearly CĐS plan (itself a document) and its tasks."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cds.units.models import ScopedQuerySet


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Plan(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="cds_plans")
    year = models.PositiveIntegerField()
    document = models.OneToOneField("registries.Document", on_delete=models.PROTECT, related_name="plan")
    title = models.CharField(max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kế hoạch")
        verbose_name_plural = _("Kế hoạch")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "document"], name="plan_once")]

    def __str__(self) -> str:
        # the default title in the reader's language; a title the unit typed is kept as typed
        return self.title or gettext("Kế hoạch CĐS năm %(year)s") % {"year": self.year}


class Task(models.Model):
    """One task. "Overdue" is not stored: it is an open task past its deadline on a given day."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    content = models.TextField()
    pillar = models.CharField(max_length=40, blank=True, help_text=_("mã trụ cột trong danh mục chỉ tiêu"))
    lead = models.CharField(max_length=200, blank=True)
    supporting = models.CharField(max_length=300, blank=True)
    deadline = models.DateField()
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    evidence_document = models.ForeignKey(
        "registries.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence_for"
    )

    class Meta:
        verbose_name = _("Nhiệm vụ")
        verbose_name_plural = _("Nhiệm vụ")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="task_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def state_on(self, day: dt.date) -> str:
        """not_started / in_progress / done / overdue, as seen on ``day``."""
        if self.status == TaskStatus.DONE and self.done_on and self.done_on <= day:
            return "done"
        if self.deadline < day:
            return "overdue"
        return TaskStatus.IN_PROGRESS if self.status == TaskStatus.DONE else self.status

    def done_on_time(self) -> bool:
        return self.status == TaskStatus.DONE and self.done_on is not None and self.done_on <= self.deadline
