"""One scope idiom: ``Model.objects.for_user(user, action)`` on every scoped model and
``get_for_user_or_404``, with the person's scope read once per request."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.scope import can, get_for_user_or_404, remember
from cds.accounts.testing import person
from cds.dti.models import Assessment, Evidence, Result
from cds.registries.models import Course, Document, Plan, Team
from cds.reports.models import DataWindow, IssuerProfile, NarrativeSection
from cds.units.models import ScopedQuerySet, Unit
from cds.units.testing import small_tree
from cds.values.models import DataValue

pytestmark = pytest.mark.django_db

SCOPED_MODELS = [Unit, DataValue, Team, Document, Course, Plan, Assessment, Result, Evidence, NarrativeSection,
                 DataWindow, IssuerProfile]  # fmt: skip


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_every_scoped_model_is_found_through_for_user(model):
    assert isinstance(model.objects.all(), ScopedQuerySet)
    assert hasattr(model.objects, "for_user")


def test_a_row_of_another_unit_is_not_found_for_an_officer():
    tree = small_tree()
    officer = person("an", Role.OFFICER, tree["a"])
    own = Document.objects.create(
        unit=tree["a"], doc_type="KH", number="1", symbol="KH-UBND", issued_on=dt.date(2024, 1, 2)
    )
    other = Document.objects.create(
        unit=tree["b"], doc_type="KH", number="2", symbol="KH-UBND", issued_on=dt.date(2024, 1, 2)
    )
    assert list(Document.objects.for_user(officer)) == [own]
    assert get_for_user_or_404(Document, officer, "edit", pk=own.pk) == own
    with pytest.raises(Http404):
        get_for_user_or_404(Document, officer, "view", pk=other.pk)


def test_a_missing_or_malformed_key_is_a_404_not_an_error():
    tree = small_tree()
    officer = person("an", Role.OFFICER, tree["a"])
    with pytest.raises(Http404):
        get_for_user_or_404(Unit, officer, "view", pk="abc")
    with pytest.raises(Http404):
        get_for_user_or_404(Unit, officer, "view", pk=None)


def test_a_queryset_narrows_what_get_for_user_or_404_may_find():
    tree = small_tree()
    boss = person("boss", Role.SUPERVISOR, tree["province"])
    assert (
        get_for_user_or_404(Unit.objects.filter(level="commune"), boss, "view", pk=tree["a"].pk) == tree["a"]
    )
    with pytest.raises(Http404):
        get_for_user_or_404(Unit.objects.filter(level="commune"), boss, "view", pk=tree["district"].pk)


def test_a_remembered_user_reads_the_assignments_once_for_every_question(django_assert_num_queries):
    tree = small_tree()
    boss = person("boss", Role.SUPERVISOR, tree["district"])
    remember(boss)
    get_for_user_or_404(Unit, boss, "view", pk=tree["a"].pk)  # reads the assignments (and lineage)
    with django_assert_num_queries(0):
        get_for_user_or_404(Unit, boss, "view", pk=tree["a"].pk)  # the same question: kept
    with django_assert_num_queries(1):  # the units only: the assignments are kept
        assert list(
            Unit.objects.for_user(boss, "review").order_by("name").values_list("name", flat=True)
        ) == [
            "Xã An",
            "Xã Bình",
        ]
    assert can(boss, "edit", tree["a"])
    with django_assert_num_queries(0):
        assert can(boss, "edit", tree["a"])


def test_a_user_outside_a_request_reads_the_assignments_afresh():
    tree = small_tree()
    officer = person("an", Role.OFFICER, tree["a"])
    assert can(officer, "view", tree["a"])
    RoleAssignment.objects.filter(user=officer).delete()
    assert not can(officer, "view", tree["a"])


def test_the_pages_read_the_assignments_once_per_request(client):
    tree = small_tree()
    officer = person("an", Role.OFFICER, tree["a"])
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/units/{tree['a'].pk}/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "accounts_roleassignment" in q["sql"]]
    assert len(reads) == 1
