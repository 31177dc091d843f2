"""In-app notifications: one row per person and event (a return, an approval, lateness, a reminder).

Written only by ``cds.notifications.services.notify``; read by the list page and the header's
unread count. The text is kept in both languages, as written when the event happened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RETURNED = "returned", "Báo cáo bị trả lại"
    APPROVED = "approved", "Báo cáo đã được duyệt"
    LATE = "late", "Báo cáo quá hạn"
    REMINDER = "reminder", "Nhắc nhở nộp báo cáo"
    SUBMITTED = "submitted", "Báo cáo chờ duyệt"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=32, blank=True)
    text_vi = models.TextField()
    text_en = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    # one notice of lateness per person, unit and period: re-running the check adds nothing
    key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.text_vi[:60]}"

    def text(self, lang: str = "vi") -> str:
        return self.text_en if lang == "en" else self.text_vi
