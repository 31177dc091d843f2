"""The indicator catalog: versioned data (YAML files), not code.

An ``Indicator`` is the stable identity (its code never changes meaning); each
``IndicatorDefinition`` is how one ``CatalogVersion`` describes it. Values point at the
stable indicator, so a new catalog version never orphans data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _

from cds.units.models import ScopedQuerySet


class Kind(models.TextChoices):
    COUNT = "count", "Số lượng"
    AMOUNT = "amount", "Số tiền (đồng)"
    RATE = "rate", "Tỷ lệ"
    BOOLEAN = "boolean", "Có/Không"
    TEXT = "text", "Văn bản"
    NUMBER = "number", "Số đo"
    DATE = "date", "Ngày"


class DataSetLevel(models.TextChoices):
    """The levels whose units fill a data set (``levels`` of an indicator); villages fill none."""

    COMMUNE = "commune", "Cấp xã"
    DISTRICT = "district", "Cấp huyện (trước 1/7/2025)"
    PROVINCE = "province", "Cấp tỉnh"


class UnitAggregation(models.TextChoices):
    SUM = "sum", "Cộng"
    RECOMPUTE = "recompute", "Tính lại từ tử số/mẫu số"
    ALL = "all", "Tất cả đều có"
    ANY = "any", "Có ít nhất một"
    NONE = "none", "Không cộng dồn"


class PeriodAggregation(models.TextChoices):
    SUM = "sum", "Cộng các kỳ"
    RECOMPUTE = "recompute", "Tính lại từ tử số/mẫu số"
    LATEST = "latest", "Giá trị mới nhất"
    MAX = "max", "Giá trị lớn nhất"
    NONE = "none", "Không cộng dồn"


class Scope(models.TextChoices):
    """What a value recorded at a unit means, and so whether children's values add up to it."""

    OWN = "own", "Của chính cơ quan, đơn vị (không cộng từ cấp dưới)"
    TERRITORY = "territory", "Trên địa bàn (cộng từ cấp dưới)"


class Direction(models.TextChoices):
    UP = "up", "Càng cao càng tốt"
    DOWN = "down", "Càng thấp càng tốt"
    NEUTRAL = "neutral", "Không xác định"


class Pillar(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name_vi = models.CharField(max_length=128)
    name_en = models.CharField(max_length=128)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Trụ cột")
        verbose_name_plural = _("Trụ cột")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi


class CatalogVersion(models.Model):
    code = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=255)
    effective_from = models.DateField()
    extends = models.CharField(max_length=32, blank=True, help_text="version whose file this one amends")
    source_file = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(
        max_length=64, blank=True, help_text="of the file; a loaded version never changes"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Phiên bản danh mục chỉ tiêu")
        verbose_name_plural = _("Phiên bản danh mục chỉ tiêu")
        ordering = ["effective_from", "code"]

    def __str__(self) -> str:
        return self.code


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def with_definitions(self) -> IndicatorQuerySet:
        return self.prefetch_related("definitions__version", "definitions__pillar")


class Indicator(models.Model):
    code = models.CharField(max_length=64, unique=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Chỉ tiêu")
        verbose_name_plural = _("Chỉ tiêu")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def definition(self, on: dt.date | None = None) -> IndicatorDefinition:
        """The definition in force on ``on`` (latest version when ``on`` is None)."""
        defs = sorted(self.definitions.all(), key=lambda d: d.version.effective_from)
        chosen = [d for d in defs if on is None or d.version.effective_from <= on] or defs[:1]
        return chosen[-1]


class IndicatorDefinition(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="definitions")
    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="definitions")
    name_vi = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="definitions")
    unit_vi = models.CharField(max_length=64, blank=True)
    unit_en = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    numerator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scale = models.PositiveIntegerField(default=100, help_text="rate = numerator / denominator × scale")
    aggregate_units = models.CharField(max_length=10, choices=UnitAggregation.choices)
    aggregate_periods = models.CharField(max_length=10, choices=PeriodAggregation.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.UP)
    decimals = models.PositiveSmallIntegerField(default=0)
    parts = models.JSONField(default=list, blank=True, help_text="codes whose sum must equal this total")
    description = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="where the sample reports state it, quoted")
    scope = models.CharField(
        max_length=10, choices=Scope.choices, default=Scope.TERRITORY, db_default=Scope.TERRITORY
    )
    display_unit = models.CharField(
        max_length=16,
        blank=True,
        db_default="",
        help_text="amounts: the unit they are shown in (stored in đồng)",
    )
    basis = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        help_text="legal citations: [{doc, part, url}, …] (catalog «basis»)",
    )
    basis_none = models.TextField(
        blank=True, db_default="", help_text="why no legal text is cited, when «basis» is empty"
    )
    levels = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        help_text="levels whose units fill it (commune, district, province); [] = every level",
    )
    counts_units = models.CharField(
        max_length=8,
        blank=True,
        db_default="",
        help_text="a count of the units of this level that exist under the unit on the period's "
        "last day, taken from the units registry (never typed)",
    )
    aliases = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        help_text="other Vietnamese phrasings reports use for the indicator (catalog «aliases»)",
    )

    class Meta:
        verbose_name = _("Định nghĩa chỉ tiêu")
        verbose_name_plural = _("Định nghĩa chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="definition_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}@{self.version.code}"


class CatalogAmendment(models.Model):
    """A loaded version's descriptive fields (``spec_types.AMENDABLE``) changed by reloading its file.

    What a recorded value is never changes; this row keeps what did (code, field, old, new).
    """

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="amendments")
    amended_at = models.DateTimeField(auto_now_add=True)
    source_file = models.CharField(max_length=255, blank=True)
    old_sha256 = models.CharField(max_length=64, blank=True)
    new_sha256 = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=list, help_text="[{code, field, old, new}, …]")

    class Meta:
        verbose_name = _("Sửa đổi danh mục")
        verbose_name_plural = _("Sửa đổi danh mục")
        ordering = ["version_id", "amended_at", "id"]

    def __str__(self) -> str:
        return f"{self.version.code}: {len(self.changes)} changes"


class Comparator(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="


class Target(models.Model):
    """A chỉ tiêu: for a level (all units of that level) or a single unit, for a period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=32, help_text="period code, e.g. 2024 or 2023Q3")
    level = models.CharField(max_length=8, blank=True, help_text="unit level; blank with a unit")
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    comparator = models.CharField(max_length=2, choices=Comparator.choices, default=Comparator.GE)
    value = models.DecimalField(max_digits=20, decimal_places=4)
    source = models.CharField(max_length=255, blank=True, help_text="the document that set it")

    class Meta:
        verbose_name = _("Chỉ tiêu giao")
        verbose_name_plural = _("Chỉ tiêu giao")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(level=""), name="target_has_scope"
            ),
            # NULL units are distinct in SQL, so level targets need their own uniqueness rule.
            models.UniqueConstraint(
                fields=["indicator", "period", "level"],
                condition=models.Q(unit__isnull=True),
                name="one_level_target_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "unit"],
                condition=models.Q(unit__isnull=False),
                name="one_unit_target_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.comparator} {self.value} ({self.period})"


def _ranking_code(code: str, part: str) -> str:
    return f"{code} — {part}" if part else code


#: how ``PublishedRank`` names its ranking (and part): the catalog app's ``ready`` sets it to
#: ``rankings_file.ranking_name``; the model does not import the file's loader (no import cycle)
name_ranking: Callable[[str, str], str] = _ranking_code


class PublishedRank(models.Model):
    """A unit's place in a published ranking other than DTI (``data/rankings.yaml``): rank of N, the
    score only when the text gives it. Never an indicator's value (a rank is not a measure). DTI's
    published results stay ``cds.dti.Result``: the code «dti» is refused here and by the database.
    Written only by ``cds.catalog.rankings.put_rank`` (its checks and change record)."""

    ranking = models.CharField(_("Bảng xếp hạng"), max_length=64, help_text="a code of data/rankings.yaml")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="published_ranks", verbose_name=_("Đơn vị")
    )
    period = models.CharField(_("Kỳ"), max_length=32, help_text="period code, e.g. 2024 or 2024Q1")
    part = models.CharField(
        _("Phần"), max_length=64, blank=True, default="", help_text="a part of the ranking; blank: the total"
    )
    rank = models.PositiveIntegerField(_("Hạng"))
    ranked_of = models.PositiveIntegerField(_("Trên số đơn vị"))
    score = models.DecimalField(_("Điểm"), max_digits=9, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("Điểm tối đa"), max_digits=9, decimal_places=2, null=True, blank=True)
    document = models.CharField(_("Văn bản công bố"), max_length=255, blank=True)
    # The publishing decision when it is in the document register (as cds.dti.RankingDecision
    # links DTI results): a document of the unit or a unit above it, never invented from text.
    decision = models.ForeignKey(
        "registries.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_ranks",
        verbose_name=_("Quyết định công bố (sổ đăng ký văn bản)"),
    )
    note = models.CharField(_("Ghi chú"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Thứ hạng đã công bố")
        verbose_name_plural = _("Thứ hạng đã công bố")
        ordering = ["ranking", "part", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "unit", "period", "part"], name="published_rank_one_per_unit_period_part"
            ),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="published_rank_at_least_1"),
            models.CheckConstraint(
                condition=models.Q(rank__lte=models.F("ranked_of")), name="published_rank_within_ranked_of"
            ),
            models.CheckConstraint(condition=~models.Q(ranking="dti"), name="published_rank_not_dti"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(max_score__isnull=True)
                | models.Q(score__lte=models.F("max_score")),
                name="published_rank_score_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ranking_name}, {self.period}: {self.rank}/{self.ranked_of}"

    @property
    def ranking_name(self) -> str:
        """The ranking's (and part's) Vietnamese name, as every page says it (``name_ranking``)."""
        return name_ranking(self.ranking, self.part)
