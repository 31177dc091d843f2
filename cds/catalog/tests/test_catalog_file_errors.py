"""Every mistake in a catalog file is refused before anything is written, naming file, code and field."""

import pytest
import yaml

from cds.catalog.loader import load_catalog_file
from cds.catalog.models import CatalogVersion, Indicator
from cds.catalog.spec import read_catalog_file
from cds.lib.errors import InputError

from .helpers import count, indicator, small_catalog, write_catalog

pytestmark = pytest.mark.django_db


def setting(code, field, value):
    """A break: the indicator ``code`` gets ``field: value``."""

    def break_it(data):
        indicator(data, code)[field] = value

    return break_it


def dropping(code, field):
    """A break: the indicator ``code`` loses ``field``."""

    def break_it(data):
        del indicator(data, code)[field]

    return break_it


def duplicate_code(data):
    data["indicators"].append(count("t.offline"))


def unknown_display_unit(data):
    data["indicators"].append({**count("t.budget"), "kind": "amount", "display_unit": "triệu USD"})


# (name, break, code and field named in the error, a word of its English message)
CASES = [
    ("unknown_pillar", setting("t.online", "pillar", "khong_co"), "t.online", "pillar", "khong_co"),
    ("rate_without_numerator", dropping("t.online_rate", "numerator"), "t.online_rate", "numerator", "numerator"),
    ("rate_without_denominator", dropping("t.online_rate", "denominator"), "t.online_rate", "denominator",
     "denominator"),
    ("denominator_not_in_catalog", setting("t.online_rate", "denominator", "t.missing"), "t.online_rate",
     "denominator", "t.missing"),
    ("numerator_not_in_catalog", setting("t.online_rate", "numerator", "t.missing"), "t.online_rate", "numerator",
     "t.missing"),
    ("bad_kind", setting("t.offline", "kind", "percent"), "t.offline", "kind", "percent"),
    ("bad_period_rule", setting("t.offline", "aggregate_periods", "average"), "t.offline", "aggregate_periods",
     "average"),
    ("bad_direction", setting("t.offline", "direction", "sideways"), "t.offline", "direction", "sideways"),
    ("duplicate_code", duplicate_code, "t.offline", "code", "duplicate"),
    ("rate_summed_over_units", setting("t.online_rate", "aggregate_units", "sum"), "t.online_rate",
     "aggregate_units", "sum"),
    ("count_recomputed", setting("t.offline", "aggregate_periods", "recompute"), "t.offline", "aggregate_periods",
     "recompute"),
    ("part_not_in_catalog", setting("t.total", "parts", ["t.online", "t.nowhere"]), "t.total", "parts",
     "t.nowhere"),
    ("part_with_another_rule", setting("t.offline", "aggregate_periods", "latest"), "t.total", "parts",
     "t.offline"),
    ("misspelt_field", setting("t.online", "numerater", "t.total"), "t.online", "numerater", "numerater"),
    ("count_with_numerator", setting("t.online", "numerator", "t.total"), "t.online", "numerator", "only rates"),
    ("count_without_period_rule", dropping("t.online", "aggregate_periods"), "t.online", "aggregate_periods",
     "missing"),
    ("scale_on_a_count", setting("t.online", "scale", 1000), "t.online", "scale", "only applies to rates"),
    ("rate_of_a_rate", setting("t.online_rate", "denominator", "t.online_rate"), "t.online_rate", "denominator",
     "rate"),
    ("missing_source", setting("t.online", "source", ""), "t.online", "source", "source"),
    ("missing_scope", dropping("t.online", "scope"), "t.online", "scope", "missing"),
    ("bad_scope", setting("t.online", "scope", "district"), "t.online", "scope", "district"),
    ("rate_of_another_scope", setting("t.online_rate", "scope", "own"), "t.online_rate", "scope", "numerator"),
    ("part_of_another_scope", setting("t.offline", "scope", "own"), "t.total", "parts", "scope"),
    ("display_unit_on_a_count", setting("t.online", "display_unit", "triệu đồng"), "t.online", "display_unit",
     "only applies to amounts"),
    ("unknown_display_unit", unknown_display_unit, "t.budget", "display_unit", "triệu USD"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("break_it", "code", "field", "detail"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
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
