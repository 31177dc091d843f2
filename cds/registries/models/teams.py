"""Tổ công nghệ số cộng đồng: teams, the decisions that founded and re-formed them, members, activities."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cds.units.models import ScopedQuerySet


class TeamLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    VILLAGE = "village", _("Cấp thôn, tổ dân phố")


class Team(models.Model):
    """A team. ``unit`` is the administrative unit it belongs to; a village team belongs to its
    commune and points to its thôn / tổ dân phố in ``village`` (a village Unit under that
    commune); ``area`` keeps the free-text name only when no village unit could be found."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="digital_teams")
    level = models.CharField(max_length=8, choices=TeamLevel.choices)
    name = models.CharField(max_length=200)
    village = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="village_teams"
    )
    area = models.CharField(max_length=120, blank=True, help_text=_("thôn, tổ dân phố (tổ cấp thôn)"))
    established_on = models.DateField()
    dissolved_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Tổ công nghệ số cộng đồng")
        verbose_name_plural = _("Tổ công nghệ số cộng đồng")
        ordering = ["unit__path", "level", "area", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="team_name_once_per_unit")]

    def __str__(self) -> str:
        return self.name


class TeamDecision(models.Model):
    """A decision that founded or re-formed (kiện toàn) a team."""

    class Role(models.TextChoices):
        FOUNDING = "founding", _("Thành lập")
        REFORMING = "reforming", _("Kiện toàn")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="decisions")
    document = models.ForeignKey(
        "registries.Document", on_delete=models.PROTECT, related_name="team_decisions"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.FOUNDING)

    class Meta:
        verbose_name = _("Quyết định về tổ")
        verbose_name_plural = _("Quyết định về tổ")
        constraints = [models.UniqueConstraint(fields=["team", "document"], name="team_decision_once")]

    def __str__(self) -> str:
        return f"{self.team}: {self.document}"


class Member(models.Model):
    """A team member. ``phone``, ``email`` and ``birth_year`` are personal data: pages show them
    only to people who may edit the team's unit (its officers and supervisors)."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Tổ trưởng")
        DEPUTY = "deputy", _("Tổ phó")
        MEMBER = "member", _("Thành viên")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(max_length=120)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    organisation = models.CharField(max_length=120, blank=True, help_text=_("Đoàn thanh niên, Hội phụ nữ …"))
    position = models.CharField(max_length=120, blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    birth_year = models.PositiveIntegerField(null=True, blank=True)
    synthetic = models.BooleanField(default=False, help_text="dữ liệu mô phỏng (demo)")

    PERSONAL_FIELDS = ("phone", "email", "birth_year")

    class Meta:
        verbose_name = _("Thành viên tổ")
        verbose_name_plural = _("Thành viên tổ")
        ordering = ["team", "role", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "full_name", "joined_on"], name="member_once_per_team")
        ]

    def __str__(self) -> str:
        return self.full_name


class Activity(models.Model):
    """One outing of a team: when, where, how many people it guided on which platforms."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Hướng dẫn người dân")
        CAMPAIGN = "campaign", _("Ra quân, tuyên truyền")
        TRAINING = "training", _("Tập huấn")
        MEETING = "meeting", _("Họp, sinh hoạt tổ")

    PLATFORMS = {
        "dvc": "Dịch vụ công trực tuyến",
        "vneid": "VNeID",
        "payment": "Thanh toán trực tuyến",
        "ecommerce": "Thương mại điện tử",
        "safety": "An toàn trên mạng",
        "local": "Nền tảng địa phương",
    }

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="activities")
    held_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.GUIDANCE)
    place = models.CharField(max_length=200, blank=True)
    people_guided = models.PositiveIntegerField(default=0)
    platforms = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Hoạt động của tổ")
        verbose_name_plural = _("Hoạt động của tổ")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["team", "held_on", "kind", "place"], name="activity_once")
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.held_on:%d/%m/%Y}"
