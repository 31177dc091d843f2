import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cds.lib.periods import parse_period
from cds.units.testing import small_tree
from cds.values.models import DataValue
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    tree = small_tree()
    period = parse_period("2024")
    record_values(
        [
            ValueInput(tree["a"], "dvc.fee_procedures", period, "23"),
            ValueInput(tree["a"], "dvc.fee_procedures_online_payment", period, "14"),
            ValueInput(tree["a"], "dvc.fee_procedures_online_payment_rate", period, "164%"),
            ValueInput(tree["b"], "dvc.fee_procedures", period, "10"),
            ValueInput(tree["b"], "dvc.fee_procedures_online_payment", period, "10"),
        ],
        Actor("tester"),
        reason="báo cáo năm",
    )
    return tree


def run_json(capsys, *args):
    call_command(*args, "--format", "json")
    return json.loads(capsys.readouterr().out)


def rollup_2024(capsys, code, unit, *options):
    """``cds data rollup`` of ``code`` for the unit ``unit`` in 2024, as JSON rows."""
    return run_json(capsys, "data", "rollup", code, "--unit", unit, "--period", "2024", *options)


def record_2024(*values):
    """Record (unit, code, raw value) triples for 2024 as «tester»."""
    period = parse_period("2024")
    record_values([ValueInput(unit, code, period, raw) for unit, code, raw in values], Actor("tester"))


def test_check_reports_the_wrong_rate_with_both_numbers(tree, capsys):
    result = run_json(capsys, "cds_check", "--unit", "T99901", "--period", "2024")
    messages = [v["message"] for v in result["violations"]]
    assert any("14/23 = 60,87%, báo cáo ghi 164%" in m for m in messages)
    english = run_json(capsys, "cds_check", "--unit", "T99901", "--period", "năm 2024", "--lang", "en")
    assert any("the report says 164" in v["message"] for v in english["violations"])


def test_rollup_recomputes_the_rate_for_the_district_and_lists_children(tree, capsys):
    record_2024(
        (tree["a"], "dvc.fee_dossiers", "23"),
        (tree["a"], "dvc.online_paid_dossiers", "14"),
        (tree["b"], "dvc.fee_dossiers", "10"),
        (tree["b"], "dvc.online_paid_dossiers", "10"),
    )
    rows = rollup_2024(capsys, "dvc.online_payment_rate", "T999", "--children")
    assert rows[0]["numerator"] == 24 and rows[0]["denominator"] == 33 and rows[0]["display"] == "72,73%"
    assert rows[0]["coverage"] == "2/2 đơn vị có số liệu, 0 đã duyệt" and rows[0]["approved"] is False
    assert [r["name"] for r in rows[1:]] == ["Xã An", "Xã Bình"]


def test_rollup_of_a_communes_own_procedures_is_not_the_districts(tree, capsys):
    rows = rollup_2024(capsys, "dvc.fee_procedures_online_payment_rate", "T999")
    assert (rows[0]["value"], rows[0]["scope"], rows[0]["coverage"]) == (
        None,
        "own",
        "0/1 đơn vị có số liệu, 0 đã duyệt",
    )


def test_history_shows_who_what_and_why(tree, capsys):
    rows = run_json(capsys, "data", "history", "--unit", "T99901", "--period", "2024")
    assert {(r["who"], r["action"], r["reason"]) for r in rows} == {("tester", "create", "báo cáo năm")}


def test_a_bad_period_is_a_clear_error_not_a_traceback(tree):
    with pytest.raises(CommandError, match="quý 7/2024"):
        call_command("cds_check", "--unit", "T99901", "--period", "quý 7/2024")


def test_csv_output_has_a_header_and_one_line_per_row(tree, capsys):
    call_command("data", "history", "--unit", "T99901", "--period", "2024", "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("at,who,indicator") and len(lines) == 4


def test_submit_follows_the_forms_rules_from_the_command_line(tree, capsys):
    with pytest.raises(CommandError, match="chưa gửi"):
        call_command("data", "submit", "--unit", "T99901", "--period", "2024")
    assert "164" in capsys.readouterr().err  # the blocking error, with the stated and computed rates
    call_command("data", "submit", "--unit", "T99902", "--period", "2024", "--as-user", "van.thu")
    assert "Đã gửi 2 giá trị" in capsys.readouterr().out
    statuses = set(DataValue.objects.filter(unit=tree["b"]).values_list("status", flat=True))
    assert statuses == {"submitted"}


def test_a_deadline_is_set_for_a_subtree_and_shown(tree, capsys):
    call_command(
        "data", "deadline", "--period", "2024", "--unit", "T999", "--due", "20/1/2025", "--reason", "họp"
    )
    assert "20/1/2025" in capsys.readouterr().out
    call_command("data", "deadline", "--period", "2024", "--unit", "T99901")
    assert "20/1/2025" in capsys.readouterr().out  # the district's deadline applies to its commune
    call_command("data", "deadline", "--period", "2024")
    assert "15/1/2025" in capsys.readouterr().out  # nationwide: the default


def test_the_rollup_command_prints_a_count_with_its_unit_and_a_zero_amount_in_its_display_unit(tree, capsys):
    record_2024(
        (tree["a"], "infra.fixed_broadband_subscriptions", "157"),
        (tree["a"], "budget.digital_economy", "0"),
    )
    rows = rollup_2024(capsys, "infra.fixed_broadband_subscriptions", "T99901")
    assert rows[0]["display"] == "157 thuê bao"
    rows = rollup_2024(capsys, "budget.digital_economy", "T99901")
    assert rows[0]["display"] == "0 triệu đồng"
