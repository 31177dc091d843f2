"""One change record per write to a register, an assessment or a role (values keep their own
``ValueChange`` history): what object, what happened, the fields before and after, who, when,
why, and the id of the request or command run that did it — in the spirit of NetBox's
``ObjectChange``. Rows are written by ``cds.history.changes.record`` inside the domain
function's transaction, so a write and its record are committed or rolled back together."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeAction(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xóa"
    SUBMIT = "submit", "Gửi"
    VERIFY = "verify", "Thẩm định"
    ATTACH = "attach", "Đính kèm tệp"


class ChangeRecord(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=8, choices=ChangeAction.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="the unit the object belongs to: whose history this is",
    )  # fmt: skip
    actor = models.CharField(max_length=150, help_text="user name, or the process that wrote")
    source_kind = models.CharField(max_length=16, help_text="manual / import / api / computed / demo")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_id = models.CharField(max_length=64, db_index=True, help_text="one per request or command run")
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Thay đổi")
        verbose_name_plural = _("Lịch sử thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr} ({self.actor}, {self.at:%d/%m/%Y %H:%M})"

    @property
    def changed_fields(self) -> list[str]:
        """Fields whose value differs between before and after (all of them for a create or delete)."""
        before, after = self.before or {}, self.after or {}
        return [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
