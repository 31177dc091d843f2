"""Issue 15: every number field of the registry pages reads what the entry form reads ("1.250",
"1 250", "khoảng 40"), through the one parser, in a text input — a browser number input refuses
«1.250» before it is even sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cds.accounts.models import Role, RoleAssignment
from cds.registries.forms import ActivityForm, CourseForm, DocumentForm, ParticipationFormSet, PlanForm
from cds.registries.models import Activity
from cds.units.testing import small_tree

from .helpers import team_with_members


@pytest.mark.parametrize(("typed", "value"), [("1.250", 1250), ("1 250", 1250), ("1,250", 1250), ("40", 40)])
def test_people_guided_takes_the_vietnamese_forms_the_entry_form_takes(typed, value) -> None:
    form = ActivityForm({"held_on": "2024-03-14", "kind": "guidance", "people_guided": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["people_guided"] == value


@pytest.mark.parametrize("typed", ["12,5", "12.5", "-3", "mười"])
def test_a_number_that_is_not_a_whole_count_is_refused_in_both_languages(typed) -> None:
    form = ActivityForm({"held_on": "2024-03-14", "kind": "guidance", "people_guided": typed})
    assert not form.is_valid()
    (message,) = form.errors["people_guided"]
    assert f"«{typed}»" in message and " / " in message


def test_no_number_field_of_the_registry_forms_is_a_browser_number_input() -> None:
    forms = [ActivityForm(), CourseForm(), *ParticipationFormSet().forms]
    html = "".join(str(form) for form in forms)
    assert 'type="number"' not in html
    assert html.count('inputmode="numeric"') == 1 + 1 + 3 * 3  # people guided, sessions, 3 × 3 counts


@pytest.mark.django_db
def test_a_team_activity_typed_with_a_thousands_dot_is_saved_from_the_page() -> None:
    tree = small_tree()
    team = team_with_members(tree["a"], "commune", "Tổ xã An", 2, dt.date(2023, 1, 1))
    user = get_user_model().objects.create_user("officer", password="x")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["a"])
    client = Client()
    client.force_login(user, backend="cds.accounts.lockout.LockoutBackend")
    data = {"held_on": "2024-03-14", "kind": "guidance", "place": "Nhà văn hóa", "people_guided": "1.250"}
    response = client.post(f"/registries/teams/{team.pk}/activities/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.get(team=team).people_guided == 1250


@pytest.mark.parametrize(
    ("typed", "year"), [("2023", 2023), ("năm 2023", 2023), ("Năm 2023", 2023), (" 2023 ", 2023)]
)
def test_a_document_or_plan_year_is_read_as_people_write_a_year(typed, year) -> None:
    for form in (DocumentForm({"year": typed}), PlanForm({"year": typed})):
        form.is_valid()
        assert "year" not in form.errors, form.errors
        assert form.cleaned_data["year"] == year


@pytest.mark.parametrize("typed", ["2.023", "23", "năm nay", "2023,5"])
def test_a_year_that_is_not_four_digits_is_refused_saying_how_to_write_it(typed) -> None:
    form = PlanForm({"year": typed})
    assert not form.is_valid()
    (message,) = form.errors["year"]
    assert f"«{typed}»" in message and "2025" in message and " / " in message


def test_the_year_boxes_are_text_inputs_that_ask_phones_for_digits() -> None:
    html = str(DocumentForm()["year"]) + str(PlanForm()["year"])
    assert 'type="number"' not in html
    assert html.count('inputmode="numeric"') == 2
