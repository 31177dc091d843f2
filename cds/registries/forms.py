"""Forms for the registry pages; unit choices are limited to what the user may edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cds.catalog.models import Target
from cds.lib.form_fields import VnNumberField, VnYearField
from cds.units.models import Unit

from .models import Activity, Course, Document, Member, Participation, Plan, Task, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Every field's label, through the catalogs (Vietnamese; English when chosen): the models' own
# names are internal («full_name», «people_guided») and Django would print them in English.
LABELS = {
    "unit": _("Đơn vị"), "level": _("Cấp"), "name": _("Tên"), "area": _("Thôn, tổ dân phố"),
    "established_on": _("Ngày thành lập"), "dissolved_on": _("Ngày giải thể"), "note": _("Ghi chú"),
    "full_name": _("Họ và tên"), "role": _("Vai trò"), "organisation": _("Tổ chức"), "position": _("Chức vụ"),
    "joined_on": _("Ngày tham gia"), "left_on": _("Ngày rời tổ"), "phone": _("Số điện thoại"),
    "email": _("Thư điện tử"), "doc_type": _("Loại văn bản"), "number": _("Số"), "symbol": _("Ký hiệu"),
    "year": _("Năm"), "issued_on": _("Ngày ban hành"), "issuer": _("Cơ quan ban hành"),
    "subject": _("Trích yếu"), "issued_by_unit": _("Do đơn vị ban hành"),
    "is_cds": _("Văn bản về chuyển đổi số"), "targets": _("Chỉ tiêu do văn bản đặt ra"),
    "held_on": _("Ngày"), "kind": _("Loại"), "place": _("Địa điểm"),
    "people_guided": _("Số người được hướng dẫn"), "organiser": _("Đơn vị tổ chức"), "mode": _("Hình thức"),
    "platform": _("Nền tảng"), "audience": _("Đối tượng"), "starts_on": _("Ngày bắt đầu"),
    "ends_on": _("Ngày kết thúc"), "sessions": _("Số lớp, buổi"), "document": _("Văn bản"),
    "title": _("Tiêu đề"), "content": _("Nội dung nhiệm vụ"), "pillar": _("Trụ cột"),
    "lead": _("Đơn vị chủ trì"), "supporting": _("Đơn vị phối hợp"), "deadline": _("Hạn hoàn thành"),
    "status": _("Trạng thái"), "done_on": _("Ngày hoàn thành"), "evidence": _("Kết quả, minh chứng"),
    "evidence_document": _("Văn bản minh chứng"), "group": _("Nhóm"), "participants": _("Số người tham gia"),
    "completed": _("Số người hoàn thành"), "certified": _("Số người được cấp chứng nhận"),
}  # fmt: skip


def labels_for(fields: list[str]) -> dict[str, Any]:
    return {name: LABELS[name] for name in fields}


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
        labels = labels_for(fields)
        widgets = {
            "established_on": forms.DateInput(attrs={"type": "date"}),
            "dissolved_on": forms.DateInput(attrs={"type": "date"}),
        }


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["full_name", "role", "organisation", "position", "joined_on", "left_on", "phone", "email"]
        labels = labels_for(fields)
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}),
            "left_on": forms.DateInput(attrs={"type": "date"}),
        }


class TargetChoiceField(forms.ModelMultipleChoiceField):
    """The targets a document sets, each named by indicator, period, comparison and scope."""

    def label_from_instance(self, obj: Target) -> str:
        return f"{obj.indicator.code} {obj.period} {obj.get_comparator_display()} {obj.value} ({obj.unit or obj.level})"


class DocumentForm(ScopedUnitForm):
    """A document's record; its file is checked and stored by ``files.attach``, not by Django."""

    upload = forms.FileField(required=False, label=_("Tệp văn bản (PDF, DOCX, XLSX)"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        visible = Q(unit__isnull=True) | Q(unit__in=Unit.objects.for_user(user).values("pk"))
        _choices(self, "targets").queryset = (
            Target.objects.filter(visible)
            .select_related("indicator", "unit")
            .order_by("period", "indicator__code")
        )

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
        labels = labels_for(fields)
        widgets = {"issued_on": DATE, "targets": forms.CheckboxSelectMultiple}
        field_classes = {"year": VnYearField, "targets": TargetChoiceField}


class PasteForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Đơn vị")
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label=_("Đoạn văn bản"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "unit").queryset = Unit.objects.for_user(user, "edit").filter(
            level__in=["province", "district", "commune"]
        )


class ActivityForm(forms.ModelForm):
    platforms = forms.MultipleChoiceField(
        choices=[(code, _(name)) for code, name in Activity.PLATFORMS.items()],
        required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Nền tảng"),
    )  # fmt: skip

    class Meta:
        model = Activity
        fields = ["held_on", "kind", "place", "people_guided", "platforms", "note"]
        labels = labels_for(["held_on", "kind", "place", "people_guided", "note"])
        widgets = {"held_on": DATE}
        field_classes = {"people_guided": VnNumberField}


class CourseForm(ScopedUnitForm):
    class Meta:
        model = Course
        fields = ["unit", "kind", "name", "organiser", "mode", "platform", "audience", "starts_on", "ends_on",
                  "sessions", "document", "note"]  # fmt: skip
        labels = labels_for(fields)
        widgets = {"starts_on": DATE, "ends_on": DATE}
        field_classes = {"sessions": VnNumberField}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _choices(self, "document").queryset = Document.objects.all().for_user(user)


class ParticipationForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # a row of a table: the column's words name each box
            field.widget.attrs.setdefault("aria-label", str(LABELS.get(name, field.label)))

    def clean(self) -> dict[str, Any]:
        # Said at the fields in words, so the database's constraint («participation_parts_within_
        # total») is never what a person reads; the constraint still guards every other writer.
        data = super().clean() or {}
        total = data.get("participants")
        for name in ("completed", "certified"):
            part = data.get(name)
            if total is not None and part is not None and part > total:
                self.add_error(
                    name,
                    _("%(part)s lớn hơn số người tham gia (%(total)s).")
                    % {"part": LABELS[name], "total": total},
                )
        return data


# Counts of people read like every other number a page takes ("1.250"): ``VnNumberField``.
ParticipationFormSet = forms.inlineformset_factory(
    Course,
    Participation,
    form=ParticipationForm,
    fields=["group", "participants", "completed", "certified"],
    labels=labels_for(["group", "participants", "completed", "certified"]),
    field_classes=dict.fromkeys(["participants", "completed", "certified"], VnNumberField),
    extra=3,
    max_num=3,
)


class PlanForm(ScopedUnitForm):
    class Meta:
        model = Plan
        fields = ["unit", "year", "document", "title"]
        labels = labels_for(fields)
        field_classes = {"year": VnYearField}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _choices(self, "document").queryset = Document.objects.filter(doc_type="KH").for_user(user, "edit")


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["content", "pillar", "lead", "supporting", "deadline", "status", "done_on", "evidence",
                  "evidence_document"]  # fmt: skip
        labels = labels_for(fields)
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
                _("Nhiệm vụ «Hoàn thành» cần ngày hoàn thành."),
            )
        return data
