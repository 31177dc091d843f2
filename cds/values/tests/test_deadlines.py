"""Reporting deadlines per scope: set by a unit's supervisors, the nearest one applies, audited."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.units.testing import make_unit, small_tree
from cds.values.completeness import completeness
from cds.values.deadlines import NotAllowed, deadline_for, deadlines_for, default_due, set_deadline
from cds.values.models import Deadline, DeadlineChange
from cds.values.services import Actor

pytestmark = pytest.mark.django_db
Q3 = parse_period("2024Q3")


@pytest.fixture
def tree():
    units = small_tree()
    units["other"] = make_unit("Tỉnh Quảng Ngãi Thử", "province", "Q51")
    units["other_commune"] = make_unit("Xã Tịnh Châu Thử", "commune", "Q5101", units["other"])
    return units


def supervisor_of(unit, name):
    user = get_user_model().objects.create_user(name)
    RoleAssignment.objects.create(user=user, role=Role.SUPERVISOR, unit=unit)
    return Actor.for_user(user)


def test_the_nearest_deadline_above_a_unit_applies_then_the_nationwide_one_then_the_default(tree):
    assert deadline_for(tree["a"], Q3) == default_due(Q3) == dt.date(2024, 10, 15)
    set_deadline(None, Q3, dt.date(2024, 10, 31), Actor("cli"))
    set_deadline(tree["province"], Q3, dt.date(2024, 10, 20), Actor("cli"))
    set_deadline(tree["district"], Q3, dt.date(2024, 10, 18), Actor("cli"))
    due = deadlines_for([tree["a"], tree["b"], tree["province"], tree["other_commune"]], Q3)
    assert due == {
        tree["a"].pk: dt.date(2024, 10, 18),
        tree["b"].pk: dt.date(2024, 10, 18),
        tree["province"].pk: dt.date(2024, 10, 20),
        tree["other_commune"].pk: dt.date(2024, 10, 31),
    }


def test_a_supervisor_cannot_change_another_provinces_deadline_or_late_count(tree):
    hanoi = supervisor_of(tree["province"], "so.hanoi")
    with pytest.raises(NotAllowed):
        set_deadline(tree["other"], Q3, dt.date(2024, 7, 2), hanoi)
    with pytest.raises(NotAllowed):
        set_deadline(None, Q3, dt.date(2024, 7, 2), hanoi)  # nor the whole country's
    set_deadline(tree["province"], Q3, dt.date(2024, 7, 2), hanoi)  # their own: fine
    reports = completeness(
        [tree["other_commune"]], Q3, deadlines_for([tree["other_commune"]], Q3), dt.date(2024, 10, 1)
    )
    assert not reports[0].late and reports[0].deadline == default_due(Q3)
    mine = completeness([tree["a"]], Q3, deadlines_for([tree["a"]], Q3), dt.date(2024, 10, 1))
    assert mine[0].late


def test_a_district_supervisor_sets_their_district_but_not_the_province_above(tree):
    district = supervisor_of(tree["district"], "phong.vh")
    set_deadline(tree["a"], Q3, dt.date(2024, 10, 10), district)
    with pytest.raises(NotAllowed):
        set_deadline(tree["province"], Q3, dt.date(2024, 10, 10), district)


def test_every_change_is_recorded_with_who_old_new_and_why_and_a_same_date_records_nothing(tree):
    actor = supervisor_of(tree["province"], "so.tn")
    set_deadline(tree["province"], Q3, dt.date(2024, 10, 20), actor, "theo kế hoạch")
    set_deadline(tree["province"], Q3, dt.date(2024, 10, 25), actor, "gia hạn do bão")
    set_deadline(tree["province"], Q3, dt.date(2024, 10, 25), actor, "bấm lại")
    rows = list(DeadlineChange.objects.values_list("old_due", "new_due", "reason", "changed_by__username"))
    assert rows == [
        (None, dt.date(2024, 10, 20), "theo kế hoạch", "so.tn"),
        (dt.date(2024, 10, 20), dt.date(2024, 10, 25), "gia hạn do bão", "so.tn"),
    ]
    assert Deadline.objects.get().due == dt.date(2024, 10, 25)


def test_a_deadline_before_the_period_starts_is_refused(tree):
    with pytest.raises(InputError, match="sớm hơn"):
        set_deadline(tree["province"], Q3, dt.date(2024, 6, 30), Actor("cli"))


def test_a_deadline_beyond_the_year_after_the_last_data_year_is_refused(tree, settings):
    """Found by the attack rerun: the API stored a deadline of 31/12/9999 for quý III/2024."""
    settings.CDS_DATA_LAST_YEAR = 2026
    for due in (dt.date(9999, 12, 31), dt.date(2028, 1, 1)):
        with pytest.raises(InputError, match="quá xa"):
            set_deadline(tree["province"], Q3, due, Actor("cli"))
    assert not Deadline.objects.exists()
    assert set_deadline(tree["province"], Q3, dt.date(2027, 12, 31), Actor("cli")).due == dt.date(
        2027, 12, 31
    )


def test_the_admin_sets_a_deadline_through_the_same_function_with_history(tree, client):
    admin = get_user_model().objects.create_superuser("quan.tri", password="Mot-Mat-Khau-2025")
    client.force_login(admin)
    form = {"unit": tree["district"].pk, "period": "quý III/2024", "due": "2024-10-18", "reason": "gia hạn"}
    response = client.post("/admin/values/deadline/add/", form)
    assert response.status_code == 302
    deadline = Deadline.objects.get()
    assert (deadline.unit, deadline.period, deadline.set_by) == (tree["district"], "2024Q3", admin)
    assert DeadlineChange.objects.get().changed_by == admin
    early = client.post(
        "/admin/values/deadline/add/", {**form, "unit": tree["province"].pk, "due": "2024-06-01"}
    )
    assert early.status_code == 200 and "sớm hơn" in early.content.decode()
    assert Deadline.objects.count() == 1
