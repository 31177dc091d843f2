"""The real figures of the three sample reports, as the demo imports them."""

import csv
from pathlib import Path

import pytest

from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.lib.text import fold_words
from cds.lib.vn_dates import parse_date
from cds.lib.vn_numbers import parse_number

pytestmark = pytest.mark.django_db

CSV = Path(__file__).resolve().parents[2] / "demo_data" / "sample_reports.csv"
UNITS = {
    "xã Tịnh Châu, thành phố Quảng Ngãi, tỉnh Quảng Ngãi",
    "xã Sơn Nham, huyện Sơn Hà, tỉnh Quảng Ngãi",
    "thành phố Quảng Ngãi, tỉnh Quảng Ngãi",
    "tỉnh Quảng Ngãi",
}
YES_NO = {"co", "khong", "chua"}


@pytest.fixture(scope="module")
def rows():
    with open(CSV, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["unit", "period", "indicator", "value", "note"]
        return list(reader)


def test_every_indicator_code_exists_in_the_catalog_in_force_for_its_period(rows):
    for row in rows:
        catalog = get_catalog(parse_period(row["period"]).start)
        assert row["indicator"] in catalog, (row["indicator"], row["period"])


def test_every_value_reads_as_its_indicators_kind(rows):
    for row in rows:
        definition = get_catalog(parse_period(row["period"]).start)[row["indicator"]]
        if definition.kind == "boolean":
            assert fold_words(row["value"]) in YES_NO, row
            continue
        if definition.kind == "date":  # a milestone, day first as the report writes it
            assert parse_date(row["value"]), row
            continue
        kind = definition.kind if definition.kind in ("count", "amount", "rate") else "number"
        try:
            parse_number(row["value"], kind=kind)
        except InputError as err:  # pragma: no cover - shows which row is wrong
            pytest.fail(f"{row['indicator']} «{row['value']}»: {err}")


def test_each_unit_period_and_indicator_appears_once_with_a_note(rows):
    keys = [(r["unit"], r["period"], r["indicator"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert all(r["note"].strip() for r in rows)
    assert {r["unit"] for r in rows} == UNITS


def test_the_three_reports_and_their_periods_are_all_there(rows):
    periods = {(r["unit"].split(",")[0], r["period"]) for r in rows}
    assert {("xã Tịnh Châu", p) for p in ("2023Q1", "2023Q2", "2023Q3")} <= periods
    assert {("xã Sơn Nham", "2024"), ("xã Sơn Nham", "2023-12-15..2024-10-31")} <= periods
    assert ("thành phố Quảng Ngãi", "2022") in periods
    assert len(rows) >= 150


def test_rates_come_as_parts_where_the_report_gives_parts_and_the_wrong_164_percent_is_kept(rows):
    by_key = {(r["unit"].split(",")[0], r["indicator"]): r["value"] for r in rows}
    assert by_key[("xã Sơn Nham", "dvc.fee_procedures_online_payment_rate")] == "164%"
    assert (
        by_key[("xã Sơn Nham", "dvc.fee_procedures_online_payment")],
        by_key[("xã Sơn Nham", "dvc.fee_procedures")],
    ) == ("14", "23")
    assert ("xã Sơn Nham", "dvc.services_with_online_dossiers_rate") not in by_key
    assert by_key[("xã Sơn Nham", "dvc.dossiers_online_partial")] == "1.394"
    assert by_key[("thành phố Quảng Ngãi", "teams.members_total")] == "1.129"
    assert by_key[("xã Sơn Nham", "society.basic_ict_skills")] == "khoảng 4000"


def test_the_plans_dates_are_kept_as_milestones(rows):
    by_key = {(r["unit"].split(",")[0], r["indicator"]): r["value"] for r in rows}
    assert by_key[("xã Tịnh Châu", "institution.annual_plan_issued_on")] == "14/3/2023"
    assert by_key[("xã Sơn Nham", "institution.annual_plan_issued_on")] == "18/3/2024"
