"""A supervisor (a province's administrator in practice) manages the officers of their own units.

Scope is in the data layer: ``manageable_units(user)`` are the units below the person's supervised
units (``units_for(user, "review")``; everything for an administrator), and ``manageable_people``
the officers whose every role lies on such units — someone with any role elsewhere is not theirs to
manage. ``create_officer``, ``reset_password`` and ``change_own_password`` are the only writers; each
keeps a change record (never the password) and a security log line. A new or reset password is
generated (random, shown once to the supervisor, to be changed by its owner) unless one is given,
and always checked by the password validators.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from cds.history.changes import ActorLike, record
from cds.history.models import ChangeAction
from cds.lib.errors import InputError, Location
from cds.units.models import Unit

from .audit import security_log
from .models import Contact, Role, RoleAssignment
from .scope import principal, units_for
from .services import grant


class NotAllowed(InputError):
    """Outside the person's scope: the pages answer 404, the CLI refuses."""


def manageable_units(user: Any) -> QuerySet[Unit]:
    """The units whose officers ``user`` may create and manage (the units they review)."""
    who = principal(user)
    if who is None:
        return Unit.objects.none()
    return units_for(user, "review", who)


def manageable_people(user: Any) -> QuerySet[Any]:
    """Officers all of whose roles lie on units ``user`` may manage (never ``user`` themself)."""
    units = manageable_units(user).values("pk")
    inside = RoleAssignment.objects.filter(role=Role.OFFICER, unit__in=units).values("user_id")
    outside = RoleAssignment.objects.exclude(role=Role.OFFICER, unit__in=units).values("user_id")
    User = get_user_model()
    return User.objects.filter(pk__in=inside).exclude(pk__in=outside).exclude(pk=user.pk).order_by("username")


def temporary_password() -> str:
    """16 random characters of four kinds (passes the validators; shown once)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        word = "".join(secrets.choice(alphabet) for _ in range(14)) + "-" + secrets.choice(string.digits)
        if any(c.islower() for c in word) and any(c.isupper() for c in word):
            return word


def _check_password(password: str, user: Any) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as err:
        text = " ".join(err.messages)
        raise InputError(
            f"Mật khẩu chưa đạt: {text}", f"Password refused: {text}", Location(column="password")
        ) from None


@dataclass(frozen=True)
class NewAccount:
    user: Any
    password: str


def create_officer(
    actor: ActorLike,
    by: Any,
    username: str,
    unit: Unit,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    password: str = "",
) -> NewAccount:
    """Create an officer account on ``unit`` (which ``by`` must manage), with its contact details."""
    if not manageable_units(by).filter(pk=unit.pk).exists():
        raise NotAllowed(
            f"Bạn không quản lý {unit.name}: chỉ tạo được tài khoản cho các đơn vị mình giám sát.",
            f"You do not manage {unit.name}: you may create accounts only for the units you supervise.",
            Location(column="unit", value=unit.code),
        )
    username = username.strip()
    User = get_user_model()
    if not username or len(username) > 150 or any(c.isspace() for c in username):
        raise InputError(
            "Tên đăng nhập cần 1–150 ký tự, không có khoảng trắng (vd. xa.tinhchau).",
            "A username needs 1–150 characters without spaces (e.g. xa.tinhchau).",
            Location(column="username", value=username[:80]),
        )
    if User.objects.filter(username__iexact=username).exists():
        raise InputError(
            f"Đã có tài khoản «{username}»; hãy chọn tên đăng nhập khác.",
            f"The username '{username}' is taken; choose another.",
            Location(column="username", value=username),
        )
    # the whole Vietnamese name, family name first, as get_full_name() gives it back
    user = User(username=username, email=email.strip(), first_name=" ".join(full_name.split())[:150])
    password = password or temporary_password()
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        if phone.strip():
            Contact.objects.create(user=user, phone=phone.strip())
        record(actor, ChangeAction.CREATE, user, None, _public(user, phone), "tạo tài khoản cán bộ")
        grant(user, Role.OFFICER, unit, actor, "tạo tài khoản cán bộ")
    security_log("user.created", user=username, unit=unit.code, by=by.get_username())
    return NewAccount(user, password)


def reset_password(actor: ActorLike, by: Any, username: str, password: str = "") -> NewAccount:
    """Give an officer ``by`` manages a new password (generated unless given)."""
    user = manageable_people(by).filter(username=username).first()
    if user is None:
        raise NotAllowed(
            f"Không có cán bộ «{username}» trong phạm vi bạn quản lý.",
            f"No officer '{username}' among the people you manage.",
            Location(column="user", value=username[:80]),
        )
    password = password or temporary_password()
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(actor, ChangeAction.UPDATE, user, None, {"password": "đặt lại / reset"}, "đặt lại mật khẩu")
    security_log("password.reset", user=username, by=by.get_username())
    return NewAccount(user, password)


def change_own_password(actor: ActorLike, user: Any, current: str, new: str, repeat: str) -> None:
    """The person replaces their own password (the temporary one a supervisor gave them, or any):
    the current one must be right, the new one typed twice alike, different and accepted by the
    validators. A change record says it happened (never the password) and the security log too."""
    if not user.check_password(current):
        security_log("password.change_refused", user=user.get_username())
        raise InputError("Mật khẩu hiện tại không đúng.", "The current password is not right.")
    if new != repeat:
        raise InputError(
            "Hai lần nhập mật khẩu mới không giống nhau.", "The new password was typed differently twice."
        )
    if new == current:
        raise InputError(
            "Mật khẩu mới cần khác mật khẩu hiện tại.", "The new password must differ from the current one."
        )
    _check_password(new, user)
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        record(
            actor,
            ChangeAction.UPDATE,
            user,
            None,
            {"password": "tự đổi / changed by its owner"},
            "tự đổi mật khẩu",
        )
    security_log("password.changed", user=user.get_username())


def _public(user: Any, phone: str) -> dict[str, str]:
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "phone": phone.strip(),
    }
