"""Admin: the decision that published a year's DTI results (a registered document), per result set."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from cds.history.changes import save_with_history
from cds.values.services import Actor

from .framework import LEVELS
from .models import RankingDecision


class RankingDecisionForm(forms.ModelForm):
    level = forms.ChoiceField(choices=[(level, level) for level in LEVELS])

    class Meta:
        model = RankingDecision
        fields = ["year", "level", "document"]

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        if document is not None and document.doc_type != "QĐ":
            raise forms.ValidationError(
                "Kết quả DTI được công bố bằng quyết định (QĐ) / DTI results are published by a decision"
            )
        return document

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or self.cleaned_data
        document, year, level = data.get("document"), data.get("year"), data.get("level")
        if document is not None and year and level:
            taken = RankingDecision.objects.filter(scope=document.unit, year=year, level=level)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    f"{document.unit.name} đã có quyết định công bố kết quả DTI năm {year} cấp {level}"
                    f" / already linked for {year} ({level})"
                )
        return data


@admin.register(RankingDecision)
class RankingDecisionAdmin(admin.ModelAdmin):
    """The scope is the unit that issued the decision (the document's unit): its units' results
    of that year and level are the ones the decision published."""

    form = RankingDecisionForm
    list_display = ("year", "level", "scope", "document")
    list_filter = ("year", "level")
    raw_id_fields = ("document",)

    def save_model(self, request: Any, obj: RankingDecision, form: Any, change: bool) -> None:
        obj.scope = obj.document.unit
        save_with_history(obj, Actor.for_user(request.user))
