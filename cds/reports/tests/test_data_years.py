"""A report is for a period within the data years: a URL or a call for year 9999 or 0001 is refused
by name (404 on a page, InputError from the builder), never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.reports.availability import EmptyPeriod
from cds.reports.kinds import KINDS, ReportOptions, build_report

pytestmark = pytest.mark.django_db
OUTSIDE = ["9999", "0001Q1", "0001", "1999-12"]


@pytest.fixture
def officer_client(officer: User) -> Client:
    """The root ``officer``, logged in on a client that answers a server error instead of raising it."""
    client = Client(raise_request_exception=False)
    client.force_login(officer, backend="cds.accounts.lockout.LockoutBackend")
    return client


@pytest.mark.parametrize("code", OUTSIDE)
def test_the_sections_page_and_the_download_of_a_period_outside_the_data_years_are_not_found(
    tree, officer_client, code
):
    assert officer_client.get(f"/reports/{tree['a'].pk}/{code}/").status_code == 404
    assert officer_client.get(f"/reports/{tree['a'].pk}/{code}/periodic.docx").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("code", OUTSIDE)
def test_a_report_for_a_period_outside_the_data_years_is_refused_in_both_languages(tree, kind, code):
    with pytest.raises(InputError) as refused:
        build_report(kind, tree["a"], parse_period(code), ReportOptions(charts=False))
    assert "kỳ số liệu phải nằm trong các năm 2000" in refused.value.message("vi")
    assert "data periods must lie within the years 2000" in refused.value.message("en")


def test_a_report_for_a_period_within_the_data_years_passes_to_the_empty_period_check(tree):
    # no value recorded: refused for that (issue 14 item 8), not for the period
    with pytest.raises(EmptyPeriod, match="Chưa có số liệu nào của Xã An cho quý III/2024"):
        build_report("periodic", tree["a"], parse_period("2024Q3"), ReportOptions(charts=False))
