"""An uploaded old report and its proposals, each with who decided what, when and why (issue 19)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cds.units.models import ScopedQuerySet


class IngestedReport(models.Model):
    """One old report read for a unit: the file's fingerprint, what was read, and the text's blocks
    (so the review shows the document beside the proposals)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="ingested_reports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=8)  # docx, pdf, text
    issuer_text = models.CharField(max_length=255, blank=True)
    period_code = models.CharField(max_length=40, blank=True)
    blocks = models.JSONField(default=list)  # [{"text", "where_vi", "where_en"}]
    matched = models.PositiveIntegerField(default=0)
    numeric = models.PositiveIntegerField(default=0)  # figures read, matched or not
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Báo cáo đã đọc")
        verbose_name_plural = _("Báo cáo đã đọc")
        constraints = [models.UniqueConstraint(fields=["unit", "sha256"], name="ingest_one_report_per_file")]
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.unit})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ingest:review", args=[self.pk])


class ProposalQuerySet(ScopedQuerySet["Proposal"]):
    unit_field = "report__unit"  # the unit whose report the proposal was read from


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        ACCEPTED = "accepted", _("Chấp nhận")
        EDITED = "edited", _("Đã sửa")
        REJECTED = "rejected", _("Từ chối")
        IMPORTED = "imported", _("Đã nhập")

    class Kind(models.TextChoices):
        VALUE = "value", _("Số liệu")
        UNMATCHED = "unmatched", _("Chưa khớp chỉ tiêu")
        DOCUMENT = "document", _("Văn bản")
        RANK = "rank", _("Thứ hạng")
        TARGET = "target", _("Chỉ tiêu phấn đấu")
        TEAM = "team", _("Tổ công nghệ số cộng đồng")

    report = models.ForeignKey(IngestedReport, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    indicator_code = models.CharField(max_length=100, blank=True)
    period_code = models.CharField(max_length=40, blank=True)
    value_text = models.CharField(max_length=100, blank=True)  # as written: "trên 600", "44/44"
    parsed = models.CharField(max_length=60, blank=True)  # the number or date read
    confidence = models.FloatField(default=0)
    unit_text = models.CharField(max_length=120, blank=True)  # the words after the figure
    target = models.CharField(max_length=8, blank=True)  # "met" / "not_met" when the sentence says so
    sentence = models.TextField()
    where_vi = models.CharField(max_length=80, blank=True)
    where_en = models.CharField(max_length=80, blank=True)
    citation = models.JSONField(null=True, blank=True)  # document proposals: Citation.as_dict()
    # team proposals: {"name", "level", "founded_on", "members", "role"} — a row for the teams register;
    # «founded_on» is the decision's day: the founding, or the re-forming when role is «reforming»
    team = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=255, blank=True)

    objects = ProposalQuerySet.as_manager()
    # not columns: set on the review page's rows for its template (ingest.views.review)
    indicator_name: str
    where: str

    class Meta:
        verbose_name = _("Số liệu đề xuất")
        verbose_name_plural = _("Số liệu đề xuất")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.indicator_code or '?'} = {self.value_text}"

    @property
    def unsure(self) -> bool:
        """«Chưa hiểu»: a figure the reader matched to an indicator it cannot back (no period, or a
        weak match) — listed for a person with that indicator as a suggestion, not proposed."""
        return self.kind == self.Kind.UNMATCHED and bool(self.indicator_code)

    @property
    def founded_on(self) -> dt.date | None:
        """A team proposal's founding day (its decision's date)."""
        return dt.date.fromisoformat(self.team["founded_on"]) if self.team else None
