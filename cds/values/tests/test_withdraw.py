"""Withdrawing a value: it becomes unknown ("chưa có số liệu"), its history keeps the old one."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cds.lib.periods import parse_period
from cds.units.models import Unit
from cds.units.testing import small_tree
from cds.values.models import DataValue, Status, ValueChange
from cds.values.rollup import rollup
from cds.values.services import (
    Actor,
    ValueInput,
    ValueRef,
    ValueWriteError,
    change_status,
    record_values,
    withdraw_values,
)

pytestmark = pytest.mark.django_db

Q1 = parse_period("2023Q1")
ACTOR = Actor("cán bộ xã", "manual")


def _put(unit: Unit, raw: str = "58") -> DataValue:
    record_values([ValueInput(unit, "dvc.dossiers_total", Q1, raw)], ACTOR)
    return DataValue.objects.get(unit=unit, indicator__code="dvc.dossiers_total", period=Q1.code)


def test_a_withdrawn_value_is_unknown_everywhere_and_its_history_keeps_the_old_one():
    tree = small_tree()
    _put(tree["a"])
    result = withdraw_values(
        [ValueRef(tree["a"], "dvc.dossiers_total", Q1)], ACTOR, reason="tệp mới thiếu cột"
    )
    assert len(result.withdrawn) == 1
    assert not DataValue.objects.filter(unit=tree["a"], period=Q1.code).exists()
    assert rollup("dvc.dossiers_total", tree["a"], Q1, era="legacy").value is None
    stored = DataValue.all_objects.get(unit=tree["a"], period=Q1.code)
    assert stored.status == Status.WITHDRAWN and stored.number is None and stored.version == 2
    change = ValueChange.objects.get(value=stored, action="withdraw")
    assert change.old_raw == "58" and change.old_number == 58 and change.new_number is None
    assert change.reason == "tệp mới thiếu cột" and change.actor == "cán bộ xã"
    # withdrawing again, or a value never recorded, is nothing to do
    again = withdraw_values([ValueRef(tree["a"], "dvc.dossiers_total", Q1)], ACTOR, reason="lần nữa")
    assert again.withdrawn == [] and again.absent == 1


def test_a_later_write_brings_a_withdrawn_value_back_as_a_draft_with_its_history():
    tree = small_tree()
    _put(tree["a"])
    withdraw_values([ValueRef(tree["a"], "dvc.dossiers_total", Q1)], ACTOR, reason="sai")
    value = _put(tree["a"], "60")
    assert value.number == 60 and value.status == Status.DRAFT and value.version == 3
    actions = list(ValueChange.objects.filter(value=value).values_list("action", flat=True))
    assert actions == ["create", "withdraw", "update"]


def test_an_approved_value_is_not_withdrawn_until_reopened_and_a_reason_is_required():
    tree = small_tree()
    value = _put(tree["a"])
    change_status([value], "submit", ACTOR)
    value.refresh_from_db()
    change_status([value], "approve", Actor("cấp trên"))
    ref = ValueRef(tree["a"], "dvc.dossiers_total", Q1)
    with pytest.raises(ValueWriteError) as err:
        withdraw_values([ref], ACTOR, reason="tệp mới thiếu cột")
    assert "đã được duyệt" in err.value.errors[0].vi and "reopen" in err.value.errors[0].en
    assert DataValue.objects.get(pk=value.pk).number == 58
    with pytest.raises(ValueWriteError) as err:
        withdraw_values([ref], ACTOR, reason=" ")
    assert any("lý do" in e.vi for e in err.value.errors)


def test_cds_data_withdraw_withdraws_and_refuses_an_approved_value(capsys):
    tree = small_tree()
    _put(tree["a"])
    args = [
        "data",
        "withdraw",
        "--unit",
        tree["a"].code,
        "--period",
        "2023Q1",
        "--indicator",
        "dvc.dossiers_total",
    ]
    with pytest.raises(CommandError, match="lý do"):
        call_command(*args)
    call_command(*args, "--reason", "tệp mới thiếu cột")
    assert "1" in capsys.readouterr().out
    assert not DataValue.objects.filter(unit=tree["a"]).exists()
    value = _put(tree["a"])
    change_status([value], "submit", ACTOR)
    value.refresh_from_db()
    change_status([value], "approve", Actor("cấp trên"))
    with pytest.raises(CommandError, match="đã được duyệt"):
        call_command(*args, "--reason", "x")
