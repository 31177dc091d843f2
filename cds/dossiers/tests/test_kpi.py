"""KPIs from hand-computed fixtures: every formula, empty periods, boundaries, merged units."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from cds.dossiers import kpi, services
from cds.dossiers.importer import import_file
from cds.dossiers.store import DossierStore
from cds.lib.periods import parse_period
from cds.units.testing import small_tree

from .helpers import dossier, write_export

ROWS = [
    dossier(
        "HS1",
        "T99901",
        received_at="10/03/2023 08:00",
        due_at="15/03/2023",
        finished_at="12/03/2023 10:00",
        fee_required="Có",
        paid_online="Có",
        dossier_digitised="Có",
        rating="Rất hài lòng",
    ),
    dossier(
        "HS2",
        "T99901",
        procedure_code="P2",
        service_level="Một phần",
        channel="Trực tiếp",
        received_at="20/03/2023",
        due_at="01/04/2023",
        finished_at="05/04/2023",
        supplement_days="5",
        fee_required="Có",
        rating="Không hài lòng",
    ),
    dossier(
        "HS3",
        "T99902",
        procedure_code="P2",
        service_level="Một phần",
        received_at="30/03/2023",
        due_at="05/04/2023",
        finished_at="10/04/2023",
        result_digitised="Có",
    ),
    dossier(
        "HS4",
        "T99902",
        procedure_code="P3",
        service_level="Cung cấp thông tin",
        channel="Trực tiếp",
        received_at="15/02/2023",
        status="Đang giải quyết",
    ),
    dossier("HS5", "T99901", received_at="01/03/2023", status="Đã hủy"),
]


@pytest.fixture(scope="module")
def imported(module_db, django_db_blocker, tmp_path_factory):
    """The small tree and ``ROWS`` imported into a store, once for the module (the root
    ``module_db``): the tests only read them, and each test's own changes are rolled back after it."""
    folder = tmp_path_factory.mktemp("kpi")
    with django_db_blocker.unblock():
        tree = small_tree()
        store = DossierStore(folder / "store")
        report = import_file(write_export(folder / "hs.csv", ROWS), store=store)
    assert report.rows_rejected == 0
    return tree, store


@pytest.fixture
def tree(imported, db):
    """The module's tree (copies of its units), in place of the root fixture's fresh one."""
    return copy.deepcopy(imported[0])


@pytest.fixture
def store(imported):
    """The store ``ROWS`` were imported into (a test that imports rows of its own makes its own)."""
    return imported[1]


@pytest.fixture
def loaded(tree):
    return tree


def counts(unit, period, store, **kw):
    rows = services.compute_kpis(unit, parse_period(period), store=store, **kw)
    return rows[0] if rows else None


def test_every_count_of_a_quarter_matches_the_hand_computation(loaded, store):
    row = counts(loaded["province"], "2023Q1", store)
    assert row.counts == {
        "dvc.dossiers_total": 5,
        "dvc.dossiers_full": 2,
        "dvc.dossiers_partial": 2,
        "dvc.dossiers_online": 3,
        "dvc.dossiers_online_full": 2,
        "dvc.dossiers_online_partial": 1,
        "dvc.dossiers_digitised": 1,
        "dvc.dossiers_resolved": 1,
        "dvc.dossiers_resolved_on_time": 1,
        "dvc.results_digitised": 0,
        "dvc.fee_dossiers": 1,
        "dvc.online_paid_dossiers": 1,
        "dvc.ratings_total": 1,
        "dvc.satisfied_ratings": 1,
        "dvc.services_with_dossiers": 3,
        "dvc.services_with_online_dossiers": 2,
    }
    assert row.rate("dvc.online_dossier_rate") == Decimal("60.00")
    # Quyết định 766/QĐ-TTg: online dossiers of full-process (partial) services over all dossiers of
    # full-process (partial) services: HS1 and HS5 are full-process and both online; of HS2 and HS3
    # (partial), HS3 is online. The old formula divided by all 5 dossiers (40,00% and 20,00%).
    assert row.rate("dvc.full_online_dossier_rate") == Decimal("100.00")
    assert row.rate("dvc.partial_online_dossier_rate") == Decimal("50.00")
    assert row.rate("dvc.services_with_online_dossiers_rate") == Decimal("66.67")
    assert row.rate("dvc.result_digitised_rate") == Decimal("0.00")


def test_dossiers_spanning_a_boundary_count_where_received_and_where_resolved(loaded, store):
    row = counts(loaded["province"], "2023Q2", store)
    c = row.counts
    assert (c["dvc.dossiers_total"], c["dvc.dossiers_resolved"], c["dvc.dossiers_resolved_on_time"]) == (
        0,
        2,
        1,
    )
    assert (c["dvc.results_digitised"], c["dvc.fee_dossiers"], c["dvc.ratings_total"]) == (1, 1, 1)
    assert row.rate("dvc.online_dossier_rate") is None  # N/A: nothing received
    assert row.rate("dvc.on_time_rate") == Decimal("50.00")  # HS2 on time thanks to 5 days of supplementing
    assert row.rate("dvc.satisfaction_rate") == Decimal("0.00")


def test_an_empty_period_has_no_rows_rather_than_zeros(loaded, store):
    assert counts(loaded["province"], "2023Q3", store) is None


def test_a_unit_with_no_fee_bearing_dossiers_has_no_payment_rate(loaded, store):
    row = counts(loaded["b"], "2023Q2", store)
    assert row.counts["dvc.fee_dossiers"] == 0 and row.rate("dvc.online_payment_rate") is None


def test_a_year_counts_services_once_per_unit_and_procedure(loaded, store):
    c = counts(loaded["province"], "2023", store).counts
    assert (c["dvc.dossiers_total"], c["dvc.dossiers_resolved"]) == (5, 3)
    assert (c["dvc.services_with_dossiers"], c["dvc.services_with_online_dossiers"]) == (3, 2)


def test_a_merged_commune_counts_its_predecessors_dossiers_and_pairs_on_todays_map(loaded, store):
    c = counts(loaded["merged"], "2023Q1", store).counts
    assert c["dvc.dossiers_total"] == 5
    assert (c["dvc.services_with_dossiers"], c["dvc.services_with_online_dossiers"]) == (2, 2)


def test_a_reporting_window_counts_from_the_15th_to_the_14th(loaded, store):
    window = parse_period("2023Q2").reporting_window()
    row = services.compute_kpis(loaded["province"], window, store=store)[0]
    assert row.counts["dvc.dossiers_total"] == 2  # HS2 (20/3) and HS3 (30/3)


def test_breakdowns_by_unit_procedure_and_field_add_up(loaded, store):
    by_unit = services.compute_kpis(loaded["province"], parse_period("2023Q1"), by="unit", store=store)
    assert [(r.key["unit_id"], r.counts["dvc.dossiers_total"]) for r in by_unit] == [
        (loaded["district"].pk, 5)
    ]
    by_procedure = services.compute_kpis(
        loaded["district"], parse_period("2023Q1"), by="procedure", store=store
    )
    assert {r.key["procedure_code"]: r.counts["dvc.dossiers_total"] for r in by_procedure} == {
        "P1": 2,
        "P2": 2,
        "P3": 1,
    }
    by_field = services.compute_kpis(loaded["district"], parse_period("2023Q1"), by="field", store=store)
    assert [(r.key["field"], r.counts["dvc.dossiers_total"]) for r in by_field] == [("Hộ tịch", 5)]


def test_hot_spots_are_online_procedures_mostly_received_in_person(tree, tmp_path):
    store = DossierStore(tmp_path / "store")
    rows = [dossier(f"D{i}", "T99901", procedure_code="P2", channel="Trực tiếp") for i in range(3)]
    rows += [dossier("O1", "T99901", procedure_code="P2"), dossier("O2", "T99901")]
    rows += [
        dossier(f"N{i}", "T99901", procedure_code="P3", service_level="", channel="Trực tiếp")
        for i in range(5)
    ]
    import_file(write_export(tmp_path / "h.csv", rows), store=store)
    spots = services.hotspots(tree["province"], parse_period("2023Q1"), store=store)
    assert [(s.procedure_code, s.total, s.online, s.in_person) for s in spots] == [("P2", 4, 1, 3)]
    assert spots[0].online_rate == Decimal("25.00")


@pytest.mark.parametrize(
    ("code", "now", "before", "expected"),
    [
        (
            "dvc.online_dossier_rate",
            Decimal("58.19"),
            Decimal("18.73"),
            "tăng gấp 3,1 lần so với quý II/2023",
        ),
        (
            "dvc.online_dossier_rate",
            Decimal("18.73"),
            Decimal("20.00"),
            "giảm 1,27 điểm phần trăm so với quý II/2023",
        ),
        ("dvc.dossiers_total", 110, 100, "tăng 10% so với quý II/2023"),
        ("dvc.dossiers_total", 100, 100, "không thay đổi so với quý II/2023"),  # as reports write it
        ("dvc.dossiers_total", 100, None, "không so sánh được với quý II/2023 (thiếu số liệu)"),
    ],
)
def test_changes_are_described_the_way_reports_write_them(db, code, now, before, expected):
    assert services.describe_change(code, now, before, "quý II/2023", "Q2 2023")[0] == expected


def test_comparison_covers_previous_period_and_same_period_last_year(loaded, store):
    changes = services.compare(loaded["province"], parse_period("2023Q2"), store=store)
    previous, last_year = changes["dvc.dossiers_total"]
    assert (previous.current, previous.previous, previous.text_vi) == (0, 5, "giảm 100% so với quý I/2023")
    assert (last_year.previous, last_year.previous_label_vi) == (None, "quý II/2022")


@pytest.mark.parametrize("period", ["2023Q1", "2023Q2", "2023", "2023-03", "2023-03-15..2023-04-14"])
def test_the_unit_page_overview_gives_what_the_separate_questions_give_from_one_scan(
    loaded, store, period, monkeypatch
):
    scans = []
    monkeypatch.setattr(
        services,
        "fine_from_counts_by_period",
        lambda *a, **k: scans.append(1) or kpi.fine_from_counts_by_period(*a, **k),
    )
    for unit in (
        loaded["province"],
        loaded["district"],
        loaded["a"],
        loaded["merged"],
        loaded["new_province"],
    ):
        p = parse_period(period)
        scans.clear()
        shown = services.overview(unit, p, store=store)
        # the period, the one before and last year's in one pass over the counts (was four; other
        # ranges were counted one by one, three passes, until session 9)
        assert len(scans) == 1
        row = counts(unit, period, store)
        assert (shown.row.counts if shown.row else None) == (row.counts if row else None)
        assert shown.changes == (services.compare(unit, p, store=store) if row else {})
        assert shown.hotspots == services.hotspots(unit, p, store=store)
