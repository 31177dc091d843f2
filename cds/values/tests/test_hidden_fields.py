"""Fields hidden by answers: «Không» to «Có Trang thông tin điện tử» makes the website's details
moot — not counted missing when the report is submitted (rules: cds/values/data/hidden_fields.yaml)."""

import pytest

from cds.catalog.services import get_catalog
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.values.conditions import read_rules, rules
from cds.values.services import Actor, ValueInput, record_values
from cds.values.workflow import report_completeness

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogs")]
PERIOD = parse_period("2024Q3")
WEBSITE = {
    "gov.website_meets_requirements",
    "gov.website_visits",
    "gov.website_pageviews",
    "awareness.website_cds_section",
    "infra.website_ipv6",
    "attt.website_trust_label",
}


def missing_codes(unit) -> set[str]:
    return {d.code for d in report_completeness(unit, PERIOD).missing}


def test_every_rule_asks_a_yes_no_question_and_hides_indicators_of_the_catalog():
    for day in (PERIOD.start, parse_period("2026Q1").start):
        catalog = get_catalog(day)
        for rule in rules():
            assert catalog[rule.question].kind == "boolean", rule
            assert all(catalog.get(code) is not None for code in rule.hides), rule


def test_no_website_means_its_details_are_not_missing(tree):
    assert WEBSITE <= missing_codes(tree["a"])  # nothing answered yet: everything is asked
    before = len(report_completeness(tree["a"], PERIOD).required)
    record_values([ValueInput(tree["a"], "gov.has_website", PERIOD, "không")], Actor("t"))
    after = report_completeness(tree["a"], PERIOD)
    assert not WEBSITE & {d.code for d in after.missing}
    assert len(after.required) == before - len(WEBSITE)  # «còn thiếu m/n»: not asked at all


def test_a_website_keeps_its_details_required(tree):
    record_values([ValueInput(tree["a"], "gov.has_website", PERIOD, "có")], Actor("t"))
    assert WEBSITE <= missing_codes(tree["a"])


def test_a_malformed_rule_is_refused_in_words(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - question: gov.has_website\n    answer: maybe\n    hides: [gov.website_visits]\n"
    )
    with pytest.raises(InputError) as error:
        read_rules(path)
    assert "«có» hoặc «không»" in error.value.vi and "rules.yaml" in str(error.value.where.file)
