"""Two people saving the same value at the same moment: one wins, the other gets a conflict.

Real threads, each with its own database connection, committing for real (a transactional
test). The first writer holds its transaction open after checking the version; the second
starts while it is open. Without a lock between the check and the write, the second would read
the old version (PostgreSQL reads committed data), pass the check and overwrite the first.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction

from cds.lib.periods import parse_period
from cds.units.testing import small_tree
from cds.values.models import DataValue, ValueChange
from cds.values.services import Actor, ValueInput, ValueWriteError, record_values

Q3 = parse_period("2023Q3")


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_simultaneous_saves_gets_a_conflict_not_a_lost_update(
    builtin_catalogs: None,
) -> None:
    unit = small_tree()["a"]
    record_values([ValueInput(unit, "dvc.dossiers_total", Q3, "10")], Actor("setup"))
    first_checked = threading.Event()
    outcome: dict[str, str] = {}

    def save(name: str, raw: str, hold: bool) -> None:
        try:
            with transaction.atomic():
                record_values(
                    [ValueInput(unit, "dvc.dossiers_total", Q3, raw, expected_version=1)], Actor(name)
                )
                if hold:  # the version is checked and written, the transaction not yet committed
                    first_checked.set()
                    time.sleep(0.5)
            outcome[name] = "saved"
        except ValueWriteError as err:
            outcome[name] = "conflict" if "sau khi bạn mở biểu mẫu" in str(err) else str(err)
        except OperationalError as err:  # SQLite's in-memory test database: shared-cache table lock
            outcome[name] = "locked" if "locked" in str(err) else str(err)
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("first", "11", True))
    first.start()
    assert first_checked.wait(10)
    second = threading.Thread(target=save, args=("second", "12", False))
    second.start()
    first.join(20)
    second.join(20)
    close_old_connections()

    # PostgreSQL: the second waits for the first's row lock, then sees version 2 → conflict. SQLite
    # serialises writers (a file database waits up to busy_timeout, then conflicts the same way;
    # the suite's in-memory database refuses the second writer at once as locked). Never both saved.
    expected_second = ("conflict",) if connection.vendor != "sqlite" else ("conflict", "locked")
    assert outcome["first"] == "saved"
    assert outcome["second"] in expected_second, outcome
    value = DataValue.objects.get()
    assert (value.raw, value.version) == ("11", 2)
    assert list(ValueChange.objects.order_by("pk").values_list("new_raw", flat=True)) == ["10", "11"]


@pytest.mark.django_db(transaction=True)
def test_a_value_changed_by_an_import_while_a_reviewer_approves_is_not_approved_unseen(
    builtin_catalogs: None, tmp_path, monkeypatch
) -> None:
    """The import plans and writes in one transaction holding the row; the approval, which read
    the submitted value before the import committed, must get a conflict — not approve the
    imported number nobody reviewed (nor overwrite the import's version)."""
    from cds.values import io as values_io
    from cds.values.io import import_values
    from cds.values.models import Status
    from cds.values.services import ConflictError, change_status

    unit = small_tree()["a"]
    record_values([ValueInput(unit, "dvc.dossiers_total", Q3, "10")], Actor("officer"))
    change_status(list(DataValue.objects.all()), "submit", Actor("officer"))
    path = tmp_path / "q3.csv"
    path.write_text(
        f"unit,period,indicator,value\n{unit.code},2023Q3,dvc.dossiers_total,99\n", encoding="utf-8"
    )
    planned = threading.Event()
    real_summarise = values_io.summarise

    def slow_summarise(*args, **kwargs):  # the rows are planned (and locked); hold the transaction
        planned.set()
        time.sleep(0.5)
        return real_summarise(*args, **kwargs)

    monkeypatch.setattr(values_io, "summarise", slow_summarise)
    outcome: dict[str, str] = {}

    def importer() -> None:
        try:
            report = import_values(path, Actor("import"))
            outcome["import"] = "saved" if report.ok and report.updated == 1 else str(report.errors)
        finally:
            connection.close()

    def reviewer() -> None:
        try:
            seen = list(DataValue.objects.all())  # read before the import commits
            change_status(seen, "approve", Actor("supervisor"))
            outcome["approve"] = "approved"
        except ConflictError:
            outcome["approve"] = "conflict"
        except OperationalError as err:  # SQLite's in-memory test database: shared-cache table lock
            outcome["approve"] = "locked" if "locked" in str(err) else str(err)
        finally:
            connection.close()

    first = threading.Thread(target=importer)
    first.start()
    assert planned.wait(10)
    second = threading.Thread(target=reviewer)
    second.start()
    first.join(20)
    second.join(20)
    close_old_connections()

    assert outcome["import"] == "saved", outcome
    expected = ("conflict",) if connection.vendor != "sqlite" else ("conflict", "locked")
    assert outcome["approve"] in expected, outcome
    value = DataValue.objects.get()
    assert (value.raw, value.status) == ("99", Status.DRAFT)  # changed, so to be submitted again


@pytest.mark.django_db(transaction=True)
def test_a_file_import_plans_outside_any_transaction_and_writes_in_one(
    builtin_catalogs: None, tmp_path, monkeypatch
) -> None:
    """Planning a large file inside the transaction held SQLite's write lock for all of it."""
    from cds.values import io as values_io
    from cds.values.io import import_values

    unit = small_tree()["a"]
    seen: dict[str, bool] = {}
    real_plan, real_apply = values_io.plan_values, values_io.apply_plans

    def plan(*args: Any, **kwargs: Any) -> Any:
        seen["plan"] = connection.in_atomic_block
        return real_plan(*args, **kwargs)

    def apply(*args: Any, **kwargs: Any) -> Any:
        seen["write"] = connection.in_atomic_block
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(values_io, "plan_values", plan)
    monkeypatch.setattr(values_io, "apply_plans", apply)
    path = tmp_path / "q3.csv"
    path.write_text(
        f"unit,period,indicator,value\n{unit.code},2023Q3,dvc.dossiers_total,9\n", encoding="utf-8"
    )
    assert import_values(path, Actor("import")).created == 1
    assert seen == {"plan": False, "write": True}


@pytest.mark.django_db(transaction=True)
def test_a_value_approved_between_the_plan_and_the_write_is_not_overwritten(
    builtin_catalogs: None, tmp_path, monkeypatch
) -> None:
    """The write re-checks the versions the plan saw; a change meanwhile sends the file back to
    planning, which then refuses to overwrite the approved value."""
    from cds.values import io as values_io
    from cds.values.io import import_values
    from cds.values.models import Status
    from cds.values.services import change_status

    unit = small_tree()["a"]
    record_values([ValueInput(unit, "dvc.dossiers_total", Q3, "10")], Actor("officer"))
    change_status(list(DataValue.objects.all()), "submit", Actor("officer"))
    real_plan = values_io.plan_values
    calls: list[int] = []

    def plan_then_approve(*args: Any, **kwargs: Any) -> Any:
        planned = real_plan(*args, **kwargs)
        if not calls:  # the supervisor approves «10» while the file is being checked
            change_status(list(DataValue.objects.all()), "approve", Actor("supervisor"))
        calls.append(1)
        return planned

    monkeypatch.setattr(values_io, "plan_values", plan_then_approve)
    path = tmp_path / "q3.csv"
    path.write_text(
        f"unit,period,indicator,value\n{unit.code},2023Q3,dvc.dossiers_total,99\n", encoding="utf-8"
    )
    report = import_values(path, Actor("import"))
    assert len(calls) == 2
    assert not report.ok and "đã được duyệt" in report.errors[0].vi
    value = DataValue.objects.get()
    assert (value.raw, value.status) == ("10", Status.APPROVED)
