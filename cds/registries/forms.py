"""Forms for the registry pages; unit choices are limited to what the user may edit."""

from __future__ import annotations

from typing import Any

from django import forms

from cds.accounts.scope import units_for

from .models import Document, Member, Team


class ScopedUnitForm(forms.ModelForm):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, "edit").filter(
            level__in=["province", "district", "commune"]
        )


class TeamForm(ScopedUnitForm):
    class Meta:
        model = Team
        fields = ["unit", "level", "name", "area", "established_on", "dissolved_on", "note"]
        widgets = {
            "established_on": forms.DateInput(attrs={"type": "date"}),
            "dissolved_on": forms.DateInput(attrs={"type": "date"}),
        }


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["full_name", "role", "organisation", "position", "joined_on", "left_on", "phone", "email"]
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}),
            "left_on": forms.DateInput(attrs={"type": "date"}),
        }


class DocumentForm(ScopedUnitForm):
    class Meta:
        model = Document
        fields = [
            "unit",
            "doc_type",
            "number",
            "symbol",
            "year",
            "issued_on",
            "issuer",
            "subject",
            "issued_by_unit",
            "is_cds",
        ]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}


class PasteForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="Đơn vị / unit")  # type: ignore[arg-type]
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Đoạn văn bản / text")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, "edit").filter(
            level__in=["province", "district", "commune"]
        )  # type: ignore[attr-defined]
