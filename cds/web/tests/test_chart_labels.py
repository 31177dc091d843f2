"""A chart's label is the one formatter's text for the same figure, never a second rounding."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cds.catalog.formatting import format_value
from cds.catalog.services import get_catalog
from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
RATE = "dvc.online_dossier_rate"


@pytest.fixture
def two_of_three(tree):  # type: ignore[no-untyped-def]
    record_values(
        [
            ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "3"),
            ValueInput(tree["a"], "dvc.dossiers_online", PERIOD, "2"),
        ],
        Actor("t"),
    )
    return tree


def test_the_dashboards_chart_label_is_the_formatters_text(as_supervisor, two_of_three):
    shown = format_value(get_catalog(PERIOD.start)[RATE], Decimal("66.6666"))
    assert shown == "66,67%"
    page = as_supervisor.get(
        reverse("web:dashboard", args=[two_of_three["a"].pk]), {"period": PERIOD.code}
    ).content.decode()
    assert f": {shown}</title></circle>" in page  # the point's label, as the caption beside it says
    assert "66,7%</title>" not in page


def test_the_comparison_chart_labels_each_bar_with_the_formatters_text(as_supervisor, two_of_three):
    page = as_supervisor.get(
        reverse("web:compare"),
        {"in": two_of_three["district"].pk, "period": PERIOD.code, "indicator": RATE},
    ).content.decode()
    assert "Xã An: 66,67%</title></rect>" in page and ">66,67%</text>" in page  # (bins: scale marks)
