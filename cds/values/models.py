"""Data values: (unit, period, indicator) → value, with provenance, status and full history.

Nothing writes a ``DataValue`` except ``cds.values.services.record_values``, which writes the
matching ``ValueChange`` rows in the same transaction (bulk writes included), so history cannot
be bypassed the way signal-based audit libraries are by ``bulk_create``/``update``.
"""

from __future__ import annotations

import decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cds.units.models import Action, ScopedQuerySet


class ReadableDecimalField(models.DecimalField):
    """A DecimalField that reads back any number a row holds, even one out of its own range.

    SQLite does not enforce DECIMAL(24, 6): values written before the parser had bounds (e.g.
    10^27) are stored, and Django's SQLite converter then quantizes them with a context of
    ``max_digits`` precision and raises, so every page, roll-up and report that reads the row
    failed and the value could not even be overwritten. Read with room to spare, such a value
    arrives as a Decimal; ``cds.catalog.formatting`` shows it as invalid. Writes are bounded by
    ``cds.lib.vn_numbers.check_bounds``. The column is a plain DecimalField (same migration state).
    """

    @cached_property
    def context(self) -> decimal.Context:
        return decimal.Context(prec=self.max_digits + 400)  # SQLite REALs go up to ~1.8e308

    def deconstruct(self) -> tuple[str, str, Any, Any]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


class Status(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    APPROVED = "approved", "Đã duyệt"
    WITHDRAWN = "withdrawn", "Đã rút"  # unknown again (services.withdraw_values); kept for its history


class Qualifier(models.TextChoices):
    EXACT = "", "Chính xác"
    ABOUT = "about", "khoảng"
    OVER = "over", "trên"
    MORE_THAN = "more_than", "hơn"
    UNDER = "under", "dưới"
    NEARLY = "nearly", "gần"  # "gần 250 văn bản": a little under, as reports write it


class SourceKind(models.TextChoices):
    MANUAL = "manual", "Nhập tay"
    IMPORT = "import", "Nhập từ tệp"
    API = "api", "API"
    COMPUTED = "computed", "Tính toán"
    DEMO = "demo", "Dữ liệu mẫu"


class ImportBatch(models.Model):
    """One committed import of a file; dry runs are never stored."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=32, default="values")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor = models.CharField(max_length=128, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Lần nhập số liệu")
        verbose_name_plural = _("Lần nhập số liệu")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"


class LiveValues(models.Manager["DataValue"]):
    """Values that hold a figure. A withdrawn value (status ``withdrawn``) is unknown again, as if
    never entered: every reader skips it; its row stays only so that its history (``ValueChange``)
    is kept, and a later write brings it back as a draft with the next version. (A status rather
    than a flag: the status is in the index that completeness queries are answered from.)"""

    def get_queryset(self) -> ScopedQuerySet[DataValue]:
        return ScopedQuerySet(self.model, using=self._db).exclude(status=Status.WITHDRAWN)

    def for_user(self, user: Any, action: Action = "view") -> ScopedQuerySet[DataValue]:
        """The live values of the units ``user`` may ``action`` (``ScopedQuerySet.for_user``)."""
        return self.get_queryset().for_user(user, action)


class DataValue(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="values")
    indicator = models.ForeignKey("catalog.Indicator", on_delete=models.PROTECT, related_name="values")
    period = models.CharField(max_length=32, help_text="canonical period code, e.g. 2023Q3")
    period_start = models.DateField()
    period_end = models.DateField()
    number = ReadableDecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    text = models.TextField(blank=True)
    qualifier = models.CharField(
        max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT, blank=True
    )
    raw = models.CharField(max_length=255, blank=True, help_text="the value as it was written")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every change")
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, default=SourceKind.MANUAL)
    source_ref = models.CharField(
        max_length=255, blank=True, help_text="file and row, or what it was computed from"
    )
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    objects = LiveValues()
    all_objects = models.Manager()  # noqa: DJ012 (a manager) — withdrawn values too, for the writer

    class Meta:
        verbose_name = _("Giá trị số liệu")
        verbose_name_plural = _("Giá trị số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period"], name="one_value_per_unit_indicator_period"
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "period"]),
            models.Index(fields=["period_start", "period_end"]),
            # Covers "each unit's report status for a period" (completeness board, API, entry
            # form): answered from the index alone, ~13× faster than reading the rows on SQLite.
            models.Index(fields=["unit", "period", "status", "updated_at"], name="value_unit_period_status"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.period}={self.raw or self.number}"


class ValueChange(models.Model):
    """Who, when, old, new and why — one row per change to a value (its number, text or note),
    including status changes. The ``n``-th row of a value is what its version ``n`` holds."""

    value = models.ForeignKey(DataValue, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor = models.CharField(max_length=128, blank=True, help_text="who, for changes not made by a user")
    action = models.CharField(
        max_length=16, help_text="create / update / withdraw / submit / approve / return / reopen"
    )
    old_number = ReadableDecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    new_number = ReadableDecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    old_raw = models.CharField(max_length=255, blank=True)
    new_raw = models.CharField(max_length=255, blank=True)
    old_note = models.TextField(blank=True)
    new_note = models.TextField(blank=True)
    old_status = models.CharField(max_length=10, blank=True)
    new_status = models.CharField(max_length=10, blank=True)
    reason = models.TextField(blank=True)
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices)
    source_ref = models.CharField(max_length=255, blank=True)
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT)
    request_id = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="one per web request or command run"
    )
    # not a column: the indicator's name in the period's catalog, set by the history page (web.views.entry)
    name: str

    class Meta:
        verbose_name = _("Thay đổi số liệu")
        verbose_name_plural = _("Thay đổi số liệu")
        ordering = ["value_id", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.old_raw!r}→{self.new_raw!r} ({self.reason})"


class Deadline(models.Model):
    """When reports for a period are due in a unit's subtree; without a unit, everywhere.

    The deadline that applies to a unit is its nearest ancestor's (itself included), then the
    nationwide one, then ``deadlines.DEFAULT_GRACE_DAYS`` after the period ends. Written only by
    ``cds.values.deadlines.set_deadline``, which keeps a ``DeadlineChange`` for every change.
    """

    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("Đơn vị"),
    )
    period = models.CharField(
        max_length=32, help_text="canonical period code, e.g. 2025Q2", verbose_name=_("Kỳ báo cáo")
    )
    due = models.DateField(verbose_name=_("Hạn nộp"))
    reason = models.TextField(blank=True, verbose_name=_("Lý do"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("Người đặt"),
    )
    set_at = models.DateTimeField(auto_now=True, verbose_name=_("Đặt lúc"))

    class Meta:
        verbose_name = _("Hạn nộp báo cáo")
        verbose_name_plural = _("Hạn nộp báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"],
                condition=models.Q(unit__isnull=False),
                name="one_deadline_per_unit",
            ),
            models.UniqueConstraint(
                fields=["period"], condition=models.Q(unit__isnull=True), name="one_nationwide_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id or '*'}/{self.period}: {self.due}"


class DeadlineChange(models.Model):
    """Who set which deadline, when, from what to what, and why."""

    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đơn vị"),
    )
    period = models.CharField(max_length=32, verbose_name=_("Kỳ báo cáo"))
    old_due = models.DateField(null=True, blank=True, verbose_name=_("Hạn cũ"))
    new_due = models.DateField(verbose_name=_("Hạn mới"))
    reason = models.TextField(blank=True, verbose_name=_("Lý do"))
    changed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Đổi lúc"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("Người đổi"),
    )
    actor = models.CharField(max_length=128, blank=True, verbose_name=_("Người thực hiện"))
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, verbose_name=_("Nguồn"))
    request_id = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="one per web request or command run",
        verbose_name=_("Mã yêu cầu"),
    )

    class Meta:
        verbose_name = _("Thay đổi hạn nộp")
        verbose_name_plural = _("Thay đổi hạn nộp")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.unit_id or '*'}/{self.period}: {self.old_due} → {self.new_due}"


class ColumnMapping(models.Model):
    """How one source's spreadsheet headers map to the import's columns (``unit``, ``period``,
    ``indicator``, ``value``, ``note``), saved once by a unit — a province's export of the public
    services portal, a district's own sheet — and used by every later import that names the
    source (``cds.values.mapping``; issue 15). Data, not code: ``columns`` holds the header texts
    as the file writes them."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=64, help_text="tên nguồn do đơn vị đặt, ví dụ «dvc-tinh»")
    columns = models.JSONField(default=dict, help_text="header text as written → import column")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=128, blank=True)

    class Meta:
        verbose_name = _("Cách đọc cột")
        verbose_name_plural = _("Cách đọc cột")
        constraints = [
            models.UniqueConstraint(fields=["unit", "source"], name="column_mapping_unique_source")
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.unit})"
