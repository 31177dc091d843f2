"""Administrative units before and after the 1 July 2025 reorganisation, with lineage.

Every unit row carries a materialised ``path`` ("/<id>/<id>/.../") so that ancestors and
descendants are single indexed queries, fast enough to roll up the whole country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Literal, Self, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

REORGANISATION_DATE = dt.date(2025, 7, 1)


class Era(models.TextChoices):
    LEGACY = "legacy", "63 tỉnh (trước 1/7/2025)"
    CURRENT = "current", "34 tỉnh (từ 1/7/2025)"


class Level(models.TextChoices):
    PROVINCE = "province", "Tỉnh"
    DISTRICT = "district", "Huyện"
    COMMUNE = "commune", "Xã"
    VILLAGE = "village", "Thôn"


def subtree_q(path: str, field: str = "path") -> models.Q:
    """Units whose materialised path starts with ``path``, as an index-friendly range.

    Paths are "/id/id/…/" (digits and slashes), so every path below "/12/" sorts between "/12/"
    and "/120" ("0" follows "/"). A range uses the index on PostgreSQL and SQLite alike, where
    ``startswith`` becomes a LIKE that SQLite answers by scanning every unit.
    """
    return models.Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})


Action = Literal["view", "edit", "review"]
ScopeRule = Callable[[Any, Action], "models.Q | None"]
_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """Rows that belong to a unit; ``for_user(user, action)`` keeps those of the units the person
    may ``action`` ("view", "edit", "review"), so a row outside their scope is simply never found.

    Who may do what on which unit is the accounts app's rule (``cds.accounts.scope.scope_q``); it
    installs it here when Django starts (``AccountsConfig.ready``), so every app's models can be
    scoped without this lowest layer importing the accounts app.
    """

    unit_field: ClassVar[str] = "unit"  # the foreign key to Unit; "" for Unit itself
    rule: ClassVar[ScopeRule | None] = None

    def for_user(self, user: Any, action: Action = "view") -> Self:
        rule = ScopedQuerySet.rule
        if rule is None:
            raise ImproperlyConfigured("no scope rule installed: is cds.accounts in INSTALLED_APPS?")
        q = rule(user, action)
        if q is None:  # administrators: everything
            return self.all()
        if not self.unit_field:
            return self.filter(q)
        return self.filter(**{f"{self.unit_field}__in": Unit.objects.filter(q).values("pk")})


def install_scope_rule(rule: ScopeRule) -> None:
    ScopedQuerySet.rule = rule


class UnitQuerySet(ScopedQuerySet["Unit"]):
    unit_field = ""

    def in_era(self, era: str) -> UnitQuerySet:
        return self.filter(era=era)

    def as_of(self, date: dt.date) -> UnitQuerySet:
        """Units that existed on ``date`` (legacy before 1/7/2025, current from then)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=date),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=date),
        )

    def subtree(self, unit: Unit, include_self: bool = True) -> UnitQuerySet:
        qs = self.filter(subtree_q(unit.path))
        return qs if include_self else qs.exclude(pk=unit.pk)


class Unit(models.Model):
    era = models.CharField(max_length=8, choices=Era.choices)
    level = models.CharField(max_length=8, choices=Level.choices)
    code = models.CharField(max_length=32, help_text="Official code (mã hành chính); generated for villages")
    name = models.CharField(max_length=128, help_text="Full name with type, e.g. 'Xã Tịnh Châu'")
    short_name = models.CharField(max_length=128, help_text="Name without type, e.g. 'Tịnh Châu'")
    unit_type = models.CharField(max_length=32, help_text="Xã / Phường / Thị trấn / Huyện / Tỉnh / Thôn ...")
    search_key = models.CharField(max_length=128, db_index=True, help_text="short name folded for matching")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(default=0)
    area_km2 = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="exclusive")
    created_by_user = models.BooleanField(default=False, help_text="villages added in the app")

    objects = UnitQuerySet.as_manager()
    # not a column: the parent's name, set on a page's many units from one query (web.views.board)
    parent_name: str

    class Meta:
        verbose_name = _("Đơn vị hành chính")
        verbose_name_plural = _("Đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["era", "level", "code"], name="unit_unique_code")]
        indexes = [models.Index(fields=["era", "level"])]
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.era == Era.CURRENT


class LineageKind(models.TextChoices):
    SAME = "same", "Giữ nguyên"
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách"


class UnitLineage(models.Model):
    """One edge old unit → new unit of the 2025 reorganisation.

    ``share`` is the fraction of the old unit's quantities that belongs to the new unit when
    rolling up: 1 for merges; for splits, proportional to area where the source data has it.
    """

    old = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successor_links")
    new = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessor_links")
    kind = models.CharField(max_length=8, choices=LineageKind.choices)
    share = models.DecimalField(max_digits=7, decimal_places=6, default=1)
    is_primary = models.BooleanField(
        default=True, help_text="the successor that inherits the old unit's identity"
    )
    effective = models.DateField(default=REORGANISATION_DATE)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("Quan hệ kế thừa đơn vị")
        verbose_name_plural = _("Quan hệ kế thừa đơn vị")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="lineage_unique_edge")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new} ({self.kind}, {self.share})"


class ReferenceVersion(models.Model):
    """A number bumped whenever reference data (``units``: the unit lists and the 2025 lineage)
    changes, in the same transaction. Every server process keys what it keeps of that data by the
    number, so a ``cds units`` reload shows on every worker at its next request, not minutes later.
    """

    name = models.CharField(max_length=32, unique=True)
    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Phiên bản danh sách đơn vị")
        verbose_name_plural = _("Phiên bản danh sách đơn vị")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


def reference_version(name: str = "units") -> int:
    """The current version of ``name`` (0 before the first change): one indexed lookup."""
    found = ReferenceVersion.objects.filter(name=name).values_list("version", flat=True).first()
    return found or 0


def bump_reference_version(name: str = "units") -> None:
    """Mark ``name`` changed; call inside the transaction that changes it."""
    updated = ReferenceVersion.objects.filter(name=name).update(version=models.F("version") + 1)
    if not updated:
        ReferenceVersion.objects.create(name=name, version=1)
