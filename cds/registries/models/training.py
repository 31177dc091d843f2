"""Training: courses and classes, and who took part, by group (the Phụ lục II table)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from cds.units.models import ScopedQuerySet


class CourseKind(models.TextChoices):
    """The Phụ lục II rows and the other kinds of training the reports count."""

    GUIDANCE = "guidance", _("Tổ CNSCĐ ra quân hướng dẫn người dân về kỹ năng số")
    LOCAL = "local", _("Tập huấn chuyển đổi số trên địa bàn")
    PROVINCIAL = "provincial", _("Chương trình tập huấn Tổ CNSCĐ do cấp tỉnh tổ chức")
    EXTERNAL = "external", _("Lớp tập huấn do cấp trên tổ chức")
    ONLINE = "online", _("Khóa học trực tuyến")


class ParticipantGroup(models.TextChoices):
    OFFICIALS = "officials", _("CB, CC, NHĐKCT")
    TEAM_MEMBERS = "team_members", _("Thành viên Tổ CNSCĐ")
    RESIDENTS = "residents", _("Người dân")


class Course(models.Model):
    """A course, class series or campaign a unit organised or attended. ``sessions`` counts its
    classes ("8 lớp phổ biến kiến thức …" is one course of 8 sessions)."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        IN_PERSON = "in_person", _("Trực tiếp")
        MIXED = "mixed", _("Kết hợp")

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="courses")
    kind = models.CharField(max_length=10, choices=CourseKind.choices)
    name = models.CharField(max_length=300)
    organiser = models.CharField(max_length=200, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    platform = models.CharField(max_length=200, blank=True)
    audience = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    sessions = models.PositiveIntegerField(default=1)
    document = models.ForeignKey(
        "registries.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    note = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lớp tập huấn")
        verbose_name_plural = _("Lớp tập huấn")
        ordering = ["starts_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "name", "starts_on"], name="course_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def ends(self) -> dt.date:
        return self.ends_on or self.starts_on


class Participation(models.Model):
    """How many of one group took part in a course, completed it and were certified."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participations")
    group = models.CharField(max_length=12, choices=ParticipantGroup.choices)
    participants = models.PositiveIntegerField()
    completed = models.PositiveIntegerField(default=0)
    certified = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Lượt tham gia tập huấn")
        verbose_name_plural = _("Lượt tham gia tập huấn")
        constraints = [
            models.UniqueConstraint(fields=["course", "group"], name="participation_once_per_group"),
            models.CheckConstraint(
                condition=models.Q(completed__lte=models.F("participants"))
                & models.Q(certified__lte=models.F("participants")),
                name="participation_parts_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.get_group_display()} {self.participants}"
