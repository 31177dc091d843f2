"""Password rules refuse the common and the trivially patterned, Vietnamese ones included."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from cds.accounts.passwords import TrivialPatternValidator


@pytest.mark.parametrize(
    "password",
    [
        "Matkhau@12345",  # the Vietnamese common list
        "Abc@123456789",
        "Admin@123456",
        "P@ssw0rd1234",
        "Vietnam@2025",
        "Nguyen@1990!!",  # a name and a year
        "Tran-Van-An-1985",
        "Nguyễn.Văn.Anh.1990",  # accents do not hide it
        "Quangngai@2025",  # a place and a year
        "Hoa@15031995#",  # a name and a date
        "Ubnd@20252025",
        "Qwertyuiop@1",  # keyboard run
        "Aaaaaaaaaaaa1!",
        "Abcdefgh@1234",
    ],
)
def test_common_and_patterned_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert "/" in caught.value.messages[0]  # Vietnamese / English


@pytest.mark.parametrize(
    "password", ["Tinh-Chau-Bao-Cao-2025", "k9#Vd2!pQx7^mR4", "Ngay-mai-troi-sang-42", "Mot-Mat-Khau-2025"]
)
def test_long_unpatterned_passwords_are_accepted(password: str) -> None:
    validate_password(password)


def test_the_pattern_rule_explains_itself_in_both_languages() -> None:
    assert "năm sinh" in TrivialPatternValidator().get_help_text()
