"""Form fields for numbers, read by the one parser (``cds.lib.vn_numbers.parse_number``).

A browser ``type=number`` input refuses «1.250» (Vietnamese one thousand two hundred and fifty)
before the form is even sent, and Django's ``IntegerField`` would refuse it again; every number
a page asks for is a text input with ``inputmode`` (the phone shows digits) read like the data
entry form reads a value: "1.250", "1 250", "khoảng 40", "không có".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from cds.lib.errors import InputError
from cds.lib.vn_dates import parse_year
from cds.lib.vn_numbers import Kind, format_number, parse_number


class VnNumberInput(forms.TextInput):
    """A text input that shows a stored number Vietnamese-style ("1.250") and asks phones for digits."""

    def __init__(self, attrs: dict[str, Any] | None = None, whole: bool = True) -> None:
        super().__init__({"inputmode": "numeric" if whole else "decimal", "size": 8, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)


class VnNumberField(forms.Field):
    """A count (default) or another kind of number, typed the Vietnamese way; ``maximum`` is the
    largest value allowed (it also decides "512.250" for points, see ``parse_number``)."""

    def __init__(self, *, kind: Kind = "count", maximum: Decimal | int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", VnNumberInput(whole=kind == "count"))
        for unused in ("min_value", "max_value", "step_size", "max_digits", "decimal_places"):
            kwargs.pop(unused, None)  # a model field's own bounds: the parser's bounds hold here
        super().__init__(**kwargs)
        self.kind, self.maximum = kind, maximum

    def to_python(self, value: Any) -> int | Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            number = Decimal(value)
        else:
            try:
                number = parse_number(str(value).strip(), self.kind, maximum=self.maximum).value
            except InputError as error:
                raise forms.ValidationError(f"{error.vi} / {error.en}", code="invalid") from None
        if self.maximum is not None and number > self.maximum:
            raise forms.ValidationError(
                f"«{value}»: tối đa là {format_number(self.maximum)} / «{value}»: at most {self.maximum}",
                code="max_value",
            )
        return int(number) if self.kind == "count" else number


class VnYearField(forms.Field):
    """A year («2025», «năm 2025»), read by ``cds.lib.vn_dates.parse_year`` in a text box that asks
    phones for digits; the model's plausibility check (``registries.operations.check_year``) stays
    where every writer passes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput({"inputmode": "numeric", "size": 6}))
        for unused in ("min_value", "max_value", "step_size"):
            kwargs.pop(unused, None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_year(value)
        except InputError as error:
            raise forms.ValidationError(f"{error.vi} / {error.en}", code="invalid") from None
