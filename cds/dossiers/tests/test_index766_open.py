"""2.1 of the 766 index counts the dossiers still open at the period's end, as the national portal
does (its «Tiến độ giải quyết»: totalReceived = totalOnTime + totalOverdue): on time or still within
the deadline / resolved in the period or still open. The stock is stored by each import for the
14th and the last day of every month and counted from the dossiers for any other end day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cds.dossiers import index766, services
from cds.dossiers.importer import import_file
from cds.dossiers.kpi import OpenStock, end_days, is_stored_end_day
from cds.dossiers.store import OPEN_FILE
from cds.lib.periods import parse_period

from .helpers import dossier, write_export

MARCH = parse_period("2023-03")
D = Decimal


def load(tmp_path: Path, store, rows: list[dict]) -> None:
    report = import_file(write_export(tmp_path / "hs.csv", rows), store=store)
    assert report.rows_rejected == 0, report.errors


def march_dossiers() -> list[dict]:
    """Xã An's dossiers around March 2023 (end day 31/3)."""

    def one(code: str, received: str, due: str = "", finished: str = "", **kw) -> dict:
        return dossier(code, "T99901", received_at=f"{received} 08:00", due_at=due,
                       finished_at=f"{finished} 10:00" if finished else "", **kw)  # fmt: skip

    return [
        one("R1", "01/03/2023", "10/03/2023", "08/03/2023", status="Đã giải quyết"),  # resolved on time
        one("R2", "01/03/2023", "10/03/2023", "15/03/2023", status="Đã giải quyết"),  # resolved late
        one("O1", "20/03/2023", "05/04/2023"),  # open, within its deadline on 31/3
        one("O2", "01/03/2023", "20/03/2023"),  # open, overdue on 31/3
        one("O3", "01/03/2023", "25/03/2023", supplement_days="7"),  # 31/3 − 7 days = 24/3 ≤ 25/3: within
        one("F1", "25/03/2023", "10/04/2023", "02/04/2023"),  # finished after the end: open on 31/3, within
        one("O5", "20/02/2023", "01/04/2023"),  # received in February, still open: handled in March too
        one("C1", "05/03/2023", "06/03/2023", status="Đã hủy"),  # cancelled: not counted
        one("N1", "05/03/2023"),  # open with no due day: neither within nor overdue (left out)
        one("L1", "01/04/2023", "02/04/2023"),  # received after the end: not in March
    ]


def test_two_one_counts_the_dossiers_still_open_at_the_periods_end(tree, store, tmp_path):
    load(tmp_path, store, march_dossiers())
    result = index766.compute_index(tree["a"], MARCH, store=store)
    (ind,) = result.group("2").indicators
    # on time or within: R1, O1, O3, F1, O5 = 5 of R1, R2, O1, O2, O3, F1, O5 = 7 → 71,43% → 14,29 points
    assert ind.value == D("71.43")
    assert ind.points == D("14.29")
    assert not ind.provisional  # the portal's rule (observed), no longer our resolved-only rate
    assert result.group("2").costs["late"] == 2  # R2 resolved late, O2 open past its deadline
    (row,) = services.compute_kpis(tree["a"], MARCH, store=store)
    assert row.rate("dvc.on_time_rate") == D("50.00")  # the resolved-only KPI is unchanged: 1 of 2


@pytest.mark.parametrize(
    ("open_due", "points"),
    [("05/04/2023", D("20")), ("31/03/2023", D("20")), ("30/03/2023", D("10.00"))],
    ids=[
        "due after the end: within, full points",
        "due on the end day: within",
        "due the day before: overdue",
    ],
)
def test_an_open_dossier_is_within_its_deadline_up_to_and_including_its_due_day(
    tree, store, tmp_path, open_due, points
):
    rows = [
        dossier("R1", "T99901", received_at="01/03/2023 08:00", due_at="10/03/2023",
                finished_at="08/03/2023 10:00", status="Đã giải quyết"),
        dossier("O1", "T99901", received_at="20/03/2023 08:00", due_at=open_due),
    ]  # fmt: skip
    load(tmp_path, store, rows)
    assert index766.compute_index(tree["a"], MARCH, store=store).group("2").points == points


def test_the_open_stock_is_the_same_from_the_stored_end_days_and_from_the_dossiers(tree, store, tmp_path):
    load(tmp_path, store, march_dossiers())
    partition = store.files()[0]
    assert partition.with_name(OPEN_FILE).exists()  # written by the import beside the counts
    # a month, a quarter, a Nghị định 09 window (ends on the 14th) and a custom range (read from the dossiers)
    for period in ("2023-03", "2023Q1", "2023-02-15..2023-03-14", "2023-03-05..2023-03-20", "2023-04"):
        p = parse_period(period)
        stored = services.compute_many(tree["district"], [p], by="unit", store=store, open_stock=True)[p.code]
        scanned = services.compute_many(
            tree["district"], [p], by="unit", store=store, engine="scan", open_stock=True
        )[p.code]
        assert stored == scanned, period
    (row,) = services.compute_many(tree["a"], [MARCH], store=store, open_stock=True)[MARCH.code]
    assert row.open == OpenStock(within=4, overdue=1, no_due=1, unknown=0)  # O1, O3, F1, O5; O2; N1
    (april,) = services.compute_many(tree["a"], [parse_period("2023-04")], store=store, open_stock=True)[
        "2023-04"
    ]
    # on 30/4: O1, O2, O3, O5 and L1 past their deadlines (F1 finished 2/4), N1 without one
    assert april.open == OpenStock(within=0, overdue=5, no_due=1, unknown=0)


def test_a_file_without_the_finish_date_leaves_the_open_stock_unknown_never_zero(tree, store, tmp_path):
    rows = [dossier("O1", "T99901", received_at="20/03/2023 08:00", due_at="05/04/2023")]
    report = import_file(write_export(tmp_path / "hs.csv", rows, without=("finished_at",)), store=store)
    assert report.rows_rejected == 0
    (row,) = services.compute_many(tree["a"], [MARCH], store=store, open_stock=True)[MARCH.code]
    assert row.open.unknown == 1
    assert index766.compute_index(tree["a"], MARCH, store=store).group("2").points is None


def test_the_stored_end_days_are_the_14th_and_the_last_day_of_every_month():
    days = end_days(dt.date(2024, 2, 20), dt.date(2024, 3, 3))
    assert days == [dt.date(2024, 2, 14), dt.date(2024, 2, 29), dt.date(2024, 3, 14), dt.date(2024, 3, 31)]
    assert all(is_stored_end_day(d) for d in days)
    assert not is_stored_end_day(dt.date(2024, 3, 20))


def test_an_open_stock_file_that_is_not_its_partitions_is_not_read(tree, store, tmp_path):
    """A stale ``counts-open.parquet`` (another import's, put back by hand) is recognised by its stamp:
    the stock is then counted from the dossiers, never read from the file."""
    import shutil

    load(tmp_path, store, march_dossiers())
    stock = store.files()[0].with_name(OPEN_FILE)
    shutil.copy(stock, tmp_path / "old-open.parquet")
    finished = [
        {**r, "finished_at": "31/03/2023 09:00"} if r["dossier_code"] in ("O1", "O2") else r
        for r in march_dossiers()
    ]
    report = import_file(write_export(tmp_path / "hs2.csv", finished), store=store)
    assert report.rows_rejected == 0
    shutil.copy(tmp_path / "old-open.parquet", stock)  # the old stock beside the new dossiers
    (row,) = services.compute_many(tree["a"], [MARCH], store=store, open_stock=True)[MARCH.code]
    assert row.open == OpenStock(within=3, overdue=0, no_due=1, unknown=0)  # O1, O2 finished on 31/3


def test_a_commune_whose_only_dossiers_are_still_open_is_scored_on_them(tree, store, tmp_path):
    """Nothing received or finished in March, one dossier received in February still open and within
    its deadline on 31/3: 2.1 = 1/1 → 20 points (not N/A for want of a flow in the month)."""
    load(tmp_path, store, [dossier("O1", "T99901", received_at="20/02/2023 08:00", due_at="05/04/2023")])
    result = index766.compute_index(tree["a"], MARCH, store=store)
    assert result.group("2").points == D("20")
    assert result.dossiers == 0  # none received in March
    ranking = index766.rank_index(tree["district"], MARCH, store=store)
    assert [(r.unit.code, r.rank) for r in ranking.rows if r.rank] == [("T99901", 1)]
    assert index766.index_many([tree["a"]], MARCH, store=store)[tree["a"].pk] == result
