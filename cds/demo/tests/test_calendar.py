"""The demo follows today's date: its latest period is the current quarter, whatever the day."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cds.demo import calendar, synthetic
from cds.demo.loader import demo_communes, review_demo_history
from cds.dossiers import demo as dossiers_demo
from cds.dti import demo as dti_demo
from cds.dti.models import Assessment, AssessmentStatus
from cds.dti.services import find_framework
from cds.lib.errors import InputError
from cds.lib.periods import Period
from cds.registries import demo as registries_demo
from cds.registries.models import Course, Task, Team
from cds.units.models import Era
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueInput, record_values


def test_demo_today_is_the_pinned_day_when_set_and_todays_local_date_otherwise(settings):
    settings.CDS_DEMO_TODAY = ""
    assert calendar.demo_today() == timezone.localdate()
    settings.CDS_DEMO_TODAY = "2028-02-10"
    assert calendar.demo_today() == dt.date(2028, 2, 10)
    assert calendar.current_quarter().code == "2028Q1"
    assert calendar.finished_years() == [2022, 2023, 2024, 2025, 2026, 2027]
    assert calendar.years(2023) == [2023, 2024, 2025, 2026, 2027, 2028]


@pytest.mark.parametrize("text", ["2026-13-01", "05/12/2026", "hôm nay", "2024-06-30"])
def test_a_bad_pinned_day_is_refused_in_both_languages(settings, text):
    settings.CDS_DEMO_TODAY = text
    with pytest.raises(InputError) as raised:
        calendar.demo_today()
    assert "CDS_DEMO_TODAY" in raised.value.vi and "CDS_DEMO_TODAY" in raised.value.en
    assert raised.value.where.value == text


def test_cds_demo_with_a_bad_pinned_day_stops_with_the_reason_in_both_languages(settings):
    settings.CDS_DEMO_TODAY = "5/12/2026"
    with pytest.raises(CommandError) as raised:
        call_command("demo", "--no-serve")
    assert "phải là một ngày dạng YYYY-MM-DD" in str(raised.value) and "must be a date" in str(raised.value)


def test_the_fraction_of_a_year_counts_today_and_is_whole_once_the_year_is_over():
    assert calendar.fraction_of_year(2026, dt.date(2026, 1, 1)) == 1 / 365
    assert calendar.fraction_of_year(2026, dt.date(2026, 12, 31)) == 1.0
    assert calendar.fraction_of_year(2025, dt.date(2026, 12, 5)) == 1.0
    assert calendar.fraction_of_year(2027, dt.date(2026, 12, 5)) == 0.0


def test_dossier_exports_run_from_2023_to_today_with_the_current_year_taken_today():
    plan = dossiers_demo.rows_per_year(dt.date(2028, 2, 10))
    assert list(plan) == [2023, 2024, 2025, 2026, 2027, 2028]
    assert all(until is None for _, until in list(plan.values())[:-1])
    rows, until = plan[2028]
    assert until == dt.date(2028, 2, 10) and rows == round(dossiers_demo.ROWS_MAX * 41 / 366)
    assert sum(rows for rows, _ in plan.values()) < 150_000  # the build stays bounded


@pytest.mark.slow
@pytest.mark.usefixtures("units")
def test_synthetic_years_run_to_todays_year_each_on_the_map_in_force_at_its_end():
    communes = demo_communes()
    legacy = next(u for u in communes if u.era == Era.LEGACY)
    current = next(u for u in communes if u.era == Era.CURRENT)
    periods = Counter(
        (i.unit.era, i.period.code)
        for i in synthetic.generate([legacy, current], today=dt.date(2028, 2, 10))
        if i.indicator_code == "pop.population"
    )
    assert sorted(code for era, code in periods if era == Era.LEGACY) == ["2022", "2023", "2024"]
    assert sorted(code for era, code in periods if era == Era.CURRENT) == ["2025", "2026", "2027", "2028"]
    again = list(synthetic.generate([current], today=dt.date(2028, 2, 10)))
    assert again == list(synthetic.generate([current], today=dt.date(2028, 2, 10)))  # deterministic


@pytest.mark.slow
@pytest.mark.usefixtures("units")
@pytest.mark.parametrize("today", ["2026-12-05", "2028-02-10"])
def test_the_demos_latest_period_is_that_days_quarter_with_the_documented_status_mix(
    settings, monkeypatch, tmp_path, today
):
    """The dossier demo (from last year only, fewer rows: the same model) and the synthetic values
    of today's communes, then the review, as ``load_demo`` runs them."""
    settings.CDS_DEMO_TODAY = today
    settings.CDS_DOSSIER_STORE = str(tmp_path / "dossiers")
    day = dt.date.fromisoformat(today)
    settings.CDS_DATA_LAST_YEAR = day.year + 1  # data years end next year as seen on that day
    monkeypatch.setattr(dossiers_demo, "FIRST_YEAR", day.year - 1)
    monkeypatch.setattr(dossiers_demo, "ROWS_MAX", 6_000)
    quarter = Period.containing(day, "quarter")

    dossiers_demo.load_demo()
    communes = [u for u in demo_communes() if u.era == Era.CURRENT]
    record_values(list(synthetic.generate(communes)), Actor("test: mô phỏng", "demo"))
    review_demo_history()

    quarters = DataValue.objects.filter(period__contains="Q").values_list("period", flat=True).distinct()
    assert max(quarters) == quarter.code  # nothing after today's quarter
    assert not DataValue.objects.filter(period_start__gt=day).exists()
    latest = DataValue.objects.filter(period=quarter.code, unit__in=communes)
    states = {}
    for unit_id, status in latest.values_list("unit_id", "status"):
        states.setdefault(unit_id, set()).add(status)
    assert len(states) >= 0.8 * len(communes)  # the first screen is not empty
    assert all(len(s) == 1 for s in states.values())  # one state per unit's report
    mix = Counter(next(iter(s)) for s in states.values())
    assert set(mix) == {Status.APPROVED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT}
    assert mix[Status.APPROVED] > mix[Status.RETURNED] and mix[Status.SUBMITTED] > mix[Status.RETURNED]
    previous = DataValue.objects.filter(period=quarter.previous().code)
    assert previous.exists() and not previous.exclude(status=Status.APPROVED).exists()
    this_year = DataValue.objects.filter(period=str(day.year), unit__in=communes)
    assert this_year.exists() and not this_year.exclude(status=Status.DRAFT).exists()  # still running


@pytest.mark.slow
@pytest.mark.usefixtures("units")
def test_registries_of_todays_communes_have_plans_due_around_today(settings):
    settings.CDS_DEMO_TODAY = "2026-12-05"
    today = dt.date(2026, 12, 5)
    registries_demo.load_demo()
    communes = [u for u in demo_communes() if u.era == Era.CURRENT]
    tasks = Task.objects.filter(plan__unit__in=communes, plan__year=2026)
    assert tasks.values("plan__unit").distinct().count() == len(communes)
    states = Counter(task.state_on(today) for task in tasks)
    assert set(states) == {"done", "overdue", "in_progress", "not_started"}
    assert all(abs((t.deadline - today).days) <= 75 for t in tasks)
    assert not tasks.filter(done_on__gt=today).exists()
    assert Task.objects.filter(plan__unit__in=communes, plan__year=2025).exists()  # last year's plan
    unit = communes[0]
    team = Team.objects.get(unit=unit, level="commune")
    assert team.name == f"Tổ công nghệ số cộng đồng {unit.name[:1].lower()}{unit.name[1:]}"  # "… xã X"
    assert (
        team.members.exists() and team.activities.filter(held_on__gte=today - dt.timedelta(days=100)).exists()
    )
    assert Course.objects.filter(
        unit__in=communes, starts_on__range=(dt.date(2026, 10, 1), today)
    ).count() == len(communes)


@pytest.mark.slow
@pytest.mark.usefixtures("units")
def test_dti_assesses_every_finished_year_with_a_framework_and_leaves_this_years_round_open(
    settings, monkeypatch
):
    settings.CDS_DEMO_TODAY = "2028-02-10"
    scored = []
    monkeypatch.setattr(dti_demo, "score_and_store", lambda row, year, province: scored.append(year) or [])
    lines = dti_demo.load_demo()
    assert scored == [2023, 2024, 2025, 2026]  # 2027 and 2028: no shipped framework covers them
    assert any("DTI 2027" in line and "no framework for 2027" in line for line in lines)
    assert not Assessment.objects.filter(year__gt=2026).exists()
    finished = Assessment.objects.filter(year__lte=2026)
    assert finished.filter(status=AssessmentStatus.VERIFIED).count() > 0.8 * finished.count()

    Assessment.objects.filter(year=2026).delete()
    row = find_framework("dti-xa", 2026)
    dti_demo._assess(row, 2026, verify=False, until=dt.date(2026, 12, 5))
    open_round = Assessment.objects.filter(year=2026)
    assert open_round.exists() and not open_round.filter(submitted_at__date__gt=dt.date(2026, 12, 5)).exists()
    assert not open_round.filter(status=AssessmentStatus.VERIFIED).exists()


@pytest.mark.slow
@pytest.mark.usefixtures("units")
def test_rerun_on_a_later_day_closes_the_quarter_that_was_current_before():
    """Run in Q3 (its mix: some submitted, some returned), run again in Q4: Q3 is all approved."""
    communes = [u for u in demo_communes() if u.era == Era.CURRENT][:30]
    q3, q4 = Period.of("quarter", 2026, 3), Period.of("quarter", 2026, 4)
    record_values(
        [ValueInput(u, "dvc.dossiers_total", q, 100) for u in communes for q in (q3, q4)],
        Actor("test", "demo"),
    )
    review_demo_history(q3.code)
    assert {Status.SUBMITTED, Status.RETURNED} <= set(
        DataValue.objects.filter(period=q3.code).values_list("status", flat=True)
    )
    review_demo_history(q4.code)
    assert set(DataValue.objects.filter(period=q3.code).values_list("status", flat=True)) == {Status.APPROVED}
    assert len(set(DataValue.objects.filter(period=q4.code).values_list("status", flat=True))) == 4
