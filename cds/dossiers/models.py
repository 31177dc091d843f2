"""The record of each committed dossier import; the dossiers themselves live in Parquet files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierImport(models.Model):
    """One committed import of one file: its number is the "N" in "computed from import N"."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    mapping = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    rows_total = models.PositiveIntegerField(default=0)
    rows_accepted = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    dossiers_new = models.PositiveIntegerField(default=0)
    dossiers_updated = models.PositiveIntegerField(default=0)
    dossiers_unchanged = models.PositiveIntegerField(default=0)
    provinces = models.CharField(max_length=255, blank=True, help_text="province codes touched")
    years = models.CharField(max_length=255, blank=True, help_text="years touched")
    fields = models.CharField(
        max_length=500, blank=True, help_text="canonical columns the file provided (comma-separated)"
    )
    recognition = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="the file's bytes, mapping, unit narrowing and unit registry version, hashed together",
    )
    store_state = models.JSONField(
        default=dict,
        blank=True,
        help_text="partition → content stamp of its file after this import (size and SHA-256 of the Parquet footer)",
    )

    class Meta:
        verbose_name = _("Lần nhập hồ sơ")
        verbose_name_plural = _("Lần nhập hồ sơ")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def label(self) -> str:
        return f"dvc import #{self.pk}"


class DossierRefresh(models.Model):
    """A KPI recomputation still owed: written in the same transaction as the import that changed
    the store, marked done only after the KPI values are recorded. A kill or a locked database in
    between leaves it pending, and the next ``cds dvc import`` (or ``cds dvc recompute``) finishes it.
    """

    dossier_import = models.ForeignKey(DossierImport, null=True, blank=True, on_delete=models.SET_NULL)
    province = models.CharField(max_length=20, help_text="province code of the store partition")
    years = models.CharField(max_length=255, help_text="years to recompute, comma-separated")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Lần tính lại chỉ tiêu hồ sơ")
        verbose_name_plural = _("Lần tính lại chỉ tiêu hồ sơ")
        ordering = ["id"]

    def __str__(self) -> str:
        state = "done" if self.done_at else "pending"
        return f"refresh {self.province} {self.years} ({state})"

    @property
    def year_list(self) -> list[int]:
        return [int(y) for y in self.years.split(",") if y]
