"""Issue 15: what the product prints reads back as the same value through the one parser —
counts, amounts and rates as ``format_value`` writes them and the entry form reads them
(``parse_value``), DTI points as ``format_points`` writes them with the item's maximum. The only
exception is a text both of whose readings fit (a rate of exactly «1.000%»: one or a thousand
percent?), which is refused, never guessed."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cds.catalog.formatting import format_points, format_value
from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.vn_numbers import parse_number
from cds.values.services import RATE_CEILING, parse_value

pytestmark = pytest.mark.django_db
D = Decimal
MAXIMA = [D(5), D(10), D(20), D(40), D(100), D(150), D(200), D(1000)]  # DTI items, pillars, totals


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return get_catalog(version="2022.1")


@given(st.integers(min_value=0, max_value=10**12))
def test_a_count_as_printed_is_read_back_by_the_entry_form(catalog, n):
    definition = catalog["dvc.dossiers_total"]
    assert parse_value(definition, format_value(definition, D(n))).number == n


@given(st.integers(min_value=0, max_value=10**15))
def test_an_amount_as_printed_is_read_back_by_the_entry_form(catalog, dong):
    definition = catalog["budget.digital_government"]
    assert parse_value(definition, format_value(definition, D(dong))).number == dong


@settings(deadline=None)  # the first example loads the validation rules (the rate's ceiling)
@given(st.decimals(min_value=0, max_value=RATE_CEILING, places=2, allow_nan=False, allow_infinity=False))
def test_a_rate_as_printed_is_read_back_by_the_entry_form_within_its_ceiling(catalog, rate):
    definition = catalog["dvc.online_dossier_rate"]
    text = format_value(definition, rate)
    if text == "1.000%":  # one percent or a thousand: both within the ceiling
        with pytest.raises(InputError):
            parse_value(definition, text)
    else:
        assert parse_value(definition, text).number == rate


@given(st.data())
def test_points_as_printed_are_read_back_with_the_items_maximum(data):
    maximum = data.draw(st.sampled_from(MAXIMA))
    points = data.draw(
        st.decimals(min_value=0, max_value=maximum, places=2, allow_nan=False, allow_infinity=False)
    )
    text = format_points(points)
    single_group = re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", text)
    if single_group and D(text.replace(".", "")) <= maximum:
        with pytest.raises(InputError):
            parse_number(text, "number", maximum=maximum)
    else:
        assert parse_number(text, "number", maximum=maximum).value == points


@given(st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False), st.booleans())
def test_a_dti_index_reads_back_in_either_convention(index, english):
    text = f"{index:f}" if english else f"{index:f}".replace(".", ",")
    assert parse_number(text, "number", maximum=D(1)).value == index
