"""The register of documents a unit issues or cites (kế hoạch, quyết định, công văn …)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cds.registries.citations import TYPE_NAMES, Citation
from cds.units.models import ScopedQuerySet

# The types the citation parser reads, by code: one list for the parser, the form and the database.
DOCUMENT_TYPES = [(code, _(name)) for code, name in TYPE_NAMES.items()]


class Document(models.Model):
    """One document. ``unit`` is the unit that issued it when that unit is in the system.

    Documents issued by the unit count towards its "documents issued" indicators; documents it
    only cites (a decree, the province's plan) have ``issued_by_unit`` False and keep the
    issuer's name as text.
    """

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="documents")
    issued_by_unit = models.BooleanField(default=True)
    doc_type = models.CharField(max_length=6, choices=DOCUMENT_TYPES)
    number = models.CharField(max_length=12)
    symbol = models.CharField(max_length=40)
    year = models.PositiveIntegerField(null=True, blank=True)  # legal documents: 33/2023/NĐ-CP
    issued_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=200, blank=True)
    subject = models.TextField(blank=True)
    # The uploaded file lives under VAR_DIR/registry-files/<file_key>; the user's file name is
    # kept for display and download only, never used to build a path (see cds.registries.files).
    file_key = models.CharField(max_length=64, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_kind = models.CharField(max_length=8, blank=True)  # pdf / docx / xlsx
    file_size = models.PositiveIntegerField(null=True, blank=True)
    targets = models.ManyToManyField(
        "catalog.Target", blank=True, related_name="documents", help_text=_("chỉ tiêu do văn bản này đặt ra")
    )
    is_cds = models.BooleanField(default=True, help_text=_("về chuyển đổi số (được đếm vào chỉ tiêu)"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Văn bản")
        verbose_name_plural = _("Văn bản")
        ordering = ["-issued_on", "doc_type", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "doc_type", "number", "symbol", "year", "issued_on"],
                name="document_once_per_unit",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        """``Citation.short()`` in the reader's language: «Kế hoạch số 12/KH-UBND», "Plan No. 12/KH-UBND"."""
        return gettext("%(type)s số %(reference)s") % {
            "type": self.get_doc_type_display(),
            "reference": self.as_citation().reference,
        }

    def as_citation(self) -> Citation:
        return Citation(
            self.doc_type, self.number, self.symbol, self.year, self.issued_on, self.issuer, self.subject
        )

    @property
    def reference(self) -> str:
        return self.as_citation().reference

    @property
    def type_name(self) -> str:
        return TYPE_NAMES.get(self.doc_type, self.doc_type)
