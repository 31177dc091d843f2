"""Deadlines in /admin/: set through ``set_deadline`` like the board, the API and ``cds data deadline``
(so the change is checked and kept in the history); their history is read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cds.history.admin import RecordAdmin
from cds.lib.errors import InputError
from cds.lib.periods import label_for, parse_period

from .deadlines import check_deadline, set_deadline
from .models import Deadline, DeadlineChange
from .services import Actor


def _period_text(code: str) -> str:
    """A stored period code as the reader reads it («2024Q1» → «quý I/2024»; «Q1 2024»)."""
    return label_for(code, translation.get_language())


class PeriodFilter(admin.SimpleListFilter):
    title = _("Kỳ báo cáo")
    parameter_name = "period"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = model_admin.get_queryset(request).values_list("period", flat=True).distinct()
        return [(code, _period_text(code)) for code in sorted(set(codes))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(period=self.value()) if self.value() else queryset


@admin.display(description=_("Kỳ báo cáo"), ordering="period")
def period_column(obj: Deadline | DeadlineChange) -> str:
    return _period_text(obj.period)


class DeadlineForm(forms.ModelForm):
    class Meta:
        model = Deadline
        fields = ("unit", "period", "due", "reason")

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).code
        except InputError as err:
            raise forms.ValidationError(f"{err.vi} / {err.en}") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and (
            data.get("unit") != self.instance.unit or data.get("period") != self.instance.period
        ):
            raise forms.ValidationError(
                "Chỉ sửa được hạn nộp và lý do / only the date and the reason can change"
            )
        if data.get("period") and data.get("due"):
            try:  # the date rules of set_deadline (people in /admin/ are administrators)
                check_deadline(data.get("unit"), parse_period(data["period"]), data["due"], Actor("admin"))
            except InputError as err:
                raise forms.ValidationError(f"{err.vi} / {err.en}") from None
        return data


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    form = DeadlineForm
    list_display = (period_column, "unit", "due", "set_by", "set_at")
    list_filter = (PeriodFilter,)
    search_fields = ("period", "unit__name", "unit__code")
    raw_id_fields = ("unit",)

    def save_model(self, request: HttpRequest, obj: Deadline, form: Any, change: bool) -> None:
        period = parse_period(obj.period)
        saved = set_deadline(obj.unit, period, obj.due, Actor.for_user(request.user), obj.reason)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a deadline is changed (with history), never removed unseen


@admin.register(DeadlineChange)
class DeadlineChangeAdmin(RecordAdmin):
    list_display = (period_column, "unit", "old_due", "new_due", "changed_by", "changed_at", "reason")
    list_filter = (PeriodFilter,)
