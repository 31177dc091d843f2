"""Who may see and change what: role assignments on units.

Scope is a property of the data layer (``cds.accounts.scope``), not of views: every page, API
operation, export and report asks ``Model.objects.for_user(user, action)`` and simply never finds a unit
outside it (in the spirit of NetBox's ``restrict()``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cds.lib.vn_dates import local_time


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    SUPERVISOR = "supervisor", "Cơ quan giám sát"
    OFFICER = "officer", "Cán bộ đơn vị"
    VIEWER = "viewer", "Chỉ xem"


class RoleAssignment(models.Model):
    """One role of one person on one unit (and, for supervisors and viewers, everything below it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("Người dùng")
    )
    role = models.CharField(_("Vai trò"), max_length=12, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đơn vị"),
    )
    granted_at = models.DateTimeField(_("Cấp lúc"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người cấp"),
    )

    class Meta:
        verbose_name = _("Phân quyền")
        verbose_name_plural = _("Phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_once_per_unit"),
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(unit__isnull=False), name="role_needs_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit or 'toàn hệ thống'}"


class ApiToken(models.Model):
    """A personal API key. Only its SHA-256 digest is stored: the key itself is shown once.

    Keys are 256 random bits, so a fast hash is enough (there is nothing to brute-force, unlike
    passwords); a revoked key stays as a row so ``token list`` shows who revoked what and when.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("Người dùng"),
    )
    name = models.CharField(
        max_length=100, blank=True, help_text="what the key is for", verbose_name=_("Tên")
    )
    prefix = models.CharField(
        max_length=12,
        help_text="the key's first characters, to recognise it",
        verbose_name=_("Phần đầu của khoá"),
    )
    digest = models.CharField(max_length=64, unique=True, verbose_name=_("Mã băm"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Tạo lúc"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Dùng lần cuối"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Thu hồi lúc"))

    class Meta:
        verbose_name = _("Mã truy cập API")
        verbose_name_plural = _("Mã truy cập API")
        ordering = ["user_id", "created_at", "id"]

    def __str__(self) -> str:
        state = "đã thu hồi" if self.revoked_at else "đang dùng"
        return f"{self.prefix}… ({self.user}, {state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginFailure(models.Model):
    """One failed login, by username and client address: the record lockout counts."""

    username = models.CharField(max_length=150, db_index=True, verbose_name=_("Tên đăng nhập"))
    ip = models.CharField(max_length=45, blank=True, verbose_name=_("Địa chỉ IP"))
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("Lúc"))
    user_agent = models.CharField(max_length=255, blank=True, verbose_name=_("Trình duyệt"))

    class Meta:
        verbose_name = _("Lần đăng nhập sai")
        verbose_name_plural = _("Lần đăng nhập sai")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip or '?'} {local_time(self.at):%d/%m/%Y %H:%M}"


class Contact(models.Model):
    """How to reach a person about their unit's reports: the phone beside the account's name and e-mail
    (shown to the supervisors of the unit on the completeness board)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact")
    phone = models.CharField("Số điện thoại", max_length=30, blank=True)

    class Meta:
        verbose_name = _("Liên hệ")
        verbose_name_plural = _("Liên hệ")

    def __str__(self) -> str:
        return f"{self.user} — {self.phone}"
