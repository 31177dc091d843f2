"""Every rolled-up figure on a page says how much of the area it stands for and whether it is approved."""

import pytest
from django.urls import reverse

from cds.units.models import Unit
from cds.values.models import DataValue, Status
from cds.values.services import Actor, ValueInput, record_values

from .conftest import PERIOD, type_dossiers

pytestmark = pytest.mark.django_db
RATE = "dvc.online_dossier_rate"


@pytest.fixture
def one_commune(tree: dict[str, Unit]) -> dict[str, Unit]:
    """Only Xã An reported, and nothing is approved: the province is not "100%"."""
    type_dossiers({tree["a"]: ("10", "10")})
    return tree


def test_the_rollup_page_says_one_of_two_communes_reported_and_nothing_is_approved(
    as_supervisor, one_commune
):
    page = as_supervisor.get(
        reverse("web:rollup"), {"unit": one_commune["province"].pk, "period": PERIOD.code, "indicator": RATE}
    ).content.decode()
    assert "1/2 đơn vị có số liệu, 0 đã duyệt" in page
    assert 'class="unapproved">chưa duyệt' in page


def test_approved_figures_are_not_marked_and_the_english_page_says_units(as_supervisor, one_commune):
    DataValue.objects.update(status=Status.APPROVED)
    as_supervisor.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = as_supervisor.get(
        reverse("web:rollup"), {"unit": one_commune["province"].pk, "period": PERIOD.code, "indicator": RATE}
    ).content.decode()
    assert "1/2 units with data, 1 approved" in page and "not approved" not in page


def test_the_dashboard_shows_the_coverage_beside_the_latest_rate(as_supervisor, one_commune):
    page = as_supervisor.get(
        reverse("web:dashboard", args=[one_commune["province"].pk]), {"period": PERIOD.code}
    ).content.decode()
    assert "100%" in page and "1/2 đơn vị có số liệu, 0 đã duyệt" in page


def test_a_typed_total_is_shown_with_its_childrens_sum_beside_it(as_supervisor, one_commune):
    record_values([ValueInput(one_commune["district"], "dvc.dossiers_total", PERIOD, "50")], Actor("t"))
    page = as_supervisor.get(
        reverse("web:unit", args=[one_commune["district"].pk]), {"period": PERIOD.code}
    ).content.decode()
    assert 'class="warning">tổng các đơn vị trực thuộc: 10 hồ sơ (1/2 đơn vị có số liệu, 0 đã duyệt)' in page


def test_the_rollup_export_carries_scope_and_coverage(as_supervisor, one_commune):
    response = as_supervisor.get(
        reverse("web:rollup"),
        {"unit": one_commune["province"].pk, "period": PERIOD.code, "indicator": RATE, "format": "csv"},
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert "Có số liệu" in lines[0] and "Đã duyệt hết" in lines[0]
    assert lines[1].split(",")[5:10] == ["tính từ tử số / mẫu số", "2", "1", "0", "không"]


def test_the_dashboard_export_has_the_coverage_of_each_period(as_supervisor, one_commune):
    response = as_supervisor.get(
        reverse("web:dashboard", args=[one_commune["province"].pk]), {"period": PERIOD.code, "format": "csv"}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith("Số đơn vị,Có số liệu,Đã duyệt,Đã duyệt hết")
    row = next(line for line in lines if line.startswith(f"{RATE},") and f",{PERIOD.label_vi}," in line)
    assert row.endswith(",2,1,0,không")


def test_the_rollup_page_names_where_each_figure_comes_from_in_words_not_codes():
    """«recomputed», «children» are codes; a commune officer reads «tính từ tử số / mẫu số»."""
    from django.utils import translation

    from cds.web.templatetags.web import SOURCE_LABELS, source_label

    assert all(source_label(code) == label for code, label in SOURCE_LABELS.items())
    assert source_label("recomputed") == "tính từ tử số / mẫu số"
    with translation.override("en"):
        assert source_label("recomputed") == "computed from numerator / denominator"


def test_the_dashboards_pillar_summary_says_how_many_units_its_figures_stand_on(as_supervisor, one_commune):
    page = as_supervisor.get(
        reverse("web:dashboard", args=[one_commune["province"].pk]), {"period": PERIOD.code}
    ).content.decode()
    summary = page.split("</table>")[0].split("<table>")[-1]
    row = next(r for r in summary.split("<tr>") if "Hoạt động chính quyền số" in r or "chính quyền số" in r)
    assert "1/2 đơn vị có số liệu, 0 đã duyệt" in row  # Xã An's dossiers, not approved
    assert "chưa có số liệu" in summary  # a pillar with no figure says so, never 0/N


def test_the_english_pillar_summary_says_units_with_data(as_supervisor, one_commune):
    as_supervisor.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = as_supervisor.get(
        reverse("web:dashboard", args=[one_commune["province"].pk]), {"period": PERIOD.code}
    ).content.decode()
    summary = page.split("</table>")[0].split("<table>")[-1]
    assert "1/2 units with data, 0 approved" in summary and "no data" in summary
