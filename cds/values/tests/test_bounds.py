"""Bounds in the one parser, money in đồng, and values stored out of range before the bounds."""

from decimal import Decimal

import pytest
from django.db import connection

from cds.lib.periods import parse_period
from cds.values.models import DataValue, ValueChange
from cds.values.services import Actor, ValueInput, ValueWriteError, record_values

pytestmark = pytest.mark.django_db
Y2024 = parse_period("2024")
ACTOR = Actor("tester")
HUGE = "999999999999999999999999999"
# SQLite stores anything; PostgreSQL's NUMERIC(24, 6) refuses 10^27, but holds values above our bounds.
OUT_OF_RANGE = Decimal(HUGE) if connection.vendor == "sqlite" else Decimal(10) ** 17


def put(unit, code, raw, period=Y2024):
    return ValueInput(unit=unit, indicator_code=code, period=period, raw=raw)


def store_raw(unit, code, number, period=Y2024):
    """A value stored before the bounds existed: written with SQL, as the old code let it be."""
    from cds.catalog.models import Indicator

    indicator = Indicator.objects.get(code=code)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO values_datavalue (unit_id, indicator_id, period, period_start, period_end, number, "
            "text, qualifier, raw, note, status, version, source_kind, source_ref, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, '', '', %s, '', 'draft', 1, 'manual', '', CURRENT_TIMESTAMP)",
            [unit.pk, indicator.pk, period.code, period.start, period.end, number, str(number)],
        )
    return DataValue.objects.get(unit=unit, indicator=indicator, period=period.code)


def test_money_typed_as_officials_write_it_is_stored_exactly_in_dong(tree):
    record_values([put(tree["a"], "budget.digital_government", "250,5 triệu đồng")], ACTOR)
    value = DataValue.objects.get()
    assert value.number == Decimal(250_500_000) and value.raw == "250,5 triệu đồng"


@pytest.mark.parametrize(
    ("code", "raw"),
    [
        ("budget.digital_government", "5 ha"),
        ("budget.digital_government", "5 người"),
        ("budget.digital_government", "5%"),
        ("dvc.dossiers_total", "3 triệu đồng"),
    ],
)
def test_a_unit_word_that_contradicts_the_indicator_is_refused(tree, code, raw):
    with pytest.raises(ValueWriteError) as caught:
        record_values([put(tree["a"], code, raw)], ACTOR)
    assert f"«{raw}»" in str(caught.value)
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("raw", [HUGE, int(HUGE), Decimal(HUGE), "-5", -5, Decimal("1.5")])
@pytest.mark.parametrize("code", ["dvc.dossiers_total", "budget.digital_government"])
def test_a_value_out_of_its_kinds_bounds_is_refused_as_text_or_as_a_number(tree, code, raw):
    with pytest.raises(ValueWriteError) as caught:
        record_values([put(tree["a"], code, raw)], ACTOR)
    assert caught.value.errors[0].vi and caught.value.errors[0].en
    assert not DataValue.objects.exists()


def test_a_typed_rate_may_exceed_100_percent_to_be_flagged_but_not_without_limit(tree):
    record_values([put(tree["a"], "dvc.fee_procedures_online_payment_rate", "164%")], ACTOR)
    with pytest.raises(ValueWriteError):
        record_values([put(tree["b"], "dvc.fee_procedures_online_payment_rate", "16400%")], ACTOR)


def test_a_value_stored_out_of_range_can_be_read_and_overwritten(tree):
    stored = store_raw(tree["a"], "dvc.dossiers_total", OUT_OF_RANGE)
    assert stored.number > Decimal(10) ** 12
    result = record_values([put(tree["a"], "dvc.dossiers_total", "1.463")], ACTOR, reason="sửa số sai")
    assert result.updated == 1
    assert DataValue.objects.get().number == 1463
    change = ValueChange.objects.get()
    assert (change.old_raw, change.new_raw) == (str(OUT_OF_RANGE), "1.463")


@pytest.mark.parametrize("dong", [1, 1_315_643_000, 999_999_999_999_999, 10**15])
def test_any_amount_within_bounds_reads_back_to_the_same_dong(tree, dong):
    """SQLite keeps 15 significant digits: the money bound keeps every whole đồng exact."""
    record_values([put(tree["a"], "budget.digital_government", str(dong))], ACTOR)
    assert DataValue.objects.get().number == dong


def test_a_count_at_its_bound_reads_back_exactly(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", str(10**12))], ACTOR)
    assert DataValue.objects.get().number == 10**12


@pytest.mark.parametrize(
    ("code", "raw", "stored"),
    [("awareness.radio_slots_per_week", 1.463, "1.463"), ("dvc.online_dossier_rate", 94.44, "94.44")],
)
def test_a_number_sent_as_a_json_float_is_a_number_not_text_with_a_thousands_dot(tree, code, raw, stored):
    """Issue 15: an API or Excel float 1.463 was read as the text «1.463» and refused as ambiguous."""
    record_values([put(tree["a"], code, raw)], ACTOR)
    assert DataValue.objects.get().number == Decimal(stored)
