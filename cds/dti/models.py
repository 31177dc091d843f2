"""DTI data: loaded frameworks, self-assessments with their verification, and scored results.

A framework file is stored whole (``spec``) with its sha256: a loaded version never changes, so
last year's scores keep meaning what they meant. Results are derived data (scores from values and
assessments, or published results imported from past decisions) and are rewritten by scoring.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cds.units.models import ScopedQuerySet


class FrameworkVersion(models.Model):
    code = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    title = models.CharField(max_length=255)
    level = models.CharField(max_length=10)
    years = models.JSONField(help_text="years the framework applies to")
    total = models.DecimalField(max_digits=9, decimal_places=2)
    template = models.BooleanField(default=False, help_text="an editable template, not an official text")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    spec = models.JSONField(help_text="the YAML document as loaded")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Phiên bản bộ chỉ số DTI")
        verbose_name_plural = _("Phiên bản bộ chỉ số DTI")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="dti_framework_unique_version")
        ]
        ordering = ["code", "version"]

    def __str__(self) -> str:
        return f"{self.code}@{self.version}"


class AssessmentStatus(models.TextChoices):
    # shown on the scorecard («Tự đánh giá: …»): in the reader's language
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi tự đánh giá")
    VERIFIED = "verified", _("Đã thẩm định")


class Assessment(models.Model):
    """One unit's self-assessment for one framework and year, and its verification."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="dti_assessments")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.CharField(max_length=128, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.CharField(max_length=128, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bản tự đánh giá DTI")
        verbose_name_plural = _("Bản tự đánh giá DTI")
        constraints = [
            models.UniqueConstraint(fields=["framework", "unit", "year"], name="dti_one_assessment_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.framework} {self.year} ({self.status})"


class AssessmentItem(models.Model):
    """The unit's proposed points and the supervisor's verified points for one item: both kept."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    item_code = models.CharField(max_length=32)
    self_points = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(blank=True, help_text="the unit's explanation and evidence references")
    verified_points = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    verify_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Điểm tiêu chí")
        verbose_name_plural = _("Điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_code"], name="dti_one_row_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.self_points} → {self.verified_points}"


class AssessmentEvent(models.Model):
    """Who changed which points, when, from what to what, and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    item_code = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=16, help_text="propose / submit / verify / evidence")
    old_points = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    new_points = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    reason = models.TextField(blank=True)
    actor = models.CharField(max_length=128)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Bước đánh giá")
        verbose_name_plural = _("Bước đánh giá")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.item_code} {self.old_points}→{self.new_points} ({self.actor})"


class EvidenceQuerySet(ScopedQuerySet["Evidence"]):
    unit_field = "item__assessment__unit"  # the unit whose assessment the file supports


class Evidence(models.Model):
    """A file attached to an item (tài liệu kiểm chứng); stored under a generated name only."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="evidence")
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField(max_length=255, help_text="shown to people, never used as a path")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.CharField(max_length=128)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Tài liệu kiểm chứng")
        verbose_name_plural = _("Tài liệu kiểm chứng")

    def __str__(self) -> str:
        return self.original_name


class ResultSource(models.TextChoices):
    COMPUTED = "computed", "Chấm trên hệ thống"
    PUBLISHED = "published", "Kết quả đã công bố"


class ResultStatus(models.TextChoices):
    VERIFIED = "verified", "Đã thẩm định"
    SELF_ASSESSED = "self_assessed", "Tự đánh giá, chưa thẩm định"
    COMPUTED = "computed", "Chấm từ số liệu"
    NOT_ASSESSED = "not_assessed", "Không tự đánh giá đúng hạn"
    PUBLISHED = "published", "Đã công bố"


class Result(models.Model):
    """A unit's DTI score for a year: computed here, or imported from a published decision."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="dti_results")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10)
    source = models.CharField(max_length=10, choices=ResultSource.choices)
    framework = models.ForeignKey(
        FrameworkVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="results"
    )
    status = models.CharField(max_length=16, choices=ResultStatus.choices)
    total = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    max_total = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    pillar_scores = models.JSONField(default=dict, blank=True, help_text="pillar code → points (text)")
    item_points = models.JSONField(default=dict, blank=True, help_text="item code → points (text)")
    missing_items = models.JSONField(default=list, blank=True, help_text="items without data or points")
    published_rank = models.PositiveIntegerField(null=True, blank=True)
    published_of = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kết quả DTI công bố")
        verbose_name_plural = _("Kết quả DTI công bố")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "source"], name="dti_one_result_per_source")
        ]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.total} ({self.source})"


class RankingDecision(models.Model):
    """The decision that published a year's DTI results of one level in a scope ("Quyết định số
    …/QĐ-UBND ngày … của UBND tỉnh Quảng Ngãi công bố kết quả đánh giá chỉ số DTI năm …"): a
    document of the registry, issued by ``scope`` (the province or district whose units it ranks).
    Reports cite it where they state those results; without one they cite none (never invented)."""

    scope = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="dti_decisions",
        verbose_name=_("Phạm vi xếp hạng"),
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("Năm"))
    level = models.CharField(max_length=10, verbose_name=_("Cấp"))
    document = models.ForeignKey(
        "registries.Document",
        on_delete=models.PROTECT,
        related_name="dti_decisions",
        verbose_name=_("Quyết định công bố"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("Cập nhật lúc"))

    class Meta:
        verbose_name = _("Quyết định công bố xếp hạng DTI")
        verbose_name_plural = _("Quyết định công bố xếp hạng DTI")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year", "level"], name="dti_one_decision_per_result_set")
        ]

    def __str__(self) -> str:
        return f"{self.scope_id} {self.year} {self.level}: {self.document_id}"
