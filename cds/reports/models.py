"""What a unit writes itself for a period: thuận lợi, khó khăn, nguyên nhân, đề xuất, giải pháp,
phương hướng. Reports place these in order and never invent them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cds.units.models import ScopedQuerySet


class SectionKind(models.TextChoices):
    THUAN_LOI = "thuan_loi", "Thuận lợi"
    KHO_KHAN = "kho_khan", "Khó khăn, hạn chế"
    NGUYEN_NHAN = "nguyen_nhan", "Nguyên nhân"
    GIAI_PHAP = "giai_phap", "Giải pháp"
    DE_XUAT = "de_xuat", "Đề xuất, kiến nghị"
    PHUONG_HUONG = "phuong_huong", "Phương hướng, nhiệm vụ kỳ tới"


class NarrativeSection(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="report_sections")
    period = models.CharField(max_length=32, help_text="canonical period code, e.g. 2023Q3")
    kind = models.CharField(max_length=16, choices=SectionKind.choices)
    text = models.TextField(blank=True, help_text='paragraphs; lines starting with "- " or "+ " are bullets')
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Phần lời văn")
        verbose_name_plural = _("Phần lời văn")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "kind"], name="one_narrative_per_unit_period_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.period}/{self.kind}"


class DataWindow(models.Model):
    """The dates a unit's report for ``period`` draws its figures from, when they are not the
    period's own (Sơn Nham's annual report 2024: từ ngày 15/12/2023 đến ngày 31/10/2024).

    Declared once (``cds report window``); every report of the unit for the period then reads
    values recorded on this range, and the dossier KPIs are computed for it."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="report_windows")
    period = models.CharField(max_length=32, help_text="the reporting period's code, e.g. 2024")
    start = models.DateField()
    end = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Khoảng số liệu")
        verbose_name_plural = _("Khoảng số liệu")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="one_window_per_unit_period")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.period}: {self.start}..{self.end}"


class IssuerProfile(models.Model):
    """Who issues a unit's reports and who signs them, from ``valid_from`` to ``valid_to``: the
    front matter's defaults (a report of 2023 gets the bodies and people of 2023, not today's).

    An empty field falls back to what the unit implies (its UBND, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    the recipients of the wording file for its level and date); a build can still override each."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="report_issuers")
    valid_from = models.DateField(null=True, blank=True, help_text="first day (empty: always before)")
    valid_to = models.DateField(null=True, blank=True, help_text="last day, inclusive (empty: still)")
    issuer = models.CharField(max_length=200, blank=True, help_text="e.g. Phòng Văn hóa và Thông tin")
    governing_body = models.CharField(max_length=200, blank=True, help_text="e.g. UBND huyện Sơn Hà")
    symbol = models.CharField(max_length=32, blank=True, help_text="ký hiệu, e.g. BC-UBND")
    place = models.CharField(max_length=64, blank=True, help_text="địa danh of the date line")
    sign_form = models.CharField(
        max_length=4, blank=True, help_text="TM / KT / TL / TUQ / Q; '-' signs in the own title; '' unset"
    )
    on_behalf = models.CharField(max_length=128, blank=True, help_text="CHỦ TỊCH, ỦY BAN NHÂN DÂN …")
    signer_title = models.CharField(max_length=128, blank=True)
    signer_name = models.CharField(max_length=128, blank=True)
    recipients = models.TextField(blank=True, help_text="one a line")
    # Nghị định 30, Phụ lục I, II.9.b: a report to a higher body names it after «Kính gửi:»
    addressees = models.TextField(blank=True, help_text="Kính gửi: one a line (empty: none)")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Cơ quan ban hành")
        verbose_name_plural = _("Cơ quan ban hành")
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="one_issuer_per_unit_start")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.valid_from}..{self.valid_to}: {self.issuer or 'UBND'}"
