"""What the web layer keeps of its own: official reports generated and waiting to be signed.

Reporting deadlines, which it once kept here, are per scope and audited now:
``cds.values.models.Deadline``, written by ``cds.values.deadlines.set_deadline``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportToSign(models.Model):
    """An official report (not a draft) generated for a unit and period: a task for its people
    until it is recorded as signed with its number and date (``cds.web.signing``; history kept)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=32)  # canonical period code, e.g. 2026Q3
    kind = models.CharField(max_length=32)  # the report kind (cds.reports.kinds)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField()
    number = models.CharField(max_length=64, blank=True)  # «Số: 123/BC-UBND» as signed
    signed_on = models.DateField(null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "kind"], name="web_report_to_sign_once"),
        ]
        verbose_name = "báo cáo chờ ký"
        verbose_name_plural = "báo cáo chờ ký"

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.kind}"

    @property
    def signed(self) -> bool:
        return self.signed_on is not None
