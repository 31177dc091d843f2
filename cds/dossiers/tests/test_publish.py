"""KPI counts land in data values with provenance, are recomputed through history, spare real figures."""

from __future__ import annotations

from decimal import Decimal

from cds.dossiers.importer import import_file
from cds.dossiers.publish import publish
from cds.lib.periods import parse_period
from cds.values.models import DataValue, ValueChange
from cds.values.rollup import rollup
from cds.values.services import Actor, ValueInput, record_values

from .helpers import dossier, write_export


def test_counts_are_written_for_every_level_and_rates_follow_from_them(tree, store, tmp_path):
    rows = [dossier("A1", "T99901"), dossier("A2", "T99901", channel="Trực tiếp"), dossier("B1", "T99902")]
    report = import_file(write_export(tmp_path / "a.csv", rows), store=store)
    publish("T99", [2023], report.import_id, store=store)
    value = DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_total", period="2023Q1")
    assert value.number == 2 and value.source_kind == "computed"
    assert f"#{report.import_id}" in value.source_ref
    assert ValueChange.objects.filter(value=value, actor=f"dvc import #{report.import_id}").exists()
    for unit, expected in ((tree["a"], "50"), (tree["district"], "66.66"), (tree["province"], "66.66")):
        aggregate = rollup("dvc.online_dossier_rate", unit, parse_period("2023Q1"), era="legacy")
        assert str(aggregate.value).startswith(expected)
    pairs = DataValue.objects.get(
        unit=tree["province"], indicator__code="dvc.services_with_dossiers", period="2023"
    )
    assert pairs.number == 2  # (Xã An, P1) and (Xã Bình, P1)


def test_a_new_import_replaces_the_counts_through_history(tree, store, tmp_path):
    first = import_file(write_export(tmp_path / "a.csv", [dossier("A1", "T99901")]), store=store)
    publish("T99", [2023], first.import_id, store=store)
    second = import_file(write_export(tmp_path / "b.csv", [dossier("A2", "T99901")]), store=store)
    publish("T99", [2023], second.import_id, store=store)
    value = DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_total", period="2023Q1")
    assert value.number == 2
    assert [(c.old_number, c.new_number) for c in value.changes.all()] == [(None, 1), (1, 2)]


def test_figures_imported_by_people_are_never_overwritten(tree, store, tmp_path):
    real = ValueInput(tree["a"], "dvc.dossiers_total", parse_period("2023Q1"), "1.463")
    record_values([real], Actor("báo cáo xã", source_kind="import"))
    report = import_file(write_export(tmp_path / "a.csv", [dossier("A1", "T99901")]), store=store)
    result = publish("T99", [2023], report.import_id, store=store)
    value = DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_total", period="2023Q1")
    assert value.number == Decimal(1463)
    assert any("2023Q1" in s for s in result.skipped_protected)
    assert DataValue.objects.filter(
        unit=tree["a"], indicator__code="dvc.dossiers_total", period="2023"
    ).exists()


def test_a_count_a_later_import_makes_unknown_is_withdrawn_not_left_stale(tree, store, tmp_path):
    """The first export has the digitisation columns, the second (same year) lacks them: the
    digitised count is now unknown for the quarter, so the value the first import wrote goes."""
    first = import_file(
        write_export(tmp_path / "a.csv", [dossier("A1", "T99901", dossier_digitised="Có")]), store=store
    )
    publish("T99", [2023], first.import_id, store=store, kinds=("quarter",))
    key = {"unit": tree["a"], "indicator__code": "dvc.dossiers_digitised", "period": "2023Q1"}
    assert DataValue.objects.get(**key).number == 1
    second = import_file(
        write_export(tmp_path / "b.csv", [dossier("A2", "T99901")], without=("dossier_digitised",)),
        store=store,
    )
    report = publish("T99", [2023], second.import_id, store=store, kinds=("quarter",))
    assert not DataValue.objects.filter(**key).exists()
    assert report.withdrawn >= 1
    change = ValueChange.objects.get(value__unit=tree["a"], value__indicator__code="dvc.dossiers_digitised",
                                     value__period="2023Q1", action="withdraw")  # fmt: skip
    assert change.old_number == 1 and f"#{second.import_id}" in change.reason
    assert rollup("dvc.dossier_digitised_rate", tree["a"], parse_period("2023Q1"), era="legacy").value is None
    assert (
        DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_total", period="2023Q1").number
        == 2
    )


def test_an_approved_stale_count_is_kept_and_reported_not_silently_withdrawn(tree, store, tmp_path):
    from cds.values.services import change_status

    first = import_file(
        write_export(tmp_path / "a.csv", [dossier("A1", "T99901", dossier_digitised="Có")]), store=store
    )
    publish("T99", [2023], first.import_id, store=store, kinds=("quarter",))
    value = DataValue.objects.get(unit=tree["a"], indicator__code="dvc.dossiers_digitised", period="2023Q1")
    change_status([value], "submit", Actor("xã"))
    value.refresh_from_db()
    change_status([value], "approve", Actor("huyện"))
    second = import_file(
        write_export(tmp_path / "b.csv", [dossier("A2", "T99901")], without=("dossier_digitised",)),
        store=store,
    )
    report = publish("T99", [2023], second.import_id, store=store, kinds=("quarter",))
    assert DataValue.objects.get(pk=value.pk).number == 1
    assert report.withdraw_skipped_approved == 1
