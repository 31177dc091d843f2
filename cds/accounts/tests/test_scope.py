import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.scope import can, principal, require, scoped, units_for
from cds.accounts.testing import person
from cds.lib.periods import parse_period
from cds.units.models import Unit, UnitLineage, bump_reference_version
from cds.units.testing import make_unit
from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def test_an_officer_sees_and_edits_only_their_unit(tree):
    officer = person("an", Role.OFFICER, tree["a"])
    assert names(units_for(officer, "view")) == ["Xã An"]
    assert names(units_for(officer, "edit")) == ["Xã An"]
    assert not units_for(officer, "review").exists()
    assert not can(officer, "view", tree["b"])


def test_a_supervisor_sees_the_subtree_and_reviews_only_below_itself(tree):
    boss = person("boss", Role.SUPERVISOR, tree["district"])
    assert names(units_for(boss, "view")) == ["Huyện Mẫu", "Xã An", "Xã Bình"]
    assert names(units_for(boss, "review")) == ["Xã An", "Xã Bình"]
    assert not can(boss, "view", tree["province"])


def test_a_supervisor_of_a_new_unit_sees_the_history_of_the_units_it_came_from(tree):
    boss = person("new", Role.SUPERVISOR, tree["new_province"])
    visible = names(units_for(boss, "view"))
    assert {"Xã An Bình", "Xã An", "Xã Bình", "Huyện Mẫu"} <= set(visible)
    assert not can(boss, "edit", tree["a"])  # history is read-only


def test_history_already_covered_by_an_assignment_is_not_listed_twice(tree):
    """Someone who supervises both the old and the new province sees the same units either way,
    and the filter does not repeat the old province's ids inside its own subtree."""
    both = person("both", Role.SUPERVISOR, tree["new_province"])
    RoleAssignment.objects.create(user=both, role=Role.SUPERVISOR, unit=tree["province"])
    only_new = person("only-new", Role.SUPERVISOR, tree["new_province"])
    expected = set(names(units_for(only_new, "view"))) | set(
        names(units_for(person("old", Role.SUPERVISOR, tree["province"]), "view"))
    )
    assert set(names(units_for(both, "view"))) == expected
    assert "pk__in" not in str(
        units_for(both, "view").query.where
    )  # every old unit lies in an assigned subtree


def test_one_read_of_the_assignments_answers_every_action(tree, django_assert_num_queries):
    boss = person("boss", Role.SUPERVISOR, tree["district"])
    with django_assert_num_queries(1):
        known = principal(boss)
    with django_assert_num_queries(2):  # the units' reference version and the 2025 lineage, kept
        queries = [units_for(boss, action, known) for action in ("view", "edit", "review")]
    with django_assert_num_queries(1):  # only the version: the lineage kept is still current
        [units_for(boss, action, known) for action in ("view", "edit", "review")]
    assert [names(q) for q in queries] == [["Huyện Mẫu", "Xã An", "Xã Bình"]] * 2 + [["Xã An", "Xã Bình"]]
    RoleAssignment.objects.filter(user=boss).delete()
    assert not units_for(boss, "view").exists()  # without ``known`` the assignments are read again


def test_a_viewer_cannot_edit(tree):
    viewer = person("v", Role.VIEWER, tree["province"])
    assert units_for(viewer, "view").count() == 4
    assert not units_for(viewer, "edit").exists()


def test_administrators_see_everything_and_strangers_nothing(tree):
    admin = person("root", is_superuser=True)
    nobody = person("nobody")
    assert units_for(admin, "review").count() == Unit.objects.count()  # the national list may be loaded too
    assert not units_for(nobody, "view").exists()
    assert not units_for(AnonymousUser(), "view").exists()
    with pytest.raises(PermissionDenied):
        require(nobody, "view", tree["a"])


def test_scoped_restricts_rows_that_belong_to_units(tree):
    period = parse_period("2023Q3")
    record_values(
        [
            ValueInput(tree["a"], "dvc.dossiers_total", period, "1"),
            ValueInput(tree["b"], "dvc.dossiers_total", period, "2"),
        ],
        Actor("t"),
    )
    officer = person("an", Role.OFFICER, tree["a"])
    assert list(scoped(DataValue.objects.all(), officer).values_list("unit__name", flat=True)) == ["Xã An"]


def test_an_inactive_account_sees_nothing(tree):
    gone = person("gone", Role.SUPERVISOR, tree["province"], is_active=False)
    assert not units_for(gone, "view").exists()


def test_a_lineage_reload_in_another_process_shows_at_the_next_request_not_minutes_later(tree):
    """``cds units`` runs in its own process: it cannot clear the web workers' memory, so it bumps
    the units' reference version in the database, which every worker's kept lineage is keyed by."""
    boss = person("new", Role.SUPERVISOR, tree["new_province"])
    before = set(names(units_for(boss, "view")))  # the lineage is now kept by this process
    other = make_unit("Tỉnh Khác", "province", "T77")
    commune = make_unit("Xã Khác", "commune", "T77001", other)
    with transaction.atomic():  # what a reload that adds an edge writes, and nothing else here
        UnitLineage.objects.create(old=commune, new=tree["new_province"].children.get(), kind="merge")
        bump_reference_version("units")
    assert set(names(units_for(boss, "view"))) == before | {"Tỉnh Khác", "Xã Khác"}
