"""Forms for the registry pages; unit choices are limited to what the user may edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from cds.catalog.models import Target
from cds.lib.form_fields import VnNumberField
from cds.units.models import Unit

from .models import Activity, Course, Document, Member, Participation, Plan, Task, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, a choice of rows whose queryset the form narrows to the person's scope."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a choice of rows")
    return field


class ScopedUnitForm(forms.ModelForm):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "unit").queryset = Unit.objects.for_user(user, "edit").filter(
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


def _target_label(t: Target) -> str:
    return f"{t.indicator.code} {t.period} {t.get_comparator_display()} {t.value} ({t.unit or t.level})"


class DocumentForm(ScopedUnitForm):
    """A document's record; its file is checked and stored by ``files.attach``, not by Django."""

    upload = forms.FileField(required=False, label="Tệp văn bản (PDF, DOCX, XLSX) / file")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        visible = Q(unit__isnull=True) | Q(unit__in=Unit.objects.for_user(user).values("pk"))
        _choices(self, "targets").queryset = (
            Target.objects.filter(visible)
            .select_related("indicator", "unit")
            .order_by("period", "indicator__code")
        )
        _choices(self, "targets").label_from_instance = _target_label  # type: ignore[method-assign,assignment]

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
            "targets",
        ]
        widgets = {"issued_on": DATE, "targets": forms.CheckboxSelectMultiple}


class PasteForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label="Đơn vị / unit"
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Đoạn văn bản / text")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "unit").queryset = Unit.objects.for_user(user, "edit").filter(
            level__in=["province", "district", "commune"]
        )


class ActivityForm(forms.ModelForm):
    platforms = forms.MultipleChoiceField(
        choices=list(Activity.PLATFORMS.items()), required=False, widget=forms.CheckboxSelectMultiple,
        label="Nền tảng / platforms",
    )  # fmt: skip

    class Meta:
        model = Activity
        fields = ["held_on", "kind", "place", "people_guided", "platforms", "note"]
        widgets = {"held_on": DATE}
        field_classes = {"people_guided": VnNumberField}


class CourseForm(ScopedUnitForm):
    class Meta:
        model = Course
        fields = ["unit", "kind", "name", "organiser", "mode", "platform", "audience", "starts_on", "ends_on",
                  "sessions", "document", "note"]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE}
        field_classes = {"sessions": VnNumberField}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _choices(self, "document").queryset = Document.objects.all().for_user(user)


# Counts of people read like every other number a page takes ("1.250"): ``VnNumberField``.
ParticipationFormSet = forms.inlineformset_factory(
    Course,
    Participation,
    fields=["group", "participants", "completed", "certified"],
    field_classes=dict.fromkeys(["participants", "completed", "certified"], VnNumberField),
    extra=3,
    max_num=3,
)


class PlanForm(ScopedUnitForm):
    class Meta:
        model = Plan
        fields = ["unit", "year", "document", "title"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _choices(self, "document").queryset = Document.objects.filter(doc_type="KH").for_user(user, "edit")


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["content", "pillar", "lead", "supporting", "deadline", "status", "done_on", "evidence",
                  "evidence_document"]  # fmt: skip
        widgets = {"deadline": DATE, "done_on": DATE, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "evidence_document").queryset = Document.objects.filter(unit=plan.unit)

    def clean(self) -> dict[str, Any]:
        # Said at the field here, so Django's own check of the model's constraint stays quiet;
        # operations.save_task refuses the same for every other caller.
        data = super().clean() or {}
        if data.get("status") == "done" and not data.get("done_on"):
            self.add_error(
                "done_on",
                "Nhiệm vụ «Hoàn thành» cần ngày hoàn thành / a task marked done needs the day it was done",
            )
        return data
