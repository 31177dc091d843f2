"""A background job as the person who started it sees it: what, who, progress, outcome, errors.

The queue itself is Django's tasks framework (the ``django-tasks`` backport with the database
backend of ``django-tasks-db``): a ``Job`` row is ours, the task row is the queue's. A task only
carries the job's id; everything a page shows is here, written by the task as it runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Xong"
    REFUSED = "refused", "Tệp bị từ chối"  # the file had errors: nothing written, the errors listed
    FAILED = "failed", "Không thành công"


ACTIVE = (Status.QUEUED, Status.RUNNING)


class Kind(models.TextChoices):
    DOSSIER_IMPORT = "dossier_import", "Nhập tệp hồ sơ một cửa"
    REPORT_BATCH = "report_batch", "Tạo bộ báo cáo"
    KPI_RECOMPUTE = "kpi_recompute", "Tính lại chỉ số dịch vụ công"
    VALUES_IMPORT = "values_import", "Nhập tệp số liệu"


class Job(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(default=dict)  # what the task needs (paths under the job's folder, codes)
    file_name = models.CharField(max_length=255, blank=True)  # the name the person knows the file by
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    message_vi = models.TextField(blank=True)
    message_en = models.TextField(blank=True)
    summary_vi = models.TextField(blank=True)  # the outcome in words (the CLI's summary lines)
    summary_en = models.TextField(blank=True)
    errors = models.JSONField(default=list)  # [{vi, en, row, column, value}], the first ERRORS_KEPT
    error_count = models.PositiveIntegerField(default=0)
    output = models.CharField(
        max_length=255, blank=True
    )  # a file to download (zip, error file), in the folder
    # set while queued or running; unique, so a second identical job cannot start beside the first
    active_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    task_id = models.CharField(max_length=64, blank=True)  # the queue's task result id (current attempt)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # last progress written
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "Việc chạy nền")  # one job; the app's name is the plural
        verbose_name_plural = _("Việc chạy nền")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.status} {self.progress}%"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE
