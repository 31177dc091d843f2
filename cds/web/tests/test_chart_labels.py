"""A chart's label is the one formatter's text for the same figure, never a second rounding."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cds.catalog.formatting import format_value
from cds.catalog.services import get_catalog

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
RATE = "dvc.online_dossier_rate"


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


def _axis_values(svg: str) -> list[float]:
    """The grid's scale marks («100%», «27,5%») of a line chart, as numbers."""
    import re

    marks = re.findall(r'text-anchor="end" fill="#5b6773" font-size="12">([^<]+)</text>', svg)
    return [float(m.rstrip("%").replace(".", "").replace(",", ".")) for m in marks]


def test_a_rate_chart_s_scale_stops_at_100_percent():
    from cds.web.charts import line_chart

    svg = line_chart([("I/2025", 40), ("II/2025", 97), ("III/2025", 99.5)], "tỷ lệ", target=95, suffix="%")
    assert max(_axis_values(svg)) == 100


def test_a_rate_above_100_percent_still_fits_its_chart():
    from cds.web.charts import line_chart

    svg = line_chart([("I/2025", 40), ("II/2025", 130)], "tỷ lệ", suffix="%")
    assert max(_axis_values(svg)) >= 130


def test_the_last_period_s_label_ends_inside_the_chart():
    import re

    from cds.web.charts import line_chart

    svg = line_chart(
        [(f"{q}/2025", 10 * i) for i, q in enumerate(("I", "II", "III", "IV"))], "tỷ lệ", suffix="%"
    )
    width = float(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    last = re.findall(r'<text x="([\d.]+)" y="\d+" text-anchor="(\w+)"[^>]*>IV/2025</text>', svg)
    assert last, svg
    x, anchor = float(last[0][0]), last[0][1]
    assert anchor == "end" and x <= width


def test_the_comparison_says_which_units_total_disagrees_with_its_own_parts(as_supervisor, tree):
    """Sơn Nham 2024's shape: «Tổng kinh phí …» 0 beside 48.000.000 đồng for digital government.
    The bar is drawn as recorded (never corrected) and the page names the unit, its recorded total
    and what its parts add up to, in triệu đồng — not a bare 0 ranked among the others."""
    from cds.lib.periods import parse_period
    from cds.values.services import Actor, ValueInput, record_values

    year = parse_period("2024")
    record_values(
        [
            ValueInput(tree["a"], "budget.digital_transformation_total", year, "0"),
            ValueInput(tree["a"], "budget.digital_government", year, "48.000.000 đồng"),
            ValueInput(tree["b"], "budget.digital_transformation_total", year, "20.000.000 đồng"),
            ValueInput(tree["b"], "budget.digital_government", year, "20.000.000 đồng"),
        ],
        Actor("t"),
    )
    query = {"in": tree["district"].pk, "period": "2024", "indicator": "budget.digital_transformation_total"}
    page = as_supervisor.get(reverse("web:compare"), query).content.decode()
    assert "Tổng không khớp với các khoản của nó" in page
    assert "Xã An: ghi tổng 0 triệu đồng, các khoản đã có cộng lại 48 triệu đồng" in page
    assert "Xã Bình: ghi tổng" not in page  # its parts agree
