"""Issue 14 (rcontent item 4): a count reads with its catalog unit, a zero amount in its display
unit — on the pages as in the reports and the CLI (one formatter, ``cds.catalog.formatting``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def test_the_rollup_page_prints_a_count_with_its_unit_and_a_zero_amount_in_its_display_unit(
    as_supervisor, tree
):
    record_values(
        [
            ValueInput(tree["a"], "infra.fixed_broadband_subscriptions", PERIOD, "157"),
            ValueInput(tree["a"], "budget.digital_economy", PERIOD, "0"),
        ],
        Actor("t"),
    )
    page = as_supervisor.get(
        reverse("web:rollup"),
        {
            "unit": tree["district"].pk,
            "indicator": "infra.fixed_broadband_subscriptions",
            "period": PERIOD.code,
        },
    ).content.decode()
    assert "157 thuê bao" in page
    page = as_supervisor.get(
        reverse("web:rollup"),
        {"unit": tree["district"].pk, "indicator": "budget.digital_economy", "period": PERIOD.code},
    ).content.decode()
    assert "0 triệu đồng" in page and "0 đồng" not in page
