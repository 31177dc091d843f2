"""Password rules beyond Django's built-ins: a mix of character kinds, explained in both languages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class CharacterClassesValidator:
    """Require at least ``min_classes`` of: lower-case, upper-case, digits, other characters.

    Length matters most (MinimumLengthValidator); this stops the all-lower-case word lists that
    the common-password list misses in Vietnamese ("matkhaucuatoi2025" has two kinds only).
    """

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        kinds = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(kinds) < self.min_classes:
            raise ValidationError(
                f"Mật khẩu cần ít nhất {self.min_classes} trong 4 loại ký tự: chữ thường, chữ hoa, chữ số, "
                f"ký tự khác / The password needs at least {self.min_classes} of 4 kinds of character: "
                "lower-case, upper-case, digits, symbols.",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return (
            f"Ít nhất {self.min_classes} loại ký tự (chữ thường, chữ hoa, chữ số, ký tự khác) / "
            f"at least {self.min_classes} kinds of character."
        )
