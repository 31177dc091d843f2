"""Every mistake in a catalog file is refused before anything is written, naming file, code and field."""

import pytest
import yaml

from cds.catalog.loader import load_catalog_file
from cds.catalog.models import CatalogVersion, Indicator
from cds.catalog.spec import read_catalog_file
from cds.lib.errors import InputError

from .helpers import count, indicator, small_catalog, write_catalog

pytestmark = pytest.mark.django_db


def unknown_pillar(data):
    indicator(data, "t.online")["pillar"] = "khong_co"


def rate_without_numerator(data):
    del indicator(data, "t.online_rate")["numerator"]


def numerator_not_in_catalog(data):
    indicator(data, "t.online_rate")["numerator"] = "t.missing"


def bad_kind(data):
    indicator(data, "t.offline")["kind"] = "percent"


def bad_period_rule(data):
    indicator(data, "t.offline")["aggregate_periods"] = "average"


def bad_direction(data):
    indicator(data, "t.offline")["direction"] = "sideways"


def duplicate_code(data):
    data["indicators"].append(count("t.offline"))


def rate_summed_over_units(data):
    indicator(data, "t.online_rate")["aggregate_units"] = "sum"


def count_recomputed(data):
    indicator(data, "t.offline")["aggregate_periods"] = "recompute"


def part_not_in_catalog(data):
    indicator(data, "t.total")["parts"] = ["t.online", "t.nowhere"]


def part_with_another_rule(data):
    indicator(data, "t.offline")["aggregate_periods"] = "latest"


def misspelt_field(data):
    indicator(data, "t.online")["numerater"] = "t.total"


def count_with_numerator(data):
    indicator(data, "t.online")["numerator"] = "t.total"


def count_without_period_rule(data):
    del indicator(data, "t.online")["aggregate_periods"]


def scale_on_a_count(data):
    indicator(data, "t.online")["scale"] = 1000


def rate_of_a_rate(data):
    indicator(data, "t.online_rate")["denominator"] = "t.online_rate"


def missing_source(data):
    indicator(data, "t.online")["source"] = ""


def missing_scope(data):
    del indicator(data, "t.online")["scope"]


def bad_scope(data):
    indicator(data, "t.online")["scope"] = "district"


def rate_of_another_scope(data):
    indicator(data, "t.online_rate")["scope"] = "own"


def part_of_another_scope(data):
    indicator(data, "t.offline")["scope"] = "own"


def display_unit_on_a_count(data):
    indicator(data, "t.online")["display_unit"] = "triệu đồng"


def unknown_display_unit(data):
    data["indicators"].append({**count("t.budget"), "kind": "amount", "display_unit": "triệu USD"})


CASES = [
    (unknown_pillar, "t.online", "pillar", "khong_co"),
    (rate_without_numerator, "t.online_rate", "numerator", "numerator"),
    (numerator_not_in_catalog, "t.online_rate", "numerator", "t.missing"),
    (bad_kind, "t.offline", "kind", "percent"),
    (bad_period_rule, "t.offline", "aggregate_periods", "average"),
    (bad_direction, "t.offline", "direction", "sideways"),
    (duplicate_code, "t.offline", "code", "duplicate"),
    (rate_summed_over_units, "t.online_rate", "aggregate_units", "sum"),
    (count_recomputed, "t.offline", "aggregate_periods", "recompute"),
    (part_not_in_catalog, "t.total", "parts", "t.nowhere"),
    (part_with_another_rule, "t.total", "parts", "t.offline"),
    (misspelt_field, "t.online", "numerater", "numerater"),
    (count_with_numerator, "t.online", "numerator", "only rates"),
    (count_without_period_rule, "t.online", "aggregate_periods", "missing"),
    (scale_on_a_count, "t.online", "scale", "only applies to rates"),
    (rate_of_a_rate, "t.online_rate", "denominator", "rate"),
    (missing_source, "t.online", "source", "source"),
    (missing_scope, "t.online", "scope", "missing"),
    (bad_scope, "t.online", "scope", "district"),
    (rate_of_another_scope, "t.online_rate", "scope", "numerator"),
    (part_of_another_scope, "t.total", "parts", "scope"),
    (display_unit_on_a_count, "t.online", "display_unit", "only applies to amounts"),
    (unknown_display_unit, "t.budget", "display_unit", "triệu USD"),
]


@pytest.mark.parametrize(("break_it", "code", "field", "detail"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_broken_catalog_is_refused_with_file_code_and_field_and_nothing_is_written(
    tmp_path, break_it, code, field, detail
):
    data = small_catalog()
    break_it(data)
    path = write_catalog(tmp_path, data)
    with pytest.raises(InputError) as caught:
        load_catalog_file(path)
    err = caught.value
    assert (err.where.file, err.where.column) == ("catalog-9000.1.yaml", field)
    message = str(err)
    assert "catalog-9000.1.yaml" in message and f"«{code}»" in message and field in message
    assert detail in err.message("en")
    assert err.where.row is not None  # the line to fix
    assert not CatalogVersion.objects.filter(code="9000.1").exists()
    assert not Indicator.objects.filter(code__startswith="t.").exists()


def test_a_loop_among_parts_is_refused(tmp_path):
    data = small_catalog()
    indicator(data, "t.online")["parts"] = ["t.total", "t.offline"]
    with pytest.raises(InputError, match="loop"):
        read_catalog_file(write_catalog(tmp_path, data))


def test_an_unquoted_version_code_is_refused_because_yaml_would_read_a_float(tmp_path):
    path = write_catalog(tmp_path, small_catalog())
    path.write_text(path.read_text(encoding="utf-8").replace("'9000.1'", "9000.10"), encoding="utf-8")
    with pytest.raises(InputError, match="quote") as caught:
        read_catalog_file(path)
    assert caught.value.where.column == "version"


def test_a_key_written_twice_is_refused_with_its_line(tmp_path):
    path = tmp_path / "catalog-9000.1.yaml"
    text = yaml.safe_dump(small_catalog(), allow_unicode=True, sort_keys=False)
    path.write_text(text.replace("title:", "title: A\ntitle:", 1), encoding="utf-8")
    with pytest.raises(InputError, match="twice") as caught:
        read_catalog_file(path)
    assert caught.value.where.row == 3  # the second «title»


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "catalog-bad.yaml"
    path.write_text("version: '9000.1'\nindicators: [\n  - {code: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="YAML") as caught:
        read_catalog_file(path)
    assert caught.value.where.file == "catalog-bad.yaml" and caught.value.where.row


def test_a_missing_file_is_an_input_error_not_a_traceback(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_catalog_file(tmp_path / "nope.yaml")
