"""Demo roles for the demo logins (``cds demo`` runs this after it has created the users).

The province supervisor holds both the current province and the legacy one, so the sample
reports of 2022–2024 and the demo's history before 1/7/2025 (on legacy communes) are in their scope; the commune officers
hold the legacy communes their reports were written for. ``xa.tinhkhe`` is an officer of a
current commune, for trying "another unit's officer cannot see this".
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from cds.units.services import resolve_unit
from cds.values.services import Actor

from .models import Role
from .services import get_user, grant

DEMO_ACTOR = Actor("demo: vai trò", "demo")

EXTRA_USERS = [("xa.tinhkhe", "cds-TinhKhe-2025", "Xã Tịnh Khê (cán bộ xã / commune officer)")]

DEMO_ROLES = [
    ("admin", Role.ADMIN, None, None),
    ("sokhcn.quangngai", Role.SUPERVISOR, "tỉnh Quảng Ngãi", "current"),
    ("sokhcn.quangngai", Role.SUPERVISOR, "tỉnh Quảng Ngãi", "legacy"),
    ("xa.tinhchau", Role.OFFICER, "xã Tịnh Châu, thành phố Quảng Ngãi", "legacy"),
    ("xa.sonnham", Role.OFFICER, "xã Sơn Nham, huyện Sơn Hà", "legacy"),
    ("xa.tinhkhe", Role.OFFICER, "xã Tịnh Khê, tỉnh Quảng Ngãi", "current"),
]


def ensure_extra_users() -> list[str]:
    User = get_user_model()
    lines = []
    for username, password, who in EXTRA_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.save()
        lines.append(f"  {username:<20} {password:<20} {who}")
    return lines


def load_demo() -> list[str]:
    """Give the demo users their roles (idempotent); returns summary lines."""
    lines = ["Tài khoản thêm / extra demo login:", *ensure_extra_users()]
    granted = 0
    for username, role, unit_name, era in DEMO_ROLES:
        unit = resolve_unit(unit_name, era=era) if unit_name else None
        granted += grant(get_user(username), role, unit, DEMO_ACTOR).created
        where = f"{unit.name} [{unit.code}, {era}]" if unit else "toàn hệ thống / everything"
        lines.append(f"  {username:<20} {role.value:<10} {where}")
    lines.insert(0, f"Vai trò demo / demo roles: {granted} mới / new")
    return lines
