"""Day-one operations as domain functions and commands: recall, completeness, lateness notices."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cds.accounts.models import Role, RoleAssignment
from cds.lib.errors import InputError
from cds.lib.periods import parse_period
from cds.notifications.models import Notification
from cds.units.testing import small_tree
from cds.values.models import DataValue, Status, ValueChange
from cds.values.reminders import notify_late
from cds.values.services import Actor, ValueInput, ValueWriteError, record_values
from cds.values.workflow import IncompleteReport, recall_report, report_completeness, submit_report

pytestmark = pytest.mark.django_db
Q3 = parse_period("2024Q3")


@pytest.fixture
def tree():
    return small_tree()


def officer_of(unit, name="xa.an"):
    user = get_user_model().objects.create_user(name, email=f"{name}@example.vn")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=unit)
    return user


def test_completeness_counts_only_the_typed_fields_of_the_units_data_set(tree):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", Q3, "10")], Actor("t"))
    done = report_completeness(tree["a"], Q3)
    codes = {d.code for d in done.required}
    assert "dvc.dossiers_total" in codes and "dvc.online_dossier_rate" not in codes  # a rate is computed
    assert all(d.fills("commune") for d in done.required)
    assert done.filled == 1 and len(done.missing) == len(done.required) - 1
    assert "chỉ tiêu khác" in done.names("vi") and "more" in done.names("en")
    assert report_completeness(tree["district"], Q3).required != done.required  # another level, another set


def test_refusing_an_incomplete_report_moves_nothing_and_names_the_gap_in_both_languages(tree):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", Q3, "10")], Actor("t"))
    with pytest.raises(ValueWriteError) as err:
        submit_report(tree["a"], Q3, Actor("t"), confirm_incomplete=False)
    (problem,) = [e for e in err.value.errors if isinstance(e, IncompleteReport)]
    assert "còn thiếu" in problem.vi and "missing" in problem.en
    assert DataValue.objects.get().status == Status.DRAFT


def test_recall_is_refused_when_nothing_is_submitted_and_kept_in_history_when_it_is(tree):
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", Q3, "10")], Actor("t"))
    with pytest.raises(InputError, match="rút lại"):
        recall_report(tree["a"], Q3, Actor("t"))
    submit_report(tree["a"], Q3, Actor("t"), confirm_incomplete=True)
    recall_report(tree["a"], Q3, Actor("t"), "sửa số hồ sơ")
    change = ValueChange.objects.get(action="recall")
    assert (change.old_status, change.new_status, change.reason) == ("submitted", "draft", "sửa số hồ sơ")


def test_lateness_is_notified_once_per_officer_unit_and_period_however_often_it_runs(tree):
    officer = officer_of(tree["a"])
    assert notify_late([tree["a"], tree["b"]], Q3) == 1  # Xã Bình has no officer to tell
    assert notify_late([tree["a"], tree["b"]], Q3) == 0
    note = Notification.objects.get(user=officer)
    assert note.kind == "late" and "quá hạn" in note.text_vi and note.emailed


def test_the_commands_recall_remind_and_notify_late(tree, capsys):
    officer = officer_of(tree["a"])
    record_values([ValueInput(tree["a"], "dvc.dossiers_total", Q3, "10")], Actor("t"))
    call_command("data", "submit", "--unit", "T99901", "--period", "2024Q3", "--incomplete", "confirm")
    call_command("data", "recall", "--unit", "T99901", "--period", "2024Q3", "--reason", "sửa")
    assert DataValue.objects.get().status == Status.DRAFT
    call_command("data", "remind", "--unit", "T999", "--period", "2024Q3")
    call_command("data", "notify-late", "--unit", "T999", "--period", "2024Q3")
    kinds = sorted(Notification.objects.filter(user=officer).values_list("kind", flat=True))
    assert kinds == ["late", "reminder"]
    assert "Đã nhắc 1 đơn vị" in capsys.readouterr().out


def test_the_missing_fields_name_the_core_of_the_data_set_first_then_the_folded_rest(tree):
    from cds.catalog.core import core
    from cds.catalog.services import get_catalog

    done = report_completeness(tree["a"], Q3)
    first = core(get_catalog(Q3.start), "commune")
    in_catalog_order = [d.code for d in done.required]
    last_core = max(i for i, c in enumerate(in_catalog_order) if c in first)
    # the catalog's own order names a folded field before a core one: the order is what is tested
    assert any(c not in first for c in in_catalog_order[:last_core])
    flags = [d.code in first for d in done.missing]
    assert flags == sorted(flags, reverse=True) and any(flags) and not all(flags)
    core_missing = [d.code for d in done.missing if d.code in first]
    assert core_missing == [c for c in in_catalog_order if c in first]  # catalog order within the core
    shown = done.names("vi")
    assert all(f"«{d.name_vi}»" in shown for d in done.missing[:8]) and done.missing[7].code in first
