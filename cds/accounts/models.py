"""Who may see and change what: role assignments on units.

Scope is a property of the data layer (``cds.accounts.scope``), not of views: every page, API
operation, export and report asks ``units_for(user, action)`` and simply never finds a unit
outside it (in the spirit of NetBox's ``restrict()``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    SUPERVISOR = "supervisor", "Cơ quan giám sát"
    OFFICER = "officer", "Cán bộ đơn vị"
    VIEWER = "viewer", "Chỉ xem"


class RoleAssignment(models.Model):
    """One role of one person on one unit (and, for supervisors and viewers, everything below it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=12, choices=Role.choices)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_once_per_unit"),
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(unit__isnull=False), name="role_needs_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit or 'toàn hệ thống'}"
