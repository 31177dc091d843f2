from decimal import Decimal

import pytest

from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.values.models import DataValue, Status, ValueChange
from cds.values.services import Actor, ValueInput, ValueWriteError, change_status, record_values

pytestmark = pytest.mark.django_db
Q3 = parse_period("2023Q3")
ACTOR = Actor("tester")


def put(unit, code, raw, period=Q3, **kw):
    return ValueInput(unit=unit, indicator_code=code, period=period, raw=raw, **kw)


def test_a_new_value_is_stored_with_its_history(tree):
    result = record_values([put(tree["a"], "dvc.dossiers_total", "1.463")], ACTOR, reason="nhập tay")
    value = DataValue.objects.get()
    assert (result.created, value.number, value.raw, value.status) == (
        1,
        Decimal(1463),
        "1.463",
        Status.DRAFT,
    )
    change = value.changes.get()
    assert (change.action, change.old_raw, change.new_raw, change.reason, change.actor) == (
        "create",
        "",
        "1.463",
        "nhập tay",
        "tester",
    )


def test_recording_the_same_value_again_changes_nothing(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", "1.463")], ACTOR)
    again = record_values([put(tree["a"], "dvc.dossiers_total", "1463")], ACTOR)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert ValueChange.objects.count() == 1


def test_a_changed_value_keeps_old_and_new_with_the_reason(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", "100")], ACTOR)
    record_values([put(tree["a"], "dvc.dossiers_total", "120")], Actor("supervisor"), reason="sửa theo sổ")
    value = DataValue.objects.get()
    last = value.changes.last()
    assert (value.number, value.version) == (Decimal(120), 2)
    assert (last.old_raw, last.new_raw, last.reason, last.actor) == (
        "100",
        "120",
        "sửa theo sổ",
        "supervisor",
    )


def test_bulk_writes_record_history_for_every_value(tree):
    inputs = [put(tree[k], "dvc.dossiers_total", str(n)) for k, n in (("a", 5), ("b", 7))]
    record_values(inputs, ACTOR)
    record_values([put(tree[k], "dvc.dossiers_total", str(n + 1)) for k, n in (("a", 5), ("b", 7))], ACTOR)
    assert ValueChange.objects.filter(action="create").count() == 2
    assert ValueChange.objects.filter(action="update").count() == 2


def test_one_bad_value_means_nothing_is_written(tree):
    with pytest.raises(ValueWriteError) as caught:
        record_values(
            [put(tree["a"], "dvc.dossiers_total", "12"), put(tree["b"], "dvc.dossiers_total", "mười")], ACTOR
        )
    assert DataValue.objects.count() == 0
    assert "mười" in str(caught.value)


def test_unknown_indicator_is_reported_by_code(tree):
    with pytest.raises(ValueWriteError) as caught:
        record_values([put(tree["a"], "khong.ton.tai", "1")], ACTOR)
    assert "khong.ton.tai" in str(caught.value)


def test_dry_run_plans_but_does_not_write(tree):
    result = record_values([put(tree["a"], "dvc.dossiers_total", "3")], ACTOR, dry_run=True)
    assert result.created == 1 and DataValue.objects.count() == 0


def test_approximate_values_keep_their_qualifier(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", "khoảng 4000")], ACTOR)
    value = DataValue.objects.get()
    assert (value.number, value.qualifier, value.raw) == (Decimal(4000), "about", "khoảng 4000")


def test_approved_values_cannot_change_until_reopened_with_a_reason(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", "10")], ACTOR)
    value = DataValue.objects.get()
    change_status([value], "submit", ACTOR)
    change_status([value], "approve", Actor("supervisor"))
    with pytest.raises(ValueWriteError, match="duyệt"):
        record_values([put(tree["a"], "dvc.dossiers_total", "11")], ACTOR)
    with pytest.raises(InputError, match="lý do"):
        change_status([value], "reopen", Actor("supervisor"), reason="  ")
    change_status([value], "reopen", Actor("supervisor"), reason="số liệu cập nhật từ sổ")
    record_values([put(tree["a"], "dvc.dossiers_total", "11")], ACTOR, reason="cập nhật")
    actions = list(DataValue.objects.get().changes.values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "reopen", "update"]


def test_a_status_change_on_a_value_changed_since_it_was_read_is_refused(tree):
    """The reviewer's copy is older than the stored value: approving it would pass a number unseen."""
    from cds.values.services import ConflictError

    record_values([put(tree["a"], "dvc.dossiers_total", "10")], ACTOR)
    change_status(list(DataValue.objects.all()), "submit", ACTOR)
    seen = DataValue.objects.get()  # the reviewer opens the page
    record_values([put(tree["a"], "dvc.dossiers_total", "99")], ACTOR)  # back to draft, version + 1
    with pytest.raises(ConflictError, match="tải lại trang") as caught:
        change_status([seen], "approve", Actor("supervisor"))
    assert "trước khi duyệt" in caught.value.vi and "before you approve" in caught.value.en
    value = DataValue.objects.get()
    assert (value.raw, value.status) == ("99", Status.DRAFT)
    assert not value.changes.filter(action="approve").exists()


def test_a_stale_form_is_refused_instead_of_overwriting(tree):
    record_values([put(tree["a"], "dvc.dossiers_total", "10")], ACTOR)
    version = DataValue.objects.get().version
    record_values([put(tree["a"], "dvc.dossiers_total", "12", expected_version=version)], Actor("first"))
    with pytest.raises(ValueWriteError, match="«12»"):
        record_values([put(tree["a"], "dvc.dossiers_total", "15", expected_version=version)], Actor("second"))
    assert DataValue.objects.get().number == 12


def test_a_fraction_also_records_the_denominator_of_its_rate(tree):
    record_values([put(tree["a"], "dvc.services_with_online_dossiers", "17/18")], ACTOR)
    numbers = dict(DataValue.objects.values_list("indicator__code", "number"))
    assert numbers == {"dvc.services_with_online_dossiers": 17, "dvc.services_with_dossiers": 18}


def test_two_values_for_the_same_cell_in_one_batch_are_refused(tree):
    with pytest.raises(ValueWriteError, match="Trùng dòng: Xã An"):
        record_values(
            [put(tree["a"], "dvc.dossiers_total", "1"), put(tree["a"], "dvc.dossiers_total", "2")], ACTOR
        )


def test_the_values_checked_against_their_versions_stay_locked_until_the_write(
    tree, django_assert_max_num_queries
):
    """Two saves at the same moment must not both pass the version check: on PostgreSQL the
    stored rows are read FOR UPDATE inside the write's transaction; SQLite takes its write lock
    when the transaction begins (IMMEDIATE), so the second writer waits before it reads."""
    from django.db import connection

    record_values([put(tree["a"], "dvc.dossiers_total", "10")], ACTOR)
    with django_assert_max_num_queries(50) as captured:
        record_values([put(tree["a"], "dvc.dossiers_total", "11", expected_version=1)], ACTOR)
    reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and "values_datavalue" in q["sql"]
    ]
    if connection.features.has_select_for_update:
        assert reads and all("FOR UPDATE" in sql for sql in reads)
    else:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert DataValue.objects.get().version == 2


def test_a_conflict_names_the_time_in_viet_nam_not_utc(tree):
    import datetime as dt

    record_values([put(tree["a"], "dvc.dossiers_total", "10")], ACTOR)
    late_evening_utc = dt.datetime(2024, 3, 14, 20, 30, tzinfo=dt.UTC)  # 03:30 on the 15th in Hà Nội
    DataValue.objects.update(updated_at=late_evening_utc)
    with pytest.raises(ValueWriteError) as caught:
        record_values([put(tree["a"], "dvc.dossiers_total", "15", expected_version=0)], Actor("second"))
    error = caught.value.errors[0]
    assert "lúc 03:30 ngày 15/3/2024" in error.vi and "at 03:30 on 15/03/2024" in error.en
