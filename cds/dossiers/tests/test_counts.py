"""Pre-aggregated KPI counts: every question answered from them equals the scan of the dossiers."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.dossiers import kpi, services
from cds.dossiers.importer import import_file
from cds.dossiers.store import DossierStore
from cds.lib.periods import parse_period
from cds.lib.testing import examples

from .helpers import dossier, write_export

FIRST_DAY = dt.date(2022, 12, 1)
DAYS = 430  # into February 2024: dossiers received in one year and finished in the next

LEVELS = ["Toàn trình", "Một phần", "Cung cấp thông tin"]
CHANNELS = ["Trực tuyến", "Trực tiếp", "Qua dịch vụ BCCI"]
YES_NO = ["Có", "Không"]
RATINGS = ["", "Rất hài lòng", "Hài lòng", "Không hài lòng"]
STATUSES = ["", "Đã hủy", "Đang giải quyết"]
AUTHORITIES = ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]
# procedures keep one name and field each, as an export gives them (labels are any row's)
PROCEDURES = {
    "P1": ("Đăng ký khai sinh", "Hộ tịch"),
    "P2": ("Cấp phép xây dựng", "Xây dựng"),
    "P3": ("Chứng thực", ""),
}
OPTIONAL = [
    "due_at",
    "finished_at",
    "service_level",
    "dossier_digitised",
    "result_digitised",
    "rating",
    "fee_required",
]


def _day(offset: int) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=offset)


@st.composite
def dossiers(draw) -> dict:
    received = draw(st.integers(0, DAYS))
    finished = draw(st.one_of(st.none(), st.integers(0, 70)))
    due = draw(st.one_of(st.none(), st.integers(0, 40)))
    procedure = draw(st.sampled_from(sorted(PROCEDURES)))
    day = _day(received)
    return dossier(
        # a small pool of codes: later files replace earlier dossiers (re-imports that change them)
        f"HS{draw(st.integers(1, 40))}",
        draw(st.sampled_from(["T99901", "T99902"])),
        procedure_code=procedure,
        procedure_name=PROCEDURES[procedure][0],
        field=PROCEDURES[procedure][1],
        received_at=f"{day:%d/%m/%Y} {draw(st.integers(0, 15)):02d}:30",  # before 16:00 finishes
        finished_at="" if finished is None else f"{day + dt.timedelta(days=finished):%d/%m/%Y} 16:00",
        due_at="" if due is None else f"{day + dt.timedelta(days=due):%d/%m/%Y}",
        supplement_days=str(draw(st.integers(0, 5))),
        channel=draw(st.sampled_from(CHANNELS)),
        service_level=draw(st.sampled_from(LEVELS)),
        fee_required=draw(st.sampled_from(YES_NO)),
        paid_online=draw(st.sampled_from(YES_NO)),
        dossier_digitised=draw(st.sampled_from(YES_NO)),
        result_digitised=draw(st.sampled_from(YES_NO)),
        status=draw(st.sampled_from(STATUSES)),
        rating=draw(st.sampled_from(RATINGS)),
        authority=draw(st.sampled_from(AUTHORITIES)),
    )


@st.composite
def periods(draw) -> str:
    kind = draw(st.sampled_from(["month", "quarter", "year", "window", "range"]))
    year = draw(st.sampled_from([2022, 2023, 2024]))
    if kind == "month":
        return f"{year}-{draw(st.integers(1, 12)):02d}"
    if kind == "quarter":
        return f"{year}Q{draw(st.integers(1, 4))}"
    if kind == "year":
        return str(year)
    if kind == "window":  # Nghị định 09: 15th of the month before to the 14th
        month = draw(st.integers(1, 12))
        start = dt.date(year - (month == 1), (month - 2) % 12 + 1, 15)
        return f"{start:%Y-%m-%d}..{dt.date(year, month, 14):%Y-%m-%d}"
    start = _day(draw(st.integers(0, DAYS)))
    return f"{start:%Y-%m-%d}..{start + dt.timedelta(days=draw(st.integers(0, 120))):%Y-%m-%d}"


files = st.lists(
    st.tuples(
        st.lists(dossiers(), min_size=1, max_size=25),
        st.sets(st.sampled_from(OPTIONAL), max_size=2),  # columns this export lacks: mixed masks
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    imports=files,
    again=st.booleans(),
    asked=st.lists(
        st.tuples(
            st.sampled_from(["province", "district", "a", "b", "new_province", "merged"]),
            periods(),
            st.sampled_from([None, "procedure", "field", "authority", "unit"]),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_counts_give_exactly_what_the_scan_of_the_dossiers_gives(
    tree, tmp_path_factory, imports, again, asked
):
    work = tmp_path_factory.mktemp("counts")
    store = DossierStore(work / "store")
    for i, (rows, without) in enumerate(imports):
        report = import_file(write_export(work / f"hs{i}.csv", rows, without=tuple(without)), store=store)
        assert report.rows_rejected == 0, report.errors
    if again:  # the first file once more: recognised, or read and compared partition by partition
        import_file(work / "hs0.csv", store=store)
    for unit, period, by in asked:
        p = parse_period(period)
        # with the dossiers open at the period's end (``KpiRow.open``: the stock each import stores
        # for the 14th and month ends, any other end day counted from the dossiers)
        from_counts = services.compute_many(tree[unit], [p], by=by, store=store, open_stock=True)[p.code]
        scanned = services.compute_many(tree[unit], [p], by=by, store=store, engine="scan", open_stock=True)[
            p.code
        ]
        assert from_counts == scanned, (unit, period, by)
    shutil.rmtree(work)


# every engine; Spark's (a JVM, ~1 min to start) in ``make test-spark`` with the other Spark tests
EVERY_ENGINE = [pytest.param(e, marks=pytest.mark.spark) if e == "spark" else e for e in services.ENGINES]


@pytest.mark.parametrize("engine", EVERY_ENGINE)
def test_a_dossier_received_in_december_and_finished_in_january_is_resolved_in_january(
    tree, store, tmp_path, engine
):
    rows = [dossier("HS1", "T99901", received_at="20/12/2022", finished_at="05/01/2023", due_at="10/01/2023")]
    import_file(write_export(tmp_path / "hs.csv", rows), store=store)
    (row,) = services.compute_kpis(tree["province"], parse_period("2023Q1"), store=store, engine=engine)
    assert (row.counts["dvc.dossiers_total"], row.counts["dvc.dossiers_resolved"]) == (0, 1), engine
    assert row.counts["dvc.dossiers_resolved_on_time"] == 1, engine


def test_each_partition_has_its_counts_written_by_the_import_and_replaced_by_the_next(tree, store, tmp_path):
    first = [dossier("HS1", "T99901"), dossier("HS2", "T99902", received_at="02/01/2024")]
    import_file(write_export(tmp_path / "a.csv", first), store=store)
    assert all(DossierStore.counts_path_of(f).exists() for f in store.files())
    assert len(store.files()) == 2
    # HS2 moves to 2023: the 2024 partition and its counts are gone, 2023's counts hold both
    moved = [dossier("HS2", "T99902", received_at="03/01/2023")]
    import_file(write_export(tmp_path / "b.csv", moved), store=store)
    assert [f.parent.name for f in store.files()] == ["year=2023"]
    assert not list(store.root.glob("province=*/year=2024/*"))
    (row,) = services.compute_kpis(tree["province"], parse_period("2023"), store=store)
    assert row.counts["dvc.dossiers_total"] == 2


def test_a_partition_without_counts_is_counted_from_its_dossiers(tree, store, tmp_path):
    import_file(
        write_export(tmp_path / "a.csv", [dossier("HS1", "T99901"), dossier("HS2", "T99902")]), store=store
    )
    for partition in store.files():  # as a store written before the counts existed
        DossierStore.counts_path_of(partition).unlink()
    (row,) = services.compute_kpis(tree["province"], parse_period("2023Q1"), store=store)
    assert row.counts["dvc.dossiers_total"] == 2
    assert (
        row == services.compute_kpis(tree["province"], parse_period("2023Q1"), store=store, engine="scan")[0]
    )


def test_the_kpi_command_prints_the_same_from_counts_and_from_the_scan(tree, store, tmp_path, capsys):
    from django.core.management import call_command

    rows = [dossier("HS1", "T99901", finished_at="12/03/2023"), dossier("HS2", "T99902", channel="Trực tiếp")]
    import_file(write_export(tmp_path / "hs.csv", rows), store=store)
    printed = {}
    for engine in ("counts", "scan"):  # Spark's command output: test_spark.py (make test-spark)
        call_command(
            "dvc", "kpi", "--unit", "T99", "--period", "2023Q1", "--format", "json",
            "--store", str(store.root), "--engine", engine,
        )  # fmt: skip
        printed[engine] = capsys.readouterr().out
    assert printed["counts"] == printed["scan"]
    assert '"dvc.dossiers_total": 2' in printed["counts"].replace("\n", "").replace("  ", " ")


def test_an_import_owes_the_kpis_of_the_years_its_dossiers_close_in(tree, store, tmp_path):
    from cds.dossiers.models import DossierRefresh

    rows = [dossier("HS1", "T99901", received_at="20/12/2022", finished_at="05/01/2023")]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    assert DossierRefresh.objects.get().year_list == [2022, 2023]
    # finished a year later now: the old closing year (2023) and the new one (2024) are both owed
    later = [dossier("HS1", "T99901", received_at="20/12/2022", finished_at="05/01/2024")]
    import_file(write_export(tmp_path / "b.csv", later), store=store)
    assert DossierRefresh.objects.order_by("-id").first().year_list == [2022, 2023, 2024]


def test_a_first_import_owes_the_closing_years_of_the_rows_it_keeps_only(tree, store, tmp_path):
    from cds.dossiers.models import DossierRefresh

    rows = [
        dossier("HS1", "T99901", received_at="20/12/2022", finished_at="05/01/2024"),  # replaced below
        dossier("HS1", "T99901", received_at="20/12/2022", finished_at="05/01/2023"),
        dossier("HS2", "T99902", received_at="10/11/2022"),
    ]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store)
    assert report.duplicate_codes == 1
    assert DossierRefresh.objects.get().year_list == [2022, 2023]
    # without duplicates the years come from the checks' pass: the same answer
    import_file(write_export(tmp_path / "b.csv", rows[1:]), store=DossierStore(tmp_path / "other"))
    assert DossierRefresh.objects.order_by("-id").first().year_list == [2022, 2023]


def _copy_without_timestamps(source, target) -> None:
    """``cp -r``: every file gets the copy's time, in the directory's order (the dossiers of a
    partition may land after their counts)."""
    shutil.copytree(source, target, copy_function=shutil.copyfile)
    for partition in DossierStore(target).files():
        later = DossierStore.counts_path_of(partition).stat().st_mtime_ns + 10**9
        os.utime(partition, ns=(later, later))


def _reads_counts(store: DossierStore) -> bool:
    sources = store.counts_relation_sql(store.files())
    return "data.parquet" not in sources.day + sources.month


def test_a_store_copied_without_timestamps_still_reads_its_counts(tree, store, tmp_path):
    rows = [
        dossier("HS1", "T99901", finished_at="12/03/2023"),
        dossier("HS2", "T99902", received_at="02/01/2024"),
    ]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    copy = DossierStore(tmp_path / "copy")
    _copy_without_timestamps(store.root, copy.root)
    assert _reads_counts(copy)  # before: every partition looked stale and its dossiers were scanned
    for period in ("2023Q1", "2024"):
        assert services.compute_kpis(
            tree["province"], parse_period(period), store=copy
        ) == services.compute_kpis(tree["province"], parse_period(period), store=store, engine="scan")


def test_a_partition_restored_from_an_older_copy_is_not_read_through_the_newer_counts(tree, store, tmp_path):
    import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
    (partition,) = store.files()
    backup = tmp_path / "backup.parquet"
    shutil.copy2(partition, backup)
    import_file(write_export(tmp_path / "b.csv", [dossier("HS2", "T99902")]), store=store)
    shutil.copy2(backup, partition)  # cp -p of yesterday's partition: older than its counts
    assert not _reads_counts(store)  # before: the counts (two dossiers) were read for one dossier
    (row,) = services.compute_kpis(tree["province"], parse_period("2023Q1"), store=store)
    assert row.counts["dvc.dossiers_total"] == 1


def test_a_copied_store_recognises_the_unchanged_years_of_a_re_import_by_their_fingerprints(
    tree, store, tmp_path
):
    from cds.dossiers.importer import _stored_fingerprint

    import_file(write_export(tmp_path / "a.csv", [dossier("HS1", "T99901")]), store=store)
    copy = DossierStore(tmp_path / "copy")
    _copy_without_timestamps(store.root, copy.root)
    (original,), (copied,) = store.files(), copy.files()
    assert _stored_fingerprint(copied) == _stored_fingerprint(original) is not None


def _covered(part: tuple[str, dt.date, dt.date]) -> list[dt.date]:
    """The days a part of ``kpi._count_parts`` counts (a month row counts its month, a half row its half)."""
    source, first, last = part
    end = last
    if source == "M":
        end = (last + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    elif source == "H":
        end = kpi._next_half(last) - dt.timedelta(days=1)
    return [first + dt.timedelta(days=i) for i in range((end - first).days + 1)]


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)), st.integers(0, 500))
def test_the_parts_a_range_is_read_from_cover_each_of_its_days_once(start, length):
    end = start + dt.timedelta(days=length)
    parts = kpi._count_parts(kpi.CountsSource("D", "M", "H"), start, end)
    days = [d for part in parts for d in _covered(part)]
    assert sorted(days) == [start + dt.timedelta(days=i) for i in range(length + 1)]
    assert all(p[1].day in (1, 15) for p in parts if p[0] == "H")


def test_a_reporting_window_reads_no_day_counts():
    """Nghị định 09: 15/3–14/6 is April and May and two half months (was 31 days of day counts)."""
    window = parse_period("2024Q2").reporting_window()
    parts = kpi._count_parts(kpi.CountsSource("D", "M", "H"), window.start, window.end)
    assert sorted(parts) == [
        ("H", dt.date(2024, 3, 15), dt.date(2024, 3, 15)),
        ("H", dt.date(2024, 6, 1), dt.date(2024, 6, 1)),
        ("M", dt.date(2024, 4, 1), dt.date(2024, 5, 1)),
    ]


def test_a_partition_written_before_the_half_month_counts_reads_the_edges_from_its_day_counts(
    tree, store, tmp_path
):
    rows = [
        dossier("HS1", "T99901", received_at="16/03/2023", finished_at="20/03/2023"),
        dossier("HS2", "T99902", received_at="10/06/2023"),
        dossier("HS3", "T99902", received_at="20/06/2023"),
    ]
    import_file(write_export(tmp_path / "a.csv", rows), store=store)
    for partition in store.files():
        DossierStore.counts_path_of(partition, "half").unlink()
    assert _reads_counts(store) and store.counts_relation_sql(store.files()).half is None
    window = parse_period("2023Q2").reporting_window()
    (row,) = services.compute_kpis(tree["province"], window, store=store)
    assert row.counts["dvc.dossiers_total"] == 2
    assert row == services.compute_kpis(tree["province"], window, store=store, engine="scan")[0]
