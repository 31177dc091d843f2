"""A supervisor manages the officers of their units (issue 16, item 8): accounts with a unit picker,
password resets — scoped in the data layer (``cds.accounts.people``), checked here through the page."""

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Contact, Role, RoleAssignment
from cds.accounts.people import manageable_people, manageable_units
from cds.accounts.testing import person
from cds.history.models import ChangeRecord
from cds.units.testing import make_unit

pytestmark = pytest.mark.django_db
URL = "/people/"


def test_the_unit_picker_finds_units_by_name_with_their_parents_inside_the_scope_only(
    client, tree, supervisor
):
    other = make_unit("Tỉnh Khác", "province", "K77")
    make_unit("Xã An Khác", "commune", "K7701", make_unit("Huyện Khác", "district", "K770", other))
    from cds.units.models import Unit
    from cds.units.names import search_key

    for unit in Unit.objects.all():  # the factory keys units by code; the national list by name
        Unit.objects.filter(pk=unit.pk).update(search_key=search_key(unit.short_name))
    client.force_login(supervisor)
    page = client.get(URL, {"q": "An"}).content.decode()
    assert "Xã An" in page and "Huyện Mẫu" in page  # the parent beside the name
    assert "Xã An Khác" not in page  # outside the supervisor's province


def test_the_unit_picker_shows_the_units_of_both_maps_todays_first_the_former_labelled(
    client, tree, supervisor
):
    """Like the home page's unit search (issue 15): a name that is a commune today and was one
    before 1/7/2025 lists both, today's first, each with its map."""
    from cds.units.models import Era, Unit
    from cds.units.names import search_key

    RoleAssignment.objects.create(user=supervisor, role=Role.SUPERVISOR, unit=tree["new_province"])
    make_unit("Xã An", "commune", "T99960", tree["new_province"], era=Era.CURRENT)
    for unit in Unit.objects.all():
        Unit.objects.filter(pk=unit.pk).update(search_key=search_key(unit.short_name))
    client.force_login(supervisor)
    page = client.get(URL, {"q": "Xã An"}).content.decode()
    picks = page.split('class="pick"')[1:]
    assert len(picks) == 2, picks
    assert "từ 1/7/2025" in picks[0] and "trước 1/7/2025" in picks[1]


def test_a_supervisor_creates_an_officer_with_contacts_and_a_one_time_password(client, tree, supervisor):
    client.force_login(supervisor)
    response = client.post(
        URL,
        {
            "action": "create",
            "unit": tree["b"].pk,
            "username": "xa.binh.moi",
            "full_name": "Trần Thị Bình",
            "phone": "0905 111 222",
            "email": "binh@example.vn",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    user = get_user_model().objects.get(username="xa.binh.moi")
    password = page.split('<code class="secret">')[1].split("</code>")[0]
    assert user.check_password(password) and user.get_full_name() == "Trần Thị Bình"
    assert RoleAssignment.objects.filter(user=user, role=Role.OFFICER, unit=tree["b"]).exists()
    assert Contact.objects.get(user=user).phone == "0905 111 222"
    created = (
        ChangeRecord.objects.filter(action="create", object_id=str(user.pk)).first()
        or ChangeRecord.objects.filter(action="create").first()
    )
    assert created is not None and password not in str(created.after)
    assert client.login(username="xa.binh.moi", password=password)


def test_creating_an_account_outside_the_scope_or_twice_is_refused_in_words(
    client, tree, supervisor, officer
):
    outside = make_unit("Xã Ngoài", "commune", "N1", make_unit("Tỉnh Ngoài", "province", "N"))
    client.force_login(supervisor)
    refused = client.post(URL, {"action": "create", "unit": outside.pk, "username": "x.ngoai"})
    assert refused.status_code == 404 and not get_user_model().objects.filter(username="x.ngoai").exists()
    taken = client.post(URL, {"action": "create", "unit": tree["a"].pk, "username": "XA.AN"})
    assert taken.status_code == 422 and "Đã có tài khoản" in taken.content.decode()
    no_unit = client.post(URL, {"action": "create", "username": "ai.do"})
    assert no_unit.status_code == 422 and "chọn đơn vị" in no_unit.content.decode()


def test_a_supervisor_resets_only_their_own_officers_passwords(client, tree, supervisor, officer):
    other = make_unit("Tỉnh Khác", "province", "K77")
    stranger = person("xa.khac", Role.OFFICER, make_unit("Xã Khác", "commune", "K7701", other))
    both = person("hai.noi", Role.OFFICER, tree["a"])
    RoleAssignment.objects.create(user=both, role=Role.OFFICER, unit=other)  # a role elsewhere: not theirs
    assert set(manageable_people(supervisor)) == {officer}
    client.force_login(supervisor)
    page = client.get(URL).content.decode()
    assert "xa.an" in page and "xa.khac" not in page and "hai.noi" not in page
    done = client.post(URL, {"action": "reset", "username": "xa.an"})
    password = done.content.decode().split('<code class="secret">')[1].split("</code>")[0]
    officer.refresh_from_db()
    assert officer.check_password(password)
    refused = client.post(URL, {"action": "reset", "username": "xa.khac"})
    assert refused.status_code == 404
    stranger.refresh_from_db()
    assert not stranger.check_password(password)


def test_officers_and_viewers_have_no_people_page(client, tree, officer):
    client.force_login(officer)
    assert client.get(URL).status_code == 404
    assert not manageable_units(officer).exists()
    assert client.post(URL, {"action": "reset", "username": "xa.an"}).status_code == 404
