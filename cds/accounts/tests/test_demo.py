import pytest
from django.contrib.auth import get_user_model

from cds.accounts import demo
from cds.accounts.models import RoleAssignment
from cds.accounts.scope import can
from cds.demo.loader import ensure_demo_users
from cds.units.services import resolve_unit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_roles_give_each_login_its_own_units_and_nothing_else(units):
    ensure_demo_users()
    demo.load_demo()
    assert demo.load_demo()[0].endswith("0 mới / new")  # idempotent
    users = {u.username: u for u in get_user_model().objects.all()}
    tinh_chau = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", era="legacy")
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy")
    tinh_khe = resolve_unit("xã Tịnh Khê, tỉnh Quảng Ngãi", era="current")
    supervisor = users["sokhcn.quangngai"]
    assert can(supervisor, "review", tinh_chau) and can(supervisor, "review", tinh_khe)
    assert can(users["xa.tinhchau"], "edit", tinh_chau) and not can(users["xa.tinhchau"], "view", son_nham)
    assert can(users["xa.sonnham"], "edit", son_nham) and not can(users["xa.sonnham"], "view", tinh_chau)
    assert can(users["xa.tinhkhe"], "edit", tinh_khe) and not can(users["xa.tinhkhe"], "view", tinh_chau)
    assert users["xa.tinhkhe"].check_password(demo.EXTRA_USERS[0][1])
    assert RoleAssignment.objects.filter(user=users["admin"], role="admin").exists()
