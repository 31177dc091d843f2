"""Completeness board, late units and their export, roll-ups, dashboards, charts."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from cds.values.models import DataValue, Deadline, DeadlineChange
from cds.values.services import Actor, ValueInput, change_status, record_values
from cds.web.charts import bar_chart, histogram, line_chart
from cds.web.status import report_states

from .conftest import PERIOD, type_dossiers

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(tree):
    type_dossiers({tree["a"]: ("200", "50"), tree["b"]: ("100", "75")})
    change_status(DataValue.objects.filter(unit=tree["a"]), "submit", Actor("t"))


def test_report_states_follow_the_values_and_the_deadline(tree, reports):
    Deadline.objects.create(unit=tree["province"], period=PERIOD.code, due=dt.date(2024, 10, 20))
    a, b = report_states([tree["a"], tree["b"]], PERIOD, today=dt.date(2024, 10, 21))
    assert (a.state, a.late) == ("submitted", False)
    assert (b.state, b.late) == ("draft", True)
    (early,) = report_states([tree["b"]], PERIOD, today=dt.date(2024, 10, 20))
    assert not early.late


def test_the_board_counts_and_filters_units(as_supervisor, tree, reports):
    page = as_supervisor.get(reverse("web:board"), {"period": PERIOD.code}).content.decode()
    assert "Xã An" in page and "Xã Bình" in page and "Đã gửi, chờ duyệt" in page
    late = as_supervisor.get(reverse("web:board"), {"period": PERIOD.code, "status": "late"}).content.decode()
    assert "Xã Bình" in late and ">Xã An<" not in late


def test_late_units_export_as_csv(as_supervisor, tree, reports):
    response = as_supervisor.get(reverse("web:late_export"), {"period": PERIOD.code, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "Đơn vị" and [r[1] for r in rows[1:]] == ["Xã Bình"]
    xlsx = as_supervisor.get(reverse("web:late_export"), {"period": PERIOD.code, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_a_supervisor_sets_a_deadline_and_a_bad_date_is_explained(as_supervisor, tree, supervisor):
    as_supervisor.post(
        reverse("web:board"), {"period": PERIOD.code, "due": "20/10/2024", "reason": "họp tỉnh"}
    )
    deadline = Deadline.objects.get(period=PERIOD.code)
    assert (deadline.unit, deadline.due) == (
        tree["province"],
        dt.date(2024, 10, 20),
    )  # their province, not the country
    change = DeadlineChange.objects.get()
    assert (change.changed_by, change.old_due, change.new_due, change.reason) == (
        supervisor,
        None,
        dt.date(2024, 10, 20),
        "họp tỉnh",
    )
    response = as_supervisor.post(
        reverse("web:board"), {"period": PERIOD.code, "due": "31/2/2024"}, follow=True
    )
    assert "31/2/2024" in response.content.decode()


def test_the_rollup_recomputes_rates_from_summed_parts(as_supervisor, tree, reports):
    page = as_supervisor.get(
        reverse("web:rollup"),
        {"unit": tree["district"].pk, "indicator": "dvc.online_dossier_rate", "period": PERIOD.code},
    ).content.decode()
    assert "41,67%" in page  # (50 + 75) / (200 + 100), not the mean of 25% and 75%
    assert "25%" in page and "75%" in page


def test_the_unit_dashboard_draws_series_and_offers_the_figures(as_supervisor, tree, reports):
    page = as_supervisor.get(
        reverse("web:dashboard", args=[tree["a"].pk]), {"period": PERIOD.code}
    ).content.decode()
    assert "<svg" in page and "Tỷ lệ hồ sơ trực tuyến" in page and "Hoạt động chính quyền số" in page
    data = as_supervisor.get(
        reverse("web:dashboard", args=[tree["a"].pk]), {"period": PERIOD.code, "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "dvc.online_dossier_rate,Tỷ lệ hồ sơ trực tuyến,quý III/2024,25" in data


def test_comparing_units_sorts_them_and_names_top_and_bottom(as_supervisor, tree, reports):
    query = {"in": tree["district"].pk, "indicator": "dvc.online_dossier_rate", "period": PERIOD.code}
    page = as_supervisor.get(reverse("web:compare"), query).content.decode()
    assert page.index("Xã Bình — <strong>75%") < page.index("Xã An — <strong>25%")
    rows = list(
        csv.reader(
            io.StringIO(
                as_supervisor.get(reverse("web:compare"), {**query, "format": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [r[2] for r in rows[1:]] == ["Xã Bình", "Xã An"]


def test_charts_are_self_contained_svg_with_escaped_labels():
    svg = line_chart([("I/2024", 10), ("II/2024", None), ("III/2024", 30)], "<tỷ lệ>", target=50, suffix="%")
    assert (
        svg.startswith("<svg")
        and "&lt;tỷ lệ&gt;" in svg
        and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert "chỉ tiêu 50%" in svg
    bars = bar_chart([("Xã <A>", 75), ("Xã B", 25)], "t", target=50, suffix="%")
    assert "Xã &lt;A&gt;" in bars
    _svg, bins = histogram([1, 2, 2, 3, 10], "t", bins=3)
    assert sum(n for _, n in bins) == 5


def test_the_unit_dashboard_lists_its_overdue_plan_tasks_with_deadline_and_lead(as_officer, tree):
    from cds.lib.vn_dates import format_date
    from cds.registries.models import Document, Plan, Task

    def plan_of(unit):
        doc = Document.objects.create(unit=unit, doc_type="KH", number="37", symbol="KH-UBND")
        return Plan.objects.create(unit=unit, year=2024, document=doc)

    mine, theirs = plan_of(tree["a"]), plan_of(tree["b"])
    Task.objects.create(
        plan=mine,
        content="Số hóa hồ sơ một cửa",
        lead="Văn phòng HĐND-UBND",
        deadline=dt.date(2024, 8, 31),
        status="in_progress",
    )
    Task.objects.create(
        plan=mine,
        content="Đã xong đúng hạn",
        deadline=dt.date(2024, 6, 30),
        status="done",
        done_on=dt.date(2024, 6, 1),
    )
    Task.objects.create(plan=mine, content="Chưa đến hạn", deadline=dt.date(2024, 12, 31))
    Task.objects.create(plan=theirs, content="Việc của xã khác", deadline=dt.date(2024, 7, 31))
    page = as_officer.get(
        reverse("web:dashboard", args=[tree["a"].pk]), {"period": PERIOD.code}
    ).content.decode()
    assert "Nhiệm vụ kế hoạch quá hạn" in page
    assert "Số hóa hồ sơ một cửa" in page and "Văn phòng HĐND-UBND" in page
    assert format_date(dt.date(2024, 8, 31)) in page
    assert "Đã xong đúng hạn" not in page and "Chưa đến hạn" not in page and "Việc của xã khác" not in page
    other = as_officer.get(reverse("web:dashboard", args=[tree["b"].pk]), {"period": PERIOD.code})
    assert other.status_code == 404


def test_the_dashboard_figures_follow_every_change_of_a_value_below_the_unit(as_supervisor, tree):
    url = reverse("web:dashboard", args=[tree["district"].pk])
    record_values(
        [
            ValueInput(tree["a"], "dvc.dossiers_total", PERIOD, "200"),
            ValueInput(tree["a"], "dvc.dossiers_online", PERIOD, "50"),
        ],
        Actor("t"),
    )
    assert "25%" in as_supervisor.get(url, {"period": PERIOD.code}).content.decode()
    record_values([ValueInput(tree["a"], "dvc.dossiers_online", PERIOD, "100")], Actor("t"))
    assert "50%" in as_supervisor.get(url, {"period": PERIOD.code}).content.decode()
    change_status(list(DataValue.objects.filter(unit=tree["a"])), "submit", Actor("t"), "")
    record_values([ValueInput(tree["b"], "dvc.dossiers_total", PERIOD, "200")], Actor("t"))  # a new value
    record_values([ValueInput(tree["b"], "dvc.dossiers_online", PERIOD, "200")], Actor("t"))
    assert "75%" in as_supervisor.get(url, {"period": PERIOD.code}).content.decode()


def test_a_pillar_with_no_target_judged_shows_a_dash_not_0_met_0_missed(as_supervisor, tree, reports):
    """QA of the demo's xã Tịnh Khê dashboard: «Đạt chỉ tiêu 0 · Chưa đạt 0» on every pillar, most of
    them «chưa có số liệu» — no target was judged there; 0 met read as a result."""
    page = as_supervisor.get(
        reverse("web:dashboard", args=[tree["a"].pk]), {"period": PERIOD.code}
    ).content.decode()
    row = page.split("<td>Nhận thức số</td>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="num ok">0</td>' not in row and row.count(">—</td>") == 2, row
