"""One formatter: a dossier KPI reads the same on /dvc/, in ``cds dvc kpi`` (table and CSV) and in reports."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from cds.catalog.formatting import format_value
from cds.catalog.services import get_catalog
from cds.dossiers.display import format_kpi
from cds.dossiers.importer import import_file

from .helpers import dossier, write_export

RATE = "dvc.online_dossier_rate"


def _page_cell(html: str, code: str) -> str:
    """The value cell of a KPI's row on /dvc/, as a person reads it (tags dropped)."""
    row = html.split(f'<tr id="kpi-{code}">')[1].split("</tr>")[0]
    cell = row.split("<td")[2]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell.split(">", 1)[1])).strip()


def _cli(tree, store, fmt: str, capsys) -> str:
    call_command(
        "dvc", "kpi", "--unit", tree["province"].code, "--period", "2023Q1",
        "--store", str(store.root), "--format", fmt,
    )  # fmt: skip
    return capsys.readouterr().out


def _import(tmp_path, store, without=()):
    rows = [dossier(f"D{i}", "T99901", channel="Trực tiếp") for i in range(3)] + [dossier("O1", "T99901")]
    rows += [dossier(f"F{i}", "T99901", finished_at="12/03/2023", status="Đã giải quyết") for i in range(2)]
    import_file(write_export(tmp_path / "a.csv", rows, without=without), store=store)


def test_a_rate_reads_the_same_on_the_page_in_the_cli_table_in_the_csv_and_through_the_formatter(
    admin_client, tree, store, tmp_path, capsys
):
    _import(tmp_path, store)
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        page = admin_client.get(f"/dvc/unit/{tree['province'].pk}/?period=2023Q1").content.decode()
    expected = format_value(get_catalog()[RATE], Decimal("50.00"))  # 3 online of 6 dossiers
    assert expected == "50%"
    assert _page_cell(page, RATE).startswith(expected)
    table = _cli(tree, store, "table", capsys)
    line = next(x for x in table.splitlines() if f"{RATE} " in x or x.rstrip().endswith(RATE))
    assert f" {expected} " in f" {line} " or line.split("│")[-2].strip() == expected
    rows = list(csv.DictReader(io.StringIO(_cli(tree, store, "csv", capsys))))
    assert rows[0][f"{RATE}.text"] == expected
    assert rows[0]["dvc.dossiers_total.text"] == _page_cell(page, "dvc.dossiers_total") == "6 hồ sơ"


def test_an_unknown_kpi_reads_its_reason_alike_on_the_page_and_in_the_export(
    admin_client, tree, store, tmp_path, capsys
):
    _import(tmp_path, store, without=("due_at",))
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        page = admin_client.get(f"/dvc/unit/{tree['province'].pk}/?period=2023Q1").content.decode()
    reason = "chưa có số liệu: tệp không có cột «Ngày hẹn trả»"
    assert _page_cell(page, "dvc.on_time_rate") == reason  # no "N/A" beside it, no 0%
    rows = list(csv.DictReader(io.StringIO(_cli(tree, store, "csv", capsys))))
    assert rows[0]["dvc.on_time_rate.text"] == reason


def test_the_english_switch_shows_the_english_words_on_the_kpi_page(admin_client, tree, store, tmp_path):
    _import(tmp_path, store, without=("due_at",))
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with override_settings(CDS_DOSSIER_STORE=str(store.root)):
        page = admin_client.get(f"/dvc/unit/{tree['province'].pk}/?period=2023Q1").content.decode()
    assert _page_cell(page, "dvc.on_time_rate") == "no data: the file has no «due date» column"
    assert "chưa có số liệu" not in _page_cell(page, "dvc.on_time_rate")


def test_a_zero_denominator_is_not_applicable_and_a_hot_spot_rate_uses_the_same_formatter(db):
    assert format_kpi(RATE, None) == "N/A (mẫu số bằng 0)"
    assert format_kpi(RATE, None, lang="en") == "N/A (zero denominator)"
    assert format_kpi("dvc.dossiers_total", None) == "chưa có số liệu"
    assert (
        format_kpi(RATE, Decimal("94.44")) == "94,44%" == format_value(get_catalog()[RATE], Decimal("94.44"))
    )
    assert format_kpi("dvc.dossiers_total", 1463) == "1.463"


@pytest.mark.parametrize(
    ("code", "now", "before"),
    [
        (RATE, Decimal("58.19"), Decimal("18.73")),  # gấp 3,1 lần
        (RATE, Decimal("40"), Decimal("20")),  # gấp 2 lần (not "2,0")
        (RATE, Decimal("18.73"), Decimal("21.13")),  # 2,4 điểm phần trăm (not "2,40")
        ("dvc.dossiers_total", 100, 100),  # unchanged
        ("dvc.dossiers_total", 5, 0),  # from nothing
        ("dvc.dossiers_total", 110, 100),  # 10%
    ],
)
def test_a_change_reads_on_dvc_as_the_report_writes_it(db, code, now, before):
    from cds.dossiers.services import describe_change
    from cds.reports.data import Figure
    from cds.reports.wording import compare

    definition = get_catalog()[code]
    report = compare(
        Figure(code, definition, Decimal(now)), Figure(code, definition, Decimal(before)), "quý II"
    )
    assert describe_change(code, now, before, "quý II", "Q2")[0] == report
