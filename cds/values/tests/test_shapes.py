"""Issue 21's shapes as values: dated milestones, counts against the units that exist, money per
category per year, events organised vs attended."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cds.catalog.formatting import format_units_share, format_value, is_valid
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.lib.testing import examples
from cds.lib.vn_dates import date_number, number_date
from cds.units.services import add_village
from cds.units.testing import make_unit
from cds.values.models import DataValue
from cds.values.rollup import Rollup, rollup
from cds.values.services import Actor, ValueInput, ValueWriteError, parse_value, record_values
from cds.values.validation import check_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]
ACTOR = Actor("tester", "demo")


def put(unit, code, raw, period="2024"):
    return ValueInput(unit=unit, indicator_code=code, period=parse_period(period), raw=raw)


def definition(code, on=dt.date(2024, 1, 1)):
    return get_catalog(on)[code]


# --- dated milestones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["14/3/2023", "14/03/2023", "ngày 14/3/2023", "2023-03-14", "ngày 14 tháng 3 năm 2023"]
)
def test_a_milestone_is_read_as_vietnamese_officials_write_dates(raw):
    parsed = parse_value(definition("gov.ioc_opened_on"), raw)
    assert parsed.number == Decimal(20230314) and parsed.raw == raw


def test_a_milestone_from_an_excel_date_cell_is_the_same_day():
    assert parse_value(definition("gov.ioc_opened_on"), dt.datetime(2023, 3, 14)).number == Decimal(20230314)


@pytest.mark.parametrize("raw", ["31/2/2023", "3/14/2023", "14/3/23", "hôm qua", "1/1/1900"])
def test_a_milestone_that_is_not_a_real_date_is_refused_in_both_languages(raw):
    with pytest.raises(InputError) as caught:
        parse_value(definition("gov.ioc_opened_on"), raw)
    assert "ngày" in caught.value.vi.lower() and "date" in caught.value.en.lower()


def test_a_milestone_is_shown_as_a_date_by_the_one_formatter():
    d = definition("gov.ioc_opened_on")
    assert format_value(d, Decimal(20230314)) == "ngày 14/3/2023"
    assert format_value(d, Decimal(20230314), with_unit=False) == "ngày 14/3/2023"  # a table cell too
    assert format_value(d, Decimal(20230314), lang="en") == "14/3/2023"
    assert format_value(d, Decimal(20231399)) == "giá trị không hợp lệ"
    assert format_value(d, None) == "chưa có số liệu"


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_survives_storage_as_a_number(day):
    assert number_date(date_number(day)) == day
    assert is_valid(definition("gov.ioc_opened_on"), date_number(day))


def test_a_milestone_is_stored_and_rolled_up_to_the_latest_and_never_summed(tree):
    record_values(
        [
            put(tree["district"], "gov.ioc_opened_on", "14/3/2023", "2023Q1"),
            put(tree["a"], "institution.annual_plan_issued_on", "5/1/2024", "2024"),
            put(tree["b"], "institution.annual_plan_issued_on", "20/2/2024", "2024"),
        ],
        ACTOR,
    )
    stored = DataValue.objects.get(indicator__code="gov.ioc_opened_on")
    assert (stored.number, stored.raw) == (Decimal(20230314), "14/3/2023")
    year = rollup("gov.ioc_opened_on", tree["district"], parse_period("2023"))
    assert year.value == Decimal(20230314) and year.source == "periods"
    # an own milestone is the unit's own date or nothing: two communes' dates never add up
    assert rollup("institution.annual_plan_issued_on", tree["district"], parse_period("2024")).value is None


def test_a_milestone_does_not_trip_the_period_jump_check(tree):
    record_values(
        [
            put(tree["a"], "institution.annual_plan_issued_on", "5/1/2023", "2023"),
            put(tree["a"], "institution.annual_plan_issued_on", "5/1/2024", "2024"),
        ],
        ACTOR,
    )
    assert not [
        v for v in check_unit(tree["a"], parse_period("2024")).violations if "plan_issued_on" in v.indicator
    ]


# --- counts against the units that exist ------------------------------------------------------------


def test_the_count_of_units_is_never_typed(tree):
    with pytest.raises(ValueWriteError) as caught:
        record_values([put(tree["district"], "units.communes", "13")], ACTOR)
    assert "danh sách đơn vị hành chính" in caught.value.errors[0].vi


def test_communes_with_a_team_are_counted_against_the_communes_that_exist(tree):
    """«2/3 xã»: the district types how many of its communes have a team; how many communes it has
    comes from the units registry on the period's last day — a commune dissolved before it is gone."""
    gone = make_unit("Xã Cũ", "commune", "T99903", tree["district"])
    gone.valid_to = dt.date(2023, 6, 30)
    gone.save(update_fields=["valid_to"])
    make_unit("Xã Đông", "commune", "T99904", tree["district"])
    record_values([put(tree["district"], "teams.communes_with_team", "2")], ACTOR)
    engine = Rollup(
        ["teams.communes_with_team_rate"], tree["district"], parse_period("2024"), tree["district"].era
    )
    agg = engine.value("teams.communes_with_team_rate")
    assert (agg.numerator, agg.denominator) == (Decimal(2), Decimal(3))
    assert round(agg.value, 2) == Decimal("66.67")
    rate = definition("teams.communes_with_team_rate")
    assert (
        format_units_share(rate, agg.numerator, agg.denominator, get_catalog(dt.date(2024, 1, 1))) == "2/3 xã"
    )
    # in 2022 the dissolved commune still existed
    earlier = rollup("units.communes", tree["district"], parse_period("2022"), tree["district"].era)
    assert earlier.value == Decimal(4) and earlier.approved


def test_villages_with_a_team_are_counted_against_the_villages_of_each_commune(tree):
    for name in ("Thôn 1", "Thôn 2", "Thôn 3"):
        add_village(tree["a"], name)
    add_village(tree["b"], "Thôn Bắc")
    record_values(
        [put(tree["a"], "teams.villages_with_team", "2"), put(tree["b"], "teams.villages_with_team", "1")],
        ACTOR,
    )
    commune = rollup("teams.villages_with_team_rate", tree["a"], parse_period("2024"), tree["a"].era)
    assert (commune.numerator, commune.denominator) == (Decimal(2), Decimal(3))
    district = rollup("teams.villages_with_team_rate", tree["district"], parse_period("2024"), tree["a"].era)
    assert (district.numerator, district.denominator) == (Decimal(3), Decimal(4))
    rate = definition("teams.villages_with_team_rate")
    assert (
        format_units_share(rate, district.numerator, district.denominator, get_catalog(dt.date(2024, 1, 1)))
        == "3/4 thôn"
    )


def test_an_ordinary_rate_is_not_written_as_a_count_of_units():
    catalog = get_catalog(dt.date(2024, 1, 1))
    assert format_units_share(catalog["dvc.online_dossier_rate"], Decimal(17), Decimal(18), catalog) == ""


# --- money per category and per year -----------------------------------------------------------------


def test_spending_categories_are_checked_against_the_total_year_by_year_in_million_dong(tree):
    unit = tree["district"]
    parts = {
        "budget.security": "100 triệu đồng",
        "budget.digital_government": "250,5 triệu đồng",
        "budget.digital_economy": "0",
        "budget.digital_society": "49,5 triệu đồng",
        "budget.other_digital": "0",
    }
    inputs = [put(unit, code, raw, year) for year in ("2023", "2024") for code, raw in parts.items()]
    inputs += [
        put(unit, "budget.digital_transformation_total", "400 triệu đồng", "2023"),  # adds up
        put(unit, "budget.digital_transformation_total", "450 triệu đồng", "2024"),  # does not
    ]
    record_values(inputs, ACTOR)
    assert not [
        v for v in check_unit(unit, parse_period("2023")).violations if v.rule == "parts_sum_to_total"
    ]
    [wrong] = [v for v in check_unit(unit, parse_period("2024")).violations if v.rule == "parts_sum_to_total"]
    assert "250,5 triệu đồng" in wrong.message_vi and "450 triệu đồng" in wrong.message_vi
    assert "400 million VND" in wrong.message_en and "450 million VND" in wrong.message_en
    d = definition("budget.security")
    assert format_value(d, Decimal(100_000_000)) == "100 triệu đồng"


# --- events organised vs attended ---------------------------------------------------------------------


def test_events_organised_and_attended_are_separate_figures_with_separate_names():
    catalog = get_catalog(dt.date(2024, 1, 1))
    organised, attended = catalog["events.organised"], catalog["events.attended"]
    assert "do đơn vị tổ chức" in organised.name_vi and "cấp trên tổ chức" in attended.name_vi
    assert catalog["events.organised_participants"].unit_vi == "lượt người"
    assert catalog["events.attended_officials"].unit_vi == "lượt người"
    assert {d.scope for d in (organised, attended)} == {"own"}


def test_a_milestone_is_imported_from_an_excel_date_cell_and_a_typed_date(tree, tmp_path):
    import openpyxl

    from cds.values.io import import_values

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit", "period", "indicator", "value", "note"])
    sheet.append(["T999", "2023", "gov.ioc_opened_on", dt.datetime(2023, 3, 14), "khai trương"])
    sheet.append(["T99901", "2024", "institution.annual_plan_issued_on", "05/01/2024", ""])
    path = tmp_path / "moc.xlsx"
    book.save(path)
    report = import_values(path, ACTOR)
    assert report.ok, report
    stored = dict(DataValue.objects.values_list("indicator__code", "number"))
    assert stored == {
        "gov.ioc_opened_on": Decimal(20230314),
        "institution.annual_plan_issued_on": Decimal(20240105),
    }
    book = openpyxl.Workbook()
    book.active.append(["unit", "period", "indicator", "value", "note"])
    book.active.append(["T999", "2023", "gov.ioc_opened_on", "14/13/2023", ""])
    book.save(path)
    bad = import_values(path, ACTOR)
    assert not bad.ok and "14/13/2023" in json.dumps([e.as_dict() for e in bad.errors], ensure_ascii=False)


def test_a_quarter_narrowed_from_a_year_counts_the_units_that_existed_on_its_own_last_day(tree):
    """The year's engine and its quarter copies share one load: each period counts the units of
    the registry on its own last day, whichever period asked first."""
    gone = make_unit("Xã Giải Thể", "commune", "T99905", tree["district"])
    gone.valid_to = dt.date(2024, 5, 31)  # dissolved in the second quarter
    gone.save(update_fields=["valid_to"])
    year = Rollup(["units.communes"], tree["district"], parse_period("2024"), tree["district"].era)
    assert year.value("units.communes").value == Decimal(2)
    first = year.narrowed(parse_period("2024Q1"))
    assert first.value("units.communes").value == Decimal(3)
    assert year.narrowed(parse_period("2024Q4")).value("units.communes").value == Decimal(2)
