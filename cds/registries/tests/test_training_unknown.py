"""Training: a course whose attendance was never entered is unknown, never "0 lượt người tham gia"."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cds.lib.periods import parse_period
from cds.registries import training
from cds.registries.models import Course, Participation

pytestmark = pytest.mark.django_db
Q3 = parse_period("2023Q3")


def _course(unit, kind, name, day, counts=None):
    course = Course.objects.create(unit=unit, kind=kind, name=name, starts_on=day)
    for group, n in zip(("officials", "team_members", "residents"), counts or (), strict=False):
        Participation.objects.create(course=course, group=group, participants=n)
    return course


def test_a_course_without_attendance_is_unknown_in_the_appendix_not_zero(tree):
    _course(tree["a"], "local", "Tập huấn chưa nhập số người", dt.date(2023, 7, 11))
    table = training.appendix(tree["a"], Q3)
    assert table.rows[0].counts == {"officials": None, "team_members": None, "residents": None}
    assert table.rows[0].total is None
    assert table.totals == {"officials": None, "team_members": None, "residents": None}
    assert table.as_rows()[-1]["residents"] is None


def test_unknown_attendance_leaves_the_participation_indicators_out(tree):
    _course(tree["a"], "local", "Có số liệu", dt.date(2023, 7, 1), (2, 3, 40))
    _course(tree["a"], "local", "Chưa nhập", dt.date(2023, 7, 20))
    _course(tree["a"], "external", "Lớp của tỉnh", dt.date(2023, 8, 1))
    counts = training.training_counts(tree["a"], Q3)
    assert counts["training.local_classes"] == 2  # the classes are known …
    assert counts["training.external_classes_attended"] == 1
    for code in (  # … how many people took part is not
        "training.local_course_residents",
        "training.local_course_total",
        "training.participants_total",
        "training.participants_residents",
        "training.external_class_participations",
    ):
        assert code not in counts, code


def test_a_true_zero_entered_for_a_course_stays_zero(tree):
    _course(tree["a"], "guidance", "Không ai đến", dt.date(2023, 7, 1), (0, 0, 0))
    counts = training.training_counts(tree["a"], Q3)
    assert counts["training.participants_total"] == 0


def test_the_appendix_command_and_page_say_no_data(tree, client):
    _course(tree["a"], "local", "Chưa nhập", dt.date(2023, 7, 11))
    out = io.StringIO()
    call_command("training", "appendix", "--unit", "T99901", "--period", "2023Q3", stdout=out)
    assert "chưa có số liệu" in out.getvalue()


def test_the_appendix_page_says_no_data_in_both_languages(tree, client):
    from django.contrib.auth import get_user_model

    _course(tree["a"], "local", "Chưa nhập", dt.date(2023, 7, 11))
    user = get_user_model().objects.create_superuser("boss", password="x-Pass-2025")
    client.force_login(user, backend="cds.accounts.lockout.LockoutBackend")
    response = client.get("/registries/training/", {"unit": "T99901", "period": "2023Q3"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "chưa có số liệu" in text and "no data" in text
