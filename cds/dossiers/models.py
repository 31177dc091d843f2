"""The record of each committed dossier import; the dossiers themselves live in Parquet files."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def label(self) -> str:
        return f"dvc import #{self.pk}"
