"""The upload form of old reports and the decision form of one proposal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cds.units.models import Unit


class UploadForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Đơn vị")
    )
    file = forms.FileField(label=_("Báo cáo cũ (Word .docx, PDF có lớp chữ, .txt)"))
    period = forms.CharField(
        required=False, label=_("Kỳ báo cáo (nếu văn bản không ghi)"), help_text=_("ví dụ: năm 2023, 2024S1")
    )
    published = forms.CharField(
        required=False,
        max_length=40,
        label=_("Ngày đăng (tin bài, nếu có)"),
        help_text=_(
            "ví dụ: 14/1/2026, hoặc tháng 5/2023 nếu trang chỉ ghi tháng — để đọc «đến nay», «hiện có» và ngày "
            "không ghi năm"
        ),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.for_user(user, "edit").filter(
            level__in=["province", "district", "commune"]
        )


class DecideForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", _("Chấp nhận")), ("edit", _("Sửa")), ("reject", _("Từ chối"))],
        label=_("Quyết định"),
    )
    indicator = forms.CharField(required=False, max_length=100, label=_("Chỉ tiêu"))
    value = forms.CharField(required=False, max_length=100, label=_("Giá trị"))
    period = forms.CharField(required=False, max_length=40, label=_("Kỳ"))
    reason = forms.CharField(required=False, max_length=255, label=_("Lý do"))
